// Forward over forward: jvp of a function that calls jvp inside (transform/higher/forward.ts).
// Second derivatives of sin, exp, tanh, Horner's rule in a loop and an RK4 integration against
// closed forms and against central differences of the compiled first derivative; directional
// second derivatives of array functions against hvp (forward over reverse); errors.
import { describe, expect, it } from "vitest";
import { AdcError, compileModule } from "../compiler/index.js";
import { compileForTest, importCode } from "./helpers/load.js";
import { expectGradClose } from "./helpers/fd.js";
import { HORNER, polyDeriv, scalarFunctions } from "./helpers/scalars.js";

async function load(name: string, body: string): Promise<Record<string, any>> {
  const src = `import { grad, hvp, jvp } from "adc";\n${body}`;
  return importCode(compileForTest(src, `jvpjvp-${name}`).code, `jvpjvp-${name}`);
}

const SCALAR = `${scalarFunctions(false)}
// first derivatives by jvp, written as users write them: indexing, or destructuring the pair
export function ds(x: number): number { return jvp(s, [x], [1])[1]; }
export function de(x: number): number { const [v, dv] = jvp(e, [x], [1]); return dv + 0 * v; }
export function dth(x: number): number { return jvp(th, [x], [1])[1]; }
export function dhorner(x: number): number { return jvp(horner, [x], [1])[1]; }
export function drk4(k: number): number { return jvp(rk4, [k], [1])[1]; }
export const d2s = jvp(ds), d2e = jvp(de), d2th = jvp(dth), d2horner = jvp(dhorner), d2rk4 = jvp(drk4);
`;

describe("jvp of a function that calls jvp (forward over forward)", () => {
  it("second derivatives of sin, exp, tanh and Horner's rule match closed forms; the value is the first derivative", async () => {
    const m = await load("scalar", SCALAR);
    for (const x of [-0.9, 0.3, 1.4]) {
      const th = Math.tanh(x);
      const cases: [string, number, number][] = [
        ["d2s", Math.cos(x), -Math.sin(x)],
        ["d2e", 2 * Math.exp(2 * x), 4 * Math.exp(2 * x)],
        ["d2th", 1 - th * th, -2 * th * (1 - th * th)],
        ["d2horner", polyDeriv(HORNER, 1, x), polyDeriv(HORNER, 2, x)],
      ];
      for (const [f, d1, d2] of cases) {
        const [v, t] = m[f]([x], [1]);
        expect(v, `${f}(${x}) value`).toBeCloseTo(d1, 11);
        expect(t, `${f}(${x}) tangent`).toBeCloseTo(d2, 10);
        // along a tangent of 2.5: linear in the tangent
        expect(m[f]([x], [2.5])[1]).toBeCloseTo(2.5 * d2, 9);
      }
    }
  });

  it("RK4: the second derivative matches central differences of the compiled first derivative", async () => {
    const m = await load("scalar", SCALAR);
    const k = 0.8;
    const eps = 1e-5;
    const [, t] = m.d2rk4([k], [1]);
    expect(t).toBeCloseTo((m.drk4(k + eps) - m.drk4(k - eps)) / (2 * eps), 7);
  });

  it("array functions: u·H·v from jvp of a directional derivative equals hvp's, with branches, helpers and array writes", async () => {
    const m = await load("array", `
function sq(t: number): number { return t * t; }
function f(x: number[], w: number): number {
  const y = x.slice();
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    y[i] = Math.sin(w * x[i]);
    if (y[i] > 0) s += sq(y[i]) * x[(i + 1) % x.length];
    else s -= y[i] * w;
  }
  return s;
}
export function dir(x: number[], v: number[], w: number): number { return jvp(f, [x, w], [v, 0])[1]; }
export const ddir = jvp(dir);
export const H = hvp(f);
export function dirw(x: number[], w: number): number { return jvp(f, [x, w], [x, 1])[1]; }
export const ddirw = jvp(dirw);
`);
    const x = [0.3, -0.8, 1.1, 0.45];
    const v = [1, 0.5, -2, 0.25];
    const u = [-0.3, 1.2, 0.7, 2];
    const w = 1.3;
    const [val, t] = m.ddir([x, v, w], [u, [0, 0, 0, 0], 0]);
    expect(val).toBeCloseTo(m.dir(x, v, w), 14);
    const hv = m.H(x, w, v);
    expect(t).toBeCloseTo(u.reduce((a, ui, i) => a + ui * hv[i], 0), 10);
    // a tangent through both the primal and the inner tangent (x appears in both), against central differences
    const eps = 1e-6;
    const at = (e: number) => m.dirw(x.map((xi, i) => xi + e * u[i]), w + e * 0.4);
    expect(m.ddirw([x, w], [u, 0.4])[1]).toBeCloseTo((at(eps) - at(-eps)) / (2 * eps), 6);
  });

  it("an array-valued inner function", async () => {
    const m = await load("vector", `
function field(x: number[]): number[] {
  const out = [];
  for (let i = 0; i < x.length; i++) out.push(Math.exp(x[i]) * x[(i + 1) % x.length]);
  return out;
}
export function flux(x: number[], v: number[]): number[] { return jvp(field, [x], [v])[1]; }
export const dflux = jvp(flux);
`);
    const x = [0.2, -0.4, 0.9];
    const v = [1, -1, 0.5];
    const u = [0.3, 0.6, -0.2];
    const [val, t] = m.dflux([x, v], [u, [0, 0, 0]]);
    expect(val).toEqual(m.flux(x, v));
    const eps = 1e-6;
    const plus = m.flux(x.map((a, i) => a + eps * u[i]), v);
    const minus = m.flux(x.map((a, i) => a - eps * u[i]), v);
    expectGradClose(t, plus.map((p: number, i: number) => (p - minus[i]) / (2 * eps)), { rtol: 1e-6, atol: 1e-8 });
  });

  it("primals or tangents that are not array literals are ADC236, at the inner call", () => {
    const src = `import { jvp } from "adc";
function h(x: number): number { return x * x; }
export function g(x: number): number { const p = [x]; return jvp(h, p, [1])[1]; }
export const dg = jvp(g);
`;
    try {
      compileModule(src, { filename: "g.ts" });
      expect.unreachable("compiled");
    } catch (e) {
      expect(e).toBeInstanceOf(AdcError);
      expect(`${(e as AdcError).code} ${(e as AdcError).line}:${(e as AdcError).column}`).toBe("ADC236 3:62");
    }
  });
});
