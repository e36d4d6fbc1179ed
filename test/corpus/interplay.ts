// Cases that mix the features of issue 3: objects and classes inside callbacks, local closures,
// IIFEs and factories; class methods using callbacks, closures and spreads; primitive() rules and
// functions passed in called with fields of objects and inside methods; destructuring in callback
// parameters over arrays of objects; argnum arrays and inputs mutated by f across all of these.
import { mk, type Case } from "./case.js";

const f64 = (...v: number[]) => new Float64Array(v);
const RT = `import { primitive } from "adc/runtime";`;

const LIN = `
    export class Lin {
      constructor(public w: Float64Array, public b: number) {}
      forward(xs: Float64Array): number {
        return xs.reduce((s, x, i) => s + this.w[i] * x, this.b);
      }
    }`;

export const interplayClosures: Case[] = [
  mk("ip-map-reads-object-field", `
    export function f(p: { w: number; b: number }, xs: Float64Array): number {
      const ys = xs.map((x) => p.w * x + p.b);
      return ys.reduce((s, y) => s + y * y, 0);
    }`, () => [{ w: 0.7, b: -0.3 }, f64(0.5, 1.5, -2)], [0, 1]),
  mk("ip-closure-reads-object-fields", `
    export function f(p: { a: number; b: number }, x: number): number {
      const g = (t: number) => p.a * t + Math.sin(p.b * t);
      return g(x) * g(p.a);
    }`, () => [{ a: 0.7, b: -0.3 }, 1.1], [0, 1]),
  mk("ip-closure-object-parameter", `
    type P = { a: number; b: number };
    export function f(p: P, q: P): number {
      const h = (o: P) => o.a * o.b + o.a;
      return h(p) * h(q) + h(p);
    }`, () => [{ a: 0.7, b: -0.3 }, { a: 1.2, b: 0.4 }], [0, 1]),
  mk("ip-iife-over-object", `
    export function f(p: { a: number; b: number }): number {
      return ((q: { a: number; b: number }) => q.a * Math.sin(q.b))(p) + ((r) => r.a * r.a)(p);
    }`, () => [{ a: 0.7, b: -0.3 }]),
  mk("ip-closure-writes-array-field", `
    export function f(p: { w: Float64Array; k: number }): number {
      const bump = (i: number) => { p.w[i] = p.w[i] * p.k + 1; };
      bump(0);
      bump(1);
      bump(0);
      return p.w[0] * p.w[1] + p.w[2];
    }`, () => [{ w: f64(0.5, -1, 2), k: 1.3 }]),
  mk("ip-callback-builds-object", `
    export function f(p: { w: Float64Array; c: number }): number {
      const ys = Array.from(p.w, (x, i) => { const o = { a: x, b: p.c * i }; return o.a * o.b + o.a; });
      return ys.reduce((s, y) => s + y * y, 0);
    }`, () => [{ w: f64(0.5, -1, 2), c: 0.9 }]),
  mk("ip-callback-spreads-object", `
    export function f(p: { a: number; b: number }, xs: number[]): number {
      let s = 0;
      xs.forEach((x) => { const q = { ...p, b: x }; s += q.a * q.b; });
      return s * p.b;
    }`, () => [{ a: 0.7, b: -0.3 }, [0.5, 1.5, -2]], [0, 1]),
  mk("ip-array-from-length-fields", `
    export function f(p: { w: Float64Array; s: number }): number {
      const sq = Array.from({ length: p.w.length }, (_, i) => p.w[i] * p.w[i] * p.s);
      return Math.max(...sq) + Math.hypot(...sq);
    }`, () => [{ w: f64(0.5, -1, 2), s: 1.3 }]),
  mk("ip-reduce-over-array-field-index", `
    export function f(p: { w: Float64Array; b: number }, xs: Float64Array): number {
      return p.w.reduce((s, w, i) => s + w * xs[i] * xs[i], p.b);
    }`, () => [{ w: f64(0.5, -1, 2), b: 0.1 }, f64(0.3, 0.2, -0.7)], [0, 1]),
  mk("ip-nested-closure-object", `
    export function f(p: { a: number; w: Float64Array }): number {
      const outer = (t: number) => {
        const inner = (u: number) => u * p.a + p.w[0];
        return inner(t) * inner(p.w[1]);
      };
      return p.w.map((x) => outer(x)).reduce((s, y) => s + y, 0);
    }`, () => [{ a: 0.7, w: f64(0.5, -1, 2) }]),
  mk("ip-closure-captures-loop-object", `
    type L = { w: number; b: number };
    export function f(ls: L[], x: number): number {
      let h = x;
      for (const l of ls) {
        const act = (t: number) => Math.tanh(l.w * t + l.b);
        h = act(h) + act(0.5);
      }
      return h;
    }`, () => [[{ w: 0.7, b: -0.3 }, { w: 1.1, b: 0.2 }], 0.9], [0, 1]),
  mk("ip-local-closure-captures-reassigned-number-and-object", `
    export function f(p: { a: number }, x: number): number {
      let s = x;
      const step = () => { s = s * p.a + 1; };
      step();
      step();
      return s * p.a;
    }`, () => [{ a: 0.7 }, 1.2], [0, 1]),
];

export const interplayDestructuring: Case[] = [
  mk("ip-destructure-callback-object-array", `
    type Pt = { x: number; w: number };
    export function f(pts: Pt[]): number {
      return pts.map(({ x, w }) => x * w).reduce((s, v) => s + v * v, 0);
    }`, () => [[{ x: 0.5, w: 1.2 }, { x: -1, w: 2 }]]),
  mk("ip-destructure-reduce-object-array", `
    type Pt = { x: number; w: number };
    export function f(pts: Pt[], k: number): number {
      return pts.reduce((s, { x, w }) => s + Math.sin(x * w * k), 0);
    }`, () => [[{ x: 0.5, w: 1.2 }, { x: -1, w: 2 }], 0.8], [0, 1]),
  mk("ip-destructure-foreach-index", `
    type Pt = { x: number; w: number };
    export function f(pts: Pt[]): number {
      let s = 0;
      pts.forEach(({ x, w }, i) => { s += (i + 1) * x * w; });
      return s * s;
    }`, () => [[{ x: 0.5, w: 1.2 }, { x: -1, w: 2 }, { x: 0.3, w: 0.2 }]]),
  mk("ip-destructure-closure-param-object", `
    export function f(p: { a: number; b: number }): number {
      const g = ({ a, b }: { a: number; b: number }) => a * b + a;
      return g(p) * p.b;
    }`, () => [{ a: 0.7, b: -0.3 }]),
  mk("ip-destructure-nested-array-param", `
    export function f(m: number[][][]): number {
      const g = ([[a, b]]: number[][]) => a * b * 2;
      return g(m[0]) + m[1][0][0] * g(m[1]);
    }`, () => [[[[0.5, 1.2]], [[-1, 2]]]]),
  mk("ip-destructure-nested-object-callback", `
    type L = { w: { a: number; b: number }; c: number };
    export function f(ls: L[]): number {
      return ls.reduce((s, { w: { a, b }, c }) => s + a * b + c * c, 0);
    }`, () => [[{ w: { a: 0.5, b: 1.2 }, c: 0.3 }, { w: { a: -1, b: 2 }, c: -0.4 }]]),
  mk("ip-destructure-tuple-callback", `
    export function f(pairs: [number, number][]): number {
      return pairs.map(([a, b]) => a * b).reduce((s, v) => s + v, 0);
    }`, () => [[[0.5, 1.2], [-1, 2]]]),
];

export const interplayClasses: Case[] = [
  mk("ip-method-uses-reduce-this", `${LIN}
    export function f(l: Lin, xs: Float64Array): number {
      const y = l.forward(xs);
      return y * y;
    }`, (m) => [new m.Lin(f64(0.5, -1, 2), 0.1), f64(0.3, 0.2, -0.7)], [0, 1]),
  mk("ip-method-uses-local-closure", `
    export class Act {
      constructor(public k: number, public w: Float64Array) {}
      apply(x: number): number {
        const g = (t: number) => Math.tanh(this.k * t);
        let s = 0;
        for (let i = 0; i < this.w.length; i++) s += g(this.w[i] * x);
        return s;
      }
    }
    export function f(a: Act, x: number): number {
      return a.apply(x) * a.apply(x * 2);
    }`, (m) => [new m.Act(0.8, f64(0.5, -1, 2)), 0.6], [0, 1]),
  mk("ip-method-spreads-field", `
    export class V {
      constructor(public w: Float64Array) {}
      top(): number { return Math.max(...this.w); }
      ext(x: number): number[] { return [...this.w, x]; }
    }
    export function f(v: V, x: number): number {
      const e = v.ext(x);
      let s = 0;
      for (const t of e) s += t * t;
      return s + v.top() * x;
    }`, (m) => [new m.V(f64(0.5, -1, 2)), 0.6], [0, 1]),
  mk("ip-model-reduce-layers-method-callbacks", `${LIN}
    export class Chain {
      constructor(public layers: Lin[]) {}
      run(x: number, xs: Float64Array): number {
        return this.layers.reduce((h, l) => h * l.forward(xs), x);
      }
    }
    export function f(c: Chain, x: number, xs: Float64Array): number {
      return c.run(x, xs);
    }`, (m) => [new m.Chain([new m.Lin(f64(0.5, -1), 0.1), new m.Lin(f64(0.3, 0.7), -0.2)]), 0.9, f64(0.4, -0.6)], [0, 1, 2]),
  mk("ip-method-writes-field-via-callback", `
    export class Acc {
      constructor(public w: Float64Array) {}
      scale(k: number): void { this.w.forEach((t, i) => { this.w[i] = t * k; }); }
    }
    export function f(a: Acc, k: number): number {
      a.scale(k);
      a.scale(k);
      return a.w[0] * a.w[1] + a.w[2];
    }`, (m) => [new m.Acc(f64(0.5, -1, 2)), 1.3], [0, 1]),
  mk("ip-getter-in-callback", `
    export class Pt {
      constructor(public x: number, public y: number) {}
      get r2(): number { return this.x * this.x + this.y * this.y; }
    }
    export function f(ps: Pt[]): number {
      return ps.map((p) => p.r2).reduce((s, v) => s + Math.sqrt(v), 0);
    }`, (m) => [[new m.Pt(0.5, 1.2), new m.Pt(-1, 2)]]),
  mk("ip-method-closure-captures-object-arg", `
    export class Sc {
      constructor(public k: number) {}
      both(p: { a: number; b: number }): number {
        const g = (t: number) => t * this.k + p.b;
        return g(p.a) * g(p.b);
      }
    }
    export function f(s: Sc, p: { a: number; b: number }): number {
      return s.both(p);
    }`, (m) => [new m.Sc(0.8), { a: 0.7, b: -0.3 }], [0, 1]),
  mk("ip-iife-over-class-instance", `${LIN}
    export function f(l: Lin, xs: Float64Array): number {
      return ((q: Lin) => q.forward(xs) * q.b)(l);
    }`, (m) => [new m.Lin(f64(0.5, -1, 2), 0.1), f64(0.3, 0.2, -0.7)]),
];

const HYP = `${RT}
    function hyp(a: number, b: number): number {
      return Math.sqrt(a * a + b * b);
    }
    primitive(hyp, (dy, y, a, b) => (dy * a) / y, (dy, y, a, b) => (dy * b) / y);
    function sumsq(v: Float64Array): number {
      let s = 0;
      for (let i = 0; i < v.length; i++) s += v[i] * v[i];
      return s;
    }
    primitive(sumsq, (dy, y, v: Float64Array) => v.map((t) => 2 * dy * t));`;

export const interplayCalls: Case[] = [
  mk("ip-primitive-object-fields", `${HYP}
    export function f(p: { a: number; b: number; w: Float64Array }): number {
      return hyp(p.a, p.b) * sumsq(p.w);
    }`, () => [{ a: 0.7, b: -0.3, w: f64(0.5, -1, 2) }]),
  mk("ip-primitive-in-callback-over-objects", `${HYP}
    type Pt = { x: number; y: number };
    export function f(ps: Pt[]): number {
      return ps.map((p) => hyp(p.x, p.y)).reduce((s, v) => s + v * v, 0);
    }`, () => [[{ x: 0.5, y: 1.2 }, { x: -1, y: 2 }]]),
  mk("ip-primitive-in-method", `${HYP}
    export class P2 {
      constructor(public x: number, public w: Float64Array) {}
      norm(y: number): number { return hyp(this.x, y) + sumsq(this.w); }
    }
    export function f(p: P2, y: number): number {
      return p.norm(y) * p.norm(y * 2);
    }`, (m) => [new m.P2(0.7, f64(0.5, -1)), 0.4], [0, 1]),
  mk("ip-primitive-after-field-write", `${HYP}
    export function f(p: { w: Float64Array }): number {
      const a = sumsq(p.w);
      p.w[0] = p.w[0] * p.w[1];
      return a * sumsq(p.w);
    }`, () => [{ w: f64(0.5, -1, 2) }]),
  mk("ip-function-passed-in-called-in-callback-with-field", `${RT}
    export const cube = primitive((t: number) => t * t * t, (dy, y, t) => 3 * dy * t * t);
    export function wave(t: number): number {
      return Math.sin(t) * t;
    }
    export const table = [wave]; // used as a value: the module registers its adjoint
    export function f(p: { a: number }, xs: number[], g: (t: number) => number): number {
      return xs.map((x) => g(p.a * x)).reduce((s, v) => s + v, 0);
    }`, (m) => [{ a: 0.7 }, [0.5, 1.5, -2], m.wave], [0, 1]),
  mk("ip-function-passed-in-called-in-method", `${RT}
    export const cube = primitive((t: number) => t * t * t, (dy, y, t) => 3 * dy * t * t);
    export function wave(t: number): number {
      return Math.sin(t) * t;
    }
    export const table = [wave]; // used as a value: the module registers its adjoint
    export class M {
      constructor(public w: number) {}
      run(x: number, g: (t: number) => number): number { return g(this.w * x) * this.w; }
    }
    export function f(m: M, x: number, g: (t: number) => number): number {
      return m.run(x, g);
    }`, (m) => [new m.M(0.7), 0.9, m.cube], [0, 1]),
  mk("ip-function-passed-in-via-local-closure", `${RT}
    export const cube = primitive((t: number) => t * t * t, (dy, y, t) => 3 * dy * t * t);
    export function wave(t: number): number {
      return Math.sin(t) * t;
    }
    export const table = [wave]; // used as a value: the module registers its adjoint
    export function f(p: { a: number; b: number }, g: (t: number) => number): number {
      const h = (t: number) => g(t * p.a) + p.b;
      return h(p.b) * h(1);
    }`, (m) => [{ a: 0.7, b: -0.3 }, m.wave]),
];

export const interplayFactories: Case[] = [
  mk("ip-factory-closure-reads-data-object", `
    function makeLoss(data: { xs: Float64Array; ys: Float64Array }) {
      return (w: number) => {
        let s = 0;
        for (let i = 0; i < data.xs.length; i++) { const r = w * data.xs[i] - data.ys[i]; s += r * r; }
        return s;
      };
    }
    export function f(w: number): number {
      const data = { xs: new Float64Array([1, 2, 3]), ys: new Float64Array([2, 3, 7]) };
      const loss = makeLoss(data);
      return loss(w);
    }`, () => [0.9]),
  mk("ip-factory-closure-captures-differentiated-object", `
    function makeLoss(p: { a: number; b: number }) {
      return (x: number) => p.a * x * x + p.b;
    }
    export function f(p: { a: number; b: number }, x: number): number {
      const loss = makeLoss(p);
      return loss(x) * loss(p.b);
    }`, () => [{ a: 0.7, b: -0.3 }, 1.1], [0, 1]),
  mk("ip-local-factory-over-object-array", `
    type Pt = { x: number; y: number };
    export function f(w: Float64Array, pts: Pt[]): number {
      const make = (ps: Pt[]) => (v: Float64Array) => ps.reduce((s, p) => s + (v[0] * p.x + v[1] - p.y) ** 2, 0);
      const loss = make(pts);
      return loss(w);
    }`, () => [f64(0.5, -1), [{ x: 0.5, y: 1.2 }, { x: -1, y: 2 }]], [0, 1]),
];

export const interplayMutation: Case[] = [
  mk("ip-map-then-mutate-field", `
    export function f(p: { w: Float64Array }): number {
      const old = p.w.map((t) => t * 2);
      for (let i = 0; i < p.w.length; i++) p.w[i] = p.w[i] * old[i];
      return p.w.reduce((s, t) => s + t, 0) * old[0];
    }`, () => [{ w: f64(0.5, -1, 2) }]),
  mk("ip-foreach-over-objects-mutates-field-arrays", `
    type L = { w: Float64Array; b: number };
    export function f(ls: L[]): number {
      ls.forEach((l) => { l.w[0] = l.w[0] * l.b; });
      return ls.reduce((s, l) => s + l.w[0] * l.w[1], 0);
    }`, () => [[{ w: f64(0.5, -1), b: 1.3 }, { w: f64(0.2, 0.4), b: -0.7 }]]),
  mk("ip-argnum-all-mixed", `${LIN}
    export function f(l: Lin, p: { k: number }, xs: Float64Array, g: number): number {
      return l.forward(xs.map((x) => x * p.k)) * g;
    }`, (m) => [new m.Lin(f64(0.5, -1, 2), 0.1), { k: 0.8 }, f64(0.3, 0.2, -0.7), 1.7], [3, 2, 0, 1]),
];



/** Objects passed to methods and to local functions: the callee's parameter is flattened, the caller passes leaves. */
export const interplayObjectArgs: Case[] = [
  mk("ip-method-object-arg-untyped-caller", `
    export class Sc {
      constructor(public k: number) {}
      both(p: { a: number; b: number }): number { return p.a * p.b * this.k + p.a; }
    }
    export function f(s: Sc, p): number {
      return s.both(p) * s.k;
    }`, (m) => [new m.Sc(0.8), { a: 0.7, b: -0.3 }], [0, 1]),
  mk("ip-method-object-arg-from-array-of-objects", `
    type Pt = { x: number; y: number };
    export class Sc {
      constructor(public k: number) {}
      dist(p: Pt, q: Pt): number { return Math.hypot(p.x - q.x, p.y - q.y) * this.k; }
    }
    export function f(s: Sc, pts: Pt[]): number {
      let d = 0;
      for (let i = 1; i < pts.length; i++) d += s.dist(pts[i - 1], pts[i]);
      return d;
    }`, (m) => [new m.Sc(0.8), [{ x: 0.5, y: 1.2 }, { x: -1, y: 2 }, { x: 0.3, y: -0.4 }]], [0, 1]),
  mk("ip-closure-object-param-nested-closures", `
    type P = { a: number; w: Float64Array };
    export function f(p: P, q: P): number {
      const inner = (o: P) => o.a * o.w[0];
      const outer = (o: P, k: number) => inner(o) + k * o.w[1];
      return outer(p, 2) * outer(q, p.a);
    }`, () => [{ a: 0.7, w: f64(0.5, -1) }, { a: 1.2, w: f64(0.3, 0.2) }], [0, 1]),
  mk("ip-closure-declared-after-call", `
    export function f(p: { a: number; b: number }): number {
      const r = g(p) * 2;
      function g(o: { a: number; b: number }): number { return o.a * Math.exp(o.b); }
      return r + g(p);
    }`, () => [{ a: 0.7, b: -0.3 }]),
  mk("ip-closure-object-param-writes-array-field", `
    type P = { w: Float64Array; k: number };
    export function f(p: P): number {
      const scale = (o: P) => { for (let i = 0; i < o.w.length; i++) o.w[i] *= o.k; };
      scale(p);
      scale(p);
      return p.w[0] * p.w[1] + p.w[2];
    }`, () => [{ w: f64(0.5, -1, 2), k: 1.3 }]),
  mk("ip-closure-object-param-for-of-element", `
    type L = { w: number; b: number };
    export function f(ls: L[], x: number): number {
      const act = (l: L, t: number) => Math.tanh(l.w * t + l.b);
      let h = x;
      for (const l of ls) h = act(l, h);
      return h;
    }`, () => [[{ w: 0.7, b: -0.3 }, { w: 1.1, b: 0.2 }], 0.9], [0, 1]),
  mk("ip-closure-object-param-local-literal", `
    export function f(x: number, y: number): number {
      const o = { a: x, b: y * 2 };
      const g = (q: { a: number; b: number }) => q.a * q.b;
      o.a = o.a + y;
      return g(o) + o.b;
    }`, () => [0.7, -0.3], [0, 1]),
  mk("ip-callback-over-objects-calls-closure-with-element", `
    type L = { w: number; b: number };
    export function f(ls: L[], x: number): number {
      const act = (l: L) => Math.tanh(l.w * x + l.b);
      return ls.map((l) => act(l)).reduce((s, v) => s + v * v, 0);
    }`, () => [[{ w: 0.7, b: -0.3 }, { w: 1.1, b: 0.2 }], 0.9], [0, 1]),
  // was a silent wrong number: the helper got undefined for every leaf of pts (value 0, gradient 0)
  mk("ip-array-of-objects-passed-whole-to-helper", `
    type Pt = { x: number; y: number };
    function h(data: Pt[], w: number): number {
      let s = 0;
      for (const d of data) s += (w * d.x - d.y) ** 2;
      return s;
    }
    export function f(w: number, data: Pt[]): number {
      return h(data, w);
    }`, () => [0.8, [{ x: 0.5, y: 1.2 }, { x: -1, y: 2 }]], [0, 1]),
  mk("ip-array-of-objects-passed-whole-to-helper-with-callback", `
    type Pt = { x: number; y: number };
    function h(data: Pt[], w: number): number {
      const err = ({ x, y }: Pt) => w * x - y;
      return data.reduce((s, d) => s + err(d) ** 2, 0);
    }
    export function f(w: number, data: Pt[]): number {
      return h(data, w) + h(data, 2 * w);
    }`, () => [0.8, [{ x: 0.5, y: 1.2 }, { x: -1, y: 2 }]], [0, 1]),
  mk("ip-destructured-closure-param-with-default", `
    export function f(p: { a: number; b?: number }): number {
      const g = ({ a, b = 2 }: { a: number; b?: number }) => a * b;
      return g(p) * p.a;
    }`, () => [{ a: 0.7 }]),
];

/** Probes that held: kept so that they keep holding. */
export const interplayMore: Case[] = [
  mk("ip-closure-object-params-shadow-and-swap", `
    type P = { a: number; b: number };
    export function f(p: P, q: P): number {
      const g = (p: P) => p.a * p.b;
      const h = (q: P, p: P) => g(q) - g(p) * q.a;
      return g(q) + p.b * h(p, q) + h(q, p);
    }`, () => [{ a: 0.7, b: 0.4 }, { a: -1.1, b: 0.3 }], [0, 1]),
  mk("ip-module-factory-closure-over-module-object", `
    function makeLoss(data: { xs: Float64Array; ys: Float64Array }) {
      return (w: number) => {
        let s = 0;
        data.xs.forEach((x, i) => { s += (w * x - data.ys[i]) ** 2; });
        return s;
      };
    }
    const DATA = { xs: new Float64Array([1, 2, 3]), ys: new Float64Array([2, 3, 7]) };
    export const f = makeLoss(DATA);`, () => [0.9]),
  mk("ip-closure-reads-object-reassigned-from-literal", `
    export function f(x: number): number {
      let o = { a: x, b: 2 };
      const g = () => o.a * o.b;
      const r1 = g();
      o = { a: x * x, b: o.a };
      return r1 + g();
    }`, () => [0.9]),
  mk("ip-method-spreads-this", `
    export class S {
      constructor(public a: number, public b: number) {}
      tot(x: number): number { const c = { ...this, b: x }; return c.a * c.b + this.b; }
    }
    export function f(s: S, x: number): number { return s.tot(x); }`, (m) => [new m.S(0.7, 0.4), 1.3], [0, 1]),
  mk("ip-optional-chain-in-callback-over-objects", `
    type P = { x: number; extra?: { k: number } };
    export function f(ps: P[]): number {
      return ps.map((p) => p.x * (p.extra?.k ?? 1)).reduce((s, v) => s + v * v, 0);
    }`, () => [[{ x: 0.5, extra: { k: 2 } }, { x: 1.5 }]]),
  mk("ip-iife-object-param-optional-field-function-passed-in", `${RT}
    export const cube = primitive((t: number) => t * t * t, (dy, y, t) => 3 * dy * t * t);
    type P = { a: number; extra?: { k: number } };
    export function f(p: P, g: (t: number) => number): number {
      return ((o: P) => g(o.a) * (o.extra?.k ?? 2))(p);
    }`, (m) => [{ a: 0.7, extra: { k: 3 } }, m.cube]),
  mk("ip-destructure-default-foreach-local-accumulator-object", `
    type P = { x: number; w?: number };
    export function f(ps: P[]): number {
      const acc = { s: 0, n: 0 };
      ps.forEach(({ x, w = 1.5 }) => { acc.s += x * w; acc.n += 1; });
      return acc.s * acc.s / acc.n;
    }`, () => [[{ x: 0.5, w: 2 }, { x: 1.5 }]]),
  mk("ip-method-local-closures-pass-this-and-array-of-objects-to-helper", `
    type L = { w: number; b: number };
    function helper(o: L, t: number): number { return o.w * t + o.b; }
    export class M {
      constructor(public layers: L[], public k: number) {}
      run(x: number): number {
        const tot = (ls: L[], t: number) => ls.reduce((s, l) => s + helper(l, t), 0);
        const me = (q: M) => q.k * tot(q.layers, x);
        return me(this) + tot(this.layers, x * 2);
      }
    }
    export function f(m: M, x: number): number {
      const via = (o: L) => helper(o, x);
      return m.run(x) + via(m.layers[1]);
    }`, (m) => [new m.M([{ w: 0.5, b: 0.1 }, { w: -0.3, b: 0.7 }], 1.3), 0.9], [0, 1]),
];
