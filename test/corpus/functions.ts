// Functions: module-level functions and const arrows calling each other, helpers over scalars and
// arrays (reading, writing into, returning arrays), recursion, argnum forms, f as a const arrow.
import { type Case, mk } from "./case.js";

export const helpers: Case[] = [
  mk(
    "helper_scalar",
    `
    function sq(a: number): number {
      return a * a;
    }

    export function f(x: number, y: number): number {
      return sq(x) + sq(y) * x;
    }`,
    () => [0.7, -1.3],
    [0, 1],
  ),
  mk(
    "helper_const_arrow",
    `
    const cube = (a: number): number => a * a * a;

    export function f(x: number): number {
      return cube(x) + cube(2 * x) * x;
    }`,
    () => [0.7],
  ),
  mk(
    "helper_arrow_block_body",
    `
    const g = (a: number, b: number): number => {
      const t = a * b;
      return t + Math.sin(t);
    };

    export function f(x: number, y: number): number {
      return g(x, y) * g(y, 2);
    }`,
    () => [0.7, -1.3],
    [0, 1],
  ),
  mk(
    "helper_array_arguments",
    `
    function dot(a: number[], b: number[]): number {
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i] * b[i];
      return s;
    }

    export function f(x: number[], y: number[]): number {
      return dot(x, y) * dot(x, x);
    }`,
    () => [
      [0.5, -1.2, 2],
      [1.1, 0.3, -0.4],
    ],
    [0, 1],
  ),
  mk(
    "helper_same_array_twice",
    `
    function dot(a: Float64Array, b: Float64Array): number {
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i] * b[i];
      return s;
    }

    export function f(x: Float64Array): number {
      return Math.sqrt(dot(x, x));
    }`,
    () => [new Float64Array([0.5, -1.2, 2])],
  ),
  mk(
    "helper_writes_into_argument",
    `
    function scaleInPlace(a: Float64Array, s: number): void {
      for (let i = 0; i < a.length; i++) a[i] *= s;
    }

    export function f(x: Float64Array, s: number): number {
      scaleInPlace(x, s);
      scaleInPlace(x, x[0]);
      let t = 0;
      for (let i = 0; i < x.length; i++) t += x[i] * x[i];
      return t;
    }`,
    () => [new Float64Array([0.5, -1.2, 2]), 1.3],
    [0, 1],
  ),
  mk(
    "helper_writes_into_local",
    `
    function fillPowers(out: number[], a: number): void {
      let p = 1;
      for (let i = 0; i < out.length; i++) {
        out[i] = p;
        p *= a;
      }
    }

    export function f(x: number): number {
      const buf = new Array(5).fill(0);
      fillPowers(buf, x);
      let s = 0;
      for (let i = 0; i < buf.length; i++) s += buf[i] / (i + 1);
      return s;
    }`,
    () => [0.8],
  ),
  mk(
    "helper_aliased_arguments",
    `
    function addInto(dst: number[], src: number[]): void {
      for (let i = 0; i < dst.length; i++) dst[i] += src[i] * src[i];
    }

    export function f(x: number[]): number {
      addInto(x, x);
      return x[0] * x[1] + x[2];
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "helper_returns_array",
    `
    function squares(a: number[]): number[] {
      const out: number[] = [];
      for (let i = 0; i < a.length; i++) out.push(a[i] * a[i]);
      return out;
    }

    export function f(x: number[]): number {
      const q = squares(x);
      return q[0] + q[1] * q[2] + q.length;
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "helper_returns_float64array",
    `
    function axpy(a: number, x: Float64Array, y: Float64Array): Float64Array {
      const out = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) out[i] = a * x[i] + y[i];
      return out;
    }

    export function f(a: number, x: Float64Array, y: Float64Array): number {
      const z = axpy(a, x, y);
      const w = axpy(a, z, x);
      return w[0] * w[1] + w[2];
    }`,
    () => [0.7, new Float64Array([0.5, -1.2, 2]), new Float64Array([1.1, 0.3, -0.4])],
    [0, 1, 2],
  ),
  mk(
    "helper_returns_nested_array",
    `
    function outer(a: number[], b: number[]): number[][] {
      const m: number[][] = [];
      for (let i = 0; i < a.length; i++) {
        const row: number[] = [];
        for (let j = 0; j < b.length; j++) row.push(a[i] * b[j]);
        m.push(row);
      }
      return m;
    }

    export function f(x: number[], y: number[]): number {
      const m = outer(x, y);
      return m[0][1] * m[1][0] - m[1][1];
    }`,
    () => [
      [0.5, -1.2],
      [1.1, 0.3],
    ],
    [0, 1],
  ),
  mk(
    "helper_called_many_times",
    `
    function sq(a: number): number {
      return a * a;
    }

    export function f(x: number): number {
      let s = sq(sq(sq(x)));
      for (let i = 0; i < 10; i++) s += sq(x - i * 0.1);
      return s;
    }`,
    () => [0.9],
  ),
  mk(
    "helper_chain",
    `
    function a1(v: number): number {
      return Math.sin(v) * v;
    }
    function a2(v: number): number {
      return a1(v) + a1(v * 2);
    }
    function a3(v: number, w: number): number {
      return a2(v * w) * a1(w);
    }

    export function f(x: number, y: number): number {
      return a3(x, y) + a2(y);
    }`,
    () => [0.7, -1.3],
    [0, 1],
  ),
  mk(
    "helper_defined_after_caller",
    `
    export function f(x: number): number {
      return later(x) * 2;
    }

    function later(v: number): number {
      return Math.exp(v) - v;
    }`,
    () => [0.7],
  ),
  mk(
    "helper_with_early_returns",
    `
    function clamp1(a: number): number {
      if (a > 1) return 1;
      if (a < -1) return -1;
      return a;
    }

    export function f(x: number): number {
      return clamp1(x * x) + clamp1(x) * 2 + clamp1(-3 * x) * x;
    }`,
    () => [0.7],
  ),
  mk(
    "helper_return_inside_loop",
    `
    function firstAbove(a: number[], t: number): number {
      for (let i = 0; i < a.length; i++) {
        if (a[i] > t) return a[i] * t;
      }
      return 0;
    }

    export function f(x: number[], t: number): number {
      return firstAbove(x, t) + firstAbove(x, t * 2);
    }`,
    () => [[0.5, -1.2, 2, 2.7], 1.1],
    [0, 1],
  ),
  mk(
    "helper_nested_array_argument",
    `
    function rowSum(m: number[][], i: number): number {
      let s = 0;
      for (let j = 0; j < m[i].length; j++) s += m[i][j];
      return s;
    }

    export function f(m: number[][]): number {
      return rowSum(m, 0) * rowSum(m, 1);
    }`,
    () => [
      [
        [0.5, -1.2],
        [1.1, 0.3],
      ],
    ],
  ),
  mk(
    "helper_integer_arguments",
    `
    function at(a: number[], i: number): number {
      return a[i % a.length];
    }

    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < 7; i++) s += at(x, i) * at(x, i + 1);
      return s;
    }`,
    () => [[0.5, -1.2, 2]],
  ),
];

export const recursion: Case[] = [
  mk(
    "recursive_power",
    `
    function rpow(a: number, n: number): number {
      return n === 0 ? 1 : a * rpow(a, n - 1);
    }

    export function f(x: number): number {
      return rpow(x, 5);
    }`,
    () => [1.3],
  ),
  mk(
    "recursive_fast_power",
    `
    function fpow(a: number, n: number): number {
      if (n === 0) return 1;
      if (n % 2 === 0) {
        const h = fpow(a, n / 2);
        return h * h;
      }
      return a * fpow(a, n - 1);
    }

    export function f(x: number): number {
      return fpow(x, 13);
    }`,
    () => [1.1],
  ),
  mk(
    "recursive_sum_over_array",
    `
    function rsum(a: number[], i: number): number {
      if (i === a.length) return 0;
      return a[i] * a[i] + rsum(a, i + 1);
    }

    export function f(x: number[]): number {
      return rsum(x, 0) * x[0];
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "recursive_writes_into_array",
    `
    function rscan(a: Float64Array, i: number): void {
      if (i >= a.length) return;
      a[i] = a[i] + Math.sin(a[i - 1]);
      rscan(a, i + 1);
    }

    export function f(x: Float64Array): number {
      rscan(x, 1);
      return x[x.length - 1] * x[0] + x[1];
    }`,
    () => [new Float64Array([0.5, -1.2, 2, 0.7])],
  ),
  mk(
    "mutual_recursion",
    `
    function ev(a: number, n: number): number {
      return n === 0 ? a : od(a * 1.1, n - 1);
    }
    function od(a: number, n: number): number {
      return n === 0 ? -a : ev(Math.sin(a) + a, n - 1);
    }

    export function f(x: number): number {
      return ev(x, 5) + od(x, 4);
    }`,
    () => [0.6],
  ),
  mk(
    "recursive_tree",
    `
    function fibv(a: number, n: number): number {
      if (n < 2) return n === 0 ? 1 : a;
      return fibv(a, n - 1) + fibv(a, n - 2) * a;
    }

    export function f(x: number): number {
      return fibv(x, 6);
    }`,
    () => [0.8],
  ),
  mk(
    "recursive_data_dependent_depth",
    `
    function grow(a: number, b: number): number {
      if (a > 5) return a * b;
      return grow(a * 1.6 + b, b * 0.9);
    }

    export function f(x: number, y: number): number {
      return grow(x, y);
    }`,
    () => [0.7, 0.4],
    [0, 1],
  ),
];

export const argnums: Case[] = [
  mk(
    "argnum_second_argument",
    `
    export function f(x: number, y: number): number {
      return Math.sin(x * y) + y * y;
    }`,
    () => [0.7, -1.3],
    1,
  ),
  mk(
    "argnum_array_reversed",
    `
    export function f(x: number, y: number): number {
      return Math.sin(x * y) + y * y * x;
    }`,
    () => [0.7, -1.3],
    [1, 0],
  ),
  mk(
    "argnum_array_skips_middle",
    `
    export function f(x: number[], k: number, y: number): number {
      return x[k] * y + x[0] * x[1] * y * y;
    }`,
    () => [[0.5, -1.2, 2], 2, 0.9],
    [0, 2],
  ),
  mk(
    "argnum_array_single",
    `
    export function f(x: number[], y: number): number {
      return x[0] * y + x[1] * x[2];
    }`,
    () => [[0.5, -1.2, 2], 0.9],
    [0],
  ),
  mk(
    "argnum_number_next_to_array",
    `
    export function f(x: Float64Array, s: number): number {
      let t = 0;
      for (let i = 0; i < x.length; i++) t += Math.exp(s * x[i]);
      return t;
    }`,
    () => [new Float64Array([0.5, -1.2, 2]), 0.3],
    1,
  ),
  mk(
    "argnum_nested_and_float32",
    `
    export function f(m: number[][], w: Float32Array): number {
      let s = 0;
      for (let i = 0; i < m.length; i++) for (let j = 0; j < w.length; j++) s += m[i][j] * w[j] * w[j];
      return s;
    }`,
    () => [
      [
        [0.5, -1.2],
        [1.1, 0.3],
      ],
      new Float32Array([0.5, -0.75]),
    ],
    [1, 0],
  ),
  mk(
    "f_const_arrow",
    `
    export const f = (x: number, y: number): number => x * y + Math.sin(x);`,
    () => [0.7, -1.3],
    [0, 1],
  ),
  mk(
    "f_const_arrow_block",
    `
    export const f = (x: Float64Array): number => {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += Math.cos(x[i]) * (i + 1);
      return s;
    };`,
    () => [new Float64Array([0.5, -1.2, 2])],
  ),
  mk(
    "f_const_arrow_calls_arrow",
    `
    const norm2 = (a: number[]): number => {
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i] * a[i];
      return s;
    };
    export const f = (x: number[]): number => Math.log(1 + norm2(x));`,
    () => [[0.5, -1.2, 2]],
  ),
];

/** Sharp cases: argument evaluation order vs writes, aliasing through calls and returns, deep recursion. */
export const callEdges: Case[] = [
  mk(
    "helper_argument_reads_array_it_writes",
    `
    function scale(a: number[], s: number): void {
      for (let i = 0; i < a.length; i++) a[i] *= s;
    }

    export function f(x: number[]): number {
      scale(x, x[0]);
      return x[0] + x[1];
    }`,
    () => [[2, 3]],
  ),
  mk(
    "helper_argument_reads_array_written_later",
    `
    function mulAdd(a: number, b: number): number {
      return a * b + a;
    }

    export function f(x: number[]): number {
      const r = mulAdd(x[0], x[1]);
      x[0] = r * x[1];
      x[1] = 0;
      return r + x[0];
    }`,
    () => [[0.7, -1.3]],
  ),
  mk(
    "helper_returns_its_argument",
    `
    function doubleFirst(a: number[]): number[] {
      a[0] *= 2;
      return a;
    }

    export function f(x: number[]): number {
      const y = doubleFirst(x);
      y[1] += y[0] * y[0];
      return x[0] * x[1];
    }`,
    () => [[0.7, -1.3]],
  ),
  mk(
    "helper_writes_into_row_of_nested_argument",
    `
    function scaleRow(r: number[], s: number): void {
      for (let j = 0; j < r.length; j++) r[j] *= s;
    }

    export function f(m: number[][], s: number): number {
      for (let i = 0; i < m.length; i++) scaleRow(m[i], s + i);
      return m[0][0] * m[1][1] + m[0][1] * m[1][0];
    }`,
    () => [
      [
        [0.5, -1.2],
        [1.1, 0.3],
      ],
      0.8,
    ],
    [0, 1],
  ),
  mk(
    "helper_writes_into_local_alias",
    `
    function addSquares(dst: Float64Array, src: number[]): void {
      for (let i = 0; i < src.length; i++) dst[i] += src[i] * src[i];
    }

    export function f(x: number[]): number {
      const acc = new Float64Array(x.length);
      const view = acc;
      addSquares(view, x);
      addSquares(acc, x);
      return acc[0] * acc[1] + view[2];
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "helper_in_loop_condition",
    `
    function energy(a: number, b: number): number {
      return a * a + b;
    }

    export function f(x: number, y: number): number {
      let a = x;
      let n = 0;
      while (energy(a, y) < 6 && n < 20) {
        a = a * 1.3 + 0.1;
        n++;
      }
      return a * y;
    }`,
    () => [0.9, 0.4],
    [0, 1],
  ),
  mk(
    "helper_integer_index_function",
    `
    function wrap(i: number, n: number): number {
      return ((i % n) + n) % n;
    }

    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[wrap(i - 1, x.length)] * x[wrap(i + 1, x.length)] * x[i];
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "recursive_const_arrow",
    `
    const rp = (a: number, n: number): number => (n === 0 ? 1 : a * rp(a, n - 1));

    export function f(x: number): number {
      return rp(x, 4) + rp(2 * x, 2);
    }`,
    () => [0.9],
  ),
  mk(
    "recursion_deep",
    `
    function rsum(a: Float64Array, i: number): number {
      if (i === a.length) return 0;
      return Math.sin(a[i]) * a[i] + rsum(a, i + 1);
    }

    export function f(x: Float64Array): number {
      return rsum(x, 0);
    }`,
    () => [Float64Array.from({ length: 400 }, (_, i) => Math.sin(i) * 1.5)],
  ),
  mk(
    "long_loop_stack_growth",
    `
    export function f(x: number): number {
      let y = 0.5;
      for (let i = 0; i < 5000; i++) y = Math.sin(y) * 0.9 + x * 0.01;
      return y;
    }`,
    () => [0.7],
  ),
  mk(
    "recursive_f_itself",
    `
    export function f(x: number, n: number): number {
      if (n === 0) return x;
      return Math.sin(f(x, n - 1)) + x * 0.5;
    }`,
    () => [0.9, 4],
    0,
  ),
  mk(
    "helper_writes_into_float32_argument",
    `
    function square(a: Float32Array): void {
      for (let i = 0; i < a.length; i++) a[i] = a[i] * a[i];
    }

    export function f(x: Float32Array): number {
      square(x);
      return x[0] + x[1] * 2;
    }`,
    () => [new Float32Array([0.5, 1.5])],
  ),
];
