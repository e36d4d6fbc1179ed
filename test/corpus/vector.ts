// Functions returning arrays (vjp and jacobian, issue 4): not in `groups` (their f is not a loss);
// test/vjp.test.ts checks each through vjp with random cotangents and jacobian in both modes,
// against central differences. Each case's f returns number[] or a typed array of numbers.
import { dedent, type Case } from "./case.js";

/** A case of an array-valued f; `argnum` lists the arguments the Jacobian is checked for. */
function vec(name: string, code: string, args: () => any[], argnum: number[] = [0]): Case {
  return { name, source: `import { vjp, jacobian } from "adc";\n\n${dedent(code)}\n`, args, argnum };
}

export const vectorCases: Case[] = [
  vec(
    "vec_elementwise",
    `export function f(x: number[]): number[] {
      const out: number[] = [];
      for (let i = 0; i < x.length; i++) out.push(Math.sin(x[i]) * x[(i + 1) % x.length]);
      return out;
    }`,
    () => [[0.3, -0.7, 1.2]],
  ),
  vec(
    "vec_float64_out_more_outputs",
    `export function f(x: number, y: number): Float64Array {
      const out = new Float64Array(4);
      out[0] = x * y; out[1] = Math.exp(x - y); out[2] = x / (1 + y * y); out[3] = Math.hypot(x, y);
      return out;
    }`,
    () => [0.4, -1.3],
    [0, 1],
  ),
  vec(
    "vec_data_dependent_trip_count",
    `export function f(x: Float64Array, t: number): Float64Array {
      const out = new Float64Array(2);
      let s = x[0];
      let k = 0;
      while (s < t && k < 50) { s = s * 1.3 + x[1] * x[1]; k++; }
      out[0] = s; out[1] = s * x[2] + k;
      return out;
    }`,
    () => [new Float64Array([0.5, 0.2, -0.4]), 3],
    [0],
  ),
  vec(
    "vec_branches_early_return",
    `export function f(x: number[]): number[] {
      if (x[0] > 1) return [x[0] * x[1], x[1]];
      const r = [x[1] * x[1], 0];
      for (let i = 0; i < x.length; i++) {
        if (x[i] < 0) { r[1] = -x[i] * x[0]; return r; }
        r[1] += x[i];
      }
      return r;
    }`,
    () => [[0.5, 0.8, -0.6, 0.9]],
  ),
  vec(
    "vec_branches_other_side",
    `export function f(x: number[]): number[] {
      if (x[0] > 1) return [x[0] * x[1], x[1]];
      return [x[1] * x[1], x[0]];
    }`,
    () => [[1.5, 0.8]],
  ),
  vec(
    "vec_local_array_writes",
    `export function f(x: Float64Array): Float64Array {
      const n = x.length;
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) y[i] = x[i] * x[i];
      for (let i = 1; i < n; i++) y[i] += y[i - 1] * 0.5;
      return y;
    }`,
    () => [new Float64Array([0.3, -0.5, 1.1, 0.7, 0.2])],
  ),
  vec(
    "vec_helper_returning_array",
    `function softmax(z: number[]): number[] {
      let m = -Infinity;
      for (const v of z) m = Math.max(m, v);
      const e = z.map((v) => Math.exp(v - m));
      let s = 0;
      for (const v of e) s += v;
      return e.map((v) => v / s);
    }
    export function f(W: number[][], x: number[]): number[] {
      const z: number[] = [];
      for (let i = 0; i < W.length; i++) {
        let a = 0;
        for (let j = 0; j < x.length; j++) a += W[i][j] * x[j];
        z.push(a);
      }
      return softmax(z);
    }`,
    () => [[[0.2, -0.4], [0.7, 0.1], [-0.3, 0.5]], [1.1, -0.6]],
    [0, 1],
  ),
  vec(
    "vec_output_aliases_written_argument",
    `export function f(x: number[], s: number): number[] {
      for (let i = 0; i < x.length; i++) x[i] = Math.tanh(s * x[i]);
      return x;
    }`,
    () => [[0.3, -0.8, 0.5], 1.7],
    [0, 1],
  ),
  vec(
    "vec_nested_array_argument",
    `export function f(A: number[][], v: Float64Array): Float64Array {
      const out = new Float64Array(A.length);
      for (let i = 0; i < A.length; i++) {
        for (let j = 0; j < v.length; j++) out[i] += A[i][j] * Math.cos(v[j]);
      }
      return out;
    }`,
    () => [[[1, 2, -1], [0.5, -0.3, 0.2]], new Float64Array([0.1, 0.4, -0.9])],
    [0, 1],
  ),
  vec(
    "vec_push_spread_and_constant_entries",
    `export function f(x: number[], k: number): number[] {
      const out = [1, k];
      out.push(...x.map((v) => v * v * k));
      out.push(Math.max(...x));
      return out;
    }`,
    () => [[0.4, -1.2, 0.9], 2],
    [0, 1],
  ),
  vec(
    "vec_independent_of_argument",
    `export function f(x: number[], y: number): number[] {
      return [y * y, 2 * y, 3];
    }`,
    () => [[0.4, 0.5], 0.6],
    [0, 1],
  ),
  vec(
    "vec_float32_out",
    `export function f(x: Float32Array): Float32Array {
      const out = new Float32Array(x.length);
      for (let i = 0; i < x.length; i++) out[i] = x[i] * x[i] * 3;
      return out;
    }`,
    () => [new Float32Array([0.5, -1.25])],
  ),
  vec(
    "vec_returns_argument_unchanged",
    `export function f(x: Float64Array, y: number): Float64Array {
      if (y > 100) x[0] = y;
      return x;
    }`,
    () => [new Float64Array([0.2, 0.7]), 0.5],
    [0, 1],
  ),
  vec(
    "vec_returns_row_of_nested_argument",
    `export function f(A: number[][], k: number): number[] {
      const row = A[k];
      row[0] = row[0] * row[1];
      return row;
    }`,
    () => [[[1, 2], [0.5, -3], [4, 0.25]], 1],
    [0],
  ),
  vec(
    "vec_recursive_helper_returning_array",
    `function powers(x: number, n: number): number[] {
      if (n === 0) return [1];
      const p = powers(x, n - 1);
      p.push(p[p.length - 1] * x);
      return p;
    }
    export function f(x: number, c: number[]): number[] {
      const p = powers(x, c.length - 1);
      return p.map((v, i) => v * c[i]);
    }`,
    () => [0.7, [1, -2, 0.5, 3]],
    [0, 1],
  ),
  vec(
    "vec_helper_writes_into_output",
    `function fill(out: Float64Array, x: Float64Array, s: number): void {
      for (let i = 0; i < out.length; i++) out[i] = Math.exp(s * x[i % x.length]);
    }
    export function f(x: Float64Array, s: number): Float64Array {
      const out = new Float64Array(5);
      fill(out, x, s);
      return out;
    }`,
    () => [new Float64Array([0.1, -0.4]), 0.8],
    [0, 1],
  ),
];
