// Calls that adc does not compile through: functions declared with gradient rules (primitive,
// zerograd) at the top level of the module. The rules here are correct, so the gradient must
// match finite differences of the uncompiled f (test/calls.test.ts checks that a deliberately
// wrong rule is what the gradient follows, and the dynamic calls whose callees are arguments).
import { mk, type Case } from "./case.js";

const RT = `import { primitive, zerograd } from "adc/runtime";`;
const HYPOT = `${RT}
function hyp(a: number, b: number): number {
  return Math.sqrt(a * a + b * b);
}
primitive(hyp, (dy, y, a, b) => (dy * a) / y, (dy, y, a, b) => (dy * b) / y);`;
const f64 = (...v: number[]) => new Float64Array(v);

export const primitives: Case[] = [
  mk("prim_hypot_once", `${HYPOT}
export function f(x: number, y: number): number {
  return hyp(x, y) * x;
}`, () => [0.7, -1.3], [0, 1]),

  mk("prim_hypot_loop_branch", `${HYPOT}
export function f(x: number, y: number): number {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    if (s < 2) s += hyp(x * i, s + y);
    else s = hyp(s, x) - i;
  }
  return s * y;
}`, () => [0.9, 0.4], [0, 1]),

  mk("prim_const_function_expression", `${RT}
const myHypot = primitive(
  function hypot(a: number, b: number): number {
    return Math.sqrt(a * a + b * b);
  },
  (dy, y, a, b) => (dy * a) / y,
  (dy, y, a, b) => (dy * b) / y,
);
export function f(x: number): number {
  let t = x;
  for (let k = 0; k < 3; k++) t = myHypot(t, 1 + k) * 0.5;
  return t;
}`, () => [1.1]),

  mk("prim_array_rule_between_writes", `${RT}
function sumsq(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return s;
}
primitive(sumsq, (dy, y, v: Float64Array) => v.map((t) => 2 * dy * t));
export function f(w: Float64Array): number {
  let s = sumsq(w);
  w[0] = w[0] * w[1];
  s += Math.sin(sumsq(w));
  w[1] = 3;
  return s * w[0];
}`, () => [f64(0.5, -1.2, 0.8)]),

  mk("prim_same_array_twice", `${RT}
function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
primitive(dot, (dy, y, a: Float64Array, b: Float64Array) => b.map((t) => dy * t), (dy, y, a: Float64Array, b: Float64Array) => a.map((t) => dy * t));
export function f(w: Float64Array, u: Float64Array): number {
  return dot(w, w) + 3 * dot(u, w);
}`, () => [f64(0.3, -0.7, 1.9), f64(1, 2, -0.5)], [0, 1]),

  mk("prim_array_and_number", `${RT}
function wsum(v: number[], c: number): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += c * v[i] * v[i];
  return s;
}
primitive(wsum, (dy, y, v: number[], c: number) => v.map((t) => 2 * dy * c * t), (dy, y, v: number[], c: number) => (dy * y) / c);
export function f(v: number[], c: number): number {
  let s = 0;
  for (let k = 1; k <= 3; k++) s += wsum(v, c * k) / k;
  return s;
}`, () => [[0.2, -0.4, 1.5], 1.3], [0, 1]),

  mk("prim_rows_of_matrix", `${RT}
function sumsq(v: number[]): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return s;
}
primitive(sumsq, (dy, y, v: number[]) => v.map((t) => 2 * dy * t));
export function f(m: number[][]): number {
  let s = 0;
  for (let i = 0; i < m.length; i++) s += Math.sqrt(sumsq(m[i])) * (i + 1);
  return s;
}`, () => [[[0.5, 1], [-2, 0.25], [1, 1]]]),

  mk("prim_null_rule_for_data_argument", `${RT}
function scaleBy(x: number, k: number): number {
  return x * k;
}
primitive(scaleBy, (dy, y, x, k) => dy * k, null);
export function f(x: number, k: number): number {
  return scaleBy(x * x, k) + x;
}`, () => [0.8, 3]),

  mk("prim_in_helper_and_ternary", `${HYPOT}
function norm3(a: number, b: number, c: number): number {
  const ab = hyp(a, b);
  return hyp(ab, c);
}
export function f(x: number, y: number): number {
  const r = x > 0 ? hyp(x, y) : hyp(y, 2);
  return norm3(r, x, y) * r;
}`, () => [0.6, -0.9], [0, 1]),

  mk("prim_result_overwritten_in_loop", `${HYPOT}
export function f(x: number): number {
  let r = 1;
  let s = 0;
  for (let i = 0; i < 5; i++) {
    r = hyp(r, x);
    s += r * r * 0.1;
  }
  return s + r;
}`, () => [0.45]),

  mk("prim_call_as_statement_result_ignored", `${HYPOT}
export function f(x: number): number {
  hyp(x, 2);
  let t = x;
  hyp(t, t);
  t = hyp(t, 0.5) * t;
  return t;
}`, () => [0.35]),

  mk("prim_argument_variable_overwritten_after", `${HYPOT}
export function f(x: number, y: number): number {
  let a = x * y;
  const r1 = hyp(a, y);
  a = a * a + r1;
  const r2 = hyp(a, x);
  a = 3;
  return r1 * r2 + a * x;
}`, () => [0.5, 1.5], [0, 1]),

  mk("prim_early_return_in_loop", `${HYPOT}
export function f(x: number): number {
  let s = 0;
  for (let i = 0; i < 10; i++) {
    s = hyp(s, x + i * 0.1);
    if (s > 2) return s * x;
  }
  return -s;
}`, () => [0.9]),

  mk("zerograd_rounding", `${RT}
function roundTo(x: number): number {
  return Math.round(x * 100) / 100;
}
zerograd(roundTo);
export function f(x: number): number {
  return Math.sin(x) * roundTo(x) + x * x;
}`, () => [0.4137]),

  mk("prim_declared_function_also_called_by_compiled_helper", `${HYPOT}
function both(a: number, b: number): number {
  let s = 0;
  for (let i = 0; i < 2; i++) s += hyp(a, b + i);
  return s;
}
export function f(x: number, y: number): number {
  return both(x, y) * both(y, x);
}`, () => [1.2, 0.3], [0, 1]),
];
