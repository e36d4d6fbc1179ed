// Adversarial cases for the objects pass (transform/objects): aliasing, shadowing, objects in
// loops and branches, spreads, nested arrays of objects, classes without declarations, callbacks
// and closures over objects, Float32Array fields, argnum arrays, mutation of array fields.
import { mk, type Case } from "./case.js";

const f64 = (...v: number[]) => new Float64Array(v);
/** An instance for a class of the case's module: its own fields, with the methods on its prototype. */
const inst = (m: Record<string, any>, cls: string, fields: Record<string, unknown>) => Object.assign(Object.create(m[cls].prototype), fields);

export const objectsAliasing: Case[] = [
  mk("objadv-alias-then-write", `
    export function f(p: { l: { w: Float64Array }; k: number }): number {
      const q = p.l;
      for (let i = 0; i < q.w.length; i++) q.w[i] = q.w[i] * p.k;
      let s = 0;
      for (let i = 0; i < p.l.w.length; i++) s += p.l.w[i] * p.l.w[i];
      return s;
    }`, () => [{ l: { w: f64(0.5, -1, 2) }, k: 1.3 }]),
  mk("objadv-alias-before-index-changes", `
    type Pt = { x: number; w: number };
    export function f(pts: Pt[]): number {
      let i = 0;
      const a = pts[i];
      i = 1;
      const b = pts[i];
      return a.x * b.w + a.w * a.w;
    }`, () => [[{ x: 0.5, w: 1.2 }, { x: -1, w: 2 }]]),
  mk("objadv-alias-index-in-loop", `
    type Pt = { x: number; w: number };
    export function f(pts: Pt[]): number {
      let s = 0;
      let i = 0;
      while (i < pts.length) {
        const p = pts[i];
        i++;
        s += p.x * p.w;
      }
      return s;
    }`, () => [[{ x: 0.5, w: 1.2 }, { x: -1, w: 2 }, { x: 0.3, w: -0.4 }]]),
  mk("objadv-same-array-two-fields-local", `
    export function f(x: Float64Array): number {
      const o = { a: x, b: x };
      o.a[0] = o.a[0] * 2;
      return o.b[0] * o.b[1] + x[0];
    }`, () => [f64(0.7, 1.5)]),
  mk("objadv-local-literal-of-param-array-write", `
    export function f(p: { w: Float64Array }): number {
      const o = { v: p.w };
      o.v[1] = o.v[0] * o.v[1];
      return p.w[1] * p.w[0];
    }`, () => [{ w: f64(0.7, 1.5) }]),
  mk("objadv-same-object-passed-twice", `
    function dot(a: { w: Float64Array }, b: { w: Float64Array }): number {
      let s = 0;
      for (let i = 0; i < a.w.length; i++) s += a.w[i] * b.w[i];
      return s;
    }
    export function f(p: { w: Float64Array }): number {
      return dot(p, p);
    }`, () => [{ w: f64(0.7, 1.5, -0.2) }]),
  mk("objadv-same-object-passed-twice-write", `
    function scaleInto(a: { w: Float64Array }, b: { w: Float64Array }): void {
      for (let i = 0; i < a.w.length; i++) a.w[i] = b.w[i] * 2;
    }
    export function f(p: { w: Float64Array }): number {
      scaleInto(p, p);
      return p.w[0] * p.w[1];
    }`, () => [{ w: f64(0.7, 1.5) }]),
  mk("objadv-local-object-copy-of-number", `
    export function f(x: number): number {
      const o = { a: x, b: 2 };
      const c = { ...o };
      c.a = c.a * 3;
      return o.a * c.a + c.b;
    }`, () => [0.9]),
];

export const objectsScoping: Case[] = [
  mk("objadv-shadow-leaf-name", `
    export function f(p: { w: number; b: number }): number {
      const p_w = 3;
      const p_b = p.b * 2;
      return p.w * p_w + p_b * p.b;
    }`, () => [{ w: 0.4, b: -1.1 }]),
  mk("objadv-shadow-inner-block", `
    export function f(p: { w: number }, x: number): number {
      let s = p.w * x;
      {
        const p = { w: x * x };
        s += p.w;
      }
      return s * p.w;
    }`, () => [{ w: 0.4 }, 1.5]),
  mk("objadv-shadow-param-in-loop", `
    export function f(p: { w: number }, xs: number[]): number {
      let s = 0;
      for (const x of xs) {
        const p2 = { w: x };
        s += p2.w * p.w;
      }
      return s;
    }`, () => [{ w: 0.4 }, [1, 2, 3]]),
  mk("objadv-shadow-helper-param-name", `
    function g(p: { a: number }, p_a: number): number {
      return p.a * p_a;
    }
    export function f(p: { a: number }): number {
      return g(p, p.a + 1);
    }`, () => [{ a: 0.4 }]),
];

export const objectsControl: Case[] = [
  mk("objadv-literal-in-loop", `
    export function f(x: Float64Array): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        const o = { a: x[i], b: x[i] * x[i] };
        s += o.a * o.b;
      }
      return s;
    }`, () => [f64(0.5, -1, 2)]),
  mk("objadv-literal-in-loop-accumulated", `
    export function f(x: Float64Array): number {
      let st = { m: 0, v: 1 };
      for (let i = 0; i < x.length; i++) {
        const o = { m: st.m + x[i], v: st.v * x[i] };
        st = { m: o.m * 0.5, v: o.v + o.m };
      }
      return st.m + st.v;
    }`, () => [f64(0.5, -1, 2)]),
  mk("objadv-field-conditional", `
    export function f(x: number): number {
      const o = { a: x, b: 0 };
      if (x > 0) o.b = x * x;
      return o.a + o.b;
    }`, () => [0.7]),
  mk("objadv-field-undefined-on-path", `
    export function f(p: { a: number; extra?: number }): number {
      return p.extra === undefined ? p.a * p.a : p.a * p.extra;
    }`, () => [{ a: 0.7 }]),
  mk("objadv-field-present-on-path", `
    export function f(p: { a: number; extra?: number }): number {
      return p.extra === undefined ? p.a * p.a : p.a * p.extra;
    }`, () => [{ a: 0.7, extra: 1.5 }]),
  mk("objadv-object-in-branch", `
    export function f(x: number): number {
      let o = { a: 1, b: 2 };
      if (x > 0) o = { a: x, b: o.a + x };
      else o = { a: -x, b: o.b };
      return o.a * o.b;
    }`, () => [0.7]),
  mk("objadv-swap-fields-literal", `
    export function f(x: number, y: number): number {
      let o = { a: x, b: y };
      for (let i = 0; i < 3; i++) o = { a: o.b, b: o.a * 1.5 };
      return o.a * o.a + o.b;
    }`, () => [0.7, -0.3], [0, 1]),
  mk("objadv-optional-missing", `
    export function f(p: { a: number; extra?: { k: number } }): number {
      const k = p.extra?.k ?? 2;
      return p.a * k;
    }`, () => [{ a: 0.6 }]),
];

export const objectsSpreads: Case[] = [
  mk("objadv-spread-overridden", `
    export function f(p: { a: number; b: number }): number {
      const q = { a: 5, ...p };
      return q.a * q.b;
    }`, () => [{ a: 0.6, b: -0.9 }]),
  mk("objadv-spread-overrides-then-over", `
    export function f(p: { a: number; b: number }, x: number): number {
      const q = { a: x, ...p, b: x * 2 };
      return q.a * q.b + p.b;
    }`, () => [{ a: 0.6, b: -0.9 }, 0.3], [0, 1]),
  mk("objadv-spread-nested", `
    export function f(p: { l: { w: number; u: number }; s: number }): number {
      const q = { ...p, l: { ...p.l, u: 2 } };
      return q.l.w * q.l.u * q.s + p.l.u;
    }`, () => [{ l: { w: 0.4, u: 2.5 }, s: 0.5 }]),
  mk("objadv-spread-array-field-shared", `
    export function f(p: { w: Float64Array; k: number }): number {
      const q = { ...p, k: 2 };
      q.w[0] = q.w[0] * q.k;
      return p.w[0] * p.w[1];
    }`, () => [{ w: f64(0.4, 1.5), k: 3 }]),
  mk("objadv-spread-two-sources", `
    export function f(p: { a: number }, r: { b: number }): number {
      const q = { ...p, ...r };
      return q.a * q.b;
    }`, () => [{ a: 0.4 }, { b: 1.5 }], [0, 1]),
];

export const objectsNested: Case[] = [
  mk("objadv-nested-arrays-of-objects", `
    type L = { W: Float64Array; b: number };
    type B = { layers: L[] };
    export function f(m: { blocks: B[] }, x: number): number {
      let s = 0;
      for (let i = 0; i < m.blocks.length; i++)
        for (let j = 0; j < m.blocks[i].layers.length; j++) {
          const l = m.blocks[i].layers[j];
          for (let k = 0; k < l.W.length; k++) s += Math.sin(m.blocks[i].layers[j].W[k] * x) + l.b;
        }
      return s;
    }`, () => [{ blocks: [{ layers: [{ W: f64(0.1, 0.2), b: 0.3 }, { W: f64(0.4), b: -0.3 }] }, { layers: [{ W: f64(0.5, -0.6, 0.7), b: 1 }] }] }, 0.8]),
  mk("objadv-tuple-in-object", `
    export function f(p: { pair: [number, Float64Array]; c: number }): number {
      return p.pair[0] * p.pair[1][1] + p.c * p.pair[1][0];
    }`, () => [{ pair: [0.7, f64(2, -3)], c: 0.5 }]),
  mk("objadv-array-of-tuples", `
    export function f(ps: [number, number][]): number {
      let s = 0;
      for (let i = 0; i < ps.length; i++) s += ps[i][0] * ps[i][1];
      return s;
    }`, () => [[[0.5, 1], [1.5, -2]]]),
  mk("objadv-untyped-nested-array-of-objects", `
    export function f(m, x) {
      let s = 0;
      for (const blk of m.blocks) for (const l of blk.layers) s += l.w * x + l.b * l.b;
      return s;
    }`, () => [{ blocks: [{ layers: [{ w: 0.1, b: 0.3 }, { w: 0.4, b: -0.3 }] }, { layers: [{ w: 0.5, b: 1 }] }] }, 0.8]),
];

export const objectsClasses: Case[] = [
  mk("objadv-class-ctor-only-fields", `
    export class Lin {
      constructor(w, b) { this.w = w; this.b = b; }
      at(x) { return this.w * x + this.b; }
    }
    export function f(l: Lin, x: number): number {
      const y = l.at(x);
      return y * y;
    }
    `, (m) => [inst(m, "Lin", { w: 0.7, b: -0.2 }), 1.5]),
  mk("objadv-untyped-class-by-method", `
    export class Quad {
      constructor(a, b) { this.a = a; this.b = b; }
      val(x) { return this.a * x * x + this.b; }
    }
    export function f(q, x) {
      return q.val(x) * q.val(x + 1);
    }`, (m) => [inst(m, "Quad", { a: 0.7, b: -0.2 }), 1.5]),
  mk("objadv-getter-calls-method", `
    export class P {
      constructor(public x: number, public y: number) {}
      sq(t: number): number { return t * t; }
      get n2(): number { return this.sq(this.x) + this.sq(this.y); }
    }
    export function f(p: P): number { return Math.sqrt(p.n2) * p.x; }`, (m) => [inst(m, "P", { x: 0.6, y: -0.8 })]),
  mk("objadv-method-calls-helper-with-this", `
    function norm(v: { x: number; y: number }): number { return Math.hypot(v.x, v.y); }
    export class V {
      constructor(public x: number, public y: number) {}
      len(): number { return norm(this); }
    }
    export function f(v: V): number { return v.len() * v.x; }`, (m) => [inst(m, "V", { x: 0.6, y: -0.8 })]),
  mk("objadv-method-writes-array-field", `
    export class Acc {
      constructor(public buf: Float64Array, public k: number) {}
      scale(): void { for (let i = 0; i < this.buf.length; i++) this.buf[i] *= this.k; }
      sum(): number { let s = 0; for (let i = 0; i < this.buf.length; i++) s += this.buf[i] * this.buf[i]; return s; }
    }
    export function f(a: Acc): number { a.scale(); return a.sum(); }`, (m) => [inst(m, "Acc", { buf: f64(0.5, -1), k: 1.5 })]),
  mk("objadv-class-field-initializer", `
    export class C {
      w: number = 2;
      constructor(public a: number) {}
      v(): number { return this.a * this.w; }
    }
    export function f(c: C): number { return c.v() * c.a; }`, (m) => [inst(m, "C", { w: 1.5, a: 0.5 })]),
];

export const objectsCallbacks: Case[] = [
  mk("objadv-map-captures-object", `
    export function f(p: { w: number; b: number }, xs: number[]): number {
      const ys = xs.map((x) => p.w * x + p.b);
      return ys.reduce((a, y) => a + y * y, 0);
    }`, () => [{ w: 0.4, b: 0.1 }, [1, 2, 3]]),
  mk("objadv-foreach-captures-object-array-field", `
    export function f(p: { w: Float64Array }, xs: number[]): number {
      let s = 0;
      xs.forEach((x, i) => { s += p.w[i] * x; });
      return s * s;
    }`, () => [{ w: f64(0.4, 0.1, -0.5) }, [1, 2, 3]]),
  mk("objadv-closure-captures-object", `
    export function f(p: { a: number; b: number }, x: number): number {
      const g = (t: number) => p.a * t + p.b;
      return g(x) * g(x * 2);
    }`, () => [{ a: 0.4, b: 0.1 }, 1.5]),
  mk("objadv-closure-writes-local-object", `
    export function f(x: number): number {
      const st = { s: 0 };
      const add = (t: number) => { st.s += t * x; };
      add(1); add(2);
      return st.s * st.s;
    }`, () => [1.5]),
];

export const objectsArgs: Case[] = [
  mk("objadv-float32-field", `
    export function f(p: { w: Float32Array; k: number }): number {
      let s = 0;
      for (let i = 0; i < p.w.length; i++) s += p.w[i] * p.w[i] * p.k;
      return s;
    }`, () => [{ w: new Float32Array([0.5, 1.5, -1]), k: 0.5 }]),
  mk("objadv-argnum-mixed", `
    export function f(x: number, p: { a: number; v: Float64Array }, y: number): number {
      return x * p.a + p.v[0] * y + x * y;
    }`, () => [0.5, { a: 1.5, v: f64(0.2, 0.3) }, -0.7], [2, 1, 0]),
  mk("objadv-extra-fields", `
    export function f(p: { a: number }): number {
      return p.a * p.a;
    }`, () => [{ a: 0.5, b: 2, c: f64(1, 2), d: { e: 3 }, name: "x", on: true, fn: null }]),
  mk("objadv-array-field-number-array", `
    export function f(p: { xs: number[]; m: number[][] }): number {
      return p.xs[0] * p.m[1][0] + p.xs[1] * p.m[0][1];
    }`, () => [{ xs: [0.5, 1.5], m: [[1, 2], [3, 4]] }]),
  mk("objadv-array-of-objects-mutated", `
    type P = { v: Float64Array; k: number };
    export function f(ps: P[]): number {
      for (const p of ps) p.v[0] = p.v[0] * p.k;
      let s = 0;
      for (let i = 0; i < ps.length; i++) s += ps[i].v[0] * ps[i].v[1];
      return s;
    }`, () => [[{ v: f64(0.5, 1.5), k: 2 }, { v: f64(-1, 0.5), k: 0.5 }]]),
  mk("objadv-array-of-objects-number-unused", `
    type P = { x: number; tag: string; w: number };
    export function f(ps: P[]): number {
      return ps[0].x * ps[1].x;
    }`, () => [[{ x: 0.5, tag: "a", w: 1 }, { x: 1.5, tag: "b", w: 2 }]]),
  mk("objadv-object-with-class-instance-field", `
    export class Lin {
      constructor(public w: number, public b: number) {}
      at(x: number): number { return this.w * x + this.b; }
    }
    export function f(m: { l: Lin; s: number }, x: number): number {
      return m.l.at(x) * m.s;
    }`, (m) => [{ l: inst(m, "Lin", { w: 0.7, b: -0.2 }), s: 1.5 }, 0.5]),
];


export const objectsRound2: Case[] = [
  mk("objadv-spread-untyped-sources", `
    export function f(p, r) {
      const q = { ...p, ...r };
      return q.a * q.b;
    }`, () => [{ a: 0.4 }, { b: 1.5 }], [0, 1]),
  mk("objadv-spread-local-lacks-field", `
    export function f(x: number): number {
      const o = { a: x };
      const q = { b: 2, ...o };
      return q.a * q.b;
    }`, () => [0.8]),
  mk("objadv-param-reassigned", `
    export function f(p: { w: number; b: number }, x: number): number {
      const y = p.w * x;
      p = { w: y * y, b: p.b };
      return p.w + p.b * y;
    }`, () => [{ w: 0.4, b: 1.2 }, 0.5]),
  mk("objadv-literal-holds-object-part", `
    export function f(p: { l: { w: Float64Array }; k: number }): number {
      const o = { l: p.l, k: 2 };
      return o.l.w[0] * o.l.w[1] * o.k * p.k;
    }`, () => [{ l: { w: f64(0.4, 1.2) }, k: 0.5 }]),
  mk("objadv-literal-part-read-by-helper", `
    function h(o: { l: { w: Float64Array }; k: number }): number { return o.l.w[0] * o.l.w[1] * o.k; }
    export function f(p: { l: { w: Float64Array } }, x: number): number {
      const m = p.l;
      const o1 = { l: m, k: x };
      const o2 = { l: p.l, k: 2 };
      return h(o1) + h(o2);
    }`, () => [{ l: { w: f64(0.4, 1.2) } }, 0.5], [0, 1]),
  mk("objadv-spread-read-by-helper", `
    function h(o: { a: number; b: number; c: number }): number { return o.a * o.b + o.c; }
    export function f(p: { a: number; b: number; c: number }): number {
      const q = { ...p, b: 2 };
      return h(q) * p.b;
    }`, () => [{ a: 0.4, b: 1.2, c: -0.3 }]),
  mk("objadv-literal-holds-array-of-objects", `
    type L = { w: number; b: number };
    export function f(p: { layers: L[] }, x: number): number {
      const o = { layers: p.layers, x };
      let h = o.x;
      for (const l of o.layers) h = Math.tanh(l.w * h + l.b);
      return h;
    }`, () => [{ layers: [{ w: 0.4, b: 0.1 }, { w: -1.2, b: 0.3 }] }, 0.5]),
  mk("objadv-field-added-later", `
    export function f(x: number): number {
      const o: any = { a: x };
      if (x > 0) o.b = x * x;
      return (o.b ?? 0) + o.a;
    }`, () => [0.8]),
  mk("objadv-same-name-two-blocks", `
    export function f(x: number): number {
      let s = 0;
      if (x > 0) { const o = { a: x, b: 1 }; s += o.a * o.b; }
      else { const o = { a: 1, b: x }; s += o.a * o.b; }
      for (let i = 0; i < 2; i++) { const o = { a: s, b: x }; s = o.a + o.b * o.a; }
      return s;
    }`, () => [0.8]),
  mk("objadv-for-of-destructuring", `
    type Pt = { x: number; w: number };
    export function f(pts: Pt[]): number {
      let s = 0;
      for (const { x, w } of pts) s += x * w * w;
      return s;
    }`, () => [[{ x: 0.5, w: 1.2 }, { x: -1, w: 2 }]]),
  mk("objadv-for-of-break-continue", `
    type Pt = { x: number; w: number };
    export function f(pts: Pt[]): number {
      let s = 0;
      for (const p of pts) {
        if (p.w < 0) continue;
        if (p.x > 10) break;
        s += p.x * p.w;
      }
      return s;
    }`, () => [[{ x: 0.5, w: 1.2 }, { x: -1, w: -2 }, { x: 20, w: 1 }, { x: 1, w: 1 }]]),
  mk("objadv-swap-fields-destructuring", `
    export function f(x: number, y: number): number {
      const o = { a: x, b: y };
      [o.a, o.b] = [o.b, o.a * 2];
      return o.a * o.a + o.b;
    }`, () => [0.7, -0.3], [0, 1]),
  mk("objadv-local-array-field-push", `
    export function f(x: Float64Array): number {
      const acc = { xs: [] as number[], n: 0 };
      for (let i = 0; i < x.length; i++) { acc.xs.push(x[i] * x[i]); acc.n++; }
      let s = 0;
      for (let i = 0; i < acc.n; i++) s += acc.xs[i] * x[i];
      return s;
    }`, () => [f64(0.5, -1, 2)]),
  mk("objadv-leaf-name-collision", `
    export function f(p: { a_b: number; a: { b: number } }): number {
      return p.a_b * 2 + p.a.b * 3 * p.a_b;
    }`, () => [{ a_b: 0.4, a: { b: 1.5 } }]),
  mk("objadv-method-local-named-like-leaf", `
    export class L {
      constructor(public w: number) {}
      g(x: number): number { const self_w = 10; const self = 3; return this.w * x + self_w * self; }
    }
    export function f(l: L, x: number): number { return l.g(x) * l.w; }`, (m) => [inst(m, "L", { w: 0.4 }), 1.5]),
  mk("objadv-method-on-field-instance", `
    export class Lin {
      constructor(public w: number, public b: number) {}
      at(x: number): number { return this.w * x + this.b; }
    }
    export class Net {
      constructor(public a: Lin, public c: Lin) {}
      run(x: number): number { return this.c.at(Math.tanh(this.a.at(x))); }
    }
    export function f(n: Net, x: number): number { const y = n.run(x); return y * y; }`, (m) => [inst(m, "Net", { a: inst(m, "Lin", { w: 0.7, b: 0.1 }), c: inst(m, "Lin", { w: -1.1, b: 0.2 }) }), 0.5]),
  mk("objadv-array-field-push-argument", `
    export function f(p: { xs: number[]; k: number }): number {
      p.xs.push(p.k * 2);
      let s = 0;
      for (let i = 0; i < p.xs.length; i++) s += p.xs[i] * p.xs[i];
      return s;
    }`, () => [{ xs: [0.5, 1], k: 0.3 }]),
  mk("objadv-optional-intermediate-present", `
    export function f(p: { a: number; extra?: { k: number; v: Float64Array } }): number {
      return p.a * (p.extra?.k ?? 1) + (p.extra?.v[0] ?? 0);
    }`, () => [{ a: 0.6, extra: { k: 2.5, v: f64(1.5) } }]),
  mk("objadv-optional-intermediate-missing-array", `
    export function f(p: { a: number; extra?: { k: number; v: Float64Array } }): number {
      return p.a * (p.extra?.k ?? 1) + (p.extra?.v[0] ?? 0);
    }`, () => [{ a: 0.6 }]),
  mk("objadv-float32-field-written", `
    export function f(p: { w: Float32Array; k: number }): number {
      for (let i = 0; i < p.w.length; i++) p.w[i] = p.w[i] * p.w[i];
      return p.w[0] * p.w[1] * p.k;
    }`, () => [{ w: new Float32Array([0.5, 1.5]), k: 1.25 }]),
  mk("objadv-argnum-object-twice-order", `
    export function f(p: { a: number }, x: number, q: { b: Float64Array }): number {
      return p.a * x * q.b[0] + q.b[1];
    }`, () => [{ a: 0.4 }, 1.5, { b: f64(0.3, -0.2) }], [2, 0]),
];

