// Array-valued functions with object parameters (vjp and jacobian through objects, issue 4): plain
// objects, nested objects, class instances whose methods call methods, tuples, arrays of objects
// read with map/reduce, destructured parameters, objects among other arguments, an object f writes.
// test/vjp.test.ts checks each like the cases of vector.ts: the pullback of a random cotangent and
// the Jacobian (forward, reverse, automatic) with respect to each listed argument, against central
// differences; gradients and rows of an object argument are objects (null where no numbers are).
import { dedent, type Case } from "./case.js";

function vec(name: string, code: string, args: (m: Record<string, any>) => any[], argnum: number[] = [0]): Case {
  return { name, source: `import { vjp, jacobian } from "adc";\n\n${dedent(code)}\n`, args, argnum };
}

export const vectorObjectCases: Case[] = [
  vec(
    "vobj_plain_object_and_array",
    `export function f(p: { a: number; b: number; tag: string }, x: number[]): number[] {
      const out: number[] = [];
      for (let i = 0; i < x.length; i++) out.push(p.a * Math.sin(x[i]) + p.b * x[i] * x[i]);
      return out;
    }`,
    () => [{ a: 0.7, b: -1.3, tag: "p" }, [0.2, -0.5, 1.1]],
    [0, 1],
  ),
  vec(
    "vobj_nested_objects",
    `interface Layer { W: number[]; b: number }
    export function f(net: { l1: Layer; l2: Layer; scale: number }, x: number): number[] {
      const h = Math.tanh(net.l1.W[0] * x + net.l1.W[1] * x * x + net.l1.b);
      const y = net.l2.W[0] * h + net.l2.b;
      return [y * net.scale, h, net.l2.W[1] * y];
    }`,
    () => [{ l1: { W: [0.5, -0.2], b: 0.1 }, l2: { W: [1.2, 0.7], b: -0.3 }, scale: 2 }, 0.8],
    [0, 1],
  ),
  vec(
    "vobj_class_methods_calling_methods",
    `export class Poly {
      constructor(public c: number[], public shift: number) {}
      at(x: number): number { return this.c[0] + this.c[1] * this.moved(x) + this.c[2] * this.moved(x) * this.moved(x); }
      moved(x: number): number { return x - this.shift; }
    }
    export function f(p: Poly, xs: number[]): number[] {
      return xs.map((x) => p.at(x));
    }`,
    (m) => [new m.Poly([0.3, -1.1, 0.6], 0.25), [0.1, 0.9, -0.4, 1.5]],
    [0, 1],
  ),
  vec(
    "vobj_array_of_objects_map_reduce",
    `interface Pt { x: number; y: number; w: number }
    export function f(pts: Pt[], k: number): number[] {
      const r = pts.map((p) => p.w * Math.hypot(p.x, p.y) * k);
      const total = pts.reduce((s, p) => s + p.w * p.x, 0);
      return [total, ...r];
    }`,
    () => [[{ x: 0.3, y: 0.4, w: 1.5 }, { x: -1.2, y: 0.5, w: 0.7 }, { x: 2, y: -0.1, w: -0.3 }], 1.7],
    [0, 1],
  ),
  vec(
    "vobj_destructured_params",
    `export function f({ a, b }: { a: number; b: number[] }, [u, v]: [number, number]): number[] {
      return [a * u + b[0] * v, b[1] * Math.exp(a * v), u * v * b[0]];
    }`,
    () => [{ a: 0.4, b: [1.3, -0.6] }, [0.9, -0.35]],
    [0, 1],
  ),
  vec(
    "vobj_tuple_param",
    `export function f(t: [number, number, number], s: number): number[] {
      return [t[0] * t[1] * s, t[2] / (1 + t[0] * t[0]), Math.cos(t[1]) * t[2]];
    }`,
    () => [[0.5, -0.8, 1.4], 0.9],
    [0, 1],
  ),
  vec(
    "vobj_object_written_by_f",
    `export function f(st: { pos: number[]; vel: number[] }, dt: number): number[] {
      for (let k = 0; k < 3; k++) {
        for (let i = 0; i < st.pos.length; i++) {
          st.vel[i] = st.vel[i] - dt * Math.sin(st.pos[i]);
          st.pos[i] = st.pos[i] + dt * st.vel[i];
        }
      }
      return [st.pos[0] * st.pos[1], st.vel[0] + st.vel[1], st.pos[1]];
    }`,
    () => [{ pos: [0.3, -0.9], vel: [0.1, 0.4] }, 0.2],
    [0, 1],
  ),
  vec(
    "vobj_object_among_other_arguments_unused_leaf",
    `export function f(x: number[], cfg: { gain: number; bias: number; unused: number; name: string }): Float64Array {
      const out = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) out[i] = cfg.gain * x[i] * x[i] + cfg.bias;
      return out;
    }`,
    () => [[0.5, -1.5], { gain: 1.3, bias: 0.2, unused: 4, name: "c" }],
    [0, 1],
  ),
];
