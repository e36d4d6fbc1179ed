// Gradients of functions that call grad inside (a gradient-norm penalty, gradient-descent steps
// inside the objective as in meta-learning) and mixed partial derivatives grad(grad(f, k), j).
// The inner grad(h) is a tape call whose rule is an H·v product by forward over reverse
// (pipeline.ts innerGrad, transform/higher). Each case is checked against central differences of
// the compiled function itself (whose inner gradient is exact), and against closed forms where
// there are simple ones; arguments must come back as given.
import { describe, expect, it } from "vitest";
import { AdcError, compileModule } from "../compiler/index.js";
import { grad, jacobian, jvp, vjp } from "../index.js";
import { compileForTest, importCode } from "./helpers/load.js";
import { deepCopy, expectGradClose, finiteDiff } from "./helpers/fd.js";
import { HORNER, polyDeriv, scalarFunctions } from "./helpers/scalars.js";

async function load(name: string, body: string): Promise<Record<string, any>> {
  const src = `import { grad, hvp, hessian, valueAndGrad, jvp, jacobian, vjp } from "adc";\n${body}`;
  return importCode(compileForTest(src, `inner-${name}`).code, `inner-${name}`);
}

/** d(m[f])/d(argnum) at args, against central differences of m[f] (arguments deep-copied: f may write them). */
function checkAgainstFd(m: Record<string, any>, f: string, df: string, args: unknown[], argnum = 0, tol = 1e-5): void {
  const given = deepCopy(args);
  const g = m[df](...args);
  expect(args, "arguments come back as given").toEqual(given);
  const fd = finiteDiff((...a: unknown[]) => m[f](...deepCopy(a)), deepCopy(args), argnum);
  expectGradClose(g, fd, { rtol: tol, atol: tol }, `${df}`);
}

const PENALTY = `
function h(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i] * x[i] + Math.sin(x[i] * x[(i + 1) % x.length]);
  return s;
}
// the squared norm of the gradient
export function pen(x: number[]): number {
  const g = grad(h)(x);
  let s = 0;
  for (let i = 0; i < g.length; i++) s += g[i] * g[i];
  return s + h(x);
}
export const dpen = grad(pen);
// through a module constant holding the gradient
const gh = grad(h);
export function pen2(x: number[]): number {
  const g = gh(x);
  return g[0] * g[1] - g[2];
}
export const dpen2 = grad(pen2);
// called from a helper, twice, inside a loop
function norm2(x: number[]): number {
  const g = gh(x);
  let s = 0;
  for (const v of g) s += v * v;
  return s;
}
export function pen3(x: number[], n: number): number {
  let s = 0;
  for (let k = 0; k < n; k++) s += norm2(x) * (k + 1);
  return s;
}
export const dpen3 = grad(pen3);
`;

describe("grad of a function that calls grad inside", () => {
  it("a gradient-norm penalty matches the closed form and central differences", async () => {
    const m = await load("penalty", PENALTY);
    // h = sum x^3 without the sine term, by hand: pen = 9 sum x^4 + h; check with a separate closed form on a cubic
    const x = [0.3, -0.7, 1.1];
    checkAgainstFd(m, "pen", "dpen", [x]);
    checkAgainstFd(m, "pen2", "dpen2", [x]);
    checkAgainstFd(m, "pen3", "dpen3", [x, 3]);
  });

  it("the closed form: |grad(sum x^3)|^2 = 9 sum x^4 has gradient 36 x^3", async () => {
    const m = await load("closed", `
function c(x: number[]): number { let s = 0; for (let i = 0; i < x.length; i++) s += x[i] * x[i] * x[i]; return s; }
export function p(x: number[]): number { const g = grad(c)(x); let s = 0; for (let i = 0; i < g.length; i++) s += g[i] * g[i]; return s; }
export const dp = grad(p);
`);
    const x = [1, -2, 0.5, 3];
    const g = m.dp(x);
    x.forEach((v, i) => expect(g[i]).toBeCloseTo(36 * v ** 3, 10));
  });

  it("a number argument: d/da [a * s'(a)] with s = sin(x) x^2", async () => {
    const m = await load("scalar", `
function s(x: number): number { return Math.sin(x) * x * x; }
export function f(a: number): number { return a * grad(s)(a); }
export const df = grad(f);
`);
    const a = 0.8;
    const s1 = Math.cos(a) * a * a + 2 * a * Math.sin(a);
    const s2 = -Math.sin(a) * a * a + 4 * a * Math.cos(a) + 2 * Math.sin(a);
    expect(m.df(a)).toBeCloseTo(s1 + a * s2, 12);
  });

  it("meta-learning: three gradient-descent steps inside the objective, differentiated through", async () => {
    const m = await load("meta", `
function loss(w: number[], xs: number[], ys: number[]): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    const r = Math.tanh(w[0] * xs[i] + w[1]) - ys[i];
    s += r * r;
  }
  return s / xs.length;
}
const dloss = grad(loss);
// the loss after k steps of gradient descent from w, at learning rate lr
export function meta(w: number[], lr: number, xs: number[], ys: number[]): number {
  let v = w.slice();
  for (let k = 0; k < 3; k++) {
    const g = dloss(v, xs, ys);
    const next = [];
    for (let j = 0; j < v.length; j++) next.push(v[j] - lr * g[j]);
    v = next;
  }
  return loss(v, xs, ys);
}
export const dmeta = grad(meta);
export const dmetaLr = grad(meta, 1);
export const dmetaXs = grad(meta, 2);
// the same, updating v in place
export function metaInPlace(w: number[], lr: number, xs: number[], ys: number[]): number {
  const v = w.slice();
  for (let k = 0; k < 3; k++) {
    const g = dloss(v, xs, ys);
    for (let j = 0; j < v.length; j++) v[j] -= lr * g[j];
  }
  return loss(v, xs, ys);
}
export const dmetaInPlace = grad(metaInPlace);
// the same with map, as in the README
export function metaMap(w: number[], lr: number, xs: number[], ys: number[]): number {
  let v = w.slice();
  for (let k = 0; k < 3; k++) {
    const g = dloss(v, xs, ys);
    v = v.map((vj, j) => vj - lr * g[j]);
  }
  return loss(v, xs, ys);
}
export const dmetaMap = grad(metaMap);
`);
    const args = [[0.4, -0.2], 0.3, [0.1, 0.5, -0.3, 0.9], [0.2, 0.4, -0.1, 0.6]];
    checkAgainstFd(m, "meta", "dmeta", args, 0);
    checkAgainstFd(m, "meta", "dmetaLr", args, 1);
    checkAgainstFd(m, "meta", "dmetaXs", args, 2); // mixed partials of loss in (w, xs)
    checkAgainstFd(m, "metaInPlace", "dmetaInPlace", args, 0);
    expect(m.dmetaInPlace(...deepCopy(args))).toEqual(m.dmeta(...deepCopy(args)));
    checkAgainstFd(m, "metaMap", "dmetaMap", args, 0);
    expect(m.dmetaMap(...deepCopy(args))).toEqual(m.dmeta(...deepCopy(args)));
  });

  it("grad(h, 1) inside, differentiated with respect to either argument; only some arguments varied", async () => {
    const m = await load("argnum", `
function h(x: number[], y: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.exp(x[i] * y[i]) + x[i] * y[i] * y[i];
  return s;
}
export function q(x: number[], y: number[]): number {
  const gy = grad(h, 1)(x, y);
  let s = 0;
  for (let i = 0; i < gy.length; i++) s += gy[i] * gy[i] * (i + 1);
  return s;
}
export const dqx = grad(q, 0);
export const dqy = grad(q, 1);
export const dqxy = grad(q, [0, 1]);
// the data argument is not differentiated: its rule is skipped
export function r(x: number[], y: number[]): number {
  const c = y.slice();
  const gx = grad(h)(x, c);
  return gx[0] * gx[1];
}
export const drx = grad(r);
`);
    const args = [[0.2, -0.4, 0.6], [0.5, 0.3, -0.8]];
    checkAgainstFd(m, "q", "dqx", args, 0);
    checkAgainstFd(m, "q", "dqy", args, 1);
    const both = m.dqxy(...deepCopy(args));
    expect(both).toEqual([m.dqx(...deepCopy(args)), m.dqy(...deepCopy(args))]);
    checkAgainstFd(m, "r", "drx", args, 0);
  });

  it("an inner gradient the outer function writes into, and a branch on it", async () => {
    const m = await load("writes", `
function h(x: number[]): number { let s = 0; for (let i = 0; i < x.length; i++) s += Math.cos(x[i]) * x[i]; return s; }
export function f(x: number[]): number {
  const g = grad(h)(x);
  g[0] = g[0] * x[1];
  let s = 0;
  for (let i = 0; i < g.length; i++) s += g[i] > 0 ? g[i] * g[i] : -g[i];
  return s;
}
export const df = grad(f);
`);
    checkAgainstFd(m, "f", "df", [[0.4, 1.3, -2.1]]);
  });
});

describe("mixed partial derivatives grad(grad(f, k), j)", () => {
  const SRC = `
export function f(x: number, y: number): number { return Math.sin(x * y) + x * x * y * y * y; }
export const fxy = grad(grad(f, 0), 1);
export const fyx = grad(grad(f, 1), 0);
export const fxyx = grad(grad(grad(f, 0), 1), 0);
export function g(a: number, v: number[]): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += Math.exp(a * v[i]) * (i + 1);
  return s;
}
// d/dv of dg/da: an array
export const gav = grad(grad(g, 0), 1);
export const ga = grad(g, 0);
`;
  it("match the closed forms, are symmetric, and an array outer argument matches central differences", async () => {
    const m = await load("mixed", SRC);
    const [x, y] = [0.7, -1.3];
    const fxy = Math.cos(x * y) - x * y * Math.sin(x * y) + 6 * x * y * y;
    expect(m.fxy(x, y)).toBeCloseTo(fxy, 12);
    expect(m.fyx(x, y)).toBeCloseTo(fxy, 12);
    const fxyx = -2 * y * Math.sin(x * y) - x * y * y * Math.cos(x * y) + 6 * y * y;
    expect(m.fxyx(x, y)).toBeCloseTo(fxyx, 11);
    const v = [0.3, -0.5, 1.2];
    const out = m.gav(0.4, v);
    const fd = finiteDiff((a: number, w: number[]) => m.ga(a, w), [0.4, v.slice()], 1);
    expectGradClose(out, fd, { rtol: 1e-6, atol: 1e-7 });
  });

  it("without a build step too", () => {
    const f = (x: number, y: number) => Math.sin(x * y) + x * x * y * y * y;
    const [x, y] = [0.7, -1.3];
    expect(grad(grad(f, 0), 1)(x, y)).toBeCloseTo(Math.cos(x * y) - x * y * Math.sin(x * y) + 6 * x * y * y, 12);
    expect(grad(grad(grad(f, 0), 1), 0)(x, y)).toBeCloseTo(-2 * y * Math.sin(x * y) - x * y * y * Math.cos(x * y) + 6 * y * y, 11);
  });

  it("an inner grad over an array argument is ADC232", () => {
    const src = `import { grad } from "adc";
export function g(a: number, v: number[]): number { return a * v[0]; }
export const bad = grad(grad(g, 1), 0);
`;
    expect(() => compileModule(src)).toThrowError(/ADC232/);
  });
});

describe("reverse over reverse on the scalar family: grad of a function returning grad(h)(x)", () => {
  it("second derivatives of sin, exp, tanh, Horner's rule and RK4 match closed forms and central differences", async () => {
    const names = ["s", "e", "th", "horner", "rk4"];
    const m = await load("rr-scalars", `${scalarFunctions(true)}
${names.map((n) => `export function d${n}(x: number): number { return grad(${n})(x); }\nexport const dd${n} = grad(d${n});`).join("\n")}
`);
    for (const x of [-0.9, 0.3, 1.4]) {
      const th = Math.tanh(x);
      const closed: Record<string, number> = { s: -Math.sin(x), e: 4 * Math.exp(2 * x), th: -2 * th * (1 - th * th), horner: polyDeriv(HORNER, 2, x) };
      for (const n of names) {
        const dd = m[`dd${n}`](x);
        if (n in closed) expect(dd, `${n}''(${x})`).toBeCloseTo(closed[n], 10);
        const h = 1e-5;
        expect(Math.abs(dd - (m[`d${n}`](x + h) - m[`d${n}`](x - h)) / (2 * h)), `${n}'' vs central differences of ${n}'`).toBeLessThan(1e-6 * (1 + Math.abs(dd)));
      }
    }
  });
});

describe("jvp(grad(f)): forward over reverse, as in JAX", () => {
  const SRC = `
export function rosen(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) s += 100 * (x[i + 1] - x[i] * x[i]) ** 2 + (1 - x[i]) ** 2;
  return s;
}
export const gr = grad(rosen);
export const hvpR = hvp(rosen);
export const jg = jvp(grad(rosen));
export function h(x: number[], w: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.sin(w * x[i]) * x[i];
  return s * w;
}
export const gh1 = grad(h, 1);
export const ghx = grad(h);
export const jgh1 = jvp(grad(h, 1));
export const jghx = jvp(grad(h));
export const jghxApplied = (x: number[], w: number, v: number[], dw: number) => jvp(grad(h), [x, w], [v, dw]);
`;
  it("gives [grad f, H·v] equal to hvp, and tangents of every argument against central differences", async () => {
    const m = await load("jvpgrad", SRC);
    const x = [0.3, -0.4, 1.1, 0.7];
    const v = [1, -0.5, 0.25, 2];
    const [g, hv] = m.jg([x], [v]);
    expect(g).toEqual(m.gr(x));
    expect(hv).toEqual(m.hvpR(x, v));
    // along x and w at once: the derivative of grad(h, k) along (v, dw), against central differences of grad(h, k)
    const dw = 0.7;
    const eps = 1e-6;
    const at = (t: number) => [x.map((xi, i) => xi + t * v[i]), 0.9 + t * dw] as const;
    const [g1, t1] = m.jgh1([x, 0.9], [v, dw]);
    expect(g1).toBe(m.gh1(x, 0.9));
    expect(t1).toBeCloseTo((m.gh1(...at(eps)) - m.gh1(...at(-eps))) / (2 * eps), 6);
    const [gx, tx] = m.jghx([x, 0.9], [v, dw]);
    expect(gx).toEqual(m.ghx(x, 0.9));
    const fd = m.ghx(...at(eps)).map((a: number, i: number) => (a - m.ghx(...at(-eps))[i]) / (2 * eps));
    expectGradClose(tx, fd, { rtol: 1e-6, atol: 1e-7 });
    expect(m.jghxApplied(x, 0.9, v, dw)).toEqual([gx, tx]);
  });

  it("without a build step too", () => {
    const f = (x: number, y: number) => Math.sin(x * y) + x * x * y * y * y;
    const [x, y, dx, dy] = [0.7, -1.3, 0.4, -2];
    const [g, t] = jvp(grad(f), [x, y], [dx, dy]);
    expect(g).toBeCloseTo(y * Math.cos(x * y) + 2 * x * y ** 3, 12);
    const fxx = -y * y * Math.sin(x * y) + 2 * y ** 3;
    const fxy = Math.cos(x * y) - x * y * Math.sin(x * y) + 6 * x * y * y;
    expect(t).toBeCloseTo(fxx * dx + fxy * dy, 11);
  });
});

describe("jvp of a function calling grad inside: the inner call's tangent is jvp(grad(h))", () => {
  it("matches grad·tangent and central differences, for number and array arguments and with data arguments not varied", async () => {
    const m = await load("jvp-inner", `
export function h(x: number[], w: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.sin(w * x[i]) * x[i] * x[i];
  return s;
}
export function pen(x: number[], w: number): number {
  const g = grad(h)(x, w);
  let s = 0;
  for (let i = 0; i < g.length; i++) s += g[i] * g[i];
  return s + grad(h, 1)(x, w);
}
export const jp = jvp(pen);
export const gp = grad(pen, [0, 1]);
// w held as data: its tangent is not passed
export function penX(x: number[], w: number): number { const g = grad(h)(x, w * 1); return g[0] * g[1]; }
export const jpx = jvp(penX);
export const gpx = grad(penX);
`);
    const x = [0.3, -0.5, 0.8], w = 1.2, v = [1, 0.5, -2], dw = 0.7;
    const [val, t] = m.jp([x, w], [v, dw]);
    expect(val).toBe(m.pen(x, w));
    const [gx, gw] = m.gp(x, w);
    expect(t).toBeCloseTo(gx.reduce((a: number, g: number, i: number) => a + g * v[i], 0) + gw * dw, 10);
    const e = 1e-6;
    expect(t).toBeCloseTo((m.pen(x.map((a, i) => a + e * v[i]), w + e * dw) - m.pen(x.map((a, i) => a - e * v[i]), w - e * dw)) / (2 * e), 6);
    const [, tx] = m.jpx([x, w], [v, 0]);
    expect(tx).toBeCloseTo(m.gpx(x, w).reduce((a: number, g: number, i: number) => a + g * v[i], 0), 10);
  });
});

describe("vjp(grad(h)): the gradient and a pullback by H·v products", () => {
  const SRC = `
export function h(x: number[], w: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.sin(w * x[i]) * x[i] * x[i];
  return s;
}
export const gx = grad(h);
export const H = hvp(h);
export const at = (x: number[], w: number) => vjp(grad(h), x, w);
export function s(t: number): number { return Math.exp(t) * Math.cos(t); }
export const atS = (t: number) => vjp(grad(s), t);
`;
  it("pullback(ct) is [H·ct, ct·∂(grad)/∂w], repeatable, with the cotangent checked", async () => {
    const m = await load("vjpgrad", SRC);
    const x = [0.3, -0.5, 0.8];
    const given = x.slice();
    const [g, back] = m.at(x, 1.2);
    expect(g).toEqual(m.gx(x, 1.2));
    const ct = [1, 0.5, -2];
    const [gxCt, gw] = back(ct);
    expect(gxCt).toEqual(m.H(x, 1.2, ct));
    // ct·grad(h) as a function of w, by central differences
    const e = 1e-6;
    const dot = (w: number) => m.gx(x, w).reduce((a: number, gi: number, i: number) => a + gi * ct[i], 0);
    expect(gw).toBeCloseTo((dot(1.2 + e) - dot(1.2 - e)) / (2 * e), 7);
    expect(back(ct)).toEqual([gxCt, gw]);
    expect(x).toEqual(given);
    expect(() => back([1, 2])).toThrowError(/ADC_R260/);
    const [v, backS] = m.atS(0.4);
    const s2 = -2 * Math.exp(0.4) * Math.sin(0.4);
    expect(v).toBeCloseTo(Math.exp(0.4) * (Math.cos(0.4) - Math.sin(0.4)), 14);
    expect(backS(3)[0]).toBeCloseTo(3 * s2, 12);
  });

  it("without a build step too", () => {
    const s = (t: number) => Math.exp(t) * Math.cos(t);
    const [v, back] = vjp(grad(s), 0.4);
    expect(v).toBeCloseTo(Math.exp(0.4) * (Math.cos(0.4) - Math.sin(0.4)), 14);
    expect(back(3)[0]).toBeCloseTo(3 * -2 * Math.exp(0.4) * Math.sin(0.4), 12);
  });
});

describe("jacobian(grad(f)) is the Hessian", () => {
  it("statically and at run time, equal to hessian(f)", async () => {
    const m = await load("jacgrad", `
export function f(x: number[], w: number): number { let s = 0; for (let i = 0; i < x.length; i++) s += Math.exp(w * x[i]) * x[(i + 1) % x.length]; return s; }
export const J = jacobian(grad(f));
export const H = hessian(f);
export function g(t: number): number { return Math.sin(t) * t * t; }
export const Jg = jacobian(grad(g));
`);
    const x = [0.3, -0.7, 1.1];
    expect(m.J(x, 0.8)).toEqual(m.H(x, 0.8));
    const t = 0.6;
    expect(m.Jg(t)).toBeCloseTo(-Math.sin(t) * t * t + 4 * t * Math.cos(t) + 2 * Math.sin(t), 12);
    const fr = (y: number[], w: number) => { let s = 0; for (let i = 0; i < y.length; i++) s += Math.exp(w * y[i]) * y[(i + 1) % y.length]; return s; };
    expect(jacobian(grad(fr))(x, 0.8)).toEqual(m.H(x, 0.8));
  });
  it("with another argument or a mode, a located error", () => {
    const src = (call: string) => `import { grad, jacobian } from "adc";
export function f(x: number[], w: number): number { return x[0] * w * w; }
export const J = ${call};
`;
    expect(() => compileModule(src("jacobian(grad(f), 1)"))).toThrowError(/ADC232/);
    expect(() => compileModule(src(`jacobian(grad(f), 0, "forward")`))).toThrowError(/ADC233/);
  });
});

describe("what is refused, with a located error", () => {
  const HEAD = `import { grad, valueAndGrad, hvp, jvp } from "adc";
function h(x: number[]): number { let s = 0; for (let i = 0; i < x.length; i++) s += x[i] * x[i]; return s; }
`;
  const codeOf = (src: string): string => {
    try {
      compileModule(src, { filename: "inner.ts" });
    } catch (e) {
      if (e instanceof AdcError) return `${e.code} ${e.line}:${e.column}`;
      throw e;
    }
    return "compiled";
  };
  it("valueAndGrad or grad with several argnums inside differentiated code: ADC235", () => {
    expect(codeOf(`${HEAD}export function f(x: number[]): number { const [v, g] = valueAndGrad(h)(x); return v + g[0]; }
export const df = grad(f);
`)).toBe("ADC235 3:57");
    expect(codeOf(`${HEAD}function h2(x: number[], y: number[]): number { return x[0] * y[0]; }
export function f(x: number[]): number { const gs = grad(h2, [0, 1])(x, x); return gs[0][0]; }
export const df = grad(f);
`)).toMatch(/^ADC235 /);
  });
  it("an inner gradient of a function that writes into its argument: ADC235", () => {
    expect(codeOf(`${HEAD}function w(x: number[]): number { x[0] = x[0] * x[1]; return x[0]; }
export function f(x: number[]): number { return grad(w)(x)[0]; }
export const df = grad(f);
`)).toBe("ADC235 4:49");
  });
  it("grad of a local function inside differentiated code: ADC235, saying to define it at the top level", () => {
    expect(codeOf(`${HEAD}export function f(x: number[]): number { const q = (y: number[]) => y[0] * y[0]; return grad(q)(x)[0]; }
export const df = grad(f);
`)).toBe("ADC235 3:89");
  });
  it("recursion through grad (f calling grad(f)): ADC235, not a stack overflow", () => {
    expect(codeOf(`${HEAD}export function f(x: number[]): number { const g = grad(f)(x); return x[0] * x[0] + (g.length > 5 ? g[0] : 0); }
export const df = grad(f);
`)).toBe("ADC235 3:52");
  });
  it("jvp, hvp or hessian called inside differentiated code: ADC235 at the call", () => {
    expect(codeOf(`${HEAD}export function f(x: number): number { return jvp(h, [[x, x]], [[1, 0]])[1]; }
export const df = grad(f);
`)).toBe("ADC235 3:47");
    expect(codeOf(`${HEAD}const hh = hvp(h);
export function f(x: number[]): number { return hh(x, x)[0]; }
export const df = grad(f);
`)).toBe("ADC235 4:49");
  });
  it("hvp of a function calling grad inside (a third derivative through it): a located error, not a wrong number", () => {
    expect(codeOf(`${HEAD}export function f(x: number[]): number { return grad(h)(x)[0]; }
export const hf = hvp(f);
`)).toMatch(/^ADC234 /);
  });
});
