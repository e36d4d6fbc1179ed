// Arrays: number[], Float64Array, Float32Array and nested number[][] as arguments and locals; reads,
// writes and compound writes (also into arguments), .length, allocation, push, aliasing.
import { type Case, mk } from "./case.js";

export const arrayArgs: Case[] = [
  mk(
    "sum_squares_number_array",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i] * x[i];
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "sum_squares_float64array",
    `
    export function f(x: Float64Array): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i] * x[i] * (i + 1);
      return s;
    }`,
    () => [new Float64Array([0.5, -1.2, 2, 0.7])],
  ),
  mk(
    "sum_squares_float32array",
    `
    export function f(x: Float32Array): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i] * x[i] * (i + 1);
      return s;
    }`,
    () => [new Float32Array([0.5, -1.25, 2, 0.75])],
  ),
  mk(
    "dot_two_arguments",
    `
    export function f(x: number[], y: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i] * y[i];
      return s * s;
    }`,
    () => [
      [0.5, -1.2, 2],
      [1.1, 0.3, -0.4],
    ],
    [0, 1],
  ),
  mk(
    "float64_and_float32_arguments",
    `
    export function f(x: Float64Array, w: Float32Array): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += Math.tanh(x[i] * w[i]);
      return s;
    }`,
    () => [new Float64Array([0.5, -1.2, 2]), new Float32Array([0.5, 0.25, -0.75])],
    [0, 1],
  ),
  mk(
    "matrix_entries_squared",
    `
    export function f(m: number[][]): number {
      let s = 0;
      for (let i = 0; i < m.length; i++) {
        for (let j = 0; j < m[i].length; j++) s += m[i][j] * m[i][j] * (j + 1) + m[i][j] * i;
      }
      return s;
    }`,
    () => [
      [
        [0.5, -1.2, 2],
        [1.1, 0.3, -0.4],
      ],
    ],
  ),
  mk(
    "matvec_wrt_vector",
    `
    export function f(m: number[][], v: number[]): number {
      let s = 0;
      for (let i = 0; i < m.length; i++) {
        let r = 0;
        for (let j = 0; j < v.length; j++) r += m[i][j] * v[j];
        s += r * r;
      }
      return s;
    }`,
    () => [
      [
        [0.5, -1.2, 2],
        [1.1, 0.3, -0.4],
      ],
      [0.7, -0.2, 1.3],
    ],
    1,
  ),
  mk(
    "matvec_wrt_both",
    `
    export function f(m: number[][], v: number[]): number {
      let s = 0;
      for (let i = 0; i < m.length; i++) {
        let r = 0;
        for (let j = 0; j < v.length; j++) r += m[i][j] * v[j];
        s += Math.sin(r);
      }
      return s;
    }`,
    () => [
      [
        [0.5, -1.2, 2],
        [1.1, 0.3, -0.4],
      ],
      [0.7, -0.2, 1.3],
    ],
    [0, 1],
  ),
  mk(
    "nested_three_levels",
    `
    export function f(t: number[][][]): number {
      let s = 0;
      for (let i = 0; i < t.length; i++)
        for (let j = 0; j < t[i].length; j++)
          for (let k = 0; k < t[i][j].length; k++) s += t[i][j][k] * t[i][j][k] * (i - k + 0.5);
      return s;
    }`,
    () => [
      [
        [
          [0.5, -1.2],
          [2, 0.7],
        ],
        [
          [1.1, 0.3],
          [-0.4, 0.9],
        ],
      ],
    ],
  ),
  mk(
    "ragged_nested",
    `
    export function f(m: number[][]): number {
      let s = 0;
      for (let i = 0; i < m.length; i++) s += m[i][m[i].length - 1] * m[i].length + m[i][0];
      return s;
    }`,
    () => [[[0.5], [1.1, 0.3, -0.4], [2, 0.7]]],
  ),
  mk(
    "mean_with_length",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i];
      const mean = s / x.length;
      let v = 0;
      for (let i = 0; i < x.length; i++) v += (x[i] - mean) * (x[i] - mean);
      return v / x.length;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "computed_index_reads",
    `
    export function f(x: Float64Array): number {
      const n = x.length;
      let s = 0;
      for (let i = 0; i < n; i++) s += x[(2 * i + 1) % n] * x[i] * x[n - 1];
      return s;
    }`,
    () => [new Float64Array([0.5, -1.2, 2, 0.7, 1.3])],
  ),
  mk(
    "single_element",
    `
    export function f(x: number[]): number {
      return x[0] * x[0] * x.length;
    }`,
    () => [[1.7]],
  ),
  mk(
    "index_from_integer_argument",
    `
    export function f(x: number[], k: number): number {
      return x[k] * x[k + 1] + x[k - 1];
    }`,
    () => [[0.5, -1.2, 2, 0.7], 2],
    0,
  ),
  mk(
    "reverse_iteration",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = x.length - 1; i >= 0; i--) s = s * 0.5 + x[i] * x[i];
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "logsumexp",
    `
    export function f(x: Float64Array): number {
      let m = x[0];
      for (let i = 1; i < x.length; i++) m = Math.max(m, x[i]);
      let s = 0;
      for (let i = 0; i < x.length; i++) s += Math.exp(x[i] - m);
      return m + Math.log(s);
    }`,
    () => [new Float64Array([0.5, -1.2, 2, 0.7])],
  ),
  mk(
    "horner",
    `
    export function f(c: number[], x: number): number {
      let p = 0;
      for (let i = c.length - 1; i >= 0; i--) p = p * x + c[i];
      return p;
    }`,
    () => [[0.5, -1.2, 2, 0.7], 1.3],
    [0, 1],
  ),
  mk(
    "convolution_1d",
    `
    export function f(x: number[], w: number[]): number {
      let s = 0;
      for (let i = 0; i + w.length <= x.length; i++) {
        let y = 0;
        for (let k = 0; k < w.length; k++) y += x[i + k] * w[k];
        s += Math.tanh(y);
      }
      return s;
    }`,
    () => [
      [0.5, -1.2, 2, 0.7, 1.3],
      [0.3, -0.6],
    ],
    [0, 1],
  ),
];

export const arrayWrites: Case[] = [
  mk(
    "write_into_argument",
    `
    export function f(x: number[]): number {
      x[0] = x[0] * x[1];
      return x[0] + x[1] * x[0];
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "write_into_argument_prefix_sum",
    `
    export function f(x: number[]): number {
      for (let i = 1; i < x.length; i++) x[i] += x[i - 1];
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i] * x[i];
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "write_into_argument_repeated",
    `
    export function f(x: Float64Array): number {
      const n = x.length;
      for (let k = 0; k < 3; k++) {
        for (let i = 0; i < n; i++) x[i] = Math.sin(x[i]) * x[(i + 1) % n] + 0.5;
      }
      return x[0] + 2 * x[1] + 3 * x[2];
    }`,
    () => [new Float64Array([0.5, -1.2, 2, 0.7])],
  ),
  mk(
    "write_into_float64array_square",
    `
    export function f(x: Float64Array): number {
      for (let i = 0; i < x.length; i++) x[i] *= x[i];
      return x[0] * x[1] + x[2];
    }`,
    () => [new Float64Array([0.5, -1.2, 2])],
  ),
  mk(
    "write_into_float32array",
    `
    export function f(x: Float32Array): number {
      for (let i = 0; i < x.length; i++) x[i] = x[i] * 0.5 + 1;
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i] * x[i];
      return s;
    }`,
    () => [new Float32Array([0.5, -1.25, 2, 0.75])],
  ),
  mk(
    "compound_writes_all_operators",
    `
    export function f(x: number[]): number {
      x[0] += 1;
      x[1] -= x[0];
      x[2] *= x[1];
      x[3] /= 1 + x[2] * x[2];
      x[0] **= 2;
      return x[0] + x[1] * 2 + x[2] * 3 + x[3] * 4;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "write_into_non_differentiated_argument",
    `
    export function f(s: number, buf: number[]): number {
      for (let i = 0; i < buf.length; i++) buf[i] = s * i + buf[i];
      let t = 0;
      for (let i = 0; i < buf.length; i++) t += buf[i] * buf[i];
      return t;
    }`,
    () => [0.7, [0.5, -1.2, 2]],
    0,
  ),
  mk(
    "write_into_both_arguments",
    `
    export function f(x: number[], y: number[]): number {
      for (let i = 0; i < x.length; i++) {
        x[i] = x[i] * y[i];
        y[i] = x[i] + y[i];
      }
      return x[0] * y[1] + x[1] * y[2] + x[2] * y[0];
    }`,
    () => [
      [0.5, -1.2, 2],
      [1.1, 0.3, -0.4],
    ],
    [0, 1],
  ),
  mk(
    "write_into_nested_argument",
    `
    export function f(m: number[][]): number {
      for (let i = 0; i < m.length; i++) {
        for (let j = 0; j < m[i].length; j++) m[i][j] *= 1 + m[i][0] * 0.5;
      }
      return m[0][0] * m[1][1] + m[0][1] * m[1][0] + m[1][1];
    }`,
    () => [
      [
        [0.5, -1.2],
        [1.1, 0.3],
      ],
    ],
  ),
  mk(
    "write_grows_argument_with_push",
    `
    export function f(x: number[]): number {
      const n = x.length;
      for (let i = 0; i < n; i++) x.push(x[i] * x[i]);
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i] * (i + 1);
      return s;
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "swap_elements_temp",
    `
    export function f(x: number[]): number {
      const t = x[0];
      x[0] = x[1];
      x[1] = t;
      return x[0] * 2 + x[1] * x[1] * 3;
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "swap_elements_destructuring",
    `
    export function f(x: number[]): number {
      [x[0], x[2]] = [x[2], x[0]];
      return x[0] * 1 + x[1] * 2 + x[2] * x[2];
    }`,
    () => [[0.5, -1.2, 2]],
  ),
];

export const arrayLocals: Case[] = [
  mk(
    "local_float64array",
    `
    export function f(x: number[]): number {
      const n = x.length;
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) y[i] = x[i] * 2 + 1;
      let s = 0;
      for (let i = 0; i < n; i++) s += y[i] * y[i] * x[i];
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "local_array_fill_zero",
    `
    export function f(x: number[]): number {
      const n = x.length;
      const y = new Array(n).fill(0);
      for (let i = 0; i < n; i++) y[i] += x[i] * x[(i + 1) % n];
      for (let i = 0; i < n; i++) y[i] += y[(i + n - 1) % n];
      return y[0] + 2 * y[1] + 3 * y[2];
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "local_array_fill_value",
    `
    export function f(x: number): number {
      const y: number[] = new Array(3).fill(x);
      y[1] *= x;
      return y[0] + y[1] + y[2] * y[2];
    }`,
    () => [0.7],
  ),
  mk(
    "local_array_literal",
    `
    export function f(x: number): number {
      const a = [x, x * x, 3];
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i] * a[(i + 1) % a.length];
      return s;
    }`,
    () => [0.7],
  ),
  mk(
    "local_nested_literal_determinant",
    `
    export function f(x: number, y: number): number {
      const m = [
        [x, 1],
        [y, x * y],
      ];
      return m[0][0] * m[1][1] - m[0][1] * m[1][0];
    }`,
    () => [0.7, 1.3],
    [0, 1],
  ),
  mk(
    "local_push",
    `
    export function f(x: number[]): number {
      const out: number[] = [];
      for (let i = 0; i < x.length; i++) out.push(x[i] * x[i]);
      let s = 0;
      for (let i = 0; i < out.length; i++) s += out[i] * (i + 1);
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "local_push_then_overwrite",
    `
    export function f(x: number): number {
      const out: number[] = [];
      out.push(x);
      out.push(x * x);
      out[0] = out[0] * out[1];
      out[1] += out[0];
      return out[0] + out[1] * out.length;
    }`,
    () => [0.7],
  ),
  mk(
    "local_nested_rows_with_push",
    `
    export function f(x: number[]): number {
      const m: number[][] = [];
      for (let i = 0; i < x.length; i++) {
        const row: number[] = [];
        for (let j = 0; j < x.length; j++) row.push(x[i] * x[j] + (i === j ? 1 : 0));
        m.push(row);
      }
      let tr = 0;
      for (let i = 0; i < m.length; i++) tr += m[i][i] * m[i][(i + 1) % m.length];
      return tr;
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "local_cumulative_product",
    `
    export function f(x: Float64Array): number {
      const out = new Float64Array(x.length);
      let p = 1;
      for (let i = 0; i < x.length; i++) {
        p *= x[i];
        out[i] = p;
      }
      let s = 0;
      for (let i = 0; i < out.length; i++) s += out[i];
      return s;
    }`,
    () => [new Float64Array([0.5, -1.2, 2, 0.7])],
  ),
  mk(
    "local_overwritten_in_loop",
    `
    export function f(x: number[]): number {
      const buf = new Array(x.length).fill(0);
      let s = 0;
      for (let k = 0; k < 3; k++) {
        for (let i = 0; i < x.length; i++) buf[i] = Math.cos(buf[i] + x[i] * (k + 1));
        s += buf[k];
      }
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "alias_argument_row",
    `
    export function f(m: number[][], x: number): number {
      for (let i = 0; i < m.length; i++) {
        const row = m[i];
        for (let j = 0; j < row.length; j++) row[j] += row[j] * x;
      }
      let s = 0;
      for (let i = 0; i < m.length; i++) for (let j = 0; j < m[i].length; j++) s += m[i][j] * m[i][j];
      return s;
    }`,
    () => [
      [
        [0.5, -1.2],
        [1.1, 0.3],
      ],
      0.4,
    ],
    [0, 1],
  ),
  mk(
    "alias_local_array",
    `
    export function f(x: number): number {
      const a = new Float64Array(3);
      const b = a;
      b[0] = x;
      b[1] = x * a[0];
      a[2] = b[1] + 1;
      return a[0] * a[1] * b[2];
    }`,
    () => [0.7],
  ),
  mk(
    "alias_row_read_write",
    `
    export function f(m: number[][]): number {
      const row = m[1];
      row[0] = row[1] * row[0];
      m[1][1] = row[0] + m[0][0];
      return m[1][0] + row[1] * m[0][1];
    }`,
    () => [
      [
        [0.5, -1.2],
        [1.1, 0.3],
      ],
    ],
  ),
];

/** Sharp cases: element updates with ++/--, in-array copies, side-effecting indices, copies. */
export const arrayEdges: Case[] = [
  mk(
    "element_increment_decrement",
    `
    export function f(x: number[]): number {
      x[0]++;
      ++x[1];
      x[2]--;
      x[0] += x[1] * x[2];
      return x[0] * x[1] + x[2];
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "element_postincrement_value_used",
    `
    export function f(x: number[]): number {
      const a = x[0]++;
      return a * x[0] + x[1];
    }`,
    () => [[0.5, -1.2]],
  ),
  mk(
    "side_effect_in_index_read",
    `
    export function f(x: number[]): number {
      let i = 0;
      let s = 0;
      while (i < x.length) s += x[i++] * x[0];
      return s;
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "side_effect_in_index_compound_write",
    `
    export function f(x: number[]): number {
      let j = 0;
      x[j++] += x[2];
      x[j++] *= x[2];
      return x[0] * x[1] + j;
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "index_changed_and_read_in_one_expression",
    `
    export function f(x: number[]): number {
      let i = 0;
      let s = 0;
      while (i < x.length) s += x[i++] * (i + 1);
      return s;
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "copy_within_same_array",
    `
    export function f(x: number[]): number {
      x[2] = x[0];
      x[0] = x[1] * x[2];
      x[1] = x[2];
      return x[0] + 2 * x[1] + 3 * x[2];
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "negate_elements_in_place",
    `
    export function f(x: Float64Array): number {
      for (let i = 0; i < x.length; i++) x[i] = -x[i];
      return x[0] * Math.exp(x[1]) + x[2];
    }`,
    () => [new Float64Array([0.5, -1.2, 2])],
  ),
  mk(
    "local_new_array_without_fill",
    `
    export function f(x: number[]): number {
      const a: number[] = new Array(x.length);
      for (let i = 0; i < x.length; i++) a[i] = x[i] * (i + 1);
      return a[0] * a[1] + a[2];
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "slice_copy_then_write",
    `
    export function f(x: Float64Array): number {
      const y = x.slice();
      for (let i = 0; i < y.length; i++) y[i] = y[i] * y[i];
      return y[0] + x[0] * y[1] + y[2];
    }`,
    () => [new Float64Array([0.5, -1.2, 2])],
  ),
  mk(
    "float32_local_and_argument",
    `
    export function f(w: Float32Array): number {
      const h = new Float32Array(w.length);
      for (let i = 0; i < w.length; i++) h[i] = Math.tanh(w[i] * 2);
      let s = 0;
      for (let i = 0; i < h.length; i++) s += h[i] * w[(i + 1) % w.length];
      return s;
    }`,
    () => [new Float32Array([0.5, -0.25, 0.75])],
  ),
  mk(
    "running_max_over_array",
    `
    export function f(x: number[]): number {
      let m = -Infinity;
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        m = Math.max(m, x[i]);
        s += m * x[i];
      }
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "row_length_after_push",
    `
    export function f(x: number): number {
      const rows: number[][] = [[], []];
      for (let k = 0; k < 3; k++) rows[k % 2].push(x * (k + 1));
      return rows[0].length * rows[0][1] + rows[1][0] * rows[1].length;
    }`,
    () => [0.7],
  ),
  mk(
    "conditional_array_alias",
    `
    export function f(x: number[], y: number[]): number {
      const a = x[0] > 0 ? x : y;
      a[1] *= 2;
      return a[0] * a[1] + y[0] * x[1];
    }`,
    () => [
      [0.5, -1.2],
      [1.1, 0.3],
    ],
    [0, 1],
  ),
  mk(
    "ping_pong_buffers_destructuring_swap",
    `
    export function f(x: Float64Array): number {
      const n = x.length;
      let cur = new Float64Array(n);
      for (let i = 0; i < n; i++) cur[i] = x[i];
      let next = new Float64Array(n);
      for (let k = 0; k < 3; k++) {
        for (let i = 0; i < n; i++) next[i] = Math.sin(cur[i]) + cur[(i + 1) % n];
        [cur, next] = [next, cur];
      }
      return cur[0] + 2 * cur[1];
    }`,
    () => [new Float64Array([0.5, -1.2, 2])],
  ),
  mk(
    "ping_pong_buffers_temp_swap",
    `
    export function f(x: Float64Array): number {
      const n = x.length;
      let cur = new Float64Array(n);
      for (let i = 0; i < n; i++) cur[i] = x[i];
      let next = new Float64Array(n);
      for (let k = 0; k < 3; k++) {
        for (let i = 0; i < n; i++) next[i] = Math.sin(cur[i]) + cur[(i + 1) % n];
        const t = cur;
        cur = next;
        next = t;
      }
      return cur[0] + 2 * cur[1];
    }`,
    () => [new Float64Array([0.5, -1.2, 2])],
  ),
  mk(
    "rebind_array_variable",
    `
    export function f(x: number[], y: number[]): number {
      let a = x;
      a[0] *= 2;
      a = y;
      a[0] *= 3;
      return x[0] * y[0] + a[0] * x[1];
    }`,
    () => [
      [0.5, 1.1],
      [2, 3],
    ],
    [0, 1],
  ),
  mk(
    "slice_copy_only",
    `
    export function f(x: number[]): number {
      const y = x.slice();
      return y[0] * y[1];
    }`,
    () => [[2, 3]],
  ),
];
