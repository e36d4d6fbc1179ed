// Checks for the benchmark suite (bench/): the hand-written gradients against central finite
// differences of the plain objectives, the objectives against independent naive recomputations,
// the ADBench readers, and (on small inputs) the gradients adc compiles from the workload files
// against the hand-written ones. `npm run bench` repeats that last check at full size.
import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { compileAndImport } from "./helpers/load.js";

// The workload files call grad() from "adc" at module level; these tests only need the plain
// objectives, so grad is stubbed (and must never be called here).
vi.mock("adc", () => ({
  grad: () => () => {
    throw new Error("grad() is stubbed in test/bench-workloads.test.ts");
  },
}));

import { readGmm, readLstm, parseGmm, parseLstm, gmmPath, lstmPath, type GmmInstance, type LstmInstance } from "../bench/data.js";
import { rosenbrock } from "../bench/workloads/rosenbrock.js";
import { mathloop } from "../bench/workloads/mathloop.js";
import { gmmObjective, lgamma, logsumexp } from "../bench/workloads/gmm.js";
import { lstmObjective } from "../bench/workloads/lstm.js";
import { rosenbrockGradHand, rosenbrockHvpHand } from "../bench/handwritten/rosenbrock.js";
import { mathloopGradHand } from "../bench/handwritten/mathloop.js";
import { gmmGradHand } from "../bench/handwritten/gmm.js";
import { lstmGradHand } from "../bench/handwritten/lstm.js";

// ---------------------------------------------------------------------------------------------
// helpers

/** Deterministic pseudo-random numbers in [lo, hi) (mulberry32). */
function rng(seed: number): (lo?: number, hi?: number) => number {
  let a = seed >>> 0;
  return (lo = 0, hi = 1) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return lo + (hi - lo) * u;
  };
}

function randArray(n: number, seed: number, lo = -1, hi = 1): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = r(lo, hi);
  return out;
}

/**
 * Central finite differences (fourth-order stencil) of f with respect to every entry of x:
 * (f(x-2h) - 8 f(x-h) + 8 f(x+h) - f(x+2h)) / 12h, h = 1e-3 * max(1, |x_i|).
 */
function fdGrad(f: () => number, x: Float64Array): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const x0 = x[i];
    const h = 1e-3 * Math.max(1, Math.abs(x0));
    x[i] = x0 - 2 * h;
    const fm2 = f();
    x[i] = x0 - h;
    const fm1 = f();
    x[i] = x0 + h;
    const fp1 = f();
    x[i] = x0 + 2 * h;
    const fp2 = f();
    x[i] = x0;
    g[i] = (fm2 - 8 * fm1 + 8 * fp1 - fp2) / (12 * h);
  }
  return g;
}

/** Norm-wise relative error max_i |a_i - b_i| / max_i |b_i|. */
function relErr(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

function allFinite(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

const TOL = 1e-6;

// ---------------------------------------------------------------------------------------------
// naive reference implementations (written independently of bench/workloads)

/** log Gamma at a positive multiple of 1/2, exactly from Gamma(1) = 1, Gamma(1/2) = sqrt(pi). */
function lgammaHalfInteger(a: number): number {
  if (!(a > 0) || Math.round(2 * a) !== 2 * a) throw new Error("lgammaHalfInteger: " + a);
  let s = 0;
  let z = a;
  while (z > 1) {
    z -= 1;
    s += Math.log(z);
  }
  return z === 1 ? s : s + 0.5 * Math.log(Math.PI);
}

function gmmNaive(inst: GmmInstance): number {
  const { d, k, n, alphas, means, icf, x, gamma, m } = inst;
  const icfSize = (d * (d + 1)) / 2;
  const lse = (v: number[]): number => {
    const mx = Math.max(...v);
    return mx + Math.log(v.reduce((s, vi) => s + Math.exp(vi - mx), 0));
  };
  // explicit lower-triangular Q_k
  const Qs: number[][][] = [];
  for (let kk = 0; kk < k; kk++) {
    const row = icf.subarray(kk * icfSize, (kk + 1) * icfSize);
    const Q = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let j = 0; j < d; j++) Q[j][j] = Math.exp(row[j]);
    let t = d;
    for (let c = 0; c < d; c++) for (let r = c + 1; r < d; r++) Q[r][c] = row[t++];
    Qs.push(Q);
  }
  let sumLse = 0;
  for (let i = 0; i < n; i++) {
    const betas: number[] = [];
    for (let kk = 0; kk < k; kk++) {
      const Q = Qs[kk];
      let logdet = 0;
      for (let j = 0; j < d; j++) logdet += Math.log(Q[j][j]);
      let sq = 0;
      for (let r = 0; r < d; r++) {
        let zr = 0;
        for (let c = 0; c < d; c++) zr += Q[r][c] * (x[i * d + c] - means[kk * d + c]);
        sq += zr * zr;
      }
      betas.push(alphas[kk] + logdet - 0.5 * sq);
    }
    sumLse += lse(betas);
  }
  const ll = -((n * d) / 2) * Math.log(2 * Math.PI) + sumLse - n * lse(Array.from(alphas));
  const nn = d + m + 1;
  let lmg = ((d * (d - 1)) / 4) * Math.log(Math.PI);
  for (let j = 1; j <= d; j++) lmg += lgammaHalfInteger(nn / 2 + (1 - j) / 2);
  const C = nn * d * (Math.log(gamma) - 0.5 * Math.log(2)) - lmg;
  let P = 0;
  for (let kk = 0; kk < k; kk++) {
    const Q = Qs[kk];
    let frob = 0;
    let sumq = 0;
    for (let r = 0; r < d; r++) for (let c = 0; c <= r; c++) frob += Q[r][c] * Q[r][c];
    for (let j = 0; j < d; j++) sumq += Math.log(Q[j][j]);
    P += ((gamma * gamma) / 2) * frob - m * sumq;
  }
  P -= k * C;
  return ll + P;
}

function lstmNaive(inst: LstmInstance): number {
  const { l, c, b, mainParams: mp, extraParams: ep, state, sequence } = inst;
  const vec = (a: Float64Array, row: number, part = 0, rowLen = b): number[] => Array.from(a.subarray(row * rowLen + part * b, row * rowLen + (part + 1) * b));
  const mul = (p: number[], q: number[]) => p.map((pi, j) => pi * q[j]);
  const add = (p: number[], q: number[]) => p.map((pi, j) => pi + q[j]);
  const sig = (p: number[]) => p.map((z) => 1 / (1 + Math.exp(-z)));
  const tanh = (p: number[]) => p.map(Math.tanh);
  const inW = vec(ep, 0), outW = vec(ep, 1), outB = vec(ep, 2);
  const hs: number[][] = [], ss: number[][] = [];
  for (let i = 0; i < l; i++) {
    hs.push(vec(state, 2 * i));
    ss.push(vec(state, 2 * i + 1));
  }
  let total = 0;
  for (let t = 0; t <= c - 2; t++) {
    let v = mul(vec(sequence, t), inW);
    for (let i = 0; i < l; i++) {
      const W = (part: number) => vec(mp, 2 * i, part, 4 * b);
      const B = (part: number) => vec(mp, 2 * i + 1, part, 4 * b);
      const f = sig(add(mul(v, W(0)), B(0)));
      const ig = sig(add(mul(hs[i], W(1)), B(1)));
      const o = sig(add(mul(v, W(2)), B(2)));
      const g = tanh(add(mul(hs[i], W(3)), B(3)));
      ss[i] = add(mul(ss[i], f), mul(ig, g));
      hs[i] = mul(o, tanh(ss[i]));
      v = hs[i];
    }
    const y = add(mul(v, outW), outB);
    const lse = Math.log(y.reduce((s, yj) => s + Math.exp(yj), 0) + 2);
    const next = vec(sequence, t + 1);
    for (let j = 0; j < b; j++) total += next[j] * (y[j] - lse);
  }
  return -total / ((c - 1) * b);
}

function randomGmm(d: number, k: number, n: number, seed: number, gamma: number, m: number): GmmInstance {
  const icfSize = (d * (d + 1)) / 2;
  return {
    d, k, n, gamma, m,
    alphas: randArray(k, seed + 1),
    means: randArray(k * d, seed + 2),
    icf: randArray(k * icfSize, seed + 3, -0.5, 0.5),
    x: randArray(n * d, seed + 4, -1.5, 1.5),
  };
}

const gmmCall = (p: GmmInstance) => gmmObjective(p.alphas, p.means, p.icf, p.x, p.d, p.k, p.n, p.gamma, p.m);
const lstmCall = (p: LstmInstance) => lstmObjective(p.mainParams, p.extraParams, p.state, p.sequence, p.l, p.c, p.b);

// ---------------------------------------------------------------------------------------------

describe("ADBench readers", () => {
  it("parses the GMM files with the sizes their headers give", () => {
    for (const [d, k] of [[2, 5], [2, 10], [10, 5], [10, 25], [20, 10], [32, 10], [64, 10]]) {
      const g = parseGmm(gmmPath(d, k));
      expect([g.d, g.k, g.n]).toEqual([d, k, 1000]);
      expect(g.alphas.length).toBe(k);
      expect(g.means.length).toBe(k * d);
      expect(g.icf.length).toBe((k * d * (d + 1)) / 2);
      expect(g.x.length).toBe(1000 * d);
      expect([g.gamma, g.m]).toEqual([1, 0]);
      expect(allFinite(g.icf) && allFinite(g.x)).toBe(true);
    }
    const g = readGmm(2, 5, { nLimit: 7 });
    expect(g.n).toBe(7);
    expect(g.x.length).toBe(14);
    expect(g.alphas[0]).toBeCloseTo(-0.649014, 12);
  });

  it("parses the LSTM files with the sizes their headers give", () => {
    for (const [l, c] of [[2, 1024], [4, 1024]]) {
      const p = parseLstm(lstmPath(l, c));
      expect([p.l, p.c, p.b]).toEqual([l, c, 14]);
      expect(p.mainParams.length).toBe(8 * l * 14);
      expect(p.extraParams.length).toBe(3 * 14);
      expect(p.state.length).toBe(2 * l * 14);
      expect(p.sequence.length).toBe(c * 14);
      for (const bit of p.sequence) expect(bit === 0 || bit === 1).toBe(true);
    }
    const p = readLstm(2, 1024, { cLimit: 4 });
    expect(p.c).toBe(4);
    expect(p.sequence.length).toBe(4 * 14);
  });
});

describe("objectives against direct recomputation", () => {
  it("lgamma (Lanczos) matches known values", () => {
    expect(lgamma(1)).toBeCloseTo(0, 14);
    expect(lgamma(2)).toBeCloseTo(0, 14);
    expect(lgamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(lgamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(lgamma(3.5)).toBeCloseTo(lgammaHalfInteger(3.5), 13);
    expect(lgamma(50.5)).toBeCloseTo(lgammaHalfInteger(50.5), 11);
    expect(lgamma(0.1)).toBeCloseTo(2.252712651734206, 13); // reflection branch
  });

  it("logsumexp is stable", () => {
    expect(logsumexp(new Float64Array([1000, 1000]), 2)).toBeCloseTo(1000 + Math.log(2), 10);
    expect(logsumexp(new Float64Array([0, Math.log(3), 99]), 2)).toBeCloseTo(Math.log(4), 14);
  });

  it("rosenbrock", () => {
    expect(rosenbrock(new Float64Array(10).fill(1))).toBe(0);
    expect(rosenbrock(new Float64Array(10))).toBe(9);
    const x = randArray(50, 7, -2, 2);
    let s = 0;
    for (let i = 0; i + 1 < x.length; i++) s += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
    expect(rosenbrock(x)).toBeCloseTo(s, 9);
  });

  it("mathloop", () => {
    const x = randArray(50, 8, -2, 2);
    const s = Array.from(x).reduce((acc, v) => acc + Math.sin(v) * Math.exp(-v * v) + Math.log(1 + v * v) + Math.hypot(1, v) * Math.tanh(v), 0);
    expect(Math.abs(mathloop(x) - s)).toBeLessThan(1e-12 * Math.abs(s) + 1e-12);
  });

  it("GMM objective matches a naive implementation with explicit Q matrices", () => {
    const cases: GmmInstance[] = [
      readGmm(2, 5), // full N = 1000
      readGmm(10, 5, { nLimit: 20 }),
      readGmm(32, 10, { nLimit: 3 }),
      randomGmm(3, 4, 6, 11, 1.3, 2),
      randomGmm(5, 3, 8, 12, 0.7, 5),
    ];
    for (const inst of cases) {
      const f = gmmCall(inst);
      const ref = gmmNaive(inst);
      expect(Number.isFinite(f)).toBe(true);
      expect(Math.abs(f - ref)).toBeLessThan(1e-10 * Math.max(1, Math.abs(ref)));
    }
  });

  it("LSTM objective matches a naive vector implementation, and leaves the state alone", () => {
    for (const inst of [readLstm(2, 1024, { cLimit: 6 }), readLstm(4, 1024, { cLimit: 5 }), readLstm(2, 1024)]) {
      const state0 = inst.state.slice();
      const f = lstmCall(inst);
      expect(Number.isFinite(f)).toBe(true);
      expect(Math.abs(f - lstmNaive(inst))).toBeLessThan(1e-12 * Math.max(1, Math.abs(f)));
      expect(inst.state).toEqual(state0);
      expect(lstmCall(inst)).toBe(f); // a second call starts from the same state
    }
  });
});

describe("hand-written gradients against central finite differences", () => {
  it("rosenbrock", () => {
    const x = randArray(30, 1, -2, 2);
    const g = rosenbrockGradHand(x);
    expect(relErr(g, fdGrad(() => rosenbrock(x), x))).toBeLessThan(TOL);
  });

  it("mathloop", () => {
    const x = randArray(30, 2, -3, 3);
    const g = mathloopGradHand(x);
    expect(relErr(g, fdGrad(() => mathloop(x), x))).toBeLessThan(TOL);
  });

  const gmmCases: [string, () => GmmInstance][] = [
    ["d=2 K=5 from the file, N=10", () => readGmm(2, 5, { nLimit: 10 })],
    ["d=10 K=5 from the file, N=4", () => readGmm(10, 5, { nLimit: 4 })],
    ["random d=4 K=3 N=7, gamma=1.3, m=2", () => randomGmm(4, 3, 7, 21, 1.3, 2)],
  ];
  for (const [name, make] of gmmCases) {
    it(`GMM ${name}`, () => {
      const p = make();
      const [ga, gm, gi] = gmmGradHand(p.alphas, p.means, p.icf, p.x, p.d, p.k, p.n, p.gamma, p.m);
      const f = () => gmmCall(p);
      expect(relErr(ga, fdGrad(f, p.alphas))).toBeLessThan(TOL);
      expect(relErr(gm, fdGrad(f, p.means))).toBeLessThan(TOL);
      expect(relErr(gi, fdGrad(f, p.icf))).toBeLessThan(TOL);
    });
  }

  const lstmCases: [string, () => LstmInstance][] = [
    ["l=2, c=4", () => readLstm(2, 1024, { cLimit: 4 })],
    ["l=4, c=3", () => readLstm(4, 1024, { cLimit: 3 })],
  ];
  for (const [name, make] of lstmCases) {
    it(`LSTM ${name}`, () => {
      const p = make();
      const state0 = p.state.slice();
      const [gMain, gExtra] = lstmGradHand(p.mainParams, p.extraParams, p.state, p.sequence, p.l, p.c, p.b);
      expect(p.state).toEqual(state0);
      const f = () => lstmCall(p);
      expect(relErr(gMain, fdGrad(f, p.mainParams))).toBeLessThan(TOL);
      expect(relErr(gExtra, fdGrad(f, p.extraParams))).toBeLessThan(TOL);
    });
  }
});

describe("adc-compiled workload gradients against the hand-written ones", () => {
  const load = (name: string) => compileAndImport(readFileSync(new URL(`../bench/workloads/${name}.ts`, import.meta.url), "utf8"), `bench-${name}`);
  const same = (a: Float64Array, b: Float64Array) => {
    expect(a).toBeInstanceOf(Float64Array);
    expect(relErr(a, b)).toBeLessThan(1e-10);
  };

  it("rosenbrock and mathloop", async () => {
    const { rosenbrockGrad } = await load("rosenbrock");
    const { mathloopGrad } = await load("mathloop");
    const x = randArray(40, 31, -2, 2);
    same(rosenbrockGrad(x), rosenbrockGradHand(x));
    same(mathloopGrad(x), mathloopGradHand(x));
  });

  it("Rosenbrock's Hessian-vector product (hvp.ts) against the hand-written one", async () => {
    const { rosenGrad, rosenHvp } = await load("hvp");
    const x = randArray(40, 33, -2, 2);
    const v = randArray(40, 34, -1, 1);
    same(rosenGrad(x), rosenbrockGradHand(x));
    same(rosenHvp(x, v), rosenbrockHvpHand(x, v));
  });

  it("GMM", async () => {
    const { gmmGrad } = await load("gmm");
    for (const p of [readGmm(10, 5, { nLimit: 20 }), randomGmm(4, 3, 7, 41, 1.3, 2)]) {
      const args = [p.alphas, p.means, p.icf, p.x, p.d, p.k, p.n, p.gamma, p.m] as const;
      const g = gmmGrad(...args);
      const h = gmmGradHand(...args);
      expect(g).toHaveLength(3);
      for (let i = 0; i < 3; i++) same(g[i], h[i]);
    }
  });

  it("LSTM", async () => {
    const { lstmGrad } = await load("lstm");
    const p = readLstm(2, 1024, { cLimit: 20 });
    const state0 = p.state.slice();
    const args = [p.mainParams, p.extraParams, p.state, p.sequence, p.l, p.c, p.b] as const;
    const g = lstmGrad(...args);
    const h = lstmGradHand(...args);
    expect(p.state).toEqual(state0);
    expect(g).toHaveLength(2);
    for (let i = 0; i < 2; i++) same(g[i], h[i]);
  });
});
