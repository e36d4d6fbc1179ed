// gradcheck: passes for correct gradients (adc's run-time grad) over every supported shape, fails
// for a wrong one given as options.gradient, never modifies the caller's arguments, is reproducible,
// and rejects an f that does not return a number.
import { describe, expect, it } from "vitest";
import { gradcheck } from "../index.js";

function scalar(x: number): number {
  return Math.sin(x) * x + Math.exp(0.3 * x);
}

function rosen(x: number[]): number {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) s += 100 * (x[i + 1] - x[i] * x[i]) ** 2 + (1 - x[i]) ** 2;
  return s;
}

function loss(w: Float64Array, x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const p = w[0] * x[i] + w[1];
    s += (p - y[i]) ** 2;
  }
  return s / x.length;
}

function softplusSum(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.log(1 + Math.exp(x[i])) * (i + 1);
  return s;
}

function matQuad(m: number[][], v: number[]): number {
  let s = 0;
  for (let i = 0; i < m.length; i++) {
    let r = 0;
    for (let j = 0; j < v.length; j++) r += m[i][j] * v[j];
    s += Math.tanh(r) * r;
  }
  return s;
}

/** Writes into its argument: the gradient is with respect to the values on entry. */
function scaleInPlace(x: Float64Array, k: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    x[i] = x[i] * k;
    s += x[i] * x[i];
  }
  return s;
}

const W = () => Float64Array.from([0.7, -0.2]);
const X = () => Float64Array.from([0.5, 1.5, -2, 3.25]);
const Y = () => Float64Array.from([1, 2.5, -1, 4]);

/** Hand-written gradient of loss w.r.t. w. */
function dloss(w: Float64Array, x: Float64Array, y: Float64Array): Float64Array {
  const g = new Float64Array(2);
  for (let i = 0; i < x.length; i++) {
    const r = w[0] * x[i] + w[1] - y[i];
    g[0] += (2 * r * x[i]) / x.length;
    g[1] += (2 * r) / x.length;
  }
  return g;
}

describe("gradcheck passes for correct gradients", () => {
  it("number", () => {
    const r = gradcheck(scalar, [0.8]);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(r.directions).toBe(8);
    expect(r.details).toHaveLength(8);
    expect(r.maxRelError).toBeLessThan(1e-5);
  });

  it("number[]", () => {
    const r = gradcheck(rosen, [[-1.2, 1, 0.5, 2]]);
    expect(r.ok, JSON.stringify(r)).toBe(true);
  });

  it("Float64Array, with data arguments left alone", () => {
    const r = gradcheck(loss, [W(), X(), Y()], 0);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(r.rtol).toBe(1e-5);
  });

  it("Float32Array, with the looser default tolerance", () => {
    const r = gradcheck(softplusSum, [Float32Array.from([0.3, -1.1, 2.2, 0])]);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(r.rtol).toBe(1e-3);
    expect(r.atol).toBe(1e-4);
  });

  it("number[][] and an argnum array (directions span both arguments)", () => {
    const m = [
      [0.5, -0.3, 1.2],
      [0.1, 0.8, -0.7],
    ];
    const v = [0.4, -1.1, 0.6];
    expect(gradcheck(matQuad, [m, v], 0).ok).toBe(true);
    const r = gradcheck(matQuad, [m, v], [0, 1]);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(gradcheck(loss, [W(), X(), Y()], [0, 2]).ok).toBe(true);
  });

  it("a gradient function given as options.gradient", () => {
    const r = gradcheck(loss, [W(), X(), Y()], 0, { gradient: dloss });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(gradcheck(loss, [W(), X(), Y()], 0, { gradient: dloss, directions: 3 }).details).toHaveLength(3);
  });
});

describe("gradcheck fails for a wrong gradient", () => {
  it("a sign error in one component", () => {
    const wrong = (w: Float64Array, x: Float64Array, y: Float64Array) => {
      const g = dloss(w, x, y);
      g[1] = -g[1];
      return g;
    };
    const r = gradcheck(loss, [W(), X(), Y()], 0, { gradient: wrong });
    expect(r.ok).toBe(false);
    expect(r.maxRelError).toBeGreaterThan(0.1);
    expect(r.details.some((d) => !d.ok)).toBe(true);
  });

  it("a gradient off by a factor, for a number[] and an argnum array", () => {
    const r = gradcheck(rosen, [[-1.2, 1, 0.5]], 0, { gradient: (x: number[]) => x.map((v) => 2 * v) });
    expect(r.ok).toBe(false);
    expect(r.maxRelError).toBeGreaterThan(0.1);
    const half = (w: Float64Array, x: Float64Array, y: Float64Array) => [dloss(w, x, y).map((v) => v / 2), new Float64Array(4)];
    const r2 = gradcheck(loss, [W(), X(), Y()], [0, 2], { gradient: half });
    expect(r2.ok).toBe(false);
  });

  it("a gradient of the wrong size is an error", () => {
    expect(() => gradcheck(loss, [W(), X(), Y()], 0, { gradient: () => new Float64Array(3) })).toThrow(/3 numbers for argument 0, which has 2/);
  });
});

describe("gradcheck leaves the arguments alone", () => {
  it("does not modify the caller's arguments even when f writes into them", () => {
    const x = Float64Array.from([1, -2, 0.5]);
    const r = gradcheck(scaleInPlace, [x, 3]);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(Array.from(x)).toEqual([1, -2, 0.5]);
    const nested = [
      [1, 2],
      [3, 4],
    ];
    const mutating = (m: number[][]) => {
      let s = 0;
      for (let i = 0; i < m.length; i++) for (let j = 0; j < m[i].length; j++) {
        m[i][j] = m[i][j] * m[i][j];
        s += m[i][j];
      }
      return s;
    };
    expect(gradcheck(mutating, [nested]).ok).toBe(true);
    expect(nested).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("every evaluation sees the original values, even with a user gradient that mutates", () => {
    const x = [0.5, 1.5];
    const seen: number[] = [];
    const f = (v: number[]) => {
      seen.push(v[0]);
      const s = v[0] * v[0] + v[1];
      v[0] = 1000;
      return s;
    };
    const df = (v: number[]) => {
      const g = [2 * v[0], 1];
      v[1] = -1000;
      return g;
    };
    const r = gradcheck(f, [x], 0, { gradient: df });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(x).toEqual([0.5, 1.5]);
    expect(seen.every((s) => Math.abs(s - 0.5) < 1e-3)).toBe(true);
  });
});

describe("gradcheck is reproducible", () => {
  it("gives the same result twice, and another seed other directions", () => {
    const args = () => [[-1.2, 1, 0.5, 2]];
    const a = gradcheck(rosen, args());
    const b = gradcheck(rosen, args());
    expect(b).toEqual(a);
    const c = gradcheck(rosen, args(), 0, { seed: 42 });
    expect(c.ok).toBe(true);
    expect(c.details[0].analytic).not.toBe(a.details[0].analytic);
    expect(gradcheck(rosen, args(), 0, { seed: 42 })).toEqual(c);
  });
});

describe("gradcheck errors", () => {
  it("f must return a number", () => {
    const notNumber = (x: number[]) => x.map((v) => v * 2);
    expect(() => gradcheck(notNumber as any, [[1, 2]], 0, { gradient: (x: number[]) => x })).toThrow(/must return a number, but returned an array/);
    const undef = ((x: number) => {
      x * 2;
    }) as any;
    expect(() => gradcheck(undef, [1], 0, { gradient: () => 2 })).toThrow(/must return a number, but returned undefined/);
  });

  it("argnum must index a differentiable argument", () => {
    expect(() => gradcheck(loss, [W(), X(), Y()], 3)).toThrow(/argnum 3/);
    expect(() => gradcheck((s: string) => s.length, ["abc"], 0, { gradient: () => 0 })).toThrow(/contains a string/);
  });
});
