// Closures made by module factories and differentiated at module level (transform/factories.ts):
// const loss = makeLoss(data); grad(loss), and grad(makeLoss(data)).
import { describe, expect, it } from "vitest";
import { AdcError } from "../compiler/index.js";
import { deepCopy, exactMismatches, expectGradClose, finiteDiff } from "./helpers/fd.js";
import { compileForTest, importCode } from "./helpers/load.js";

const HEAD = `import { grad, valueAndGrad } from "adc";\n`;

const cases: { name: string; code: string; args: () => unknown[]; fn: string; grad: string }[] = [
  {
    name: "const loss = makeLoss(xs, ys); grad(loss)",
    code: `export function makeLoss(xs: Float64Array, ys: Float64Array) {
  const n = xs.length;
  return (w: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) { const r = w[0] * xs[i] + w[1] - ys[i]; s += r * r; }
    return s / n;
  };
}
export const loss = makeLoss(new Float64Array([1, 2, 3]), new Float64Array([2, 4.1, 5.9]));
export const dloss = grad(loss);`,
    args: () => [new Float64Array([1.5, 0.2])],
    fn: "loss",
    grad: "dloss",
  },
  {
    name: "grad(makeModel(k)) inline, a function expression, a value precomputed by the factory",
    code: `export function makeModel(k: number) {
  const k2 = Math.sqrt(k);
  return function (x: number, y: number): number { return Math.sin(k2 * x) * y + k * x * x; };
}
export const model = makeModel(2.5);
export const dmodel = grad(makeModel(2.5), [0, 1]);`,
    args: () => [0.7, -1.2],
    fn: "model",
    grad: "dmodel",
  },
  {
    name: "captured object and a closure that writes into a captured buffer",
    code: `export function makeFit(data: { xs: number[]; scale: number }, buf: Float64Array) {
  return (w: number): number => {
    let s = 0;
    for (let i = 0; i < data.xs.length; i++) { buf[i] = Math.tanh(w * data.xs[i]); s += buf[i] * data.scale; }
    return s * s;
  };
}
export const fit = makeFit({ xs: [0.5, -1, 2], scale: 1.5 }, new Float64Array(3));
export const dfit = valueAndGrad(fit);`,
    args: () => [0.3],
    fn: "fit",
    grad: "dfit",
  },
];

describe("closures made by factories", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const m = await importCode(compileForTest(HEAD + c.code, `factory-${c.name.slice(0, 20)}`).code, `factory-${c.name.slice(0, 20)}`);
      const args = c.args();
      const argnum = c.grad === "dmodel" ? [0, 1] : 0;
      const expected = finiteDiff(m[c.fn], args, argnum);
      const got = m[c.grad](...deepCopy(args));
      const g = c.grad === "dfit" ? got[1] : got;
      if (c.grad === "dfit") expect(got[0]).toBe(m[c.fn](...deepCopy(args)));
      if (Array.isArray(argnum)) argnum.forEach((_, k) => expectGradClose(g[k], expected[k]));
      else expectGradClose(g, expected);
      const byF = deepCopy(args);
      m[c.fn](...byF);
      const byG = deepCopy(args);
      m[c.grad](...byG);
      expect(exactMismatches(byG, byF)).toEqual([]);
    });
  }

  it("a closure that assigns a captured variable is a compile error (its write would be lost)", () => {
    const src = `${HEAD}export function makeCounter(k: number) {
  let calls = 0;
  return (x: number): number => { calls += 1; return k * x * calls; };
}
export const c = makeCounter(2);
export const dc = grad(c);
`;
    let err: unknown;
    try {
      compileForTest(src, "factory-assigns");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AdcError);
    expect((err as AdcError).code).toBe("ADC220");
    expect((err as AdcError).line).toBe(4);
    expect((err as AdcError).message).toMatch(/assigns 'calls', which it captures/);
  });
});

describe("closures made by factories, in forward mode: jvp(loss) and jvp(makeModel(k))", () => {
  for (const c of cases) {
    it(c.name, async () => {
      // jvp of the same closure: by name for the consts, at the call site for grad(makeModel(...)) above
      const site = c.fn === "model" ? "makeModel(2.5)" : c.fn;
      const src = `import { grad, valueAndGrad, jvp } from "adc";\n${c.code}\nexport const jv = jvp(${site});\n`;
      const name = `factory-jvp-${c.name.slice(0, 20)}`;
      const m = await importCode(compileForTest(src, name).code, name);
      const args = c.args();
      // a tangent shaped like each argument: numbers for numbers, a Float64Array for a Float64Array
      const t = [0.7, -1.3];
      const dir = args.map((a, i) => (typeof a === "number" ? t[i] : (a as Float64Array).map((_, k) => t[k])));
      const byF = deepCopy(args);
      const value = m[c.fn](...byF);
      const byJ = deepCopy(args);
      const [v, d] = m.jv(byJ, dir);
      expect(v).toBe(value);
      expect(exactMismatches(byJ, byF)).toEqual([]);
      const h = 1e-6;
      const at = (s: number) => args.map((a, i) => (typeof a === "number" ? a + s * h * t[i] : (a as Float64Array).map((x, k) => x + s * h * t[k])));
      const fd = (m[c.fn](...at(1)) - m[c.fn](...at(-1))) / (2 * h);
      expect(Math.abs(d - fd), `jvp ${d} vs finite difference ${fd}`).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(fd)));
      expect(Math.abs(fd)).toBeGreaterThan(1e-6);
    });
  }
});
