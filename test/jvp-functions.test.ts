// Forward mode (jvp) on the functions issue 4 names (sin, exp, tanh, Horner's rule in a loop, an RK4
// integration) against closed forms and finite differences; array-valued functions; arguments
// f writes into; jvp at run time from the source; the compile-time and run-time errors; and a
// snapshot of the generated tangent code.
import { describe, expect, it } from "vitest";
import { AdcError, compileModule } from "../compiler/index.js";
import { jvp } from "../index.js";
import { compileAndImport, RUNTIME_PATH } from "./helpers/load.js";

const HEAD = `import { jvp, grad } from "adc";\n`;

async function load(name: string, body: string): Promise<Record<string, any>> {
  return compileAndImport(HEAD + body, `jvpfn-${name}`);
}

const close = (a: number, b: number, tol = 1e-12) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * (1 + Math.abs(b)));

describe("jvp of elementary functions against closed forms", () => {
  it("sin, exp, tanh and their compositions", async () => {
    const m = await load(
      "elementary",
      `export function s(x: number): number { return Math.sin(x); }
export function e(x: number): number { return Math.exp(2 * x); }
export function th(x: number): number { return Math.tanh(x * x); }
export const js = jvp(s), je = jvp(e), jth = jvp(th);`,
    );
    for (const x of [-1.3, 0, 0.4, 2.2]) {
      const [vs, ds] = m.js([x], [1]);
      expect(vs).toBe(Math.sin(x));
      close(ds, Math.cos(x));
      const [, de] = m.je([x], [0.5]);
      close(de, 0.5 * 2 * Math.exp(2 * x));
      const [, dth] = m.jth([x], [1]);
      close(dth, 2 * x * (1 - Math.tanh(x * x) ** 2));
    }
  });

  it("a polynomial by Horner's rule in a loop, along x and along the coefficients", async () => {
    const m = await load(
      "horner",
      `export function poly(c: Float64Array, x: number): number {
  let p = 0;
  for (let i = c.length - 1; i >= 0; i--) p = p * x + c[i];
  return p;
}
export const jp = jvp(poly);`,
    );
    const c = new Float64Array([0.5, -1, 2, 3, -0.25]);
    const x = 1.7;
    const [v, dx] = m.jp([c, x], [new Float64Array(5), 1]);
    close(v, c.reduce((s, ci, i) => s + ci * x ** i, 0));
    close(dx, c.reduce((s, ci, i) => s + (i ? i * ci * x ** (i - 1) : 0), 0));
    const dc = new Float64Array([1, 0.5, -2, 0, 1]);
    const [, d] = m.jp([c, x], [dc, 0]);
    close(d, dc.reduce((s, di, i) => s + di * x ** i, 0));
  });

  it("an RK4 integration with a helper writing into arrays, against finite differences and grad", async () => {
    const m = await load(
      "rk4",
      `function rhs(y: Float64Array, k: Float64Array, a: number): void {
  k[0] = y[1];
  k[1] = -a * Math.sin(y[0]) - 0.1 * y[1];
}
export function pendulum(y0: Float64Array, a: number, dt: number, n: number): number {
  const y = y0.slice();
  const k1 = new Float64Array(2), k2 = new Float64Array(2), k3 = new Float64Array(2), k4 = new Float64Array(2);
  const t = new Float64Array(2);
  for (let s = 0; s < n; s++) {
    rhs(y, k1, a);
    for (let j = 0; j < 2; j++) t[j] = y[j] + 0.5 * dt * k1[j];
    rhs(t, k2, a);
    for (let j = 0; j < 2; j++) t[j] = y[j] + 0.5 * dt * k2[j];
    rhs(t, k3, a);
    for (let j = 0; j < 2; j++) t[j] = y[j] + dt * k3[j];
    rhs(t, k4, a);
    for (let j = 0; j < 2; j++) y[j] += (dt / 6) * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
  }
  return y[0] * y[0] + y[1];
}
export const jp = jvp(pendulum);
export const gp = grad(pendulum, [0, 1]);`,
    );
    const y0 = new Float64Array([0.8, -0.3]);
    const t = [new Float64Array([0.3, -0.7]), 0.6, 0, 0];
    const [v, d] = m.jp([y0, 2.5, 0.05, 40], t);
    expect(v).toBe(m.pendulum(y0, 2.5, 0.05, 40));
    const h = 1e-6;
    const at = (s: number) => m.pendulum(new Float64Array([0.8 + s * 0.3, -0.3 - s * 0.7]), 2.5 + s * 0.6, 0.05, 40);
    close(d, (at(h) - at(-h)) / (2 * h), 1e-7);
    const [gy, ga] = m.gp(y0, 2.5, 0.05, 40);
    close(d, gy[0] * 0.3 - gy[1] * 0.7 + ga * 0.6, 1e-12);
    expect(Array.from(y0)).toEqual([0.8, -0.3]);
  });
});

describe("jvp of other shapes", () => {
  it("a function returning an array gets an array tangent (a column of its Jacobian)", async () => {
    const m = await load(
      "array-result",
      `export function f(x: number[], s: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.exp(s * x[i]) + (i > 0 ? x[i - 1] * x[i] : 0);
  return out;
}
export const jf = jvp(f);`,
    );
    const x = [0.3, -0.5, 1.1];
    const [v, d] = m.jf([x, 0.7], [[0, 1, 0], 0]);
    expect(d).toBeInstanceOf(Float64Array);
    expect(Array.from(v)).toEqual(Array.from(m.f(x, 0.7)));
    const h = 1e-6;
    const plus = m.f([0.3, -0.5 + h, 1.1], 0.7);
    const minus = m.f([0.3, -0.5 - h, 1.1], 0.7);
    Array.from(d as Float64Array).forEach((di, i) => close(di, (plus[i] - minus[i]) / (2 * h), 1e-7));
  });

  it("leaves an argument f writes into as f leaves it, and the caller's tangent unchanged", async () => {
    const m = await load(
      "mutation",
      `export function f(x: number[], k: number): number {
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(k * x[i]);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s;
}
export const jf = jvp(f);`,
    );
    const x = [0.1, 0.2, 0.3];
    const dx = [1, -1, 0.5];
    const [v, d] = m.jf([x, 1.5], [dx, 0.25]);
    const byF = [0.1, 0.2, 0.3];
    expect(v).toBe(m.f(byF, 1.5));
    expect(x).toEqual(byF);
    expect(dx).toEqual([1, -1, 0.5]);
    const h = 1e-6;
    const at = (s: number) => m.f([0.1 + s, 0.2 - s, 0.3 + 0.5 * s], 1.5 + 0.25 * s);
    close(d, (at(h) - at(-h)) / (2 * h), 1e-7);
  });

  it("jvp(f, primals, tangents) at the call site and recursion through helpers", async () => {
    const m = await load(
      "callsite",
      `function pw(x: number, n: number): number { return n === 0 ? 1 : x * pw(x, n - 1); }
export function f(x: number): number { return pw(x, 5) + pw(Math.cos(x), 2); }
export const at = (x: number) => jvp(f, [x], [1]);`,
    );
    const [v, d] = m.at(0.9);
    close(v, 0.9 ** 5 + Math.cos(0.9) ** 2);
    close(d, 5 * 0.9 ** 4 - 2 * Math.cos(0.9) * Math.sin(0.9));
  });
});

describe("jvp at run time, compiled from the source", () => {
  it("differentiates an uncompiled function, curried or not", () => {
    const f = (x: number[], y: number) => {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += Math.tanh(x[i] * y);
      return s;
    };
    const [v, d] = jvp(f, [[0.5, -1], 2], [[1, 0], 0]);
    close(v, f([0.5, -1], 2));
    close(d, 2 * (1 - Math.tanh(1) ** 2));
    const [, d2] = jvp(f)([[0.5, -1], 2], [[0, 0], 1]);
    close(d2, 0.5 * (1 - Math.tanh(1) ** 2) - (1 - Math.tanh(-2) ** 2));
  });

  it("rejects tangents that do not match their arguments", () => {
    const f = (x: number[]) => x[0] * x[1];
    expect(() => jvp(f, [[1, 2]], [[1]])).toThrow(/ADC_R201.*length 2 but its tangent 1/);
    expect(() => jvp(f, [[1, 2]], [])).toThrow(/ADC_R200/);
    expect(() => jvp(f, [[1, 2]], [3])).toThrow(/ADC_R201/);
  });
});

describe("jvp compile errors", () => {
  const compile = (body: string) => compileModule(HEAD + body, { filename: "e.ts", runtimeImport: RUNTIME_PATH });
  const codeOf = (body: string) => {
    try {
      compile(body);
    } catch (e) {
      expect(e).toBeInstanceOf(AdcError);
      return (e as AdcError).code;
    }
    return "compiled";
  };
  it("a function called through the tape (ADC201)", () => {
    expect(codeOf(`export function f(g: (x: number) => number, x: number): number { return g(x) * x; }\nexport const j = jvp(f);`)).toBe("ADC201");
  });
  it("a function returning a boolean (ADC202)", () => {
    expect(codeOf(`export function f(x: number): boolean { return x > 0; }\nexport const j = jvp(f);`)).toBe("ADC202");
  });
  it("a call with the wrong arguments (ADC203)", () => {
    expect(codeOf(`export function f(x: number): number { return x; }\nexport const j = jvp(f, [1]);`)).toBe("ADC203");
  });
  it("a function returning an object (ADC205); object parameters compile (ADC204 is no longer raised, see jvp-objects.test.ts)", () => {
    expect(codeOf(`export function f(p: { a: number }): { a: number } { return { a: p.a * p.a }; }\nexport const j = jvp(f);`)).toBe("ADC205");
    expect(codeOf(`export function f(p: { a: number }): number { return p.a * p.a; }\nexport const j = jvp(f);`)).toBe("compiled");
  });
});

describe("generated tangent code", () => {
  it("reads like the source: one comment per statement, xd for tangents, tangent before value", () => {
    const { code } = compileModule(
      HEAD +
        `function sq(a: number): number { const r = a * a; return r; }
export function f(x: number[], y: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] > 0) s += Math.exp(x[i] * y);
    else s -= sq(x[i]);
  }
  s *= Math.sin(y);
  return s;
}
export const jf = jvp(f);`,
      { filename: "snap.ts", sourceMaps: false },
    );
    expect(code.slice(code.indexOf("// ---- generated by adc"))).toMatchSnapshot();
  });
});
