// Objects and classes across modules, mixed with callbacks, local closures and gradient rules: a
// class declared in ./model.ts used by a loss in ./loss.ts, imported helpers taking objects called
// inside callbacks, methods of imported classes taking objects. Each case is a virtual project
// (test/helpers/project.ts); main.ts re-exports the classes so that args are made with the very
// classes both the compiled and the uncompiled entry import. Checked against central differences.
import { describe, expect, it } from "vitest";
import { dedent } from "./corpus/case.js";
import { deepCopy, expectGradClose } from "./helpers/fd.js";
import { AdcError } from "../compiler/index.js";
import { checkProjectGradient, compileProject, importProject, type Files } from "./helpers/project.js";

interface Case {
  name: string;
  files: Files;
  args: (m: Record<string, any>) => any[];
  argnum?: number | number[];
}

const f64 = (...v: number[]) => new Float64Array(v);

function proj(name: string, main: string, others: Files, args: Case["args"], argnum?: number | number[]): Case {
  const an = argnum === undefined ? "" : `, ${JSON.stringify(argnum)}`;
  const files: Files = { "main.ts": `import { grad, valueAndGrad } from "adc";\n${dedent(main)}\n\nexport const df = grad(f${an});\nexport const vdf = valueAndGrad(f${an});\n` };
  for (const [k, v] of Object.entries(others)) files[k] = `${dedent(v)}\n`;
  return { name, files, args, argnum };
}

const MODEL = `
  export class Linear {
    constructor(public w: Float64Array, public b: number) {}
    forward(xs: Float64Array): number {
      return xs.reduce((s, x, i) => s + this.w[i] * x, this.b);
    }
  }
`;
// helpers of another module taking instances and objects, reading their fields (no methods)
const LOSS = `
  import { Linear } from "./model";
  export type Pt = { x: number; y: number };
  export function affine(l: Linear, x: number): number {
    const g = (t: number) => l.w[0] * t + l.b;
    return g(x);
  }
  export function mse(l: Linear, data: Pt[]): number {
    const err = ({ x, y }: Pt) => affine(l, x) - y;
    return data.reduce((s, d) => s + err(d) ** 2, 0) / data.length;
  }
`;
const lin = (m: Record<string, any>, w: number[], b: number) => new m.Linear(f64(...w), b);
const DATA = () => [{ x: 0.4, y: 0.3 }, { x: 1.1, y: -0.5 }, { x: -0.7, y: 0.2 }];

const CASES: Case[] = [
  proj("a class from ./model read field by field by the loss in ./loss, with a local closure, a destructured closure parameter and reduce", `
    import { mse, type Pt } from "./loss";
    import { Linear } from "./model";
    export { Linear } from "./model";
    export function f(l: Linear, data: Pt[]): number {
      return mse(l, data);
    }`, { "model.ts": MODEL, "loss.ts": LOSS }, (m) => [lin(m, [0.5], 0.1), DATA()], [0, 1]),
  proj("an imported helper taking an instance, called inside callbacks over an array of instances and in an IIFE", `
    import { affine } from "./loss";
    import { Linear } from "./model";
    export { Linear } from "./model";
    export function f(ls: Linear[], x: number): number {
      const ys = ls.map((l) => affine(l, x));
      return ys.reduce((s, y) => s + y * y, 0) + ((q: Linear) => affine(q, 2 * x))(ls[0]);
    }`, { "model.ts": MODEL, "loss.ts": LOSS }, (m) => [[lin(m, [0.5], 0.1), lin(m, [-0.3], 0.7)], 0.9], [0, 1]),
  proj("an imported helper taking an object passed through a local closure's object parameter", `
    import { affine } from "./loss";
    import { Linear } from "./model";
    export { Linear } from "./model";
    export function f(a: Linear, b: Linear, x: number): number {
      const both = (l: Linear, t: number) => affine(l, t) * l.b;
      return both(a, x) + both(b, x * x);
    }`, { "model.ts": MODEL, "loss.ts": LOSS }, (m) => [lin(m, [0.5], 0.1), lin(m, [-0.3], 0.7), 0.9], [0, 1, 2]),
  proj("a namespace import, and a rule declared in the imported module called with fields inside a callback", `
    import * as L from "./rules";
    export function f(p: { a: number; b: number; w: Float64Array }): number {
      return p.w.map((t) => L.hyp(p.a * t, p.b)).reduce((s, v) => s + v, 0);
    }`, { "rules.ts": `
      import { primitive } from "adc";
      export function hyp(a: number, b: number): number {
        return Math.sqrt(a * a + b * b);
      }
      primitive(hyp, (dy, y, a, b) => (dy * a) / y, (dy, y, a, b) => (dy * b) / y);
    ` }, () => [{ a: 0.7, b: -0.3, w: f64(0.5, -1, 2) }]),
];

describe("objects and classes across modules, with callbacks and closures", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const project = await importProject(c.files, c.name);
      const { compiled, reference } = project;
      const args = c.args(compiled);
      const g = checkProjectGradient(project, c.name, args, c.argnum ?? 0);
      const [value, g2] = compiled.vdf(...deepCopy(args));
      expect(value).toBe(reference.f(...deepCopy(args)));
      expectGradClose(g2, g, { rtol: 1e-12, atol: 1e-15 }, `${c.name}: valueAndGrad`);
    });
  }
});

describe("methods of a class declared in another module", () => {
  // adc flattens a method from its class's declaration, which it only reads in the module being
  // compiled: ADC252 where a method of an annotated imported class is called, in the file that calls it
  const cases: { name: string; main: string; others: Files; file: string; at: string }[] = [
    { name: "called in the entry", file: "main.ts", at: "l.forward", others: { "model.ts": MODEL }, main: `
      import { Linear } from "./model";
      export function f(l: Linear, xs: Float64Array): number {
        return l.forward(xs) * 2;
      }` },
    { name: "called in an imported helper", file: "loss.ts", at: "l.forward", others: { "model.ts": MODEL, "loss.ts": `
      import { Linear } from "./model";
      export function score(l: Linear, xs: Float64Array): number {
        return Math.sin(l.forward(xs));
      }` }, main: `
      import { score } from "./loss";
      export function f(l, xs: Float64Array): number {
        return score(l, xs);
      }` },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const p = proj(c.name, c.main, c.others, () => []);
      let err: unknown;
      try {
        compileProject(p.files);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AdcError);
      const e = err as AdcError;
      expect(e.code).toBe("ADC252");
      expect(e.message).toContain(c.file);
      expect(e.message).toMatch(/not a class declared in the module being compiled/);
      const line = p.files[c.file].split("\n").findIndex((l) => l.includes(c.at)) + 1;
      expect(e.message).toContain(`${c.file}:${line}:`);
    });
  }
});
