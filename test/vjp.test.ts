// vjp and jacobian (issue 4) on the array-valued corpus (test/corpus/vector.ts): the pullback of a
// random cotangent against central differences of dot(ct, f(x)); the Jacobian in forward mode,
// reverse mode and the automatic choice against central differences of each output; arguments left
// as f leaves them; pullbacks repeatable after the caller changes its arrays; nothing left on the
// stacks between vjp and its pullback. Also the run-time driver's choice of sweeps, the run-time
// (uncompiled) entry points and the run-time errors.
import { describe, expect, it } from "vitest";
import { vectorCases } from "./corpus/vector.js";
import { vectorObjectCases } from "./corpus/vector-objects.js";
import { deepCopy, exactMismatches, expectGradClose, finiteDiff, flatten, hasFloat32, unflatten } from "./helpers/fd.js";
import { compileAndImport } from "./helpers/load.js";
import { mulberry32 } from "../gradcheck.js";
import { jacobian, vjp } from "../index.js";
import { jacobianOf, values, control, refs } from "../runtime/index.js";

const tops = () => [values.top, control.top, refs.top];
const tolFor = (args: unknown[]) => (args.some(hasFloat32) ? { rtol: 2e-3, atol: 2e-3 } : { rtol: 1e-5, atol: 1e-7 });

describe("vjp and jacobian of array-valued functions, against finite differences", () => {
  for (const c of [...vectorCases, ...vectorObjectCases]) {
    it(c.name, async () => {
      const ks = c.argnum as number[];
      const exports = ks.flatMap((k) => [`export const J${k} = jacobian(f, ${k});`, `export const J${k}f = jacobian(f, ${k}, "forward");`, `export const J${k}r = jacobian(f, ${k}, "reverse");`]);
      const m = await compileAndImport(`${c.source}export const vf = vjp(f);\n${exports.join("\n")}\n`, `vjp-${c.name}`);
      const ctx = `case ${c.name}\n${c.source}`;
      const byF = c.args(m);
      const expected = m.f(...byF);
      const args = c.args(m);
      const before = tops();
      const [value, pullback] = m.vf(...args);
      expect(tops(), `${ctx}\nstacks after vjp`).toEqual(before);
      expect(exactMismatches(value, expected, "value"), ctx).toEqual([]);
      expect(exactMismatches(args, byF, "arguments after vjp"), ctx).toEqual([]);
      // a random cotangent: the pullback is the gradient of dot(ct, f(x))
      const r = mulberry32(c.name.length * 31 + 7);
      const ct = unflatten(value, flatten(value).map(() => 2 * r() - 1));
      const ctCopy = deepCopy(ct);
      const dot = (...a: unknown[]) => flatten(m.f(...a)).reduce((s, v, i) => s + v * flatten(ct)[i], 0);
      const grads = pullback(ct);
      expect(tops(), `${ctx}\nstacks after the pullback`).toEqual(before);
      expect(exactMismatches(ct, ctCopy, "cotangent after the pullback"), ctx).toEqual([]);
      expect(grads.length, ctx).toBe(args.length);
      const fresh = c.args(m);
      for (const k of ks) expectGradClose(grads[k], finiteDiff(dot, fresh, k, hasFloat32(fresh[k]) ? 1e-3 : 1e-6), tolFor(fresh), `${ctx}\npullback, argument ${k}`);
      // the caller changes its arrays: the pullback still differentiates at the arguments as given
      for (const a of args) if (typeof a === "object") (a as number[]).fill?.(0.123 as never);
      expect(exactMismatches(pullback(ct), grads, "second pullback"), ctx).toEqual([]);
      for (const k of ks) {
        const rows = (fd: boolean) =>
          flatten(expected).map((_, i) => finiteDiff((...a: unknown[]) => flatten(m.f(...a))[i], c.args(m), k, hasFloat32(fresh[k]) ? 1e-3 : 1e-6));
        const want = rows(true);
        for (const mode of ["", "f", "r"]) {
          const a = c.args(m);
          const J = m[`J${k}${mode}`](...a);
          expect(exactMismatches(a, byF, `arguments after jacobian ${mode}`), ctx).toEqual([]);
          expect(J.length, ctx).toBe(want.length);
          J.forEach((row: unknown, i: number) => expectGradClose(row, want[i], tolFor(a), `${ctx}\njacobian(f, ${k}${mode ? `, ${mode}` : ""}) row ${i}`));
        }
      }
    });
  }
});

describe("vjp of a number-valued function with object parameters (through grad's flattening)", () => {
  it("a class instance and a plain object: ct times the gradient, at the arguments as given", async () => {
    const m = await compileAndImport(
      `import { vjp, grad } from "adc";
export class Lin {
  constructor(public w: number[], public b: number) {}
  at(x: number): number { return this.w[0] * x + this.w[1] * x * x + this.b; }
}
export function f(l: Lin, o: { k: number; tag: string }, xs: number[]): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) { xs[i] = l.at(xs[i]) * o.k; s += xs[i] * xs[i]; }
  return s;
}
export const vf = vjp(f);
export const gf = grad(f, [0, 1, 2]);
`,
      "vjp-objects",
    );
    const args = () => [new m.Lin([0.5, -0.25], 0.1), { k: 1.5, tag: "a" }, [0.3, -0.8]];
    const a = args();
    const [v, back] = m.vf(...a);
    const byF = args();
    expect(v).toBe(m.f(...byF));
    expect(a[2]).toEqual(byF[2]);
    a[0].w[0] = 99; // the caller changes its objects: the pullback still uses them as given
    const g = back(-2);
    const want = m.gf(...args());
    expect(g[0]).toEqual({ w: want[0].w.map((d: number) => -2 * d), b: -2 * want[0].b });
    expect(g[1]).toEqual({ k: -2 * want[1].k, tag: null });
    expect(g[2]).toEqual(want[2].map((d: number) => -2 * d));
    expect(() => back([1])).toThrow(/ADC_R260/);
  });
});

describe("vjp with the same array in two arguments", () => {
  it("is refused when f writes into one of them (the gradient would be split), as grad refuses it", async () => {
    const m = await compileAndImport(
      `import { vjp } from "adc";
export function f(a: number[], b: number[]): number[] {
  for (let i = 0; i < a.length; i++) a[i] = a[i] * b[i];
  return [a[0] + b[1], a[1]];
}
export function g(a: number[], b: number[]): number[] {
  return [a[0] * b[1], a[1] * b[0]];
}
export const vf = vjp(f);
export const vg = vjp(g);
`,
      "vjp-alias",
    );
    const x = [0.5, 2];
    expect(() => m.vf(x, x)).toThrow(/ADC_R008/);
    expect(x).toEqual([0.5, 2]);
    // read only: each argument gets its own gradient, as if they were two arrays
    const [v, back] = m.vg(x, x);
    expect(v).toEqual([1, 1]);
    expect(back([1, 0])).toEqual([[2, 0], [0, 0.5]]);
  });
});

describe("the Jacobian driver (runtime/jacobian.ts)", () => {
  // f(x) = A x for A of shape m × n, with counting hand-written vjp and jvp
  const linear = (A: number[][]) => {
    const calls = { vjp: 0, pullback: 0, jvp: 0 };
    const f = (x: number[]) => A.map((row) => row.reduce((s, a, j) => s + a * x[j], 0));
    const vjpFn = (x: number[]) => {
      calls.vjp++;
      return [f(x), (ct: number[]) => (calls.pullback++, [A[0].map((_, j) => A.reduce((s, row, i) => s + row[j] * ct[i], 0))])] as [any, any];
    };
    const jvpFn = (p: any[], t: any[]) => (calls.jvp++, [f(p[0]), f(t[0])] as [any, any]);
    return { calls, J: (mode?: "forward" | "reverse") => jacobianOf(vjpFn, jvpFn, 0, "f", mode) };
  };
  const tall = [[1, 2], [3, 4], [5, 6]]; // m = 3 > n = 2
  const wide = [[1, 2, 3, 4], [5, 6, 7, 8]]; // m = 2 < n = 4

  it("n <= m: n forward sweeps; n > m: m pullbacks; both give the same rows", () => {
    const t = linear(tall);
    expect(t.J()([0.5, -1])).toEqual(tall);
    expect(t.calls).toEqual({ vjp: 1, pullback: 0, jvp: 2 });
    const w = linear(wide);
    expect(w.J()([1, 2, 3, 4])).toEqual(wide);
    expect(w.calls).toEqual({ vjp: 1, pullback: 2, jvp: 0 });
    const fr = linear(tall);
    expect(fr.J("reverse")([0.5, -1])).toEqual(tall);
    expect(fr.calls.pullback).toBe(3);
    const wf = linear(wide);
    expect(wf.J("forward")([1, 2, 3, 4])).toEqual(wide);
    expect(wf.calls.jvp).toBe(4);
  });

  it("rejects an unknown mode and a bad argnum", () => {
    expect(() => jacobianOf(() => [0, () => []], () => [0, 0], 0, "f", "sideways" as never)).toThrow(/ADC_R263/);
    expect(() => jacobianOf(() => [0, () => []], () => [0, 0], -1, "f")).toThrow(/ADC_R263/);
  });
});

describe("vjp and jacobian at run time (compiled from the source)", () => {
  function spiral(t: number): Float64Array {
    const out = new Float64Array(3);
    out[0] = Math.cos(t) * t;
    out[1] = Math.sin(t) * t;
    out[2] = t * t;
    return out;
  }
  function norms(x: Float32Array | number[]): number[] {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i] * x[i];
    return [Math.sqrt(s), s];
  }
  function energy(x: number[], k: number): number {
    let e = 0;
    for (let i = 0; i < x.length; i++) e += k * x[i] * x[i];
    return e;
  }

  it("a number argument, m = 3 outputs: rows are numbers", () => {
    const J = jacobian(spiral)(0.7);
    const fd = [0, 1, 2].map((i) => (spiral(0.7 + 1e-6)[i] - spiral(0.7 - 1e-6)[i]) / 2e-6);
    J.forEach((d: number, i: number) => expect(Math.abs(d - fd[i])).toBeLessThan(1e-7));
    expect(jacobian(spiral, 0, "reverse")(0.7)).toEqual(J.map((d: number) => expect.closeTo(d, 12)));
  });

  it("n > m with a number[] argument, and a typed array argument keeps its type in the rows", () => {
    const x = [0.3, -1.2, 2, 0.5];
    const J = jacobian(norms)(x);
    const n = Math.hypot(...x);
    J[0].forEach((d: number, j: number) => expect(d).toBeCloseTo(x[j] / n, 12));
    J[1].forEach((d: number, j: number) => expect(d).toBeCloseTo(2 * x[j], 12));
    const xf = new Float32Array([0.5, 0.25]);
    const Jf = jacobian(norms, 0, "forward")(xf);
    expect(Jf[1]).toBeInstanceOf(Float32Array);
    expect(Array.from(Jf[1] as Float32Array)).toEqual([1, 0.5]);
  });

  it("a number-valued f: jacobian is the gradient, vjp's pullback scales it", () => {
    const x = [1, 2];
    expect(jacobian(energy)(x, 3)).toEqual([6, 12]);
    expect(jacobian(energy, 1, "forward")(x, 3)).toEqual(5);
    const [v, back] = vjp(energy, x, 3);
    expect(v).toBe(15);
    expect(back(2)).toEqual([[12, 24], 10]);
  });

  it("a bad cotangent is a clear error, and leaves the stacks as they were", () => {
    const [, back] = vjp(spiral, 0.3);
    const before = tops();
    expect(() => back([1, 2])).toThrow(/ADC_R260: vjp\(spiral\): the cotangent must have the shape of spiral's value: it has length 3 but its cotangent 2/);
    expect(() => back(1)).toThrow(/ADC_R260/);
    const [, back2] = vjp(energy, [1], 2);
    expect(() => back2([1])).toThrow(/ADC_R260/);
    expect(tops()).toEqual(before);
    expect(back([0, 0, 1])).toEqual([expect.closeTo(0.6, 12)]);
  });

  it("a value that is not a number or a flat array of numbers is a run-time error of the pullback and of jacobian", async () => {
    const m = await compileAndImport(
      `import { jacobian, vjp } from "adc";
export function f(x: number): number {
  if (x < 0) return undefined as unknown as number;
  return x * x;
}
export function g(x: number): number[] {
  const out: number[] = new Array(3);
  out[0] = x;
  return out;
}
export const J = jacobian(f);
export const V = vjp(f);
export const Jg = jacobian(g);
`,
      "vjp-runtime-errors",
    );
    expect(m.J(3)).toBe(6);
    expect(() => m.J(-1)).toThrow(/ADC_R262: jacobian\(f\): f returned undefined/);
    expect(() => m.V(-1)[1](1)).toThrow(/ADC_R261: vjp\(f\): f returned undefined/);
    expect(() => m.J("a")).toThrow(/ADC_R262: jacobian\(f\): argument 0 is string/);
    expect(() => m.Jg(2)).toThrow(/ADC_R262: jacobian\(g\): g returned an array holding something other than numbers/);
  });
});
