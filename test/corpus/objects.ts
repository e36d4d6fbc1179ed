// Objects, tuples, destructuring, classes and arrays of objects (transform/objects): the gradient
// has the argument's structure (plain objects, null where a leaf holds no numbers).
import { mk, type Case } from "./case.js";

const f64 = (...v: number[]) => new Float64Array(v);

export const objectParams: Case[] = [
  mk("obj-typed-literal", `
    export function f(p: { w: Float64Array; b: number }, x: Float64Array): number {
      let s = p.b;
      for (let i = 0; i < x.length; i++) s += p.w[i] * x[i];
      return s * s;
    }`, () => [{ w: f64(0.5, -1, 2), b: 0.3 }, f64(1, 2, 3)]),
  mk("obj-interface", `
    interface Params { w: number[]; b: number; name: string }
    export function f(p: Params, y: number): number {
      const r = p.w[0] * p.w[1] + p.b - y;
      return r * r;
    }`, () => [{ w: [1.5, -0.5], b: 0.25, name: "model" }, 0.7]),
  mk("obj-type-alias-nested", `
    type Layer = { W: Float64Array; b: number };
    type Net = { l1: Layer; l2: Layer; scale: number };
    export function f(n: Net, x: number): number {
      const h = Math.tanh(n.l1.W[0] * x + n.l1.W[1] + n.l1.b);
      return n.scale * (n.l2.W[0] * h + n.l2.b);
    }`, () => [{ l1: { W: f64(0.4, -0.2), b: 0.1 }, l2: { W: f64(1.3, 9), b: -0.3 }, scale: 1.7 }, 0.9]),
  mk("obj-untyped", `
    export function f(p, x) {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += Math.sin(p.w[i] * x[i]) * p.scale;
      return s + p.offset * p.offset;
    }`, () => [{ w: [0.2, 0.4, -0.6], scale: 1.5, offset: 0.3, label: "untyped" }, [1, 2, 3]]),
  mk("obj-second-argnum", `
    export function f(x: number, p: { a: number; b: number }): number {
      return Math.exp(p.a * x) + p.b * x * x;
    }`, () => [0.5, { a: 0.3, b: -1.2 }], 1),
  mk("obj-both-argnums", `
    export function f(p: { a: number; v: Float64Array }, q: { c: number }): number {
      return p.a * q.c + p.v[0] * p.v[1] * q.c;
    }`, () => [{ a: 2, v: f64(0.5, 3) }, { c: -0.7 }], [0, 1]),
  mk("obj-unused-fields-zero", `
    export function f(p: { a: number; b: number; v: Float64Array }): number {
      return p.a * p.a;
    }`, () => [{ a: 1.5, b: 2, v: f64(1, 2) }]),
  mk("obj-nonnumeric-leaves", `
    export function f(p: { w: number; on: boolean; tag: string }): number {
      return p.on ? p.w * p.w : -p.w;
    }`, () => [{ w: 1.25, on: true, tag: "a" }]),
  mk("obj-mutates-array-field", `
    export function f(p: { w: Float64Array; k: number }): number {
      for (let i = 0; i < p.w.length; i++) p.w[i] = p.w[i] * p.k;
      let s = 0;
      for (let i = 0; i < p.w.length; i++) s += p.w[i] * p.w[i];
      return s;
    }`, () => [{ w: f64(1, -2, 0.5), k: 1.3 }]),
  mk("obj-float32-field", `
    export function f(p: { w: Float32Array; b: number }): number {
      return p.w[0] * p.w[1] + p.b;
    }`, () => [{ w: new Float32Array([0.5, 1.5]), b: 0.25 }]),
  mk("obj-string-key", `
    export function f(p: { a: number; b: number }): number {
      return p["a"] * p["b"];
    }`, () => [{ a: 0.6, b: -1.1 }]),
  mk("obj-optional-chain", `
    export function f(p: { a: number; extra?: { k: number } }): number {
      const k = p.extra?.k ?? 1;
      return p.a * k;
    }`, () => [{ a: 0.6, extra: { k: 2.5 } }]),
  mk("obj-length-field-loop", `
    export function f(p: { xs: number[]; n: number }): number {
      let s = 0;
      for (const x of p.xs) s += x * p.n;
      return s * s;
    }`, () => [{ xs: [0.5, 1, 1.5], n: 0.7 }]),
];

export const destructuring: Case[] = [
  mk("destructure-param", `
    export function f({ w, b }: { w: Float64Array; b: number }, x: number): number {
      return w[0] * x + w[1] * x * x + b;
    }`, () => [{ w: f64(0.5, -0.25), b: 2 }, 1.5]),
  mk("destructure-param-untyped-default", `
    export function f({ a, b = 2 }, x) {
      return a * x + b * x * x;
    }`, () => [{ a: 0.5 }, 1.5]),
  mk("destructure-local", `
    export function f(p: { a: number; b: number; c: number }): number {
      const { a, b: bee } = p;
      return a * bee + p.c;
    }`, () => [{ a: 0.3, b: 1.7, c: -0.4 }]),
  mk("destructure-nested", `
    export function f(p: { l: { w: number; u: number }; s: number }): number {
      const { l: { w, u }, s } = p;
      return Math.sin(w) * u * s;
    }`, () => [{ l: { w: 0.4, u: 2 }, s: 0.5 }]),
  mk("tuple-param", `
    export function f(t: [number, Float64Array]): number {
      const [a, v] = t;
      return a * v[0] + t[0] * t[1][1];
    }`, () => [[0.7, f64(2, -3)]]),
  mk("tuple-destructured-param", `
    export function f([a, b]: [number, number], c: number): number {
      return a * b * c + a;
    }`, () => [[1.5, -0.5], 2]),
];

export const localObjects: Case[] = [
  mk("local-literal", `
    export function f(x: number, y: number): number {
      const p = { a: x * y, b: x + y };
      return p.a * p.b;
    }`, () => [0.5, 1.5]),
  mk("local-literal-field-write", `
    export function f(x: number): number {
      const state = { v: 0, t: 0 };
      for (let i = 0; i < 5; i++) {
        state.v = state.v + x * state.t;
        state.t += 0.1;
      }
      return state.v * state.v;
    }`, () => [1.3]),
  mk("local-literal-reassigned", `
    export function f(x: number): number {
      let s = { p: x, q: 1 };
      for (let i = 0; i < 3; i++) s = { p: s.p * s.q + x, q: s.p };
      return s.p + s.q;
    }`, () => [0.7]),
  mk("local-spread-override", `
    export function f(p: { a: number; b: number }): number {
      const q = { ...p, b: 2 };
      return q.a * q.b + p.b * p.b;
    }`, () => [{ a: 0.6, b: -0.9 }]),
  mk("local-nested-literal", `
    export function f(x: number): number {
      const cfg = { inner: { k: x * 2, m: 3 }, c: x };
      return cfg.inner.k * cfg.inner.m + cfg.c * cfg.c;
    }`, () => [0.4]),
  mk("local-alias-const", `
    export function f(p: { l: { w: Float64Array } }): number {
      const l = p.l;
      const w = l.w;
      return w[0] * w[1];
    }`, () => [{ l: { w: f64(1.5, -2) } }]),
  mk("local-alias-of-local-write", `
    export function f(x: number): number {
      const o = { a: x };
      const q = o;
      q.a = q.a * 3;
      return o.a * x;
    }`, () => [0.8]),
  mk("local-object-array-field", `
    export function f(x: Float64Array): number {
      const acc = { sum: 0, buf: new Float64Array(x.length) };
      for (let i = 0; i < x.length; i++) {
        acc.buf[i] = x[i] * x[i];
        acc.sum += acc.buf[i];
      }
      return acc.sum;
    }`, () => [f64(0.5, 1, -2)]),
];

export const helpersWithObjects: Case[] = [
  mk("helper-object-param", `
    function dot(p: { w: Float64Array }, x: Float64Array): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += p.w[i] * x[i];
      return s;
    }
    export function f(p: { w: Float64Array; b: number }, x: Float64Array): number {
      const z = dot(p, x) + p.b;
      return z * z;
    }`, () => [{ w: f64(0.5, -1), b: 0.3 }, f64(2, 1)]),
  mk("helper-object-part", `
    function affine(l: { W: Float64Array; b: number }, x: number): number {
      return l.W[0] * x + l.b;
    }
    export function f(n: { l1: { W: Float64Array; b: number }; l2: { W: Float64Array; b: number } }, x: number): number {
      return affine(n.l2, Math.tanh(affine(n.l1, x)));
    }`, () => [{ l1: { W: f64(0.7), b: 0.1 }, l2: { W: f64(-1.2), b: 0.4 } }, 0.5]),
  mk("helper-local-object", `
    function energy(s: { x: number; v: number }): number {
      return 0.5 * s.v * s.v + 0.5 * s.x * s.x;
    }
    export function f(x0: number, v0: number): number {
      let s = { x: x0, v: v0 };
      for (let i = 0; i < 4; i++) s = { x: s.x + 0.1 * s.v, v: s.v - 0.1 * s.x };
      return energy(s);
    }`, () => [1.2, -0.4], [0, 1]),
  mk("helper-untyped-object", `
    function sq(o) { return o.a * o.a; }
    export function f(p) { return sq(p) + p.b; }`, () => [{ a: 0.9, b: 0.2 }]),
];

const linear = `
    export class Linear {
      constructor(public W: Float64Array[], public b: Float64Array) {}
      forward(x: Float64Array): Float64Array {
        const out = new Float64Array(this.b.length);
        for (let i = 0; i < this.b.length; i++) {
          let s = this.b[i];
          for (let j = 0; j < x.length; j++) s += this.W[i][j] * x[j];
          out[i] = Math.tanh(s);
        }
        return out;
      }
    }`;
const layer = (rows: number[][], b: number[]) => ({ W: rows.map((r) => f64(...r)), b: f64(...b) });

export const classes: Case[] = [
  mk("class-method", `${linear}
    export function f(l: Linear, x: Float64Array): number {
      const y = l.forward(x);
      return y[0] + 2 * y[1];
    }
`, (m) => [linearOf(m, layer([[0.1, 0.2], [0.3, -0.4]], [0.05, -0.02])), f64(0.7, -0.3)]),
  mk("class-model-layers", `${linear}
    export class Model {
      constructor(public layers: Linear[], public scale: number) {}
      predict(x: Float64Array): number {
        let h = x;
        for (const l of this.layers) h = l.forward(h);
        return h[0] * this.scale;
      }
    }
    export function f(m: Model, x: Float64Array): number {
      const r = m.predict(x) - 0.5;
      return r * r;
    }`, (m) => [new m.Model([layer([[0.1, 0.2], [0.3, -0.4]], [0.01, 0.02]), layer([[0.5, 0.6]], [0.03])].map((l) => linearOf(m, l)), 1.5), f64(0.7, -0.2)]),
  mk("class-getter", `
    export class Point {
      constructor(public x: number, public y: number) {}
      get norm2(): number { return this.x * this.x + this.y * this.y; }
    }
    export function f(p: Point): number {
      return Math.sqrt(p.norm2) + p.x;
    }`, (m) => [new m.Point(0.6, -0.8)]),
  mk("class-method-calls-method", `
    export class Quad {
      constructor(public a: number, public b: number) {}
      at(x: number): number { return this.a * x * x + this.b * x; }
      area(n: number): number {
        let s = 0;
        for (let i = 0; i < n; i++) s += this.at(i / n) / n;
        return s;
      }
    }
    export function f(q: Quad): number { return q.area(8); }`, (m) => [new m.Quad(1.5, -0.5)]),
  mk("class-fields-declared", `
    export class State {
      pos: Float64Array;
      mass: number;
      constructor(pos: Float64Array, mass: number) { this.pos = pos; this.mass = mass; }
      kinetic(): number {
        let s = 0;
        for (let i = 0; i < this.pos.length; i++) s += this.pos[i] * this.pos[i];
        return 0.5 * this.mass * s;
      }
    }
    export function f(s: State): number { return s.kinetic(); }`, (m) => [new m.State(f64(0.5, 1.5, -1), 2)]),
  mk("array-of-objects-typed", `
    type Pt = { x: number; w: number };
    export function f(pts: Pt[]): number {
      let s = 0;
      for (let i = 0; i < pts.length; i++) s += pts[i].w * pts[i].x * pts[i].x;
      return s;
    }`, () => [[{ x: 0.5, w: 1 }, { x: -1, w: 2 }, { x: 1.5, w: 0.5 }]]),
  mk("array-of-objects-for-of-untyped", `
    export function f(items) {
      let s = 0;
      for (const it of items) s += Math.exp(it.a) * it.b;
      return s;
    }`, () => [[{ a: 0.1, b: 1 }, { a: -0.3, b: 2 }]]),
];

// class instances are made with the module's own classes: compiled methods check the class
const linearOf = (m: Record<string, any>, l: { W: Float64Array[]; b: Float64Array }) => new m.Linear(l.W, l.b);

export const moduleObjects: Case[] = [
  mk("module-const-object-fields", `
    const CONFIG = { lr: 0.5, w: new Float64Array([1, 2, -0.5]), opt: { k: 3 } };
    export function f(x: Float64Array): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += CONFIG.w[i] * x[i] * x[i] * CONFIG.opt.k;
      return s * CONFIG.lr;
    }`, () => [f64(0.5, -1, 2)]),
  mk("module-const-object-loop-bound", `
    const SHAPE = { n: 3, scale: 2 };
    export function f(x: number): number {
      let y = x;
      for (let i = 0; i < SHAPE.n; i++) y = Math.sin(y) * SHAPE.scale;
      return y;
    }`, () => [0.4]),
];

export const objectCallbacks: Case[] = [
  mk("soa-reduce-forward", `
    export class Lin {
      constructor(public w: number, public b: number) {}
      at(x: number): number { return Math.tanh(this.w * x + this.b); }
    }
    export function f(m: { layers: Lin[] }, x: number): number {
      const y = m.layers.reduce((h, l) => l.at(h), x);
      return y * y;
    }`, (m) => [{ layers: [new m.Lin(0.5, 0.1), new m.Lin(-0.7, 0.2), new m.Lin(1.1, -0.3)] }, 0.3]),
  mk("soa-map-index-foreach-capture", `
    type P = { x: number; w: number };
    export function f(ps: P[]): number {
      const s = ps.map((p, i) => p.w * p.x * (i + 1)).reduce((a, b) => a + b, 0);
      let t = 0;
      ps.forEach((p) => { t += p.x * p.x; });
      return s * t;
    }`, () => [[{ x: 0.5, w: 1 }, { x: -1, w: 2 }, { x: 1.5, w: 0.5 }]]),
  mk("soa-some-every-findindex", `
    export function f(ps: { x: number; w: number }[], y: number): number {
      const k = ps.findIndex((p) => p.x > 1);
      const any = ps.some((p) => p.w < 0);
      const all = ps.every((p) => p.w > 0);
      return (any ? y : 2 * y) * ps[k].w * (all ? 1 : 3) + ps[0].x * y;
    }`, () => [[{ x: 0.5, w: 1 }, { x: 1.5, w: 2 }], 0.7], [0, 1]),
];
