// End-to-end tests of the `adc` command: the package is built with tsc once, then dist/cli/adc.js is
// run as a real process on modules written to a temporary directory under the repository (so that
// the compiled modules' `import ... from "adc/runtime"` resolves through the package's self-reference).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { SourceMap } from "node:module";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parse } from "@babel/parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = path.join(root, "dist", "cli", "adc.js");
let tmp = "";

function adc(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: tmp, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(rel: string, text: string): string {
  const file = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** Module specifiers of every static import/export-from in an ES module (which must parse as plain JS). */
function importsOf(code: string): string[] {
  const ast = parse(code, { sourceType: "module" }); // no typescript plugin: throws on any TS syntax
  return ast.program.body.flatMap((s) =>
    (s.type === "ImportDeclaration" || s.type === "ExportAllDeclaration" || s.type === "ExportNamedDeclaration") && s.source ? [s.source.value] : [],
  );
}

const LOSS = `import { grad, valueAndGrad } from "adc";

/** sum of cubes: gradient 3 x[i]^2 */
export function cubes(x: Float64Array): number {
  let s: number = 0;
  for (let i = 0; i < x.length; i++) {
    s += x[i] * x[i] * x[i];
  }
  return s;
}

/** d/dx = cos(x) y + 2 x, d/dy = sin(x) */
export function f(x: number, y: number): number {
  return Math.sin(x) * y + x * x;
}

export const dcubes = grad(cubes);
export const df = grad(f);
export const vgf = valueAndGrad(f, 1);
`;

const TRY_CATCH = `import { grad } from "adc";

function f(x: number): number {
  let y = x;
  try {
    y = x * x;
  } catch {
    y = 0;
  }
  return y;
}

export const df = grad(f);
`;

const NESTED = `import { grad } from "adc";

function f(x: number): number {
  function square(t: number): number {
    return t <= 1 ? t : square(t - 1);
  }
  return square(x);
}

export const df = grad(f);
`;

beforeAll(() => {
  fs.mkdirSync(path.join(root, "test", ".tmp"), { recursive: true });
  tmp = fs.mkdtempSync(path.join(root, "test", ".tmp", "cli-"));
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, encoding: "utf8" });
  // Type errors elsewhere in the tree still emit JavaScript; only a missing CLI is fatal here.
  if (r.status !== 0) console.warn(`tsc -p tsconfig.build.json exited with ${r.status}:\n${r.stdout}${r.stderr}`);
  if (!fs.existsSync(cli)) throw new Error(`the build did not produce ${cli}:\n${r.stdout}${r.stderr}`);
}, 120_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("adc CLI", { timeout: 30_000 }, () => {
  it("prints its version and help", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    const v = adc("--version");
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(pkg.version);
    const h = adc("--help");
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/Usage: adc/);
    expect(h.stdout).toMatch(/build/);
    const hb = adc("build", "--help");
    expect(hb.status).toBe(0);
    expect(hb.stdout).toMatch(/--out-dir/);
  });

  it("builds a module and its source map into --out-dir, and the gradient is right", async () => {
    write("src/loss.ts", LOSS);
    const r = adc("build", "src/loss.ts", "--out-dir", "out");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);

    const js = path.join(tmp, "out", "loss.js");
    const mapFile = path.join(tmp, "out", "loss.js.map");
    expect(fs.existsSync(js)).toBe(true);
    expect(fs.existsSync(mapFile)).toBe(true);

    const code = fs.readFileSync(js, "utf8");
    expect(importsOf(code)).toEqual(["adc/runtime"]);
    expect(code.trimEnd().split("\n").at(-1)).toBe("//# sourceMappingURL=loss.js.map");

    const map = JSON.parse(fs.readFileSync(mapFile, "utf8"));
    expect(map.version).toBe(3);
    expect(map.file).toBe("loss.js");
    expect(map.sources).toEqual(["../src/loss.ts"]);
    expect(typeof map.mappings).toBe("string");
    // the compiled `export function cubes` maps back to line 4 of the TypeScript source
    const generatedLine = code.split("\n").findIndex((l) => l.startsWith("export function cubes"));
    expect(generatedLine).toBeGreaterThanOrEqual(0);
    expect(new SourceMap(map).findEntry(generatedLine, 0)).toMatchObject({ originalSource: "../src/loss.ts", originalLine: 3 });

    const mod = await import(pathToFileURL(js).href);
    const x = new Float64Array([1, -2, 0.5, 3]);
    const g: Float64Array = mod.dcubes(x);
    expect(g).toBeInstanceOf(Float64Array);
    expect(g.length).toBe(x.length);
    x.forEach((xi, i) => expect(g[i]).toBeCloseTo(3 * xi * xi, 12));
    expect(mod.cubes(x)).toBeCloseTo(1 - 8 + 0.125 + 27, 12);

    for (const [a, b] of [[0.3, 2], [-1.7, 0.5], [2, -3]]) {
      expect(mod.df(a, b)).toBeCloseTo(Math.cos(a) * b + 2 * a, 12);
      const [value, dy] = mod.vgf(a, b);
      expect(value).toBeCloseTo(Math.sin(a) * b + a * a, 12);
      expect(dy).toBeCloseTo(Math.sin(a), 12);
    }
  });

  it("rewrites relative imports so that modules built together import each other", async () => {
    write("rel/util.ts", "export const SCALE: number = 3;\nexport const OFFSET: number = 1;\n");
    write("rel/main.ts", 'import { SCALE } from "./util";\nimport { OFFSET } from "./util.ts";\nexport { SCALE as scale } from "./util.js";\nexport const value: number = SCALE * 2 + OFFSET;\n');
    const r = adc("build", "rel/main.ts", "rel/util.ts", "-d", "rel-out");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const code = fs.readFileSync(path.join(tmp, "rel-out", "main.js"), "utf8");
    expect(importsOf(code)).toEqual(["./util.js", "./util.js", "./util.js"]);
    const mod = await import(pathToFileURL(path.join(tmp, "rel-out", "main.js")).href);
    expect(mod.value).toBe(7);
    expect(mod.scale).toBe(3);
  });

  it("follows relative imports: builds the modules differentiated code reaches, once, for several entries", async () => {
    write("proj/lib/vec.ts", 'import { sq } from "../util/sq.js";\nconst EPS = 1e-3;\nfunction soft(a: number): number { let r = sq(a); r = r + EPS; return Math.sqrt(r); }\nexport function norm(x: Float64Array): number {\n  let s = 0;\n  for (let i = 0; i < x.length; i++) s += soft(x[i]);\n  return s;\n}\n');
    write("proj/util/sq.ts", "export function sq(a: number): number { return a * a; }\nexport const N: number = 2;\n");
    write("proj/loss.ts", 'import { grad } from "adc";\nimport { norm } from "./lib/vec";\nimport * as u from "./util/sq";\nexport function f(x: Float64Array): number { return norm(x) * u.sq(x[0]) * u.N; }\nexport const df = grad(f);\n');
    write("proj/loss2.ts", 'import { grad } from "adc";\nimport { norm } from "./lib/vec.ts";\nexport function g(x: Float64Array): number { return norm(x) * 3; }\nexport const dg = grad(g);\n');
    const r = adc("build", "proj/loss.ts", "proj/loss2.ts", "-d", "proj-out");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = (rel: string) => path.join(tmp, "proj-out", rel);
    for (const f of ["loss.js", "loss2.js", "lib/vec.js", "util/sq.js"]) expect(fs.existsSync(out(f)), f).toBe(true);
    expect(fs.readdirSync(path.join(tmp, "proj-out")).sort()).toEqual(["lib", "loss.js", "loss.js.map", "loss2.js", "loss2.js.map", "util"]);
    const loss = fs.readFileSync(out("loss.js"), "utf8");
    expect(importsOf(loss).every((s) => s === "adc/runtime" || s.endsWith(".js"))).toBe(true);
    expect(JSON.parse(fs.readFileSync(out("lib/vec.js.map"), "utf8")).sources).toEqual(["../../proj/lib/vec.ts"]);
    // the built modules run, and the gradients match central differences of the built primal
    const m1 = await import(pathToFileURL(out("loss.js")).href);
    const m2 = await import(pathToFileURL(out("loss2.js")).href);
    const x = [0.5, -1.25, 2];
    for (const [fn, dfn] of [[m1.f, m1.df], [m2.g, m2.dg]]) {
      const g = dfn(Float64Array.from(x));
      expect(g).toBeInstanceOf(Float64Array);
      x.forEach((_, i) => {
        const h = 1e-6;
        const p = Float64Array.from(x);
        const q = Float64Array.from(x);
        p[i] += h;
        q[i] -= h;
        expect(g[i]).toBeCloseTo((fn(p) - fn(q)) / (2 * h), 6);
      });
    }
  });

  it("prints the module to stdout without --out-dir", () => {
    write("stdout/loss.ts", LOSS);
    const r = adc("build", "stdout/loss.ts");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/export function cubes\(x\)/);
    expect(importsOf(r.stdout)).toEqual(["adc/runtime"]);
    expect(r.stdout).not.toMatch(/sourceMappingURL/);
    expect(fs.readdirSync(path.join(tmp, "stdout"))).toEqual(["loss.ts"]);
  });

  it("reports a compile error with file, line:column, code and a code frame, and exits 1", () => {
    write("bad/trycatch.ts", TRY_CATCH);
    const r = adc("build", "bad/trycatch.ts", "-d", "bad-out");
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("bad/trycatch.ts:5:3: error ADC101:");
    expect(r.stderr).toMatch(/^> +5 \| +try \{$/m);
    expect(r.stderr).not.toMatch(/\n +at /); // a diagnostic, not a stack trace
    expect(fs.existsSync(path.join(tmp, "bad-out"))).toBe(false);
  });

  it("reports nested functions in differentiated code", () => {
    write("bad/nested.ts", NESTED);
    const r = adc("build", "bad/nested.ts");
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/bad\/nested\.ts:4:3: error ADC161:/);
    expect(r.stderr).toMatch(/^> +4 \| +function square/m);
  });

  it("fails clearly on a missing file and writes nothing", () => {
    write("ok/loss.ts", LOSS);
    const r = adc("build", "ok/loss.ts", "nope/missing.ts", "-d", "missing-out");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("nope/missing.ts");
    expect(r.stderr).toMatch(/not found/);
    expect(r.stderr).not.toMatch(/\n +at /);
    expect(fs.existsSync(path.join(tmp, "missing-out"))).toBe(false);
  });

  it("rejects a missing argument and an unknown command", () => {
    expect(adc("build").status).not.toBe(0);
    expect(adc("frobnicate").status).not.toBe(0);
  });
});
