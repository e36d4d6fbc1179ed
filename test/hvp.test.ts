// Second and higher derivatives by forward over reverse (transform/higher): grad nested up to four
// times on sin, exp, tanh, Horner's rule in a loop and an RK4 integration, against closed forms
// and central differences of the compiled derivative one order lower; Hessians of functions with
// loops (data-dependent trip counts), branches, early returns, array writes, helpers and
// recursion, checked for symmetry and against central differences of the compiled gradient; hvp
// along random directions against hessian rows; the same at run time from the source; errors.
import { describe, expect, it } from "vitest";
import { AdcError, compileModule } from "../compiler/index.js";
import { grad, hessian, hvp } from "../index.js";
import { compileForTest, importCode } from "./helpers/load.js";
import { HORNER, polyDeriv, scalarFunctions } from "./helpers/scalars.js";

async function load(name: string, body: string): Promise<Record<string, any>> {
  const src = `import { grad, hvp, hessian } from "adc";\n${body}`;
  return importCode(compileForTest(src, `hvp-${name}`).code, `hvp-${name}`);
}

const close = (a: number, b: number, tol: number, what = "") => expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(tol * (1 + Math.abs(b)));

const SCALAR = scalarFunctions(true);
const NAMES = ["s", "e", "th", "horner", "rk4"];
const nested = (f: string) => `export const ${f}1 = grad(${f}), ${f}2 = grad(grad(${f})), ${f}3 = grad(grad(grad(${f}))), ${f}4 = grad(grad(grad(grad(${f}))));`;

describe("grad nested up to four times (forward over forward over ... over reverse)", () => {
  it("sin, exp, tanh and Horner's rule against closed forms", async () => {
    const m = await load("orders", SCALAR + NAMES.map(nested).join("\n"));
    const t = Math.tanh;
    const closed: Record<string, ((x: number) => number)[]> = {
      s: [Math.cos, (x) => -Math.sin(x), (x) => -Math.cos(x), Math.sin],
      e: [1, 2, 3, 4].map((k) => (x: number) => 2 ** k * Math.exp(2 * x)),
      th: [
        (x) => 1 - t(x) ** 2,
        (x) => -2 * t(x) * (1 - t(x) ** 2),
        (x) => -2 * (1 - t(x) ** 2) * (1 - 3 * t(x) ** 2),
        (x) => 8 * t(x) * (1 - t(x) ** 2) * (2 - 3 * t(x) ** 2),
      ],
      horner: [1, 2, 3, 4].map((k) => (x: number) => polyDeriv(HORNER, k, x)),
    };
    for (const [f, ds] of Object.entries(closed)) {
      for (const x of [-1.3, -0.2, 0.4, 1.1]) {
        ds.forEach((d, k) => close(m[`${f}${k + 1}`](x), d(x), 1e-11, `${f}^(${k + 1})(${x})`));
      }
    }
  });

  it("each order is the central difference of the compiled order below (RK4 and the rest)", async () => {
    const m = await load("orders-fd", SCALAR + NAMES.map(nested).join("\n"));
    const h = 1e-4;
    for (const f of NAMES) {
      for (const x of [-0.7, 0.3, 1.2]) {
        const at = (k: number, y: number) => (k === 0 ? m[f](y) : m[`${f}${k}`](y));
        for (let k = 1; k <= 4; k++) {
          const fd = (at(k - 1, x + h) - at(k - 1, x - h)) / (2 * h);
          close(at(k, x), fd, 1e-6, `${f}^(${k})(${x})`);
        }
      }
    }
  });
});

const ARRAYS = `
export function rosen(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) s += 100 * (x[i + 1] - x[i] * x[i]) ** 2 + (1 - x[i]) ** 2;
  return s;
}
export function branchy(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] > 0) s += x[i] * x[i] * x[(i + 1) % x.length];
    else s -= Math.exp(x[i]) * x[0];
    if (s > 50) return s * s;
  }
  return s * Math.sin(s);
}
export function writes(x: number[]): number {
  const p = new Float64Array(x.length);
  p[0] = x[0];
  for (let i = 1; i < x.length; i++) p[i] = p[i - 1] * Math.cos(x[i]) + x[i] * x[i];
  let s = 0;
  for (const v of p) s += v * v;
  return s;
}
function sq(a: number): number { return a * a; }
function rpow(a: number, n: number): number { return n === 0 ? 1 : a * rpow(a, n - 1); }
function scaleInto(out: Float64Array, x: Float64Array, c: number): void {
  for (let i = 0; i < x.length; i++) out[i] = c * x[i];
}
export function helpers(x: Float64Array): number {
  const y = new Float64Array(x.length);
  scaleInto(y, x, x[1]);
  return rpow(x[0], 3) * x[1] + sq(x[2] - y[1]) + Math.log(1 + sq(y[0]));
}
export function until(x: Float64Array): number {
  let y = x[0];
  let n = 0;
  while (Math.abs(y) > 0.01 && n < 50) {
    y = y * x[1] * 0.5 + 0.001 * x[2] * x[2];
    n++;
  }
  return y * x[2] + n * x[1] * x[1];
}
export function mutates(x: Float64Array): number {
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(x[i]) * x[i];
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[(i + 1) % x.length];
  return s;
}
export function second(x: Float64Array, c: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.sin(c * x[i]) * c;
  return s;
}
`;
const AFN = ["rosen", "branchy", "writes", "helpers", "until", "mutates"];
const POINTS: Record<string, number[]> = {
  rosen: [1.2, 0.5, -0.3, 0.8],
  branchy: [0.7, -0.4, 1.1, 0.3],
  writes: [0.3, -0.8, 0.5, 1.2],
  helpers: [0.9, -0.6, 0.4],
  until: [0.8, 0.7, 0.3],
  mutates: [0.6, -0.9, 0.2, 1.4],
};

describe("Hessians and Hessian-vector products", () => {
  it("are symmetric, match central differences of the compiled gradient, and hvp(v) = H·v", async () => {
    const m = await load("hessians", ARRAYS + AFN.map((f) => `export const ${f}_g = grad(${f}), ${f}_H = hessian(${f}), ${f}_hvp = hvp(${f});`).join("\n"));
    for (const f of AFN) {
      const x0 = POINTS[f];
      const mk = (a: number[]) => (f === "writes" ? a.slice() : Float64Array.from(a));
      const given = mk(x0);
      const H: ArrayLike<number>[] = m[`${f}_H`](given);
      expect(Array.from(given), `${f}: hessian leaves its argument as given`).toEqual(x0);
      const n = x0.length;
      expect(H.length).toBe(n);
      const scale = 1 + Math.max(...H.flatMap((r) => Array.from(r, Math.abs)));
      for (let i = 0; i < n; i++) {
        expect(H[i].constructor, f).toBe(given.constructor);
        for (let j = 0; j < n; j++) expect(Math.abs(H[i][j] - H[j][i]), `${f}: H[${i}][${j}] vs H[${j}][${i}]`).toBeLessThanOrEqual(1e-10 * scale);
      }
      const h = 1e-5;
      for (let j = 0; j < n; j++) {
        const p = x0.slice(), q = x0.slice();
        p[j] += h;
        q[j] -= h;
        const gp = m[`${f}_g`](mk(p)), gq = m[`${f}_g`](mk(q));
        for (let i = 0; i < n; i++) expect(Math.abs(H[i][j] - (gp[i] - gq[i]) / (2 * h)), `${f}: H[${i}][${j}] vs FD of grad`).toBeLessThanOrEqual(1e-5 * scale);
      }
      const v = x0.map((_, k) => Math.cos(3 * k + 1));
      const x = mk(x0);
      const hv = m[`${f}_hvp`](x, mk(v));
      expect(Array.from(x), `${f}: hvp leaves its argument as given`).toEqual(x0);
      for (let i = 0; i < n; i++) close(hv[i], v.reduce((s, vj, j) => s + H[i][j] * vj, 0), 1e-10, `${f}: hvp[${i}]`);
    }
  });

  it("with respect to a number argument, hessian is a number (argnum)", async () => {
    const m = await load("argnum", ARRAYS + `export const hc = hessian(second, 1), hv = hvp(second, 1), gc = grad(second, 1);`);
    const x = Float64Array.from([0.3, -0.7, 1.1]);
    const c = 0.8;
    const fd = (m.gc(x, c + 1e-5) - m.gc(x, c - 1e-5)) / 2e-5;
    close(m.hc(x, c), fd, 1e-6, "d²/dc²");
    close(m.hv(x, c, 2.5), 2.5 * m.hc(x, c), 1e-12, "hvp along 2.5");
  });

  it("of a nested array argument: rows shaped like the argument, against finite differences", async () => {
    const m = await load("nested", `export function mat(a: number[][]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a[i].length; j++) s += Math.sin(a[i][j]) * a[(i + 1) % a.length][j] * a[i][j];
  return s;
}
export const g = grad(mat), H = hessian(mat), hv = hvp(mat);`);
    const a0 = [[0.3, -0.5], [0.8, 0.1], [-0.4, 0.6]];
    const H: number[][][] = m.H(a0.map((r) => r.slice()));
    expect(H).toHaveLength(6);
    const flat = (x: number[][]) => x.flat();
    const h = 1e-5;
    for (let k = 0; k < 6; k++) {
      expect(H[k]).toHaveLength(3);
      const [i, j] = [k >> 1, k & 1];
      const p = a0.map((r) => r.slice()), q = a0.map((r) => r.slice());
      p[i][j] += h;
      q[i][j] -= h;
      const fd = flat(m.g(p)).map((x, l) => (x - flat(m.g(q))[l]) / (2 * h));
      flat(H[k]).forEach((x, l) => close(x, fd[l], 1e-6, `H[${k}][${l}]`));
    }
    const v = [[1, 0.5], [-0.25, 2], [0, -1]];
    const hv = flat(m.hv(a0.map((r) => r.slice()), v));
    hv.forEach((x, l) => close(x, flat(v).reduce((s, vk, k) => s + flat(H[k])[l] * vk, 0), 1e-12, `hvp[${l}]`));
  });

  it("on n = 1e4 (Rosenbrock) H·v matches a few exact entries", async () => {
    const m = await load("large", ARRAYS + `export const hr = hvp(rosen);`);
    const n = 10000;
    const x = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
    const v = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
    const hv = m.hr(x, v);
    for (const i of [1, 500, 9998]) {
      // row i of Rosenbrock's Hessian is tridiagonal
      const d = 1200 * x[i] ** 2 - 400 * x[i + 1] + 2 + 200;
      const want = -400 * x[i - 1] * v[i - 1] + d * v[i] - 400 * x[i] * v[i + 1];
      close(hv[i], want, 1e-10, `row ${i}`);
    }
  });
});

describe("generated code", () => {
  it("reads like the sweeps it differentiates (snapshot: grad(grad(f)) of Horner's rule in a loop)", async () => {
    const src = `import { grad } from "adc";
export function poly(x: number): number {
  const c = [1, -2, 0.5, 3];
  let p = 0;
  for (let i = c.length - 1; i >= 0; i--) p = p * x + c[i];
  return p;
}
export const d2 = grad(grad(poly));
`;
    const code = compileModule(src, { filename: "poly.ts", sourceMaps: false }).code;
    await expect(code).toMatchFileSnapshot("__snapshots__/hvp_grad_grad_horner.js");
  });
});

describe("module loading", () => {
  it("a second derivative can be called while the module loads (the stores are declared first)", async () => {
    const m = await load("at-load", `export function s(x: number): number { return Math.sin(x) * x; }\nexport const atLoad = grad(grad(s))(0.3);`);
    close(m.atLoad, 2 * Math.cos(0.3) - 0.3 * Math.sin(0.3), 1e-13, "(x sin x)''");
  });

  it("grad of a module constant holding a gradient (const g = grad(f); grad(g)) is compiled statically", async () => {
    const m = await load("via-const", `export function s(x: number): number { return Math.exp(x) * x; }\nconst g = grad(s);\nexport const g2 = grad(g), g3 = grad(g2);`);
    close(m.g2(0.4), Math.exp(0.4) * 2.4, 1e-13, "second derivative of x e^x");
    close(m.g3(0.4), Math.exp(0.4) * 3.4, 1e-13, "third derivative of x e^x");
  });
});

describe("at run time, from the source", () => {
  it("hvp, hessian and grad(grad(grad(f))) of uncompiled functions", () => {
    function cube(x: number): number { return x * x * x + Math.sin(x); }
    const d3 = grad(grad(grad(cube)));
    close(d3(0.7), 6 - Math.cos(0.7), 1e-12, "cube'''");
    close(grad(grad(cube))(0.7), 6 * 0.7 - Math.sin(0.7), 1e-12, "cube''");
    const quad = (x: number[]) => { let s = 0; for (let i = 0; i < x.length; i++) s += (i + 1) * x[i] * x[i] * x[(i + 1) % x.length]; return s; };
    const H = hessian(quad)([1, 2, 3]);
    const hv = hvp(quad)([1, 2, 3], [1, 0, 0]);
    expect(hv).toEqual(H.map((r: number[]) => r[0]));
    close(H[0][0], 2 * 2, 1e-12, "H00"); // d²/dx0² of x0² x1 + 3 x2² x0 = 2 x1
    expect(() => hvp(grad(cube))).toThrow(/hvp\(grad\(f\)\) is not supported/);
  });
});

describe("errors", () => {
  const compile = (body: string) => compileModule(`import { grad, hvp, hessian } from "adc";\n${body}`, { filename: "e.ts" });
  const code = (body: string) => {
    try {
      compile(body);
    } catch (e) {
      expect(e).toBeInstanceOf(AdcError);
      return (e as AdcError).code;
    }
    return "none";
  };
  it("rejects what forward over reverse does not do, with ADC23x", () => {
    expect(code(`function v(x: number): Float64Array { return new Float64Array([x, x]); }\nexport const h = hessian(v);`)).toBe("ADC231");
    expect(code(`function n(x: number, on: boolean): number { return on ? x * x : x; }\nexport const h = hvp(n, 1);`)).toBe("ADC231");
    expect(code(`function r(x: Float64Array): number { return x[0] * x[1]; }\nexport const h = grad(grad(r));`)).toBe("ADC232");
    // mixed partials (test/inner-grad.test.ts): the inner grad's argument must be a number
    expect(code(`function r(x: number[], y: number): number { return x[0] * x[0] * y; }\nexport const h = grad(grad(r, 0), 1);`)).toBe("ADC232");
    expect(code(`function r(x: number, y: number): number { return x * y; }\nexport const h = hvp(r, [0, 1]);`)).toBe("ADC233");
    expect(code(`function r(x: number): number { return x * x * x; }\nexport const h = hvp(grad(r));`)).toBe("ADC232");
    expect(code(`function r(x: Float64Array): number { return x[0] * x[1]; }\nexport const h = hessian(grad(r));`)).toBe("ADC232");
    // object arguments (test/hvp-objects.test.ts): nested grad in an object argument is not done
    expect(code(`function o(p: { a: number; b: number }, s: number): number { return p.a * p.b * s; }\nexport const h = grad(grad(o, 1), 0);`)).toBe("ADC237");
    expect(code(`function o(p: { a: number; b: number }, s: number): number { return p.a * p.b * s; }\nexport const h = grad(grad(o, 0), 1);`)).toBe("ADC232");
    expect(code(`import { primitive } from "adc";\nfunction hyp(a: number, b: number): number { return Math.sqrt(a * a + b * b); }\nprimitive(hyp, (dy, y, a, b) => (dy * a) / y, (dy, y, a, b) => (dy * b) / y);\nfunction f(x: number): number { return hyp(x, 2) * x; }\nexport const h = grad(grad(f));`)).toBe("ADC234");
    // the reverse sweep adds into (c ? ab : bb)[1]: a write through a conditional the tangent pass does not take
    expect(code(`function f(x: number[], y: number[]): number {\n  const a = x[0] > 0 ? x : y;\n  const b = x[0] < 0 ? x : y;\n  return (x[0] > 0.5 ? a : b)[1] * a[0];\n}\nexport const h = hvp(f);`)).toBe("ADC230");
  });

  it("a direction of the wrong shape is ADC_R230", async () => {
    const m = await load("direction", ARRAYS + `export const hr = hvp(rosen);`);
    expect(() => m.hr(Float64Array.from([1, 2, 3]), Float64Array.from([1, 2]))).toThrow(/ADC_R230/);
    expect(() => m.hr(Float64Array.from([1, 2, 3]), 1)).toThrow(/ADC_R230/);
  });
});
