// The run-time checks of the objects pass (runtime/shapes.ts) when objects reach methods through
// local functions, IIFEs and callbacks: a subclass instance is refused (ADC_R006) and arrays that f
// writes into through a method may not be shared with another argument (ADC_R008).
import { describe, expect, it } from "vitest";
import { compileAndImport } from "./helpers/load.js";

const source = `import { grad } from "adc";
export class Acc {
  constructor(public w: Float64Array, public k: number) {}
  scale(): void { this.w.forEach((t, i) => { this.w[i] = t * this.k; }); }
  sum(): number { return this.w.reduce((s, t) => s + t, 0); }
}
export class Loud extends Acc {
  sum(): number { return 2 * super.sum(); }
}
export function f(a: Acc, v: { u: Float64Array }): number {
  const run = (q: Acc) => { q.scale(); return q.sum(); };
  return run(a) * v.u[0];
}
export function g(accs: Acc[]): number {
  return accs.map((q) => ((r: Acc) => r.sum())(q)).reduce((s, t) => s + t, 0);
}
export const df = grad(f, [0, 1]);
export const dg = grad(g);
`;

describe("run-time checks through local functions, IIFEs and callbacks", async () => {
  const m = await compileAndImport(source, "interplay-runtime");
  const f64 = (...v: number[]) => new Float64Array(v);

  it("an instance passed through a local function is differentiated with its class's methods", () => {
    const [ga, gv] = m.df(new m.Acc(f64(1, 2), 3), { u: f64(0.5) });
    expect(ga.k).toBeCloseTo((1 + 2) * 0.5, 12);
    expect(Array.from(ga.w)).toEqual([1.5, 1.5]);
    expect(Array.from(gv.u)).toEqual([9]);
  });

  it("a subclass overriding a method is refused (ADC_R006), through a local function and through an IIFE in a callback", () => {
    expect(() => m.df(new m.Loud(f64(1, 2), 3), { u: f64(0.5) })).toThrow(/ADC_R006/);
    expect(() => m.dg([new m.Acc(f64(1), 1), new m.Loud(f64(1), 1)])).toThrow(/ADC_R006/);
  });

  it("an array written through a method may not be another argument's array (ADC_R008)", () => {
    const shared = f64(1, 2);
    expect(() => m.df(new m.Acc(shared, 3), { u: shared })).toThrow(/ADC_R008/);
  });
});
