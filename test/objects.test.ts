// Run-time checks of the objects pass's assumptions: an instance whose methods were compiled must
// be of exactly that class (a subclass may override them), and an untyped method call must name a
// method only one class of the module declares.
import { describe, expect, it } from "vitest";
import { compileForTest, importCode } from "./helpers/load.js";

const source = `import { grad } from "adc";
export class Scale {
  constructor(public k: number) {}
  apply(x: number): number { return this.k * x * x; }
  norm(x: number): number { return this.k * x; }
}
export class Twice extends Scale {
  apply(x: number): number { return 2 * this.k * x; }
}
export function f(s: Scale, x: number): number { return s.apply(x); }
export function g(s, x) { return s.norm(x) + s.k; }
export function h(s, x) { return s.apply(x); }
export const df = grad(f);
export const dg = grad(g);
`;

describe("objects at run time", async () => {
  const m = await importCode(compileForTest(source, "objects-runtime").code, "objects-runtime");

  it("an instance of the compiled class gets its gradient", () => {
    expect(m.df(new m.Scale(3), 2)).toEqual({ k: 4 });
  });

  it("a subclass that overrides the method is refused (ADC_R006), not differentiated with the wrong code", () => {
    expect(() => m.df(new m.Twice(3), 2)).toThrow(/ADC_R006: argument 0 of f is Twice, but its gradient was compiled for the methods of class Scale/);
  });

  it("a plain object standing in for a class instance is refused", () => {
    expect(() => m.df({ k: 3, apply: (x: number) => x }, 2)).toThrow(/ADC_R006: argument 0 of f is Object/);
  });

  it("an untyped object's class, inferred from the method it calls, is checked too", () => {
    expect(m.dg(new m.Scale(3), 2)).toEqual({ k: 3 });
    expect(() => m.dg(new m.Twice(3), 2)).toThrow(/ADC_R006/);
  });

  it("an untyped method call two classes declare is a compile error, not a guess", () => {
    expect(() => compileForTest(`${source}export const dh = grad(h);\n`, "objects-ambiguous")).toThrow(/ADC183: cannot tell which method \.apply\(\) is called here/);
  });

  it("arrays f writes into may not share storage with other array arguments or fields (ADC_R008)", async () => {
    const src = `import { grad } from "adc";
export function f(a: Float64Array, b: Float64Array): number {
  for (let i = 0; i < a.length; i++) a[i] = a[i] * b[i];
  let s = 0;
  for (let i = 0; i < b.length; i++) s += b[i];
  return s;
}
export function g(p: { a: Float64Array; b: Float64Array }): number { return f(p.a, p.b); }
export function r(a: Float64Array, b: Float64Array): number { return a[0] * b[1]; }
export const df = grad(f, [0, 1]);
export const dg = grad(g);
export const dr = grad(r, [0, 1]);
`;
    const m = await importCode(compileForTest(src, "objects-alias").code, "objects-alias");
    const w = new Float64Array([1, 2]);
    expect(() => m.df(w, w)).toThrow(/ADC_R008: a and b of f share storage, and f writes into a/);
    expect(() => m.dg({ a: w, b: w })).toThrow(/ADC_R008: p\.a and p\.b of g share storage/);
    expect(() => m.df(w.subarray(0, 1), w.subarray(1))).toThrow(/ADC_R008/);
    expect(m.df(new Float64Array([1, 2]), new Float64Array([3, 4]))).toEqual([new Float64Array([0, 0]), new Float64Array([1, 1])]);
    // reading the same array through two arguments is fine: one gradient per argument
    expect(m.dr(w, w)).toEqual([new Float64Array([2, 0]), new Float64Array([0, 1])]);
  });
});
