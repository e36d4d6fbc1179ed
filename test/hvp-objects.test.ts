// Second derivatives through objects, classes and factory closures (transform/higher/objects.ts):
// hvp(f, k) with argument k an object (nested, class instance, array of objects, tuple,
// destructured) against central differences of the compiled gradient along v; hessian(f, k) rows
// (depth-first order of the argument's own keys) against hvp along unit directions, symmetric;
// other object arguments held constant; an argument f writes into left as given; closures a
// factory returns; the structure check of v (ADC_R231); what stays rejected (ADC237, ADC232).
import { describe, expect, it } from "vitest";
import { AdcError } from "../compiler/index.js";
import { compileForTest, importCode } from "./helpers/load.js";
import { deepCopy, exactMismatches, flatten, unflatten, withLeaves } from "./helpers/fd.js";
import { mulberry32 } from "../gradcheck.js";
import { grad as gradRT, hessian as hessianRT, hvp as hvpRT } from "../index.js";

async function load(name: string, body: string): Promise<Record<string, any>> {
  const src = `import { grad, hvp, hessian } from "adc";\n${body}`;
  return importCode(compileForTest(src, `hvpobj-${name}`).code, `hvpobj-${name}`);
}

/** H·v from hv(...args, v) against (g(x + h v) - g(x - h v)) / 2h, g the compiled gradient in argument k; args left as given. */
function checkHvp(hv: (...a: any[]) => any, g: (...a: any[]) => any, args: any[], k: number, seed: number, what: string): any {
  const x = args[k];
  const xs = flatten(x);
  const r = mulberry32(seed);
  const v = unflatten(x, xs.map(() => 2 * r() - 1));
  const given = deepCopy(args);
  const got = hv(...given, deepCopy(v));
  expect(exactMismatches(given, args, "arguments after hvp"), what).toEqual([]);
  const vs = flatten(v);
  const at = (s: number) => {
    const a = deepCopy(args);
    a[k] = withLeaves(x, xs.map((xi, j) => xi + s * vs[j]));
    return flatten(g(...a));
  };
  const h = 1e-5;
  const [gp, gq] = [at(h), at(-h)];
  const ys = flatten(got);
  expect(ys.length, what).toBe(xs.length);
  ys.forEach((y, j) => {
    const fd = (gp[j] - gq[j]) / (2 * h);
    expect(Math.abs(y - fd), `${what}: (H·v)[${j}] ${y} vs ${fd}`).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(fd)));
  });
  return got;
}

/** hessian rows: shaped like the argument, symmetric, row r = hvp along the r-th unit direction. */
function checkHessian(H: (...a: any[]) => any, hv: (...a: any[]) => any, args: any[], k: number, what: string): number[][] {
  const rows = H(...deepCopy(args));
  const n = flatten(args[k]).length;
  expect(rows.length, what).toBe(n);
  const m = rows.map((row: any) => flatten(row));
  for (let i = 0; i < n; i++) {
    expect(Object.keys(rows[i]).sort(), what).toEqual(Object.keys(args[k]).sort()); // shaped like the argument
    const e = unflatten(args[k], Array.from({ length: n }, (_, j) => (j === i ? 1 : 0)));
    const hi = flatten(hv(...deepCopy(args), e));
    for (let j = 0; j < n; j++) {
      expect(Math.abs(m[i][j] - hi[j]), `${what}: row ${i} vs hvp(e_${i})`).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(hi[j])));
      expect(Math.abs(m[i][j] - m[j][i]), `${what}: H[${i}][${j}] vs H[${j}][${i}]`).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(m[i][j])));
    }
  }
  return m;
}

describe("hvp and hessian of object arguments", () => {
  it("nested objects: H·v and the rows against finite differences; fields without numbers are null", async () => {
    const m = await load("nested", `
interface P { a: number; w: number[]; inner: { b: number; tag: string } }
export function f(p: P): number {
  let t = p.a * p.a * p.inner.b;
  for (let i = 0; i < p.w.length; i++) t += Math.sin(p.w[i] * p.a) * p.inner.b;
  return t;
}
export const hf = hvp(f), H = hessian(f), g = grad(f);`);
    const args = [{ a: 0.7, w: [0.3, -1.2], inner: { b: 1.5, tag: "x" } }];
    const hv = checkHvp(m.hf, m.g, args, 0, 1, "nested");
    expect(hv.inner.tag).toBeNull();
    const H = checkHessian(m.H, m.hf, args, 0, "nested");
    // depth first in the argument's own keys: a, w[0], w[1], inner.b; d²f/da db = 2a + Σ w_i cos(w_i a)
    expect(H[0][3]).toBeCloseTo(1.4 + 0.3 * Math.cos(0.21) - 1.2 * Math.cos(-0.84), 12);
  });

  it("a class instance whose methods call methods", async () => {
    const m = await load("class", `
export class Quad {
  constructor(public a: number, public b: number, public c: Float64Array) {}
  at(x: number): number { return this.a * x * x * this.b + Math.exp(this.b * x) + this.c[0] * this.c[1] * x; }
  area(n: number): number { let s = 0; for (let i = 0; i < n; i++) s += this.at(i / n) / n; return s; }
}
export function f(q: Quad, n: number): number { return q.area(n) * q.a; }
export const hf = hvp(f), H = hessian(f), g = grad(f);`);
    const args = [new m.Quad(0.8, -0.4, Float64Array.from([0.5, 2])), 6];
    checkHvp(m.hf, m.g, args, 0, 2, "class");
    checkHessian(m.H, m.hf, args, 0, "class");
    expect(() => m.hf({ a: 1, b: 2, c: Float64Array.from([1, 1]) }, 3, { a: 1, b: 0, c: Float64Array.from([0, 0]) })).toThrow(/ADC_R006/);
  });

  it("an array of objects with map and reduce, and a tuple", async () => {
    const m = await load("arrobj", `
type Pt = { x: number; y: number };
export function f(ps: Pt[], s: [number, number]): number {
  const r = ps.map((p) => p.x * p.x * s[0] + Math.tanh(p.y * p.x) * s[1]);
  return r.reduce((acc, v) => acc + v * v, 0);
}
export const hf = hvp(f), H = hessian(f), g = grad(f);
export const hs = hvp(f, 1), Hs = hessian(f, 1), gs = grad(f, 1);`);
    const args = [[{ x: 0.3, y: -0.8 }, { x: 1.1, y: 0.4 }, { x: -0.5, y: 0.9 }], [0.7, 1.3]];
    const hv = checkHvp(m.hf, m.g, args, 0, 3, "array of objects");
    expect(Array.isArray(hv) && hv.length).toBe(3);
    checkHvp(m.hs, m.gs, args, 1, 4, "tuple");
    const rows = m.H(...deepCopy(args));
    expect(rows.length).toBe(6);
    const Hs = checkHessianArray(m.Hs, args, 1);
    expect(Hs.length).toBe(2);
  });

  it("destructured parameters; another object argument held constant", async () => {
    const m = await load("destructured", `
export function f({ a, b }: { a: number; b: number[] }, [u, v]: [number, number], cfg: { k: number; w: number[] }): number {
  return a * a * u * cfg.k + b[0] * b[1] * v * cfg.w[0] + Math.cos(a * b[1]) * u * v;
}
export const hf = hvp(f), g = grad(f), H = hessian(f);
export const h1 = hvp(f, 1), g1 = grad(f, 1);`);
    const args = [{ a: 0.4, b: [1.5, -0.6] }, [0.9, -1.1], { k: 2.5, w: [0.7] }];
    checkHvp(m.hf, m.g, args, 0, 5, "destructured object");
    checkHvp(m.h1, m.g1, args, 1, 6, "destructured tuple, others constant");
    checkHessian(m.H, m.hf, args, 0, "destructured object");
  });

  it("grad(grad(f)) in a number argument with object arguments beside it", async () => {
    const m = await load("nestedgrad", `
export function f(p: { a: number; w: number[] }, s: number): number { return p.a * Math.sin(s * p.w[0]) * s + s * s * s * p.w[1]; }
export const d2 = grad(grad(f, 1), 1), d3 = grad(grad(grad(f, 1), 1), 1);`);
    const p = { a: 0.8, w: [1.3, -0.5] };
    const s = 0.6;
    const c = p.w[0];
    // f = a s sin(c s) + w1 s³
    const d2 = p.a * (2 * c * Math.cos(c * s) - c * c * s * Math.sin(c * s)) + 6 * p.w[1] * s;
    const d3 = p.a * (-3 * c * c * Math.sin(c * s) - c * c * c * s * Math.cos(c * s)) + 6 * p.w[1];
    expect(m.d2(p, s)).toBeCloseTo(d2, 12);
    expect(m.d3(p, s)).toBeCloseTo(d3, 11);
  });

  it("an argument f writes into is left as given", async () => {
    const m = await load("mutates", `
export function f(p: { w: number[]; k: number }): number {
  for (let i = 0; i < p.w.length; i++) p.w[i] = p.w[i] * p.k;
  let s = 0;
  for (let i = 0; i < p.w.length; i++) s += p.w[i] * p.w[i] * p.w[i];
  return s;
}
export const hf = hvp(f), g = grad(f), H = hessian(f);`);
    const args = [{ w: [0.5, -1.5, 2], k: 1.3 }];
    checkHvp(m.hf, m.g, args, 0, 7, "writes into p.w");
    checkHessian(m.H, m.hf, args, 0, "writes into p.w");
  });

  it("closures a factory returns: hvp(makeLoss(d)), const L = makeLoss(d); hessian(L); jvp(grad(O)) of a closure of an object", async () => {
    const m = await load("factory", `
import { jvp } from "adc";
function makeLoss(d: number[], cfg: { s: number }) {
  return (x: number[]) => { let t = 0; for (let i = 0; i < x.length; i++) t += d[i] * Math.exp(x[i] * cfg.s) * x[i]; return t; };
}
function makeObj(c: number) {
  return (p: { a: number; b: number }) => c * p.a * p.a * p.b + Math.sin(p.b);
}
const data = [1, 2];
export const hv = hvp(makeLoss(data, { s: 0.5 }));
const L = makeLoss([3, -1], { s: 2 });
export const H = hessian(L), hl = hvp(L), gl = grad(L), gd = grad(makeLoss(data, { s: 0.5 })), jl = jvp(grad(L));
const O = makeObj(1.5);
export const ho = hvp(O), Ho = hessian(O), go = grad(O), jo = jvp(grad(O));`);
    const x = [0.3, -0.2];
    checkHvp(m.hv, m.gd, [x], 0, 8, "hvp(makeLoss(data))");
    // d²/dx_i² of d_i x e^{s x}: d_i s e^{s x}(2 + s x)
    const rows = m.H(x);
    [3, -1].forEach((d, i) => expect(rows[i][i]).toBeCloseTo(d * 2 * Math.exp(2 * x[i]) * (2 + 2 * x[i]), 12));
    expect(rows[0][1]).toBe(0);
    checkHvp(m.hl, m.gl, [x], 0, 9, "const L = makeLoss(d); hvp(L)");
    const [gx, dx] = m.jl([x], [[0.5, -2]]);
    expect(exactMismatches(gx, m.gl(x), "jvp(grad(L)) gradient")).toEqual([]);
    flatten(dx).forEach((y, j) => expect(y).toBeCloseTo(flatten(m.hl(x, [0.5, -2]))[j], 12));
    const p = { a: 0.4, b: -0.9 };
    checkHvp(m.ho, m.go, [p], 0, 10, "a closure of an object");
    checkHessian(m.Ho, m.ho, [p], 0, "a closure of an object");
    const dir = { a: 0.3, b: -1.1 };
    const [gj, dj] = m.jo([p], [dir]);
    expect(exactMismatches(gj, m.go(p), "jvp(grad(O)) gradient")).toEqual([]);
    expect(exactMismatches(dj, m.ho(p, dir), "jvp(grad(O)) vs hvp(O)")).toEqual([]);
  });

  it("jvp(grad(f)) with object arguments: [the gradient, its derivative along the tangents of every argument]", async () => {
    const m = await load("jvpgrad", `
import { jvp } from "adc";
type Pt = { x: number; y: number };
export function f(p: { a: number; w: number[]; pts: Pt[] }, s: number): number {
  let t = p.a * p.a * s;
  for (let i = 0; i < p.w.length; i++) t += Math.sin(p.w[i] * p.a * s);
  for (const q of p.pts) t += q.x * q.y * q.y * p.a;
  return t;
}
export const jg = jvp(grad(f)), jg1 = jvp(grad(f, 1)), hf = hvp(f), g = grad(f), g1 = grad(f, 1);`);
    const p = { a: 0.6, w: [0.3, -0.9], pts: [{ x: 1.2, y: -0.4 }, { x: 0.5, y: 0.8 }] };
    const s = 1.3;
    const v = { a: 0.2, w: [-0.5, 0.7], pts: [{ x: 0.1, y: 0.3 }, { x: -0.6, y: 0.4 }] };
    const [gr, d] = m.jg([p, s], [v, 0]);
    expect(exactMismatches(gr, m.g(p, s), "gradient")).toEqual([]);
    const hv = m.hf(p, s, v);
    flatten(d).forEach((y, j) => expect(y).toBeCloseTo(flatten(hv)[j], 12));
    // a tangent in every argument: against central differences of the compiled gradients
    const ts = -0.7;
    const h = 1e-5;
    const at = (e: number, g: (...a: any[]) => any) => flatten(g(withLeaves(p, flatten(p).map((x, j) => x + e * flatten(v)[j])), s + e * ts));
    for (const [jf, g] of [[m.jg, m.g], [m.jg1, m.g1]] as const) {
      const [, dd] = jf([p, s], [v, ts]);
      const [gp, gq] = [at(h, g), at(-h, g)];
      flatten(dd).forEach((y, j) => expect(Math.abs(y - (gp[j] - gq[j]) / (2 * h))).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(y))));
    }
    expect(() => m.jg([p, s], [{ a: 1 }, 0])).toThrow(/ADC_R205/);
  });

  it("at run time from the source (index.ts)", () => {
    function f(p: { a: number; w: number[] }, s: number): number {
      return p.a * p.a * p.w[0] * s + p.w[1] * Math.sin(p.w[0] * p.w[0]);
    }
    const args = [{ a: 0.9, w: [0.4, -1.7] }, 1.3];
    checkHvp(hvpRT(f), gradRT(f), args, 0, 11, "run time");
    checkHessian(hessianRT(f), hvpRT(f), args, 0, "run time");
  });

  it("a direction without the argument's structure is ADC_R231", async () => {
    const m = await load("direction", `
export function f(p: { a: number; w: number[] }): number { return p.a * p.w[0] * p.w[1]; }
export const hf = hvp(f);`);
    expect(() => m.hf({ a: 1, w: [1, 2] }, { a: 1, w: [1] })).toThrow(/ADC_R231/);
    expect(() => m.hf({ a: 1, w: [1, 2] }, { a: 1 })).toThrow(/ADC_R231/);
    expect(() => m.hf({ a: 1, w: [1, 2] }, 3)).toThrow(/ADC_R231/);
  });

  it("rejects nested grad in an object argument (ADC237)", () => {
    const code = (body: string) => {
      try {
        compileForTest(`import { grad, jvp } from "adc";\n${body}`, "hvpobj-errors");
      } catch (e) {
        expect(e).toBeInstanceOf(AdcError);
        return (e as AdcError).code;
      }
      return "none";
    };
    const o = `function o(p: { a: number; b: number }, s: number): number { return p.a * p.b * s; }\n`;
    expect(code(`${o}export const h = grad(grad(o, 1), 0);`)).toBe("ADC237");
    expect(code(`${o}export const h = grad(grad(o, 0), 1);`)).toBe("ADC232");
  });
});

/** hessian of an array-like argument (a tuple): n rows of n, symmetric. */
function checkHessianArray(H: (...a: any[]) => any, args: any[], k: number): number[][] {
  const m = H(...deepCopy(args)).map((r: any) => flatten(r));
  for (let i = 0; i < m.length; i++) for (let j = 0; j < m.length; j++) expect(Math.abs(m[i][j] - m[j][i])).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(m[i][j])));
  return m;
}
