// vjp and jacobian through objects (issue 4), beyond the finite-difference cases of
// test/corpus/vector-objects.ts: the shape of gradients and rows (null at leaves without numbers,
// class instances become plain objects), the arguments as given (the caller changes its objects
// after vjp), the run-time checks at vjp time (a leaf of the wrong type, the wrong class, arrays f
// writes that share storage), a number-valued f's Jacobian with respect to an object in both modes,
// jacobian(f, [argnums]) compiled and at run time, and the run-time (uncompiled) entry points.
import { describe, expect, it } from "vitest";
import { compileAndImport } from "./helpers/load.js";
import { expectGradClose, finiteDiff } from "./helpers/fd.js";
import { jacobian, vjp } from "../index.js";

const source = `import { vjp, jacobian } from "adc";
export class Lin {
  constructor(public w: number[], public b: number) {}
  at(x: number): number { return this.w[0] * x + this.w[1] * x * x + this.b; }
}
export function f(l: Lin, o: { k: number; tag: string }, xs: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) out.push(l.at(xs[i]) * o.k);
  return out;
}
export function e(l: Lin, o: { k: number; tag: string }): number {
  return l.at(o.k) * l.at(-o.k);
}
export const vf = vjp(f);
export const Jf = jacobian(f);
export const Jo = jacobian(f, 1, "forward");
export const Je = jacobian(e);
export const JeF = jacobian(e, 0, "forward");
export const JeO = jacobian(e, 1, "reverse");
`;

describe("vjp of an array-valued function with object parameters", () => {
  it("gradients are plain objects shaped like the arguments, at the arguments as given", async () => {
    const m = await compileAndImport(source, "vjp-objects-shape");
    const args = () => [new m.Lin([0.5, -0.25], 0.1), { k: 1.5, tag: "a" }, [0.3, -0.8]];
    const a = args();
    const [v, back] = m.vf(...a);
    expect(v).toEqual(m.f(...args()));
    a[0].w[0] = 99; // the caller changes its objects: the pullback still uses them as given
    a[1].k = -7;
    const ct = [0.7, -1.1];
    const g = back(ct);
    expect(Object.getPrototypeOf(g[0])).toBe(Object.prototype);
    expect(g[1].tag).toBeNull();
    const dot = (...x: any[]) => m.f(...x).reduce((s: number, y: number, i: number) => s + y * ct[i], 0);
    for (const k of [0, 1, 2]) expectGradClose(g[k], finiteDiff(dot, args(), k), { rtol: 1e-6, atol: 1e-8 }, `argument ${k}`);
    expect(() => back([1])).toThrow(/ADC_R260/);
  });

  it("checks leaves and classes when vjp is called, before f runs", async () => {
    const m = await compileAndImport(source, "vjp-objects-shape");
    expect(() => m.vf(new m.Lin([0.5, -0.25], 0.1), { k: "1.5", tag: "a" }, [0.3])).toThrow(/ADC_R003.*field \.k of argument 1/);
    const xs = [0.3];
    expect(() => m.vf({ w: [0.5, -0.25], b: 0.1, at: m.Lin.prototype.at }, { k: 1.5, tag: "a" }, xs)).toThrow(/ADC_R006/);
  });
});

describe("jacobian with respect to an object", () => {
  it("rows of an array-valued f are objects over its number leaves, in both modes", async () => {
    const m = await compileAndImport(source, "vjp-objects-shape");
    const args = () => [new m.Lin([0.5, -0.25], 0.1), { k: 1.5, tag: "a" }, [0.3, -0.8, 1.2]];
    const J = m.Jf(...args());
    expect(J).toHaveLength(3);
    J.forEach((row: any, i: number) => {
      expect(Object.keys(row)).toEqual(["w", "b"]);
      expectGradClose(row, finiteDiff((...x: any[]) => m.f(...x)[i], args(), 0), { rtol: 1e-6, atol: 1e-8 }, `row ${i}`);
    });
    const Jo = m.Jo(...args());
    Jo.forEach((row: any, i: number) => {
      expect(row.tag).toBeNull();
      expectGradClose(row, finiteDiff((...x: any[]) => m.f(...x)[i], args(), 1), { rtol: 1e-6, atol: 1e-8 }, `row ${i}`);
    });
  });

  it("a number-valued f: the gradient object, in both modes", async () => {
    const m = await compileAndImport(source, "vjp-objects-shape");
    const args = () => [new m.Lin([0.5, -0.25], 0.1), { k: 1.5, tag: "a" }];
    const want = finiteDiff(m.e, args(), 0);
    expectGradClose(m.Je(...args()), want, { rtol: 1e-6, atol: 1e-8 }, "auto");
    expectGradClose(m.JeF(...args()), want, { rtol: 1e-6, atol: 1e-8 }, "forward");
    const o = m.JeO(...args());
    expect(o.tag).toBeNull();
    expectGradClose(o, finiteDiff(m.e, args(), 1), { rtol: 1e-6, atol: 1e-8 }, "reverse, argument 1");
  });
});

describe("jacobian(f, [argnums]): one Jacobian per listed argument", () => {
  const listSource = `import { jacobian } from "adc";
export function g(p: { a: number; b: number }, x: number[], s: number): number[] {
  for (let i = 0; i < x.length; i++) x[i] = x[i] * p.a + s;
  return [x[0] * x[1] * p.b, Math.sin(s * x[1]), p.a * p.b];
}
export const J = jacobian(g, [0, 1, 2]);
export const Jr = jacobian(g, [2, 0], "reverse");
export const Jf = jacobian(g, [1], "forward");
`;
  const args = () => [{ a: 0.9, b: -1.4 }, [0.3, 1.2], 0.5];
  const rowsFD = (m: Record<string, any>, k: number) => [0, 1, 2].map((i) => finiteDiff((...a: any[]) => m.g(...a)[i], args(), k));

  it("compiled: each Jacobian against central differences, the arguments left as g leaves them (g runs once on them)", async () => {
    const m = await compileAndImport(listSource, "vjp-argnums");
    for (const [J, ks] of [[m.J, [0, 1, 2]], [m.Jr, [2, 0]], [m.Jf, [1]]] as const) {
      const a = args();
      const Js = J(...a);
      const byG = args();
      m.g(...byG);
      expect(a).toEqual(byG);
      expect(Js).toHaveLength(ks.length);
      ks.forEach((k, n) => Js[n].forEach((row: unknown, i: number) => expectGradClose(row, rowsFD(m, k)[i], { rtol: 1e-6, atol: 1e-8 }, `argument ${k}, row ${i}`)));
    }
  });

  it("at run time (uncompiled f), and a bad list is ADC_R263", () => {
    function h(x: number[], s: number): number[] {
      return [x[0] * s, x[1] * s * s];
    }
    const [Jx, Js] = jacobian(h, [0, 1])([2, 3], 0.5);
    expect(Jx).toEqual([[0.5, 0], [0, 0.25]]);
    expect(Js).toEqual([2, 3]);
    expect(() => jacobian(h, [] as never)).toThrow(/ADC_R263/);
    expect(() => jacobian(h, [0, -1])).toThrow(/ADC_R263/);
  });
});

describe("vjp with shared storage in object arguments", () => {
  const aliasSource = `import { vjp } from "adc";
export function f(a: { v: number[]; k: number }, b: { v: number[] }): number[] {
  for (let i = 0; i < a.v.length; i++) a.v[i] = a.v[i] * a.k;
  return [a.v[0] * b.v[1], b.v[0]];
}
export function g(a: { v: number[]; k: number }, b: { v: number[] }): number[] {
  return [a.v[0] * b.v[1] * a.k, b.v[0]];
}
export const vf = vjp(f);
export const vg = vjp(g);
`;
  it("is refused when f writes into an array another argument (or field) shares, before f runs", async () => {
    const m = await compileAndImport(aliasSource, "vjp-objects-alias");
    const v = [0.5, 2];
    expect(() => m.vf({ v, k: 3 }, { v })).toThrow(/ADC_R008.*a\.v and b\.v/);
    expect(v).toEqual([0.5, 2]);
    const a = { v: [0.5, 2], k: 3 };
    expect(() => m.vf(a, a)).toThrow(/ADC_R008/);
    // separate arrays: f writes a.v, the gradient is at a.v as given
    const [y, back] = m.vf({ v: [0.5, 2], k: 3 }, { v: [1, -1] });
    expect(y).toEqual([-1.5, 1]);
    expect(back([1, 0])).toEqual([{ v: [-3, 0], k: -0.5 }, { v: [0, 1.5] }]);
  });

  it("a number-valued f too (before: the pullback differentiated separate copies, a silently different derivative)", async () => {
    const m = await compileAndImport(
      `import { vjp } from "adc";
export function h(a: { v: number[]; k: number }, b: { v: number[] }): number {
  for (let i = 0; i < a.v.length; i++) a.v[i] = a.v[i] * a.k;
  return a.v[0] * b.v[1] + b.v[0];
}
export const vh = vjp(h);
`,
      "vjp-objects-alias-number",
    );
    const v = [0.5, 2];
    expect(() => m.vh({ v, k: 3 }, { v })).toThrow(/ADC_R008/);
    const [y, back] = m.vh({ v: [0.5, 2], k: 3 }, { v: [1, -1] });
    expect(y).toBe(-0.5);
    expect(back(2)).toEqual([{ v: [-6, 0], k: -1 }, { v: [2, 3] }]);
  });

  it("read only: each argument gets its own gradient, as if they were separate", async () => {
    const m = await compileAndImport(aliasSource, "vjp-objects-alias");
    const v = [0.5, 2];
    const [y, back] = m.vg({ v, k: 3 }, { v });
    expect(y).toEqual([3, 0.5]);
    expect(back([1, 0])).toEqual([{ v: [6, 0], k: 1 }, { v: [0, 1.5] }]);
  });
});

describe("vjp and jacobian through objects at run time (uncompiled f)", () => {
  function f(p: { a: number; v: number[]; name: string }, t: number): number[] {
    return [p.a * Math.sin(t), p.v[0] * p.v[1] * t, Math.exp(p.a * p.v[1])];
  }
  const args = () => [{ a: 0.7, v: [1.3, -0.4], name: "p" }, 0.5] as [any, number];

  it("the pullback and the rows are objects, against central differences", () => {
    const [y, back] = vjp(f, ...args());
    expect(y).toEqual(f(...args()));
    const ct = [0.3, -1.2, 0.8];
    const g = back(ct);
    expect(g[0].name).toBeNull();
    const dot = (...a: any[]) => (f as any)(...a).reduce((s: number, v: number, i: number) => s + v * ct[i], 0);
    for (const k of [0, 1]) expectGradClose(g[k], finiteDiff(dot, args(), k), { rtol: 1e-6, atol: 1e-8 }, `argument ${k}`);
    for (const mode of ["forward", "reverse"] as const) {
      const [J0, J1] = jacobian(f, [0, 1], mode)(...args());
      J0.forEach((row: unknown, i: number) => expectGradClose(row, finiteDiff((...a: any[]) => (f as any)(...a)[i], args(), 0), { rtol: 1e-6, atol: 1e-8 }, `${mode} row ${i}`));
      J1.forEach((d: unknown, i: number) => expectGradClose(d, finiteDiff((...a: any[]) => (f as any)(...a)[i], args(), 1), { rtol: 1e-6, atol: 1e-8 }, `${mode} d/dt ${i}`));
    }
  });
});
