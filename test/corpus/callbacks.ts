// Callbacks (map, reduce, forEach, filter, some, every, find, Array.from), local closures,
// immediately invoked functions and spread: lowered to loops, inlined bodies and pushes
// (compiler/transform/lower/callbacks.ts, closures.ts, spread.ts).
import { type Case, mk } from "./case.js";

export const callbackCases: Case[] = [
  mk(
    "cb_map_reduce_sum_squares",
    `
    export function f(xs: number[]): number {
      const sq = xs.map((x) => x * x);
      return sq.reduce((a, b) => a + b, 0);
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "cb_map_float64_stays_typed",
    `
    export function f(xs: Float64Array): number {
      const ys = xs.map((x, i) => Math.sin(x) * (i + 1));
      if (!(ys instanceof Float64Array)) return NaN;
      let s = 0;
      for (let i = 0; i < ys.length; i++) s += ys[i] * xs[i];
      return s;
    }`,
    () => [new Float64Array([0.5, -1.2, 2, 0.7])],
  ),
  mk(
    "cb_map_float32_rounds",
    `
    export function f(xs: Float32Array): number {
      const ys = xs.map((x) => x * 1.5 + 0.1);
      return ys.reduce((a, y) => a + y * y, 0);
    }`,
    () => [new Float32Array([0.5, -1.25, 2, 0.75])],
  ),
  mk(
    "cb_reduce_no_initial",
    `
    export function f(xs: number[]): number {
      return xs.reduce((a, b) => a * 0.5 + b * b);
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "cb_reduce_no_initial_single",
    `
    export function f(xs: number[]): number {
      const s = xs.reduce((a, b) => a + b * 100);
      return s * s;
    }`,
    () => [[1.3]],
  ),
  mk(
    "cb_reduce_empty_throws_caught_by_length",
    `
    export function f(x: number): number {
      const empty: number[] = [];
      const s = empty.length > 0 ? empty.reduce((a, b) => a + b) : 0;
      return s + x * x;
    }`,
    () => [0.9],
  ),
  mk(
    "cb_reduce_right_order_matters",
    `
    export function f(xs: number[]): number {
      return xs.reduceRight((a, b) => Math.sin(a) + b, 0.3);
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "cb_reduce_right_no_initial",
    `
    export function f(xs: number[]): number {
      return xs.reduceRight((a, b, i) => a * b + i);
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "cb_forEach_captured_accumulator",
    `
    export function f(xs: number[]): number {
      let s = 0;
      xs.forEach((x) => {
        s += x * x;
      });
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "cb_forEach_early_return_continues",
    `
    export function f(xs: number[]): number {
      let s = 0;
      xs.forEach((x, i) => {
        if (x < 0) return;
        s += x * (i + 1);
        if (x > 1.5) return;
        s *= 1.1;
      });
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "cb_forEach_index_and_array_params",
    `
    export function f(xs: number[]): number {
      let s = 0;
      xs.forEach((x, i, arr) => {
        s += x * arr[arr.length - 1 - i];
      });
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "cb_forEach_writes_into_argument",
    `
    export function f(xs: number[]): number {
      xs.forEach((x, i) => {
        xs[i] = x * x;
      });
      return xs[0] + 2 * xs[1] + 3 * xs[2];
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "cb_forEach_reads_element_after_write",
    `
    export function f(xs: number[]): number {
      let s = 0;
      xs.forEach((x, i) => {
        if (i + 1 < xs.length) xs[i + 1] = xs[i + 1] * x;
        s += x;
      });
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "cb_callback_mutates_captured_in_loop",
    `
    export function f(xs: number[], w: number): number {
      let t = 1;
      let s = 0;
      for (let r = 0; r < 3; r++) {
        xs.forEach((x) => {
          t = t * w + x;
          s += t * t;
        });
      }
      return s;
    }`,
    () => [[0.3, -0.2, 0.25], 0.7],
    [0, 1],
  ),
  mk(
    "cb_map_block_body_early_return",
    `
    export function f(xs: number[]): number {
      const ys = xs.map((x) => {
        if (x < 0) return -x * 2;
        const y = x * x;
        return y + 1;
      });
      return ys[0] * ys[1] + ys[2] * ys[3];
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "cb_map_inside_reduce",
    `
    export function f(m: number[][], v: number[]): number {
      return m.reduce((acc, row, i) => {
        const p = row.map((a, j) => a * v[j]);
        return acc + p.reduce((s, z) => s + z, 0) * (i + 1);
      }, 0);
    }`,
    () => [
      [
        [0.5, -1.2, 2],
        [1.1, 0.3, -0.4],
      ],
      [0.2, 0.9, -0.6],
    ],
    [0, 1],
  ),
  mk(
    "cb_map_of_rows_returns_numbers",
    `
    export function f(m: number[][]): number {
      const norms = m.map((row) => Math.sqrt(row.reduce((s, a) => s + a * a, 0)));
      return norms[0] * 2 + norms[1];
    }`,
    () => [
      [
        [0.5, -1.2, 2],
        [1.1, 0.3, -0.4],
      ],
    ],
  ),
  mk(
    "cb_map_result_aliases",
    `
    export function f(xs: number[]): number {
      const ys = xs.map((x) => x * 3);
      const zs = ys;
      zs[0] = zs[0] * ys[1];
      return ys[0] + zs[2] * xs[0];
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "cb_reduce_inside_branch",
    `
    export function f(xs: number[], c: number): number {
      let s = c;
      if (c > 0) s = xs.reduce((a, x) => a + x * c, s);
      else s = xs.reduce((a, x) => a * x, 1);
      return s * s;
    }`,
    () => [[0.5, -1.2, 2], 0.8],
    [0, 1],
  ),
  mk(
    "cb_filter_data_dependent",
    `
    export function f(xs: number[]): number {
      const pos = xs.filter((x) => x * x > 0.3);
      let s = 0;
      for (const p of pos) s += p * p * p;
      return s + pos.length;
    }`,
    () => [[0.5, -1.2, 2, 0.1, 0.7]],
  ),
  mk(
    "cb_filter_typed_array_index",
    `
    export function f(xs: Float64Array): number {
      const odd = xs.filter((_, i) => i % 2 === 1);
      return odd.reduce((a, x) => a + Math.exp(x), 0) * (odd instanceof Float64Array ? 1 : 2);
    }`,
    () => [new Float64Array([0.5, -1.2, 2, 0.1, 0.7])],
  ),
  mk(
    "cb_some_every",
    `
    export function f(xs: number[], y: number): number {
      const anyBig = xs.some((x) => x > y);
      const allPos = xs.every((x) => x > -2);
      return (anyBig ? y * y : y) + (allPos ? xs[0] * 3 : xs[1]);
    }`,
    () => [[0.5, -1.2, 2], 1.1],
    [0, 1],
  ),
  mk(
    "cb_some_stops_early_side_effect",
    `
    export function f(xs: number[]): number {
      let s = 0;
      xs.some((x) => {
        s += x * x;
        return x > 1;
      });
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7, 3]],
  ),
  mk(
    "cb_find_and_findIndex",
    `
    export function f(xs: number[]): number {
      const v = xs.find((x) => x > 1);
      const i = xs.findIndex((x) => x < 0);
      const none = xs.find((x) => x > 100);
      return (v === undefined ? 0 : v * v) + i * xs[0] + (none === undefined ? 1 : 0);
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "cb_findLast",
    `
    export function f(xs: number[]): number {
      const v = xs.findLast((x) => x > 0) ?? 0;
      return v * xs[0];
    }`,
    () => [[0.5, -1.2, 2, 0.7, -0.3]],
  ),
  mk(
    "cb_named_module_callback",
    `
    function sq(t: number): number {
      return t * t;
    }
    function weigh(x: number, i: number): number {
      let y = x;
      for (let k = 0; k < i; k++) y = y * 0.9 + 0.1;
      return y;
    }
    export function f(xs: number[]): number {
      return xs.map(sq).map(weigh).reduce((a, b) => a + b, 0);
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "cb_named_local_closure_callback",
    `
    export function f(xs: number[], w: number): number {
      const scale = (x: number) => x * w;
      function add(a: number, b: number) {
        return a + Math.tanh(b);
      }
      return xs.map(scale).reduce(add, 0);
    }`,
    () => [[0.5, -1.2, 2, 0.7], 0.8],
    [0, 1],
  ),
  mk(
    "cb_array_from_length",
    `
    export function f(x: number): number {
      const ys = Array.from({ length: 4 }, (_, i) => Math.pow(x, i));
      return ys.reduce((a, b) => a + b, 0);
    }`,
    () => [1.3],
  ),
  mk(
    "cb_array_from_array",
    `
    export function f(xs: Float64Array): number {
      const ys = Array.from(xs, (x, i) => x * (i + 2));
      const zs = Float64Array.from(ys, (y) => y * y);
      return zs[0] + zs[1] + zs[2] + (Array.isArray(ys) ? 1 : 0);
    }`,
    () => [new Float64Array([0.5, -1.2, 2])],
  ),
  mk(
    "cb_untyped_javascript",
    `
    export function f(xs, w) {
      const ys = xs.map((x) => x * w);
      let s = 0;
      ys.forEach((y) => { s += y * y; });
      return s;
    }`,
    () => [[0.5, -1.2, 2], 0.4],
    [0, 1],
  ),
  // local closures and immediately invoked functions
  mk(
    "closure_const_arrow_called_twice",
    `
    export function f(x: number, y: number): number {
      const sq = (t: number) => t * t;
      return sq(x) + sq(y * x);
    }`,
    () => [0.7, -1.3],
    [0, 1],
  ),
  mk(
    "closure_reassigns_captured",
    `
    export function f(x: number, y: number): number {
      let acc = 0;
      const add = (v: number) => {
        acc += v * v;
      };
      add(x);
      add(y);
      add(x * y);
      return acc;
    }`,
    () => [0.7, -1.3],
    [0, 1],
  ),
  mk(
    "closure_in_loop_reads_loop_variable",
    `
    export function f(xs: number[]): number {
      let s = 0;
      for (let i = 0; i < xs.length; i++) {
        const term = (k: number) => xs[i] * k + s * 0.1;
        s += term(i + 1);
      }
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "closure_function_declaration_hoisted",
    `
    export function f(x: number): number {
      let s = 0;
      for (let i = 0; i < 3; i++) s += h(x + i);
      function h(t: number): number {
        if (t > 1.5) return Math.log(t);
        let u = t;
        u = u * u;
        return u;
      }
      return s;
    }`,
    () => [0.8],
  ),
  mk(
    "closure_early_return_in_loop",
    `
    export function f(xs: number[], c: number): number {
      function firstAbove(t: number) {
        for (let i = 0; i < xs.length; i++) {
          if (xs[i] > t) return xs[i] * c;
        }
        return -c;
      }
      return firstAbove(0.6) + firstAbove(10) * 2;
    }`,
    () => [[0.5, -1.2, 2, 0.7], 1.3],
    [0, 1],
  ),
  mk(
    "closure_shadowing_resolves_lexically",
    `
    export function f(x: number): number {
      const a = x * 2;
      const g = () => a * x;
      {
        const a = 100;
        return g() + a * 0;
      }
    }`,
    () => [0.8],
  ),
  mk(
    "closure_param_default_and_assign",
    `
    export function f(x: number): number {
      const g = (t: number, k = 3) => {
        t = t * k;
        return t + k;
      };
      return g(x) * g(x, 0.5);
    }`,
    () => [0.8],
  ),
  mk(
    "closure_calls_closure",
    `
    export function f(x: number): number {
      const sq = (t: number) => t * t;
      const both = (t: number) => sq(t) + sq(t + 1);
      return both(x) * both(2 * x);
    }`,
    () => [0.8],
  ),
  mk(
    "iife_arrow_and_function",
    `
    export function f(x: number): number {
      const a = ((t: number) => t * 2)(x);
      const b = (function (t: number) {
        let s = 0;
        for (let i = 0; i < 3; i++) s += t * i;
        return s;
      })(a);
      return a * b;
    }`,
    () => [0.8],
  ),
  mk(
    "closure_var_inside_is_its_own",
    `
    export function f(x: number): number {
      var v = x;
      const g = (t: number) => {
        var v = t * 3;
        return v;
      };
      return g(x) + v * v;
    }`,
    () => [0.8],
  ),
  // spread
  mk(
    "spread_math_max_min",
    `
    export function f(xs: number[]): number {
      return Math.max(...xs) * 2 + Math.min(...xs, 0.1) * 3;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "spread_math_hypot",
    `
    export function f(xs: Float64Array, y: number): number {
      return Math.hypot(y, ...xs);
    }`,
    () => [new Float64Array([0.5, -1.2, 2]), 0.3],
    [0, 1],
  ),
  mk(
    "spread_literal_into_function",
    `
    function h(a: number, b: number, c: number): number {
      let s = a;
      s = s * b + c;
      return s;
    }
    export function f(x: number, y: number): number {
      return h(...[x, y], x * y) + h(...[y, x, 1]);
    }`,
    () => [0.7, -1.3],
    [0, 1],
  ),
  mk(
    "spread_array_literal_concat",
    `
    export function f(xs: number[], ys: Float64Array, y: number): number {
      const zs = [...xs, y, ...ys];
      let s = 0;
      for (let i = 0; i < zs.length; i++) s += zs[i] * zs[i] * (i + 1);
      return s;
    }`,
    () => [[0.5, -1.2], new Float64Array([2, 0.7]), 0.3],
    [0, 1, 2],
  ),
  mk(
    "spread_copy_then_mutate",
    `
    export function f(xs: number[]): number {
      const c = [...xs];
      c[0] = c[0] * c[1];
      xs[1] = 5;
      return c[0] + c[1] * xs[1] + Math.max(...c);
    }`,
    () => [[0.5, -1.2, 2]],
  ),
];

export const callbackAdversarial: Case[] = [
  mk(
    "cb_adv_some_in_while_test",
    `
    export function f(xs: number[], t: number): number {
      let n = 0;
      while (xs.some((x) => x * t > 1)) {
        t = t * 0.5;
        n++;
      }
      return t * n + t * t;
    }`,
    () => [[0.5, -1.2, 2], 1.3],
    [0, 1],
  ),
  mk(
    "cb_adv_map_in_ternary_branch",
    `
    export function f(xs: number[], c: number): number {
      const v = c > 0 ? xs.map((x) => x * c)[1] : xs.reduce((a, x) => a - x, 0);
      return v * v;
    }`,
    () => [[0.5, -1.2, 2], 0.8],
    [0, 1],
  ),
  mk(
    "cb_adv_map_to_rows",
    `
    export function f(xs: number[]): number {
      const rows = xs.map((x) => [x, x * x]);
      let s = 0;
      for (const r of rows) s += r[0] * r[1];
      return s;
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "cb_adv_reduce_builds_array",
    `
    export function f(xs: number[]): number {
      const ys = xs.reduce((acc: number[], x) => {
        acc.push(x * x);
        return acc;
      }, []);
      return ys[0] + ys[1] * ys[2];
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "cb_adv_callback_in_helper",
    `
    function norm2(v: number[]): number {
      let s = 0;
      v.forEach((a) => { s += a * a; });
      return s;
    }
    export function f(xs: number[]): number {
      return norm2(xs) * norm2([xs[0], 2 * xs[1]]);
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "cb_adv_one_expression_helper_with_callback",
    `
    const total = (v: number[], w: number) => v.reduce((a, x) => a + x * w, 0);
    export function f(xs: number[], w: number): number {
      return total(xs, w) * total(xs, 2);
    }`,
    () => [[0.5, -1.2, 2], 0.6],
    [0, 1],
  ),
  mk(
    "cb_adv_return_from_loop_inside_callback",
    `
    export function f(xs: number[]): number {
      const ys = xs.map((x) => {
        let y = x;
        for (let i = 0; i < 10; i++) {
          y = y * 1.5;
          if (y * y > 4) return y;
        }
        return -y;
      });
      return ys[0] + ys[1] + ys[2];
    }`,
    () => [[0.5, -1.2, 0.01]],
  ),
  mk(
    "cb_adv_receiver_is_call_result",
    `
    function scaled(v: number[], c: number): number[] {
      const out: number[] = [];
      for (const a of v) out.push(a * c);
      return out;
    }
    export function f(xs: number[]): number {
      return scaled(xs, 3).map((a) => a * a).reduce((p, q) => p + q);
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "cb_adv_closure_sees_reassigned_param",
    `
    export function f(x: number): number {
      const g = () => x * x;
      const a = g();
      x = x * 3;
      return a + g();
    }`,
    () => [0.8],
  ),
  mk(
    "cb_adv_closure_called_in_callback",
    `
    export function f(xs: number[]): number {
      let hits = 0;
      const bump = (v: number) => {
        hits += v;
        return hits;
      };
      const ys = xs.map((x) => bump(x * x) * x);
      return ys[2] + hits;
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "cb_adv_callback_assigns_its_params",
    `
    export function f(xs: number[]): number {
      const ys = xs.map((x, i) => {
        x = x * 2;
        i = i + 1;
        return x * i;
      });
      const zs = xs.filter((x) => {
        x = -x;
        return x > 0;
      });
      return ys[0] + ys[1] + ys[2] + zs[0] * 5;
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "cb_adv_spread_of_mapped_and_rows",
    `
    export function f(m: number[][]): number {
      const rows = [...m, [1, 2]];
      return Math.max(...rows.map((r) => r[0] * r[1])) + rows[0][0];
    }`,
    () => [
      [
        [0.5, -1.2],
        [1.1, 0.3],
      ],
    ],
  ),
  mk(
    "cb_adv_statement_iife_and_closure_in_branch",
    `
    export function f(x: number): number {
      let s = x;
      (() => {
        s = s * s;
      })();
      if (x > 0) {
        const g = (t: number) => t + s;
        s = g(x) * g(1);
      }
      return s;
    }`,
    () => [0.8],
  ),
  mk(
    "cb_adv_every_on_empty_and_nested_some",
    `
    export function f(m: number[][], x: number): number {
      const e: number[] = [];
      const ok = e.every((v) => v > 100);
      const hit = m.some((row) => row.some((v) => v * x > 1));
      return (ok ? x * x : 0) + (hit ? x : 2 * x);
    }`,
    () => [
      [
        [0.5, -1.2],
        [1.1, 0.3],
      ],
      1.5,
    ],
    1,
  ),
];

export const callbackReceivers: Case[] = [
  mk(
    "cb_recv_reassigned_by_callback",
    `
    export function f(xs: number[]): number {
      let ys = xs;
      let s = 0;
      ys.forEach((y, i) => {
        s += y * (i + 1);
        ys = [s, s];
      });
      return s + ys[0] * ys[1];
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "cb_recv_reassigned_by_closure",
    `
    export function f(xs: number[]): number {
      let ys = xs;
      const swap = () => {
        ys = [ys[1] * 2, ys[0]];
      };
      const zs = ys.map((y) => {
        swap();
        return y * ys[0];
      });
      return zs[0] + zs[1];
    }`,
    () => [[0.5, -1.2]],
  ),
];

export const callbackParams: Case[] = [
  mk(
    "cb_param_array_destructuring",
    `
    export function f(pairs: number[][], w: number): number {
      return pairs.map(([a, b]) => a * b * w).reduce((s, v) => s + Math.sin(v), 0);
    }`,
    () => [
      [
        [0.5, -1.2],
        [1.1, 0.3],
        [0.4, 0.9],
      ],
      0.7,
    ],
    [0, 1],
  ),
  mk(
    "cb_rows_mapped_to_rows_and_row_writes",
    `
    export function f(m: number[][]): number {
      const d = m.map((row) => row.map((v, j) => v * (j + 1)));
      d.forEach((row) => {
        row[0] = row[0] * row[1];
      });
      return d[0][0] + d[1][0] * d[1][1];
    }`,
    () => [
      [
        [0.5, -1.2],
        [1.1, 0.3],
      ],
    ],
  ),
  mk(
    "cb_default_param_never_used_by_map",
    `
    export function f(xs: number[]): number {
      const ys = xs.map((x, i = 10) => x * (i + 1));
      return ys[0] + ys[1] * ys[2];
    }`,
    () => [[0.5, -1.2, 2]],
  ),
];

export const closureOrder: Case[] = [
  mk(
    "closure_compound_assign_reads_old_value",
    `
    export function f(x: number): number {
      let v = 0.5;
      const bump = (t: number) => {
        v = 0.8 * v + 0.2 * Math.tanh(t);
        return v * t;
      };
      for (let i = 0; i < 3; i++) v += 0.5 * Math.tanh(bump(x + x));
      return v;
    }`,
    () => [0.3],
  ),
  mk(
    "closure_changes_index_of_target",
    `
    export function f(xs: number[]): number {
      let i = 0;
      const next = (t: number) => {
        i++;
        return t * xs[i];
      };
      xs[i] = next(xs[0]);
      xs[i] += next(xs[1]);
      return xs[0] + 2 * xs[1] + 3 * xs[2];
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "closure_changes_array_of_target",
    `
    export function f(xs: number[]): number {
      let ys = [xs[0], xs[1]];
      const swap = (t: number) => {
        ys = [t, t * 2];
        return t;
      };
      ys[0] *= swap(xs[1] * 3);
      return ys[0] + ys[1] * xs[0];
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "closure_logical_assignment_skips_call",
    `
    export function f(x: number): number {
      let calls = 0;
      const g = (t: number) => {
        calls++;
        return t * t;
      };
      let a = x;
      a ||= g(x);
      let b = 0;
      b ||= g(x * 3);
      return a + b + calls * x;
    }`,
    () => [0.7],
  ),
];

export const callbackOrder: Case[] = [
  mk(
    "cb_initial_value_reassigns_receiver",
    `
    export function f(xs: number[]): number {
      let ys = xs;
      const reset = (t: number) => {
        ys = [t, t];
        return t;
      };
      const s = ys.reduce((a, y) => a + y * y, reset(xs[0] * 2));
      return s + ys[0];
    }`,
    () => [[0.5, -1.2, 2]],
  ),
];

export const higherOrder: Case[] = [
  mk(
    "closure_higher_order_twice",
    `
    export function f(x: number): number {
      const twice = (g: (t: number) => number, v: number) => g(g(v));
      const sq = (t: number) => t * t + 0.1;
      return twice(sq, x) + twice((t) => Math.sin(t) * x, 0.5);
    }`,
    () => [0.8],
  ),
  mk(
    "closure_higher_order_sum_by",
    `
    function cube(t: number): number {
      return t * t * t;
    }
    export function f(xs: number[], w: number): number {
      const sumBy = (v: number[], g: (t: number) => number) => v.reduce((a, t) => a + g(t), 0);
      return sumBy(xs, cube) + sumBy(xs, (t) => t * w) * sumBy([w, 2], (t) => t);
    }`,
    () => [[0.5, -1.2, 2], 0.7],
    [0, 1],
  ),
];

export const factories: Case[] = [
  mk(
    "closure_factory_local",
    `
    export function f(x: number, y: number): number {
      const scaleBy = (k: number) => (t: number) => t * k + y;
      const dbl = scaleBy(2);
      const byX = scaleBy(x);
      return dbl(x) * byX(y) + scaleBy(y * y)(x);
    }`,
    () => [0.7, -1.3],
    [0, 1],
  ),
  mk(
    "closure_factory_with_state",
    `
    export function f(xs: number[]): number {
      function counter(start: number) {
        let total = start;
        return (v: number) => {
          total = total * 0.5 + v;
          return total;
        };
      }
      const acc = counter(xs[0]);
      let last = 0;
      for (let i = 1; i < xs.length; i++) last = acc(xs[i] * xs[i]);
      const other = counter(1);
      return last + other(xs[1]) * other(2);
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "closure_factory_module_level_make_loss",
    `
    function makeLoss(data: number[]) {
      const n = data.length;
      return (w: number) => {
        let s = 0;
        for (let i = 0; i < n; i++) s += (w * i - data[i]) ** 2;
        return s / n;
      };
    }
    export function f(w: number, data: number[]): number {
      const loss = makeLoss(data);
      return loss(w) + loss(w * 2);
    }`,
    () => [0.7, [0.5, -1.2, 2, 0.7]],
    [0, 1],
  ),
  mk(
    "closure_compose",
    `
    export function f(x: number): number {
      const compose = (g: (t: number) => number, h: (t: number) => number) => (t: number) => g(h(t));
      const sq = (t: number) => t * t;
      const sinsq = compose((t: number) => Math.sin(t), sq);
      return sinsq(x) + compose(sq, sq)(x);
    }`,
    () => [0.8],
  ),
];

export const pushSpread: Case[] = [
  mk(
    "spread_push_arrays",
    `
    export function f(xs: number[], ys: Float64Array): number {
      const q: number[] = [];
      q.push(...xs);
      q.push(xs[0] * 2, ...ys, ys[1]);
      let s = 0;
      for (let i = 0; i < q.length; i++) s += q[i] * q[i] * (i + 1);
      return s;
    }`,
    () => [[0.5, -1.2], new Float64Array([2, 0.7])],
    [0, 1],
  ),
  mk(
    "spread_push_into_itself",
    `
    export function f(xs: number[]): number {
      const q = [xs[0], xs[1]];
      q.push(xs[2], ...q);
      q.push(q.length * xs[0], q[q.length - 1] * 2);
      let s = 0;
      for (let i = 0; i < q.length; i++) s += q[i] * (i + 1);
      return s + q.length;
    }`,
    () => [[0.5, -1.2, 2]],
  ),
];

export const spreadArgs: Case[] = [
  mk(
    "spread_unknown_length_into_functions",
    `
    function h(a: number, b: number, c = 0.5): number {
      let s = a * b;
      s += c * a;
      return s;
    }
    export function f(xs: number[], ys: number[]): number {
      const g = (p: number, q: number) => p * Math.sin(q);
      if (xs.length > 100) console.log(...xs);
      return h(...xs) + h(ys[0], ...xs) + h(...ys, ...xs) + h(...xs, 3) + g(...ys) + h(...ys);
    }`,
    () => [[0.5, -1.2, 2, 0.7], [1.1, 0.3]],
    [0, 1],
  ),
];

export const closureArgs: Case[] = [
  mk(
    "closure_arg_variable_reassigned_during_body",
    `
    export function f(x: number): number {
      let a = x;
      const setA = () => {
        a = 2 * a + 1;
      };
      const g = (p: number) => {
        setA();
        return p * a;
      };
      const h = (p: number) => {
        a = p * 3;
        return p + a;
      };
      return g(a) + h(a) * a;
    }`,
    () => [0.7],
  ),
  mk(
    "closure_statement_call_result_unused",
    `
    export function f(xs: number[]): number {
      let s = 0;
      function acc(v: number): number {
        s += v * v;
        return s;
      }
      for (const v of xs) acc(v);
      ((k: number) => {
        s *= k;
      })(xs[0]);
      return s;
    }`,
    () => [[0.5, -1.2, 2]],
  ),
];
