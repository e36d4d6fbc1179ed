// Differentiating through helpers imported from the user's other modules (compiler/analyze/imports.ts).
// Each case is a small virtual project whose main.ts defines f and `df = grad(f, argnum)`: the
// gradient is checked against central differences of the uncompiled f (which imports the same,
// uncompiled modules), arguments must be left as f leaves them, and errors carry the right file.
import { describe, expect, it } from "vitest";
import { AdcError } from "../compiler/index.js";
import { dedent } from "./corpus/case.js";
import { deepCopy, expectGradClose, finiteDiff } from "./helpers/fd.js";
import { checkProjectGradient, compileProject, importProject, ROOT, type Files } from "./helpers/project.js";

interface ProjectCase {
  name: string;
  files: Files;
  args: () => any[];
  argnum?: number | number[];
}

/** main.ts = the import lines, then `code` (defining f), then df = grad(f, argnum). */
function proj(name: string, imports: string, code: string, others: Files, args: () => any[], argnum?: number | number[]): ProjectCase {
  const an = argnum === undefined ? "" : `, ${JSON.stringify(argnum)}`;
  const main = `import { grad } from "adc";\n${dedent(imports)}\n\n${dedent(code)}\n\nexport const df = grad(f${an});\n`;
  const files: Files = { "main.ts": main };
  for (const [k, v] of Object.entries(others)) files[k] = `${dedent(v)}\n`;
  return { name, files, args, argnum };
}

const MATH = `
  export const K = 3;
  const EPS = 1e-3;
  function soft(a: number): number {
    let r = a * a;
    r = r + EPS;
    return Math.sqrt(r);
  }
  export function sq(x: number): number {
    return x * x;
  }
  export function dot(a: Float64Array, b: Float64Array): number {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }
  export function softNorm(a: Float64Array): number {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += soft(a[i]);
    return s;
  }
`;

const v = (...xs: number[]) => Float64Array.from(xs);

const CASES: ProjectCase[] = [
  proj("named imports", `import { sq, dot } from "./math";`, `
    export function f(x: Float64Array, y: number): number {
      return dot(x, x) * sq(y) + sq(x[1]);
    }`, { "math.ts": MATH }, () => [v(0.5, -1.2, 2), 0.7], [0, 1]),
  proj("import with a .js extension", `import { dot } from "./math.js";`, `
    export function f(x: Float64Array): number {
      return dot(x, x);
    }`, { "math.ts": MATH }, () => [v(0.3, 1.1)]),
  proj("import with a .ts extension", `import { softNorm } from "./math.ts";`, `
    export function f(x: Float64Array): number {
      return softNorm(x) * 2;
    }`, { "math.ts": MATH }, () => [v(0.3, -1.1, 0.8)]),
  proj("namespace import: functions and a literal constant", `import * as m from "./math";`, `
    export function f(x: Float64Array, y: number): number {
      return m.sq(y) * m.K + m.softNorm(x);
    }`, { "math.ts": MATH }, () => [v(0.4, -0.9), 1.3], [0, 1]),
  proj("default imports: a named function, an anonymous function and an arrow", `
    import cube from "./cube";
    import anon from "./anon";
    import arrow from "./arrow";`, `
    export function f(x: number): number {
      return cube(x) + anon(x) * arrow(x);
    }`, {
      "cube.ts": `export default function cube(x: number): number { let c = x * x; return c * x; }`,
      "anon.ts": `export default function (x: number): number { let s = Math.sin(x); return s * s; }`,
      "arrow.ts": `const half = (x: number): number => x / 2;\nexport default half;`,
    }, () => [0.8]),
  proj("a default-exported arrow, and a default parameter reading a private constant", `
    import sq from "./a";
    import { h } from "./b";`, `
    export function f(x: number): number {
      return sq(x) + h(x) + h(x, x);
    }`, {
      "a.ts": `export default (x: number): number => x * x;`,
      "b.ts": `const K = 2;\nexport function h(x: number, k = K): number { let y = Math.sin(x) * k; return y; }`,
    }, () => [0.9]),
  proj("renamed import, and the entry's own function of the same name", `import { sq as square } from "./math";`, `
    function sq(x: number): number {
      return x * x * x;
    }
    export function f(x: number): number {
      return square(x) + sq(x);
    }`, { "math.ts": MATH }, () => [1.7]),
  proj("re-exports: export { } from, export * from, export { x as y }", `import { sq, dot, norm2 } from "./index";`, `
    export function f(x: Float64Array): number {
      return sq(dot(x, x)) + norm2(x);
    }`, {
      "index.ts": `export { sq } from "./math";\nexport * from "./vec";`,
      "vec.ts": `import { dot } from "./math";\nfunction n2(a: Float64Array): number { return dot(a, a); }\nexport { dot, n2 as norm2 };`,
      "math.ts": MATH,
    }, () => [v(0.5, 0.25, -0.4)]),
  proj("transitive: a helper in ./a calls a helper in ./b", `import { outer } from "./a";`, `
    export function f(x: number, y: number): number {
      return outer(x, y);
    }`, {
      "a.ts": `import { inner } from "./b";\nexport function outer(x: number, y: number): number { let t = inner(x) * y; t = t + inner(y); return t; }`,
      "b.ts": `export function inner(x: number): number { let e = Math.exp(x); return e / (1 + e); }`,
    }, () => [0.3, -0.6], [0, 1]),
  proj("a namespace import inside an imported module, and an imported class left alone", `import { g, Box } from "./a";`, `
    export function f(x: number): number {
      return g(x);
    }
    export function make(): Box {
      return new Box();
    }`, {
      "a.ts": `import * as b from "./b";\nexport class Box { v = 1; }\nexport function g(x: number): number { let y = b.inner(x) * b.C; return y + b.inner(2); }`,
      "b.ts": `export const C = 1.5;\nexport function inner(x: number): number { let t = Math.tanh(x); return t * x; }`,
    }, () => [0.7]),
  proj("helper with loops and array writes into an argument", `import { scaleInto, total } from "./ops";`, `
    export function f(x: Float64Array, c: number): number {
      const out = new Float64Array(x.length);
      scaleInto(out, x, c);
      scaleInto(x, out, c);
      return total(out) + total(x);
    }`, {
      "ops.ts": `
        export function scaleInto(out: Float64Array, x: Float64Array, c: number): void {
          for (let i = 0; i < x.length; i++) {
            out[i] = x[i] * c;
            if (out[i] > 1) out[i] = Math.sqrt(out[i]);
          }
        }
        export function total(a: Float64Array): number {
          let s = 0;
          for (const v of a) s += v * v;
          return s;
        }`,
    }, () => [v(0.2, 0.5, 0.9), 1.5], [0, 1]),
  proj("recursion across modules that import each other", `import { powA } from "./a";`, `
    export function f(x: number): number {
      return powA(x, 5);
    }`, {
      "a.ts": `import { powB } from "./b";\nexport function powA(x: number, n: number): number { if (n === 0) return 1; return x * powB(x, n - 1); }`,
      "b.ts": `import { powA } from "./a";\nexport function powB(x: number, n: number): number { if (n === 0) return 1; return Math.sin(x) * powA(x, n - 1); }`,
    }, () => [0.9]),
  proj("one imported helper called with different activity patterns", `import { mul } from "./m";`, `
    export function f(x: number, c: number): number {
      const k = c * 2;
      return mul(x, k) + mul(k, x) + mul(x, x) + mul(k, k);
    }`, {
      "m.ts": `export function mul(a: number, b: number): number { let p = a * b; p = p * Math.cos(a); return p; }`,
    }, () => [0.6, 1.1]),
  proj("name clashes: private helpers and constants of the same name in two modules and in main", `
    import * as a from "./a";
    import * as b from "./b";`, `
    const EPS = 100;
    function helper(x: number): number {
      return x + EPS;
    }
    export function f(x: number): number {
      return a.scale(x) * b.scale(x) + helper(x);
    }`, {
      "a.ts": `const EPS = 0.5;\nfunction helper(x: number): number { let y = x * EPS; return y; }\nexport function scale(x: number): number { let r = helper(x); r = r * r; return r; }`,
      "b.ts": `const EPS = 2;\nfunction helper(x: number): number { let y = Math.exp(x) * EPS; return y; }\nexport function scale(x: number): number { let r = helper(x); r = r + x; return r; }`,
    }, () => [0.4]),
  proj("inactive calls of imported and private helpers", `
    import * as a from "./a";
    import * as b from "./b";`, `
    const EPS = 100;
    function helper(x: number): number {
      return x / EPS;
    }
    export function f(x: number): number {
      return a.scale(x) * b.scale(2) + a.scale(3) + helper(x);
    }`, {
      "a.ts": `const EPS = 0.5;\nfunction helper(x: number): number { let y = x * EPS; return y; }\nexport function scale(x: number): number { let r = helper(x); r = r * helper(1.5); return r; }`,
      "b.ts": `const EPS = 2;\nexport function scale(x: number): number { let r = Math.exp(x) * EPS; r = r + x; return r; }`,
    }, () => [0.4]),
  proj("imported constants: a literal loop bound and an array read as data", `
    import { N, SCALE } from "./config";
    import { W } from "./weights";`, `
    export function f(x: Float64Array): number {
      let s = 0;
      for (let i = 0; i < N; i++) s += W[i] * x[i] * x[i] * SCALE;
      return s;
    }`, {
      "config.ts": `export const N = 3;\nexport const SCALE = -1.5;`,
      "weights.ts": `export const W = new Float64Array([0.5, 2, -1, 7]);`,
    }, () => [v(1.2, -0.3, 0.8, 5)]),
  proj("a local of an imported helper named like another module's export", `import { g } from "./a";\nimport { sq } from "./math";`, `
    export function f(x: number): number {
      return g(x) + sq(x);
    }`, {
      "a.ts": `import { sq as square } from "./math";\nexport function g(sq: number): number { let t = square(sq); t = t * sq; return t; }`,
      "math.ts": MATH,
    }, () => [1.3]),
];

describe("imported helpers", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const project = await importProject(c.files, c.name);
      const { compiled, reference } = project;
      const args = c.args();
      const g = checkProjectGradient(project, c.name, args, c.argnum ?? 0);
      // the primal is the uncompiled one: the same function objects as the imported originals
      expect(compiled.f(...deepCopy(args))).toBe(reference.f(...deepCopy(args)));
    });
  }

  it("grad of an imported function itself", async () => {
    const files: Files = {
      "main.ts": `import { grad } from "adc";\nimport { softNorm } from "./math";\nexport function f(x: Float64Array): number { return softNorm(x); }\nexport const df = grad(softNorm);\n`,
      "math.ts": dedent(MATH),
    };
    const { compiled, reference } = await importProject(files, "grad of import");
    const x = v(0.3, -2, 1);
    expectGradClose(compiled.df(x), finiteDiff(reference.f, [x]));
  });

  it("the generated code calls the originals, and copies only what is not exported", () => {
    const c = CASES.find((k) => k.name.startsWith("inactive calls"))!;
    const { code } = compileProject(c.files);
    expect(code).toMatch(/^import \{ scale as a_scale \} from "\.\/a";$/m);
    expect(code).toMatch(/^import \{ scale as b_scale \} from "\.\/b";$/m);
    // main's EPS and helper keep their names; a's private ones are copied under new names
    expect(code).toMatch(/^const a_EPS = 0\.5;$/m);
    expect(code).toMatch(/^function a_helper\(x\) \{$/m);
    expect(code).toMatch(/^const EPS = 100;$/m);
  });

  it("generated code snapshot: helpers imported by name, a private helper and constant copied", async () => {
    const files: Files = {
      "main.ts": `import { grad } from "adc";\nimport { softNorm, sq } from "./math";\n\nexport function f(x: Float64Array, y: number): number {\n  return softNorm(x) * sq(y) + sq(2);\n}\n\nexport const df = grad(f, [0, 1]);\n`,
      "math.ts": dedent(MATH),
    };
    const { code } = compileProject(files, "main.ts", { runtimeImport: "adc/runtime" });
    await expect(code).toMatchFileSnapshot("__snapshots__/imported_helper.js");
  });

  it("keeps the extension style of the import it follows", () => {
    const files: Files = {
      "main.ts": `import { grad } from "adc";\nimport { outer } from "./a.js";\nexport function f(x: number): number { return outer(x); }\nexport const df = grad(f);\n`,
      "a.ts": `import { inner } from "./b.js";\nexport function outer(x: number): number { let y = inner(x); return y * inner(2); }`,
      "b.ts": `export function inner(x: number): number { let y = x * x; return y; }`,
    };
    expect(compileProject(files).code).toMatch(/import \{ inner \} from "\.\/b\.js";/);
  });
});

/** The error compileProject raises, with its 1-based line and column. */
function errorOf(files: Files): AdcError {
  try {
    compileProject(files);
  } catch (e) {
    if (e instanceof AdcError) return e;
    throw e;
  }
  throw new Error("expected a compile error");
}

function at(source: string, needle: string): { line: number; column: number } {
  const offset = source.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} not in source`);
  const before = source.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

const main = (imports: string, body: string) => `import { grad } from "adc";\n${imports}\nexport function f(x: number): number {\n  ${body}\n}\nexport const df = grad(f);\n`;

describe("errors in imports", () => {
  const cases: { name: string; files: Files; code: string; file: string; needle: string }[] = [
    {
      name: "a module that does not exist",
      files: { "main.ts": main(`import { sq } from "./mathh";`, "return sq(x);") },
      code: "ADC170",
      file: "main.ts",
      needle: `"./mathh"`,
    },
    {
      name: "a name the module does not export",
      files: { "main.ts": main(`import { cube } from "./math";`, "return cube(x);"), "math.ts": dedent(MATH) },
      code: "ADC172",
      file: "main.ts",
      needle: `"./math"`,
    },
    {
      name: "a syntax error inside the imported module",
      files: { "main.ts": main(`import { sq } from "./bad";`, "return sq(x);"), "bad.ts": `export function sq(x: number): number {\n  return x * ;\n}\n` },
      code: "ADC001",
      file: "bad.ts",
      needle: `;\n}`,
    },
    {
      name: "an unsupported construct inside the imported helper",
      files: {
        "main.ts": main(`import { sq } from "./bad";`, "return sq(x);"),
        "bad.ts": `export function sq(x: number): number {\n  let y = 0;\n  try {\n    y = x * x;\n  } catch {}\n  return y;\n}\n`,
      },
      code: "ADC101",
      file: "bad.ts",
      needle: "try {",
    },
    {
      name: "an operation without a gradient rule inside an inlined imported helper",
      files: { "main.ts": main(`import { h } from "./b";`, "return h(x);"), "b.ts": `export function h(x: number): number {\n  return Math.frob(x) * 2;\n}\n` },
      code: "ADC121",
      file: "b.ts",
      needle: "Math.frob",
    },
    {
      name: "an unresolvable import inside a module reached transitively",
      files: {
        "main.ts": main(`import { outer } from "./a";`, "return outer(x);"),
        "a.ts": `import { inner } from "./missing";\nexport function outer(x: number): number { let y = inner(x); return y; }\n`,
      },
      code: "ADC170",
      file: "a.ts",
      needle: `"./missing"`,
    },
    {
      name: "a constant read from a module that does not exist",
      files: { "main.ts": main(`import { K } from "./konst";`, "return x * K;") },
      code: "ADC170",
      file: "main.ts",
      needle: `"./konst"`,
    },
    {
      name: "a namespace member of a module with a syntax error",
      files: { "main.ts": main(`import * as u from "./u";`, "return x * u.N;"), "u.ts": `export const M = ;\nexport const N = 2;\n` },
      code: "ADC001",
      file: "u.ts",
      needle: ";",
    },
    {
      name: "a private array constant read by an imported helper",
      files: {
        "main.ts": main(`import { weighted } from "./w";`, "return weighted(x);"),
        "w.ts": `const W = [1, 2];\nexport function weighted(x: number): number { let s = W[0] * x; s = s + W[1]; return s; }\n`,
      },
      code: "ADC171",
      file: "w.ts",
      needle: "W = [1, 2]",
    },
    // calls to package imports go through the run-time call tape (test/calls.test.ts)
    {
      name: "names re-exported in a cycle",
      files: {
        "main.ts": main(`import { sq } from "./a";`, "return sq(x);"),
        "a.ts": `export { sq } from "./b";\n`,
        "b.ts": `export { sq } from "./a";\n`,
      },
      code: "ADC172",
      file: "b.ts",
      needle: `"./a"`,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.code} in ${c.file}`, () => {
      const e = errorOf(c.files);
      expect(e.code).toBe(c.code);
      expect(e.filename).toBe(`${ROOT}/${c.file}`);
      const where = at(c.files[c.file], c.needle);
      expect({ line: e.line, column: e.column }).toEqual(where);
      expect(e.message).toContain(`${ROOT}/${c.file}:${where.line}:${where.column}`);
      // the frame shows the line of the file the error is in
      expect(e.frame).toContain(c.files[c.file].split("\n")[where.line - 1]);
    });
  }

  it("an import that fails but is never called by differentiated code is not an error", () => {
    const files: Files = { "main.ts": `import { grad } from "adc";\nimport { nope } from "./missing";\nexport function f(x: number): number { return x * x; }\nexport const g = nope;\nexport const df = grad(f);\n` };
    expect(() => compileProject(files)).not.toThrow();
  });
});
