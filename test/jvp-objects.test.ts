// Forward mode (jvp) through objects, classes, arrays of objects, destructured parameters and
// closures returned by module factories. Each case compiles f with jvp and grad and checks, along a
// random tangent of the arguments' structure: jvp's value is f's, its derivative equals the central
// finite difference of f and grad(f)·t, the caller's tangents are not modified, and the arguments
// are left as f leaves them. Then the run-time checks of tangents (ADC_R205, ADC_R201, classes,
// aliasing), jvp at run time, the compile errors that remain, and a snapshot of one wrapper.
import { describe, expect, it } from "vitest";
import { AdcError, compileModule } from "../compiler/index.js";
import { jvp } from "../index.js";
import { mulberry32 } from "../gradcheck.js";
import { deepCopy, exactMismatches, flatten, unflatten, withLeaves } from "./helpers/fd.js";
import { compileAndImport, RUNTIME_PATH } from "./helpers/load.js";

const HEAD = `import { jvp, grad } from "adc";\n`;
const f64 = (...v: number[]) => new Float64Array(v);

interface JCase {
  name: string;
  /** defines f (and whatever it uses); `export const jf = jvp(f)` and `df = grad(f, wrt)` are added unless `tail` is given */
  src: string;
  args: (m: Record<string, any>) => unknown[];
  /** the arguments with a random tangent (the others get zero tangents; non-numeric ones null) */
  wrt: number[];
  /** replaces the jf/df exports (factories); the module must export jf, df and the function f it differentiates */
  tail?: string;
}

/** A tangent of x's structure: random numbers in [-1, 1] (or zeros), null where x holds no numbers. */
function tangentOf(x: unknown, r: (() => number) | null): unknown {
  if (typeof x !== "number" && (typeof x !== "object" || x === null)) return null;
  return unflatten(x, flatten(x).map(() => (r ? 2 * r() - 1 : 0)));
}

async function checkCase(c: JCase): Promise<void> {
  const tail = c.tail ?? `export const jf = jvp(f);\nexport const df = grad(f, [${c.wrt.join(", ")}]);\n`;
  const m = await compileAndImport(`${HEAD}${c.src}\n${tail}`, `jvpobj-${c.name}`);
  const args = c.args(m);
  const r = mulberry32(c.name.length * 31 + 7);
  const dir = args.map((a, i) => tangentOf(a, c.wrt.includes(i) ? r : null));
  const dirCopy = deepCopy(dir);
  // value, and the arguments as f leaves them
  const byF = deepCopy(args);
  const value = m.f(...byF);
  const byJvp = deepCopy(args);
  const [v, d] = m.jf(byJvp, dir);
  expect(v).toBe(value);
  expect(exactMismatches(byJvp, byF, "arguments after jvp")).toEqual([]);
  expect(exactMismatches(dir, dirCopy, "tangents after jvp")).toEqual([]);
  // central differences of f along the tangent
  const h = 1e-6;
  const along = (s: number) => args.map((a, i) => (dir[i] === null ? deepCopy(a) : withLeaves(a, flatten(a).map((x, k) => x + s * h * flatten(dir[i])[k]))));
  const fd = (m.f(...along(1)) - m.f(...along(-1))) / (2 * h);
  expect(typeof d).toBe("number");
  expect(Math.abs(d - fd), `jvp ${d} vs finite difference ${fd}`).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(fd)));
  // the reverse mode's gradient dotted with the tangent: both exact
  const g = m.df(...deepCopy(args)) as unknown[];
  let dot = 0;
  c.wrt.forEach((i, k) => flatten(g[k]).forEach((x, j) => (dot += x * flatten(dir[i])[j])));
  expect(Math.abs(d - dot), `jvp ${d} vs grad·t ${dot}`).toBeLessThanOrEqual(1e-10 * (1 + Math.abs(dot)));
  expect(Math.abs(d)).toBeGreaterThan(1e-8); // a derivative that is zero would check nothing
}

const CASES: JCase[] = [
  {
    name: "nested-objects",
    src: `type Layer = { W: Float64Array; b: number };
export function f(n: { l1: Layer; l2: Layer; name: string }, x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const h = Math.tanh(n.l1.W[i] * x[i] + n.l1.b);
    s += n.l2.W[i] * h;
  }
  return s + n.l2.b * n.l2.b;
}`,
    args: () => [{ l1: { W: f64(0.4, -0.2, 0.9), b: 0.1 }, l2: { W: f64(1.3, -0.5, 0.2), b: -0.3 }, name: "net" }, [0.5, -1, 2]],
    wrt: [0, 1],
  },
  {
    name: "class-methods-calling-methods",
    src: `export class Net {
  constructor(public W: Float64Array, public b: number, public label: string) {}
  pre(x: number, i: number): number { return this.W[i] * x + this.b; }
  act(x: number, i: number): number { return Math.tanh(this.pre(x, i)); }
  loss(xs: number[]): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += this.act(xs[i], i) ** 2;
    return s;
  }
}
export function f(net: Net, xs: number[]): number { return net.loss(xs) + net.b; }`,
    args: (m) => [new m.Net(f64(0.3, -0.7), 0.2, "n"), [1.5, 0.5]],
    wrt: [0, 1],
  },
  {
    name: "array-of-objects-map-reduce",
    src: `interface Pt { x: number; y: number; w: number; tag: string }
export function f(pts: Pt[], a: number): number {
  return pts.map((p) => (a * p.x - p.y) ** 2 * p.w).reduce((s, t) => s + t, 0);
}`,
    args: () => [
      [
        { x: 1, y: 2, w: 0.5, tag: "a" },
        { x: -0.5, y: 0.3, w: 2, tag: "b" },
        { x: 2, y: -1, w: 1.5, tag: "c" },
      ],
      0.7,
    ],
    wrt: [0, 1],
  },
  {
    name: "destructured-params",
    src: `export function f({ a, b: [u, v] }: { a: number; b: [number, number] }, [s, t]: number[]): number {
  return Math.exp(a * u) + v * s * t;
}`,
    args: () => [{ a: 0.3, b: [0.5, -1.2] }, [0.4, 1.1]],
    wrt: [0, 1],
  },
  {
    name: "tuple-and-untyped-object",
    src: `export function f(p: [number, Float64Array], q) {
  let s = 0;
  for (let i = 0; i < p[1].length; i++) s += Math.sin(p[0] * p[1][i]) * q.scale;
  return s + q.offset * q.offset;
}`,
    args: () => [[0.8, f64(0.5, -1, 2)], { scale: 1.5, offset: 0.3, label: "not read" }],
    wrt: [0, 1],
  },
  {
    name: "argument-f-writes-into",
    src: `export function f(p: { w: Float64Array; k: number }, x: Float64Array): number {
  for (let i = 0; i < p.w.length; i++) p.w[i] = p.w[i] * p.k + x[i];
  let s = 0;
  for (let i = 0; i < p.w.length; i++) s += p.w[i] * p.w[i];
  return s;
}`,
    args: () => [{ w: f64(1, -2, 0.5), k: 1.3 }, f64(0.1, 0.2, 0.3)],
    wrt: [0, 1],
  },
  {
    name: "only-second-argument-is-an-object",
    src: `export function f(x: number, p: { a: number; b: number; c: { d: number } }): number {
  return Math.exp(p.a * x) + p.b * x * x * p.c.d;
}`,
    args: () => [0.5, { a: 0.3, b: -1.2, c: { d: 2 } }],
    wrt: [1],
  },
  {
    name: "optional-field-present",
    src: `export function f(p: { a: number; extra?: { k: number } }): number {
  return p.a * p.a * (p.extra?.k ?? 2);
}`,
    args: () => [{ a: 1.5, extra: { k: 3 } }],
    wrt: [0],
  },
  {
    name: "optional-field-missing",
    src: `export function f(p: { a: number; extra?: { k: number } }): number {
  return p.a * p.a * (p.extra?.k ?? 2);
}`,
    args: () => [{ a: 1.5 }],
    wrt: [0],
  },
  {
    name: "class-with-array-of-objects-field",
    src: `export class Layer {
  constructor(public w: number, public b: number) {}
  apply(x: number): number { return Math.tanh(this.w * x + this.b); }
}
export class Model {
  constructor(public layers: Layer[], public scale: number) {}
  run(x: number): number {
    let h = x;
    for (const l of this.layers) h = l.apply(h);
    return this.scale * h;
  }
}
export function f(m: Model, x: number): number { return m.run(x) ** 2; }`,
    args: (m) => [new m.Model([new m.Layer(0.5, 0.1), new m.Layer(-1.2, 0.3)], 2), 0.8],
    wrt: [0, 1],
  },
  {
    name: "factory-closure-applied",
    src: `export function makeLoss(data: Float64Array, c: { k: number }) {
  return (w: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < w.length; i++) s += (w[i] - data[i]) ** 2 * c.k;
    return s;
  };
}
export const f = makeLoss(f64(1, 2, -1), { k: 3 });
function f64(...v: number[]) { return new Float64Array(v); }`,
    tail: `export const jf = jvp(f);\nexport const df = (w: Float64Array) => [grad(f)(w)];\n`,
    args: () => [f64(0.5, -0.5, 2)],
    wrt: [0],
  },
  {
    name: "factory-closure-of-objects",
    src: `interface Obs { x: number; y: number }
export function makeFit(obs: Obs[], reg: number) {
  return (p: { a: number; b: number }, s: number): number =>
    obs.reduce((acc, o) => acc + (p.a * o.x + p.b - o.y) ** 2, 0) * s + reg * (p.a * p.a + p.b * p.b);
}
const obs = [{ x: 1, y: 2 }, { x: 2, y: 3.5 }, { x: -1, y: 0.2 }];
export const f = makeFit(obs, 0.1);`,
    tail: `export const jf = jvp(f);\nexport const df = (p: any, s: number) => [grad(f, 0)(p, s), grad(f, 1)(p, s)];\n`,
    args: () => [{ a: 0.4, b: -0.3 }, 1.5],
    wrt: [0, 1],
  },
];

describe("jvp through objects, classes and factory closures", () => {
  for (const c of CASES) it(c.name, () => checkCase(c));

  it("one factory at two sites with different captures, a destructured closure parameter, and grad of the same closure", async () => {
    const m = await compileAndImport(
      `${HEAD}export function makeQuad(c: { k: number; off: Float64Array }) {
  return ({ x, y }: { x: number; y: number }): number => c.k * (x - c.off[0]) ** 2 + Math.sin(y * c.off[1]);
}
export const q1 = makeQuad({ k: 2, off: new Float64Array([1, 0.5]) });
export const j1 = jvp(q1);
export const g1 = grad(q1);
export const r2 = jvp(makeQuad({ k: -3, off: new Float64Array([0, 2]) }), [{ x: 0.5, y: 0.25 }], [{ x: 1, y: 1 }]);
`,
      "jvpobj-two-sites",
    );
    const [v1, d1] = m.j1([{ x: 0.5, y: 0.25 }], [{ x: 1, y: 1 }]);
    expect(v1).toBe(2 * 0.25 + Math.sin(0.125));
    expect(d1).toBeCloseTo(2 * 2 * (0.5 - 1) + 0.5 * Math.cos(0.125), 14);
    const g = m.g1({ x: 0.5, y: 0.25 });
    expect(d1).toBeCloseTo(g.x + g.y, 14);
    const [v2, d2] = m.r2;
    expect(v2).toBe(-3 * 0.25 + Math.sin(0.5));
    expect(d2).toBeCloseTo(-3 * 2 * 0.5 + 2 * Math.cos(0.5), 14);
  });

  it("jvp(makeLoss(data), primals, tangents) applied at the call site, and an array-valued f of an object", async () => {
    const m = await compileAndImport(
      `${HEAD}export function makeLoss(data: Float64Array) {
  return (p: { w: number; b: number }): number => {
    let s = 0;
    for (let i = 0; i < data.length; i++) s += (p.w * data[i] + p.b) ** 2;
    return s;
  };
}
export function g(p: { w: number; v: Float64Array }): Float64Array {
  const out = new Float64Array(p.v.length);
  for (let i = 0; i < p.v.length; i++) out[i] = p.w * p.v[i] * p.v[i];
  return out;
}
export const data = new Float64Array([1, -2, 0.5]);
export const r = jvp(makeLoss(data), [{ w: 0.5, b: 0.25 }], [{ w: 1, b: -2 }]);
export const jg = jvp(g);
`,
      "jvpobj-applied",
    );
    const [v, d] = m.r;
    const L = (w: number, b: number) => [1, -2, 0.5].reduce((s, x) => s + (w * x + b) ** 2, 0);
    expect(v).toBe(L(0.5, 0.25));
    // d/dt L(w + t, b - 2t): closed form
    const exact = [1, -2, 0.5].reduce((s, x) => s + 2 * (0.5 * x + 0.25) * (x - 2), 0);
    expect(Math.abs(d - exact)).toBeLessThanOrEqual(1e-12);
    const [gv, gd] = m.jg([{ w: 2, v: f64(1, 3) }], [{ w: 0.5, v: f64(1, 0) }]);
    expect(Array.from(gv)).toEqual([2, 18]);
    expect(Array.from(gd)).toEqual([0.5 * 1 + 2 * 2 * 1, 0.5 * 9]);
  });
});

describe("tangents of object arguments at run time", async () => {
  const m = await compileAndImport(
    `${HEAD}export class Scale {
  constructor(public k: number, public name: string) {}
  apply(x: number): number { return this.k * x * x; }
}
export class Twice extends Scale {
  apply(x: number): number { return 2 * this.k * x; }
}
export function f(p: { w: Float64Array; b: number; tag: string; on: boolean }, s: Scale): number {
  return (p.w[0] * p.w[1] + p.b) * s.apply(2);
}
export function h(p: { a: Float64Array; b: Float64Array }): number {
  for (let i = 0; i < p.a.length; i++) p.a[i] = p.a[i] * p.b[i];
  return p.a[0] + p.b[1];
}
export const jf = jvp(f);
export const jh = jvp(h);
`,
    "jvpobj-runtime",
  );
  const p = () => ({ w: f64(1, 2), b: 0.5, tag: "t", on: true });
  const s = () => new m.Scale(3, "s");

  it("leaves holding no numbers take null, undefined or the same value; a gradient-shaped object is a tangent", () => {
    // f = (w0 w1 + b) · 4k with k = 3: along w = (1, 1), b = 1 it is (w1 + w0 + 1) · 12
    for (const extra of [{ tag: null, on: null }, {}, { tag: "t", on: true }]) {
      const [, d] = m.jf([p(), s()], [{ w: f64(1, 1), b: 1, ...extra }, { k: 0, name: null }]);
      expect(d).toBe((2 + 1 + 1) * 12);
    }
    // d/dk: (w0 w1 + b) * 4
    const [, dk] = m.jf([p(), s()], [{ w: f64(0, 0), b: 0, tag: null, on: null }, { k: 1, name: null }]);
    expect(dk).toBeCloseTo(2.5 * 4, 12);
  });

  it("a tangent without the argument's structure is ADC_R205, naming the place", () => {
    expect(() => m.jf([p(), s()], [{ w: f64(1, 1) }, { k: 0 }])).toThrow(/ADC_R205: jvp\(f\): the tangent of argument 0 .*\.b is a number but its tangent is missing/);
    expect(() => m.jf([p(), s()], [{ w: f64(1), b: 0 }, { k: 0 }])).toThrow(/ADC_R205.*\.w has length 2 but its tangent 1/);
    expect(() => m.jf([p(), s()], [null, { k: 0 }])).toThrow(/ADC_R205.*it is an object but its tangent is null/);
    expect(() => m.jf([p(), s()], [{ w: [1, 1], b: 0 }, 5])).toThrow(/ADC_R205: jvp\(f\): the tangent of argument 1 .*it is an object but its tangent is a number/);
    expect(() => m.jf([p(), s()], [{ w: f64(1, 1), b: "0" }, { k: 0 }])).toThrow(/ADC_R205.*\.b is a number but its tangent is string/);
  });

  it("a primal field of the wrong type is ADC_R003 with its path; a subclass is ADC_R006", () => {
    expect(() => m.jf([{ ...p(), b: "x" }, s()], [{ w: f64(0, 0), b: 0 }, { k: 0 }])).toThrow(/ADC_R003: field \.b of argument 0 of f is string/);
    expect(() => m.jf([p(), new m.Twice(3, "t")], [{ w: f64(0, 0), b: 0 }, { k: 0 }])).toThrow(/ADC_R006/);
  });

  it("arrays f writes into may not share storage with another field (ADC_R008); the caller's tangents are not written", () => {
    const w = f64(1, 2);
    expect(() => m.jh([{ a: w, b: w }], [{ a: f64(0, 0), b: f64(0, 0) }])).toThrow(/ADC_R008: p\.a and p\.b of h share storage/);
    const t = { a: f64(1, 0), b: f64(0, 1) };
    const arg = { a: f64(1, 2), b: f64(3, 4) };
    const [v, d] = m.jh([arg], [t]);
    expect(v).toBe(3 + 4);
    expect(d).toBe(3 + 1);
    expect(Array.from(arg.a)).toEqual([3, 8]); // as h leaves it
    expect(Array.from(t.a)).toEqual([1, 0]);
  });

  it("a tangent that is the very array f writes into is read as given, not as f changes it", () => {
    const arg = { a: f64(1, 2), b: f64(3, 4) };
    const [, d] = m.jh([arg], [{ a: f64(0, 0), b: arg.a }]); // the direction of b is a's storage
    // along b = (1, 2): a0' = a0 b0 changes by a0·1 = 1, and b1 by 2
    expect(d).toBe(1 + 2);
  });
});

describe("jvp of object functions at run time, compiled from the source", () => {
  it("an object argument, an array of objects and destructuring", () => {
    const f = (p: { a: number; b: number[] }, pts: { x: number }[]) => p.a * p.b[0] + pts.reduce((s, q) => s + q.x * q.x * p.b[1], 0);
    const [v, d] = jvp(f, [{ a: 2, b: [3, 0.5] }, [{ x: 1 }, { x: -2 }]], [{ a: 1, b: [0, 0] }, [{ x: 0 }, { x: 1 }]]);
    expect(v).toBe(6 + 0.5 * 5);
    expect(d).toBe(3 + 2 * -2 * 0.5);
    const g = ({ u, v }: { u: number; v: number }) => Math.sin(u) * v;
    const [, dg] = jvp(g)([{ u: 0.3, v: 2 }], [{ u: 1, v: 0 }]);
    expect(dg).toBeCloseTo(Math.cos(0.3) * 2, 14);
    expect(() => jvp(g)([{ u: 0.3, v: 2 }], [{ u: 1 }])).toThrow(/ADC_R205/);
  });
});

describe("jvp compile errors that remain", () => {
  const codeOf = (body: string) => {
    try {
      compileModule(HEAD + body, { filename: "e.ts", runtimeImport: RUNTIME_PATH });
    } catch (e) {
      expect(e).toBeInstanceOf(AdcError);
      return (e as AdcError).code;
    }
    return "compiled";
  };
  it("f returning an object (ADC205)", () => {
    expect(codeOf(`export function f(p: { a: number }): { a: number } { return { a: 2 * p.a }; }\nexport const j = jvp(f);`)).toBe("ADC205");
    expect(codeOf(`export function f(p: { a: number }) { if (p.a > 0) return { a: 2 * p.a }; return { a: 0 }; }\nexport const j = jvp(f);`)).toBe("ADC205");
    // an object literal inside a callback is not f's result
    expect(codeOf(`export function f(p: { a: number }[]): number { return p.map((q) => ({ a: q.a * 2 })).reduce((s, q) => s + q.a, 0); }\nexport const j = jvp(f);`)).not.toBe("ADC205");
  });
  it("a factory's closure that assigns what it captures (ADC220), and one calling a function passed to the factory (ADC201)", () => {
    expect(codeOf(`export function mk(k: number) { return (x: number): number => { k = k + 1; return x * k; }; }\nexport const j = jvp(mk(2));`)).toBe("ADC220");
    expect(codeOf(`export function mk(g: (x: number) => number) { return (x: number): number => g(x) * x; }\nexport const j = jvp(mk(Math.sin));`)).toBe("ADC201");
  });
  it("a closure called with the wrong arguments (ADC203)", () => {
    expect(codeOf(`export function mk(k: number) { return (x: number): number => x * k; }\nexport const j = jvp(mk(2), [1]);`)).toBe("ADC203");
  });
});

describe("generated jvp wrapper of a function of objects", () => {
  it("reads leaves out of the argument and of its tangent, checks the class and the structure", () => {
    const { code } = compileModule(
      `${HEAD}export class Lin {
  constructor(public W: Float64Array, public b: number) {}
  out(x: number): number { return Math.tanh(this.W[0] * x + this.b); }
}
export function f(l: Lin, pts: { x: number; y: number }[]): number {
  return pts.reduce((s, p) => s + (l.out(p.x) - p.y) ** 2, 0);
}
export const jf = jvp(f);
`,
      { filename: "snap.ts", sourceMaps: false },
    );
    const start = code.indexOf("// jvp(f)");
    expect(code.slice(start, code.indexOf("\n}\n", start) + 2)).toMatchSnapshot();
  });
});
