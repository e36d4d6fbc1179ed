// grad and valueAndGrad from "adc" on functions that were not compiled ahead of time: compiled
// from their source on first use and cached; functions that read their surroundings are refused
// with a message pointing at adc build.
import { describe, expect, it } from "vitest";
import { AdcError, grad, valueAndGrad } from "../index.js";

describe("grad on uncompiled functions", () => {
  it("differentiates an arrow function", () => {
    const f = (x: number) => Math.sin(x) * x;
    expect(grad(f)(1.2)).toBeCloseTo(Math.cos(1.2) * 1.2 + Math.sin(1.2), 12);
  });

  it("differentiates a named recursive function declaration, keeping the argument's type", () => {
    function pw(x: Float64Array, n: number): number {
      if (n === 0) return 1;
      return x[0] * x[1] * pw(x, n - 1);
    }
    const g = grad(pw)(new Float64Array([2, 3]), 2);
    expect(g).toBeInstanceOf(Float64Array);
    // (x0 x1)^2: d/dx0 = 2 x0 x1^2 = 36, d/dx1 = 2 x0^2 x1 = 24
    expect(Array.from(g)).toEqual([36, 24]);
  });

  it("valueAndGrad with an argnum array returns one gradient per argument", () => {
    const f = (a: number[], b: number) => a[0] * a[1] * b;
    const [v, [ga, gb]] = valueAndGrad(f, [0, 1])([2, 3], 5);
    expect(v).toBe(30);
    expect(ga).toEqual([15, 10]);
    expect(gb).toBe(6);
  });

  it("differentiates an arrow with callbacks and a local closure", () => {
    const f = (xs: number[], w: number) => {
      const sq = (t: number) => t * t * w;
      return xs.map(sq).reduce((a, b) => a + b, 0);
    };
    const xs = [0.5, -1.5, 2];
    const [gx, gw] = grad(f, [0, 1])(xs, 0.7);
    // d/dxi = 2 xi w, d/dw = sum xi^2
    expect(gx).toHaveLength(3);
    xs.forEach((x, i) => expect(gx[i]).toBeCloseTo(2 * x * 0.7, 12));
    expect(gw).toBeCloseTo(xs.reduce((a, x) => a + x * x, 0), 12);
  });

  it("compiles once per function and argnum", () => {
    const f = (x: number) => x * x * x;
    expect(grad(f)).toBe(grad(f));
    expect(grad(f, 0)).not.toBe(valueAndGrad(f));
  });

  it("refuses a function that reads variables from its surroundings, and says what to do", () => {
    const k = 3;
    const f = (x: number) => x * k;
    expect(() => grad(f)).toThrow(/reads 'k' from its surroundings.*adc build/s);
  });

  it("reports unsupported code with the compile error", () => {
    const f = (x: number) => {
      try {
        return x * x;
      } catch {
        return 0;
      }
    };
    expect(() => grad(f)).toThrow(AdcError);
    expect(() => grad(f)).toThrow(/ADC101/);
  });

  it("rejects what is not a function", () => {
    expect(() => grad(3 as unknown as (x: number) => number)).toThrow(/expects a function/);
  });
});
