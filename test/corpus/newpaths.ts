// Round 3: the newest compiler paths. Inlining of one-expression helpers
// (compiler/transform/lower/expressions.ts inlinable/inlineCall), the fused one-sweep gradient of
// top-level objectives (compiler/transform/adjoint/fused.ts), cached expensive intermediates and
// recomputed loop-locals (compiler/transform/adjoint/recompute.ts).
import { type Case, mk } from "./case.js";

const X5 = () => [0.5, -1.2, 0.8, 0.3, -0.7];
const X8 = () => [0.5, -1.2, 0.8, 0.3, -0.7, 1.1, -0.4, 0.9];

export const newpathsInlining: Case[] = [
  mk(
    "np_inl_param_unused_side_effect_args",
    `
    const three = (a: number) => 3;
    export function f(x: number[]): number {
      let k = 0;
      let s = 0;
      s += three(x[k++]) * x[k];
      s += three(k++) * x[k] * x[0];
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_inl_sq_of_post_increment_index",
    `
    const sq = (a: number) => a * a;
    export function f(x: number[]): number {
      let i = 0;
      const s = sq(x[i++]) + sq(x[i++]) * x[i];
      return s + sq(x[++i]);
    }`,
    () => [X5()],
  ),
  mk(
    "np_inl_sq_of_counter_increment",
    `
    const sq = (a: number) => a * a;
    export function f(x: number[]): number {
      let k = 1;
      const s = sq(k++) * x[0] + sq(++k) * x[1] + k * x[2];
      return s + sq(k--) * x[k];
    }`,
    () => [X5()],
  ),
  mk(
    "np_inl_param_used_twice_call_argument",
    `
    const sq = (a: number) => a * a;
    function norm2(v: number[]): number {
      let s = 0;
      for (let i = 0; i < v.length; i++) s += v[i] * v[i];
      return s;
    }
    export function f(x: number[]): number {
      return sq(norm2(x)) + sq(norm2(x) - 1) * x[0];
    }`,
    () => [X5()],
  ),
  mk(
    "np_inl_param_used_three_times_assignment_arg",
    `
    const cube = (a: number) => a * a * a;
    export function f(x: number): number {
      let t = 0;
      const r = cube((t = x * 2)) + t;
      return r + cube(t = t + x) * t;
    }`,
    () => [0.7],
  ),
  mk(
    "np_inl_module_const_shadowed_by_caller_local",
    `
    const K = 2;
    const scale = (v: number) => v * K;
    export function f(x: number): number {
      const K = 10;
      return scale(x) + K * x;
    }`,
    () => [0.7],
  ),
  mk(
    "np_inl_module_const_array_shadowed_by_caller_local",
    `
    const W = [0.5, -1.5, 2];
    const dot = (v: number[]) => v[0] * W[0] + v[1] * W[1] + v[2] * W[2];
    export function f(x: number[]): number {
      const W = [1, 1, 1];
      return dot(x) * x[0] + W[0] * x[1];
    }`,
    () => [X5()],
  ),
  mk(
    "np_inl_param_named_like_module_const",
    `
    const K = 2;
    const h = (K: number) => K * K + 1;
    export function f(x: number): number {
      return h(x * 3) * K + h(K) * x;
    }`,
    () => [0.7],
  ),
  mk(
    "np_inl_param_names_swapped_with_caller",
    `
    const h = (a: number, b: number) => a * b * b - a;
    export function f(a: number, b: number): number {
      return h(b, a) + h(a * 2, b + a);
    }`,
    () => [0.7, -0.4],
    [0, 1],
  ),
  mk(
    "np_inl_nested_swapped_param_names",
    `
    const inner = (b: number, a: number) => b - a * a;
    const outer = (a: number, b: number) => inner(b, a) * a + inner(a, b);
    export function f(x: number, y: number): number {
      const a = x * y;
      const b = x - y;
      return outer(b, a) + outer(a * 3, b);
    }`,
    () => [0.7, -0.4],
    [0, 1],
  ),
  mk(
    "np_inl_nested_sigmoid_of_square",
    `
    const sq = (a: number) => a * a;
    function sigmoid(z: number): number { return 1 / (1 + Math.exp(-z)); }
    const g = (a: number, b: number) => sigmoid(sq(a) - b) * a;
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i + 1 < x.length; i++) s += g(x[i], x[i + 1]);
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_inl_nested_calls_recording_helper",
    `
    function sumsq(v: number[]): number {
      let s = 0;
      for (let i = 0; i < v.length; i++) s += v[i] * v[i];
      return s;
    }
    const h = (v: number[], a: number) => sumsq(v) * a + Math.sin(a) * sumsq(v);
    export function f(x: number[]): number {
      return h(x, x[0]) + h(x, x[1] * x[2]);
    }`,
    () => [X5()],
  ),
  // FAILS (compiler bug, silent): see min_np_inline_single_use_arg_read_after_inner_write
  mk(
    "np_inl_arg_read_before_inner_helper_writes_it",
    `
    function scaleInPlace(v: number[], c: number): number {
      for (let i = 0; i < v.length; i++) v[i] = v[i] * c;
      return v[1];
    }
    const h = (a: number, v: number[]) => scaleInPlace(v, 2) + 3 * a;
    export function f(x: number[]): number {
      return h(x[0], x);
    }`,
    () => [X5()],
  ),
  mk(
    "np_inl_arg_read_before_later_arg_call_writes_it",
    `
    function bumpFirst(v: number[]): number {
      v[0] = v[0] * 2 + v[1];
      return v[0];
    }
    const h = (a: number, b: number) => a * b + a;
    export function f(x: number[]): number {
      return h(x[0], bumpFirst(x)) + x[0] * x[2];
    }`,
    () => [X5()],
  ),
  mk(
    "np_inl_array_param",
    `
    const first = (v: number[]) => v[0] * v[1];
    const at = (v: number[], i: number) => v[i] * v[i + 1];
    export function f(x: number[]): number {
      let s = first(x);
      for (let i = 0; i + 1 < x.length; i++) s += at(x, i) * first(x);
      return s;
    }`,
    () => [X5()],
  ),
  // FAILS (compiler bug, ADC130 internal): see min_np_inline_returned_array_indexed
  mk(
    "np_inl_returns_array",
    `
    const pair = (a: number) => [a, a * a];
    export function f(x: number[]): number {
      const p = pair(x[0]);
      return p[0] * p[1] + pair(x[1] * x[2])[1];
    }`,
    () => [X5()],
  ),
  mk(
    "np_inl_mutual_recursion_one_expression",
    `
    const ev = (n: number, a: number): number => (n <= 0 ? a : od(n - 1, a * 1.1));
    const od = (n: number, a: number): number => (n <= 0 ? a * a : ev(n - 1, a + Math.sin(a)));
    export function f(x: number): number {
      return ev(5, x) + od(2, x * x);
    }`,
    () => [0.7],
  ),
  mk(
    "np_inl_fewer_and_more_arguments",
    `
    const h = (a: number, b: number) => a * a + 1;
    const sq = (a: number) => a * a;
    export function f(x: number[]): number {
      let k = 0;
      const s = h(x[0]) + sq(x[1], x[k++], k++) * x[k];
      return s + h(x[2], sq(x[3]));
    }`,
    () => [X5()],
  ),
  mk(
    "np_inl_in_loop_test",
    `
    const sq = (a: number) => a * a;
    const below = (i: number, n: number) => i * i < n;
    export function f(x: number): number {
      let s = 0;
      for (let i = 0; sq(i) < 20; i++) s += x * i + Math.sin(x * i);
      let j = 0;
      while (below(j, 7)) { s += sq(x + j); j++; }
      return s;
    }`,
    () => [0.7],
  ),
  mk(
    "np_inl_in_ternary_and_logical",
    `
    const sq = (a: number) => a * a;
    const pos = (a: number) => a > 0;
    function sigmoid(z: number): number { return 1 / (1 + Math.exp(-z)); }
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        s += pos(x[i]) && sq(x[i]) > 0.2 ? sq(x[i]) : sigmoid(x[i]);
        s += (pos(x[i]) || sq(x[i]) > 1 ? 1 : 0) * sq(x[i] + 1);
      }
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_inl_inside_index_expressions",
    `
    const idx = (i: number) => i * 2 + 1;
    const sq = (a: number) => a * a;
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; idx(i) < x.length; i++) s += x[idx(i)] * x[idx(i) - 1] + sq(x[idx(i)]);
      return s;
    }`,
    () => [X8()],
  ),
  mk(
    "np_inl_ternary_args_side_effects",
    `
    const pick = (c: boolean, a: number, b: number) => (c ? a : b);
    export function f(x: number[]): number {
      let i = 0;
      let s = 0;
      s += pick(x[0] > 0, x[i++], x[i++]) * x[i];
      s += pick(x[1] > 0, x[i++] * 2, x[i++] * 3) * x[i];
      return s;
    }`,
    () => [X5()],
  ),
  // FAILS (compiler bug, ADC115 on a valid program): see min_np_inline_helper_assigns_its_parameter
  mk(
    "np_inl_param_assigned_in_helper_body",
    `
    const bump = (a: number) => (a = a * 2) + a;
    export function f(x: number): number {
      const a = x + 1;
      return bump(x) * a + bump(a);
    }`,
    () => [0.7],
  ),
  // FAILS (compiler bug, ADC115 on a valid program): see min_np_inline_helper_assigns_its_parameter
  mk(
    "np_inl_param_updated_in_helper_body",
    `
    function inc(b: number): number { return b++ + b * b; }
    export function f(x: number): number {
      let b = x * 3;
      return inc(x) + inc(b) * b;
    }`,
    () => [0.7],
  ),
  mk(
    "np_inl_negative_literal_arg_used_twice",
    `
    const sq = (a: number) => a * a;
    const mix = (a: number, b: number) => a * b + b * b * a;
    export function f(x: number): number {
      return sq(-2) * x + mix(-0.5, x) + mix(x, -x);
    }`,
    () => [0.7],
  ),
  mk(
    "np_inl_helper_reads_module_const_used_as_caller_param",
    `
    const c = 0.5;
    const affine = (a: number) => a * c + c * c;
    export function f(x: number, c: number): number {
      return affine(x) * c + affine(c);
    }`,
    () => [0.7, 1.3],
    [0, 1],
  ),
  mk(
    "np_inl_nested_helper_reads_module_const_shadowed",
    `
    const R = 3;
    const inner = (a: number) => a * R;
    const outer = (a: number) => inner(a) + R;
    export function f(x: number): number {
      let R = x * x;
      return outer(x) * R;
    }`,
    () => [0.7],
  ),
  mk(
    "np_inl_in_loop_body_with_counter_arg",
    `
    const w = (i: number, a: number) => a * (i + 1) - i * 0.1;
    export function f(x: number[]): number {
      let s = 0;
      let k = 0;
      while (k < x.length) s += w(k++, x[k - 1]) * w(k, 1);
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_inl_expensive_helpers_in_one_statement",
    `
    const softplus = (z: number) => Math.log(1 + Math.exp(z));
    function tanh2(z: number): number { return Math.tanh(z) * Math.tanh(z); }
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += softplus(x[i]) * tanh2(x[i]) + softplus(tanh2(x[i]));
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_inl_arg_used_once_after_inner_helper_call_in_short_circuit",
    `
    function scaleInPlace(v: number[], c: number): number {
      for (let i = 0; i < v.length; i++) v[i] = v[i] * c;
      return v[1];
    }
    const h = (a: number, v: number[]) => (a > -10 && scaleInPlace(v, 2) > -10 ? a * v[2] : 0);
    export function f(x: number[]): number {
      return h(x[0] * x[3], x) + x[0];
    }`,
    () => [X5()],
  ),
  // FAILS (compiler bug, silent): see min_np_inline_single_use_arg_read_after_inner_write
  mk(
    "np_inl_nested_arg_used_once_after_writer",
    `
    function addOne(v: number[]): number {
      for (let i = 0; i < v.length; i++) v[i] += 1;
      return 0;
    }
    const inner = (v: number[], b: number) => addOne(v) + b;
    const outer = (a: number, v: number[]) => inner(v, a * 2);
    export function f(x: number[]): number {
      return outer(x[0], x) * x[1];
    }`,
    () => [X5()],
  ),
  mk(
    "np_inl_pair_assigned_to_local",
    `
    const pair = (a: number) => [a, a * a];
    export function f(x: number[]): number {
      const p = pair(x[0]);
      const q = pair(x[1] * x[2]);
      return p[0] * p[1] + q[1];
    }`,
    () => [X5()],
  ),
  mk(
    "np_inl_identity_returns_argument_array",
    `
    const id = (v: number[]) => v;
    const second = (v: number[]) => id(v)[1];
    export function f(x: number[]): number {
      const y = id(x);
      return y[0] * second(x) + id(x)[2] * x[2];
    }`,
    () => [X5()],
  ),
  mk(
    "np_inl_in_write_target_index",
    `
    const idx = (i: number) => i * 2 + 1;
    const mid = (a: number, b: number) => (a + b) >> 1;
    export function f(x: number[]): number {
      const y = new Float64Array(x.length);
      for (let i = 0; idx(i) < y.length; i++) y[idx(i)] += x[i] * x[idx(i)];
      y[mid(0, 4)] = x[mid(1, 3)] * 3;
      let s = 0;
      for (let i = 0; i < y.length; i++) s += y[i] * y[i];
      return s;
    }`,
    () => [X8()],
  ),
  mk(
    "np_inl_as_statement_and_in_update",
    `
    const sq = (a: number) => a * a;
    const next = (i: number) => i + 2;
    export function f(x: number[]): number {
      let k = 0;
      sq(k++);
      sq(x[k++]);
      let s = 0;
      for (let i = k; i < x.length; i = next(i)) s += sq(x[i]) * i;
      return s;
    }`,
    () => [X8()],
  ),
  mk(
    "np_inl_optional_param_missing",
    `
    const scaled = (a: number, b?: number) => (b === undefined ? a * 2 : a * b);
    const orTwo = (a: number, b?: number) => a * (b ?? 2) + (b ?? 1);
    export function f(x: number): number {
      return scaled(x) + scaled(x, x) + orTwo(x) + orTwo(x, 3);
    }`,
    () => [0.7],
  ),
  // FAILS (compiler bug, crash): see min_np_call_fewer_args_than_params
  mk(
    "np_call_fewer_args_non_inlinable",
    `
    function total(v: number[], c?: number): number {
      let s = 0;
      for (let i = 0; i < v.length; i++) s += v[i] * (c === undefined ? 1 : c);
      return s;
    }
    export function f(x: number[]): number {
      return total(x) * total(x, x[0]);
    }`,
    () => [X5()],
  ),
];

export const newpathsFused: Case[] = [
  mk(
    "np_fused_mean_of_squares",
    `
    export function f(x: number[]): number {
      const n = x.length;
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i] * x[i];
      return s / n;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_epilogue_two_accumulators_and_prologue_const",
    `
    export function f(x: number[]): number {
      const c = Math.exp(x[0]) * x[1];
      let s = 0;
      let t = 0;
      for (let i = 0; i < x.length; i++) {
        s += Math.sin(x[i]) * c;
        t += x[i] * x[i] * x[i];
      }
      return 2 * s - t + c;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_epilogue_scaled_by_prologue_value",
    `
    export function f(x: number[], w: number): number {
      const k = w * w + Math.cos(w);
      let s1 = 0;
      let s2 = x[0] * w;
      for (let i = 1; i < x.length; i++) {
        const d = x[i] - x[i - 1] * w;
        s1 += d * d;
        s2 += Math.exp(d * 0.3);
      }
      return s1 * k + s2;
    }`,
    () => [X5(), 0.6],
    [0, 1],
  ),
  mk(
    "np_fused_minus_equal_accumulators",
    `
    export function f(x: number[]): number {
      let s = 1;
      let t = 0;
      for (let i = 0; i < x.length; i++) {
        s -= x[i] * Math.cos(x[i]);
        if (x[i] > 0) t -= Math.sqrt(x[i]); else t += x[i] * x[i];
      }
      return 0.5 * s - 3 * t;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_accumulator_read_inside_loop",
    `
    export function f(x: number[]): number {
      let s = 0.1;
      for (let i = 0; i < x.length; i++) s += x[i] * s + x[i];
      return s / 2;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_accumulator_read_in_loop_test",
    `
    export function f(x: number[]): number {
      let s = 0;
      let i = 0;
      while (i < x.length && s < 1.5) { s += x[i] * x[i]; i++; }
      return s * 3;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_nonlinear_epilogue_log",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += Math.exp(x[i]);
      return Math.log(s);
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_nonlinear_epilogue_square",
    `
    export function f(x: number[]): number {
      let s = 0;
      let t = 0;
      for (let i = 0; i < x.length; i++) { s += x[i]; t += x[i] * x[i]; }
      const m = s / x.length;
      return t / x.length - m * m;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_iteration_local_temporaries",
    `
    export function f(x: number[], m: number): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        let d = x[i] - m;
        d = d * d;
        const e = Math.exp(-d);
        s += e * d;
      }
      return s;
    }`,
    () => [X5(), 0.2],
    [0, 1],
  ),
  mk(
    "np_fused_temporary_carried_across_iterations",
    `
    export function f(x: number[]): number {
      let s = 0;
      let prev = x[0];
      for (let i = 1; i < x.length; i++) {
        s += (x[i] - prev) * (x[i] - prev) * prev;
        prev = x[i];
      }
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_counter_stepped_in_body",
    `
    export function f(x: number[]): number {
      let s = 0;
      let k = 0;
      while (k + 1 < x.length) {
        s += x[k] * x[k + 1];
        k += 2;
      }
      return s * 0.5;
    }`,
    () => [X8()],
  ),
  mk(
    "np_fused_counter_stepped_in_body_not_read_by_reverse",
    `
    export function f(x: number[], w: number): number {
      let s = 0;
      let k = 0;
      for (let i = 0; i < 6; i++) {
        s += w * w * (i + 1);
        k += 3;
        if (k > 10) k -= 10;
      }
      return s + k;
    }`,
    () => [X5(), 0.4],
    1,
  ),
  mk(
    "np_fused_counter_conditionally_stepped",
    `
    export function f(x: number[]): number {
      let s = 0;
      let k = 0;
      for (let i = 0; i < x.length; i++) {
        s += x[k] * x[i];
        if (x[i] > 0) k++;
      }
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_break_continue",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        if (x[i] < -1) continue;
        s += Math.sin(x[i]) * x[i];
        if (i >= 3) break;
      }
      return s * 2;
    }`,
    () => [X8()],
  ),
  mk(
    "np_fused_early_return_in_loop",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        s += x[i] * x[i];
        if (x[i] > 1) return s * 10;
      }
      return s;
    }`,
    () => [X8()],
  ),
  mk(
    "np_fused_inner_loop_and_if",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        for (let j = 0; j < i; j++) {
          if (x[j] > x[i]) s += Math.exp(x[i] - x[j]);
          else s -= x[i] * x[j];
        }
      }
      return s / 3;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_labelled_continue_from_inner_loop",
    `
    export function f(x: number[]): number {
      let s = 0;
      outer: for (let i = 0; i < x.length; i++) {
        for (let j = 0; j < x.length; j++) {
          if (j > i) continue outer;
          s += x[i] * Math.sin(x[j]);
        }
      }
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_recording_helper_in_loop",
    `
    function poly(v: number[], a: number): number {
      let r = 0;
      for (let j = v.length - 1; j >= 0; j--) r = r * a + v[j];
      return r;
    }
    export function f(x: number[], c: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += poly(c, x[i]) * x[i];
      return s / x.length;
    }`,
    () => [X5(), [0.3, -0.5, 0.2]],
    [0, 1],
  ),
  mk(
    "np_fused_inlined_expensive_helpers",
    `
    function sigmoid(z: number): number { return 1 / (1 + Math.exp(-z)); }
    const softplus = (z: number) => Math.log(1 + Math.exp(z));
    export function f(w: number[], X: number[][], y: number[]): number {
      let loss = 0;
      for (let i = 0; i < y.length; i++) {
        const z = w[0] * X[i][0] + w[1] * X[i][1];
        loss += softplus(z) - y[i] * z + 0.1 * sigmoid(z) * sigmoid(-z);
      }
      return loss / y.length + 0.01 * (w[0] * w[0] + w[1] * w[1]);
    }`,
    () => [[0.4, -0.3], [[1, 2], [-0.5, 1.5], [0.3, -1]], [1, 0, 1]],
  ),
  mk(
    "np_fused_cached_values_in_if_and_inner_loop",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        if (x[i] > 0) s += Math.exp(x[i]) * Math.sin(x[i]) + Math.sqrt(x[i]);
        else s += Math.sqrt(x[i] * x[i] + 1) * Math.cos(x[i]);
        for (let j = 0; j < 2; j++) s += Math.exp(x[i] * j) * Math.log(2 + x[i] * x[j]);
      }
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_while_data_dependent",
    `
    export function f(x: number[]): number {
      let s = 0;
      let i = 0;
      while (i < x.length && x[i] > -1) {
        s += Math.atan(x[i]) * x[i];
        i++;
      }
      return s + 1;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_do_while",
    `
    export function f(x: number[]): number {
      let s = 0;
      let i = 0;
      do {
        s += x[i] * Math.exp(x[i] * 0.5);
        i += 2;
      } while (i < x.length);
      return 3 * s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_matrix_rows",
    `
    export function f(A: number[][], v: number[]): number {
      let s = 0;
      for (let i = 0; i < A.length; i++) {
        for (let j = 0; j < v.length; j++) s += A[i][j] * v[j] * A[i][j];
      }
      return s / A.length;
    }`,
    () => [[[0.5, -1], [0.3, 0.7], [1.2, -0.2]], [0.4, 0.9]],
    [0, 1],
  ),
  mk(
    "np_fused_matrix_row_alias",
    `
    export function f(A: number[][], v: number[]): number {
      let s = 0;
      for (let i = 0; i < A.length; i++) {
        const r = A[i];
        s += r[0] * v[0] + r[1] * r[1] * v[1];
      }
      return s;
    }`,
    () => [[[0.5, -1], [0.3, 0.7], [1.2, -0.2]], [0.4, 0.9]],
    [0, 1],
  ),
  mk(
    "np_fused_epilogue_reads_loop_variable",
    `
    export function f(x: number[]): number {
      let s = 0;
      let last = 0;
      for (let i = 0; i < x.length; i++) {
        last = x[i] * x[i];
        s += last * x[0];
      }
      return s + last;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_prologue_reverse_reads_loop_overwritten",
    `
    export function f(x: number[]): number {
      let t = x[0] * x[1];
      const u = t * x[2];
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        t = x[i] * 2;
        s += t * t * u;
      }
      return s + u;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_prologue_counter_reused",
    `
    export function f(x: number[]): number {
      let i = 1;
      const a = x[i] * x[i + 1];
      let s = a;
      for (i = 0; i < x.length; i++) s += x[i] * a;
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_number_argument_inside_loop",
    `
    export function f(x: number[], w: number, b: number): number {
      w = w * 2;
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        const z = w * x[i] + b;
        s += Math.tanh(z) * z;
      }
      return s - b;
    }`,
    () => [X5(), 0.3, -0.2],
    [1, 2, 0],
  ),
  mk(
    "np_fused_float32",
    `
    export function f(x: Float32Array, y: Float32Array): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        const d = x[i] - y[i];
        s += d * d + Math.sin(x[i]);
      }
      return s / x.length;
    }`,
    () => [new Float32Array([0.5, -1.2, 0.8]), new Float32Array([0.1, 0.2, -0.3])],
    [0, 1],
  ),
  mk(
    "np_fused_prologue_loop_fills_local",
    `
    export function f(x: number[]): number {
      const y = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) y[i] = Math.exp(x[i]);
      let a = 0;
      for (let i = 0; i < x.length; i++) a += y[i];
      let s = 0;
      for (let i = 0; i < x.length; i++) s += y[i] * x[i] / a;
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_epilogue_expensive_of_prologue",
    `
    export function f(x: number[]): number {
      const c = x[0] * x[1];
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i] * x[i];
      return s / 2 + Math.exp(c) * Math.sin(c) + Math.sqrt(c * c + 1);
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_epilogue_with_int_counted_in_loop",
    `
    export function f(x: number[]): number {
      let s = 0;
      let cnt = 0;
      for (let i = 0; i < x.length; i++) {
        if (x[i] > 0) { s += x[i] * x[i]; cnt++; }
      }
      return s / cnt;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_accumulator_is_parameter",
    `
    export function f(x: number[], s: number): number {
      for (let i = 0; i < x.length; i++) s += x[i] * Math.exp(x[i]);
      return s * 3 + s;
    }`,
    () => [X5(), 0.4],
    [0, 1],
  ),
  mk(
    "np_fused_reversed_counter",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = x.length - 1; i >= 0; i -= 2) s += x[i] * (i + 1) * Math.cos(x[i]);
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_two_counters_update",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0, j = x.length - 1; i < j; i++, j--) s += x[i] * x[j];
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_float_schedule_in_update",
    `
    export function f(x: number[], w: number): number {
      let s = 0;
      let lr = 1;
      for (let i = 0; i < x.length; i++, lr = lr * 0.5) s += lr * x[i] * w;
      return s;
    }`,
    () => [X5(), 0.9],
    [0, 1],
  ),
  mk(
    "np_fused_varied_schedule_in_update",
    `
    export function f(x: number[], w: number): number {
      let s = 0;
      let p = 1;
      for (let i = 0; i < x.length; i++, p = p * w) s += p * x[i];
      return s;
    }`,
    () => [X5(), 0.9],
    [0, 1],
  ),
  mk(
    "np_fused_second_loop_reads_first_accumulator",
    `
    export function f(x: number[]): number {
      let m = 0;
      for (let i = 0; i < x.length; i++) m += x[i];
      m = m / x.length;
      let v = 0;
      for (let i = 0; i < x.length; i++) v += (x[i] - m) * (x[i] - m);
      return v / (x.length - 1);
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_accumulator_in_switch",
    `
    export function f(x: number[]): number {
      let a = 0;
      let b = 0;
      for (let i = 0; i < x.length; i++) {
        switch (i % 3) {
          case 0: a += x[i] * x[i]; break;
          case 1: b -= Math.exp(x[i]);
          default: a += b * 0 + x[i];
        }
      }
      return a - 2 * b;
    }`,
    () => [X8()],
  ),
  mk(
    "np_fused_for_of",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (const v of x) s += v * Math.sin(v);
      return s / 4;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_iteration_local_then_accumulated_twice",
    `
    export function f(x: number[]): number {
      let s = 0;
      let t = 0;
      for (let i = 0; i < x.length; i++) {
        t = Math.exp(x[i]);
        s += t;
        t = t * x[i];
        s += t * t;
      }
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_array_length_bound_param_scale",
    `
    export function f(x: number[], n: number): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i] * n;
      return s / n + n;
    }`,
    () => [X5(), 1.7],
    [0, 1],
  ),
  mk(
    "np_fused_epilogue_writes_prologue_var",
    `
    export function f(x: number[]): number {
      let m = x[0] * x[1];
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i] * m;
      m = m * 2;
      return s + m;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_epilogue_linear_chain",
    `
    export function f(x: number[]): number {
      let s = 0;
      let t = 0;
      for (let i = 0; i < x.length; i++) { s += Math.exp(x[i]); t -= x[i] * x[i]; }
      const a = s * 2;
      const b = a - t;
      return b / 3 + a;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_inner_while_carried_counter",
    `
    export function f(x: number[]): number {
      let s = 0;
      let j = 0;
      for (let i = 0; i < x.length; i++) {
        while (j < i) { s += x[j] * Math.sin(x[i]); j++; }
        if (x[i] > 0) j = Math.max(0, j - 2);
      }
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_fused_iteration_local_in_do_while_test",
    `
    export function f(x: number[], w: number): number {
      let s = 0;
      let i = 0;
      let d = 0;
      do {
        d = x[i] * w;
        s += d * d;
        i++;
      } while (d > -0.5 && i < x.length);
      return s;
    }`,
    () => [X5(), 0.3],
    [0, 1],
  ),
];

export const newpathsCached: Case[] = [
  mk(
    "np_cache_shared_exp_subexpressions",
    `
    export function f(x: number, y: number): number {
      return Math.exp(x) * Math.exp(x) + Math.sin(Math.exp(x) * y) + Math.exp(Math.exp(x) - y);
    }`,
    () => [0.3, -0.4],
    [0, 1],
  ),
  mk(
    "np_cache_powers",
    `
    export function f(x: number): number {
      return x ** 0.5 + x ** 2 + x ** 1.5 * Math.sqrt(x) + x ** -0.5 + Math.pow(x, 3);
    }`,
    () => [0.7],
  ),
  mk(
    "np_cache_pow_active_exponent",
    `
    export function f(x: number, y: number): number {
      return Math.pow(x, y) + x ** (y * y) + Math.pow(2, x * y) + Math.pow(x, y) * Math.log(x);
    }`,
    () => [0.7, 1.3],
    [0, 1],
  ),
  mk(
    "np_cache_atan2_hypot_many_args",
    `
    export function f(x: number[]): number {
      return Math.atan2(x[0], x[1]) * Math.hypot(x[0], x[1], x[2]) + Math.hypot(x[0], x[1], x[2], x[3]) + Math.atan2(Math.hypot(x[2], x[3]), x[4]);
    }`,
    () => [X5()],
  ),
  mk(
    "np_cache_expensive_in_ternary",
    `
    export function f(x: number, y: number): number {
      const a = x > 0 ? Math.exp(x) * Math.log(x) : Math.sin(x);
      const b = y > 0 ? Math.sqrt(y) : Math.exp(y) * Math.cos(Math.exp(y));
      return a * b + (a > b ? Math.tanh(a - b) : Math.atan(b - a));
    }`,
    () => [0.7, -0.4],
    [0, 1],
  ),
  mk(
    "np_cache_expensive_overwritten_operand",
    `
    export function f(x: number): number {
      let t = x;
      let s = 0;
      for (let i = 0; i < 3; i++) {
        s += Math.exp(t) * Math.sin(t);
        t = Math.sqrt(t * t + 1);
      }
      return s + t;
    }`,
    () => [0.7],
  ),
  mk(
    "np_recompute_local_reads_array_written_later_same_iteration",
    `
    export function f(x: number[]): number {
      const y = x.slice();
      let s = 0;
      for (let i = 0; i < y.length; i++) {
        const a = y[i] * y[i];
        y[i] = Math.sin(a) + x[i];
        s += a * y[i];
      }
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_recompute_local_reads_array_written_earlier_iteration",
    `
    export function f(x: number[]): number {
      const y = new Float64Array(x.length);
      y[0] = x[0];
      let s = 0;
      for (let i = 1; i < x.length; i++) {
        const a = y[i - 1] * 0.5 + x[i];
        y[i] = a * a;
        s += Math.cos(a) * y[i];
      }
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_recompute_local_reads_param_written_next_iteration",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i + 1 < x.length; i++) {
        const a = x[i + 1] * x[i];
        x[i + 1] = a + x[i + 1];
        s += a * a;
      }
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_recompute_local_reads_array_written_by_helper",
    `
    function bump(v: number[], i: number): number {
      for (let k = 0; k < 1; k++) v[i] = v[i] * 2 + 1;
      return 0;
    }
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        const a = x[i] * 2;
        bump(x, i);
        s += a * x[i];
      }
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_recompute_local_reads_update_written_var",
    `
    export function f(x: number[], w: number): number {
      let s = 0;
      let p = w;
      for (let i = 0; i < x.length; i++, p = p * w) {
        const a = x[i] * p;
        s += Math.sin(a) * a;
      }
      return s;
    }`,
    () => [X5(), 0.9],
    [0, 1],
  ),
  mk(
    "np_recompute_local_reads_update_written_int",
    `
    export function f(x: number[]): number {
      let s = 0;
      let j = 1;
      for (let i = 0; i < x.length; i++, j += 2) {
        const a = x[i] * j;
        s += a * a * x[i];
      }
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_recompute_local_reads_pushed_length",
    `
    export function f(x: number[]): number {
      const y: number[] = [];
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        const L = y.length + 1;
        y.push(x[i] * L);
        s += y[i] * x[i] * L;
      }
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_recompute_local_chain_and_alias_write",
    `
    export function f(x: number[]): number {
      const y = x.slice();
      const z = y;
      let s = 0;
      for (let i = 1; i < y.length; i++) {
        const a = y[i] - y[i - 1];
        const b = a * a;
        z[i] = b;
        s += b * y[i] + a;
      }
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_recompute_local_reads_matrix_row_written_via_alias",
    `
    export function f(A: number[][]): number {
      let s = 0;
      for (let i = 0; i < A.length; i++) {
        const a = A[i][0] * 2 + A[i][1];
        const r = A[i];
        r[0] = a * a;
        s += Math.sin(a) * r[0];
      }
      return s;
    }`,
    () => [[[0.5, -1], [0.3, 0.7], [1.2, -0.2]]],
  ),
  mk(
    "np_recompute_local_reads_array_overwritten_after_loop",
    `
    export function f(x: number[]): number {
      const y = x.slice();
      let s = 0;
      for (let i = 0; i < y.length; i++) {
        const a = y[i] * y[i];
        s += Math.sin(a) * x[i];
      }
      for (let i = 0; i < y.length; i++) y[i] = 0;
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_recompute_local_reads_param_overwritten_after_loop",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        const a = x[i] * 3;
        s += Math.cos(a) * a;
      }
      for (let i = 0; i < x.length; i++) x[i] = 5;
      return s;
    }`,
    () => [X5()],
  ),
  mk(
    "np_cache_untaken_branch_infinite",
    `
    export function f(x: number, y: number): number {
      const a = x < 5 ? x * Math.exp(y) : Math.exp(x * 2000) * y;
      const b = y < 5 ? Math.sin(y) * x : Math.log(-x) * Math.sqrt(-y);
      let s = 0;
      s += x > 0 ? Math.log(x) * Math.exp(y) : Math.sqrt(-x) * y;
      return a + b + s;
    }`,
    () => [0.7, -0.4],
    [0, 1],
  ),
  mk(
    "np_cache_untaken_branch_in_fused_loop",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i] < 3 ? Math.sin(x[i]) * x[i] : Math.exp(x[i] * 1000) * Math.log(-x[i]);
      return s;
    }`,
    () => [X5()],
  ),
];

// Minimal reproductions of compiler bugs found by this round (each fails).
export const newpathsMinimal: Case[] = [
  // SILENT wrong value and gradient. An inlined helper substitutes a parameter used once by the
  // caller's argument expression at the place of use; when the helper's body first calls a
  // (non-inlinable) helper that writes the array the argument reads, the read moves after the
  // write. JavaScript evaluates x[0] (0.5) at the call: value 0.5, gradient [1, 0]; the compiled
  // code reads the doubled x[0]: value 1, gradient [2, 0].
  mk(
    "min_np_inline_single_use_arg_read_after_inner_write",
    `
    function dbl(v: number[]): number {
      for (let i = 0; i < v.length; i++) v[i] = v[i] * 2;
      return 0;
    }
    const h = (a: number, v: number[]) => dbl(v) + a;
    export function f(x: number[]): number {
      return h(x[0], x);
    }`,
    () => [[0.5, -1.2]],
  ),
  // crash: a non-inlinable helper called with fewer arguments than parameters: the generated calls
  // are not padded, so total_fwd(x, xb) binds the shadow xb to c, and total_rev(x, xb, seed) binds
  // the seed to vb: TypeError "Cannot create property '1' on number '0.5'".
  mk(
    "min_np_call_fewer_args_than_params",
    `
    function total(v: number[], c?: number): number {
      let s = 0;
      for (let i = 0; i < v.length; i++) s += v[i] * v[i];
      return s;
    }
    export function f(x: number[]): number {
      return total(x) * x[0];
    }`,
    () => [[0.5, -1.2]],
  ),
  // SILENT (no exception): the same with a scalar helper: powr_rev(x, seed) binds the seed to the
  // missing parameter b and retb is undefined: gradient NaN instead of 3x^2 + 1 = 2.47 at x = 0.7.
  mk(
    "min_np_call_fewer_args_scalar_helper",
    `
    function powr(a: number, b?: number): number {
      let r = 1;
      for (let i = 0; i < 3; i++) r = r * a;
      return r;
    }
    export function f(x: number): number {
      return powr(x) + x;
    }`,
    () => [0.7],
  ),
  // SILENT: a non-inlinable helper called with MORE arguments than parameters: cube_rev(x, 2, seed)
  // for cube_rev(a, retb) takes the extra argument 2 as the seed: gradient 2 * 3x^2 = 2.94 instead
  // of 3x^2 = 1.47 at x = 0.7 (any seed: the extra argument's value replaces it).
  mk(
    "min_np_call_more_args_scalar_helper",
    `
    function cube(a: number): number {
      let r = 1;
      for (let i = 0; i < 3; i++) r = r * a;
      return r;
    }
    export function f(x: number): number {
      return cube(x, 2);
    }`,
    () => [0.7],
  ),
  // crash: the same with an array parameter: total_rev(x, x[1], xb, seed) for total_rev(v, vb,
  // retb): vb is the number x[1]: TypeError "Cannot create property '1' on number '-1.2'".
  mk(
    "min_np_call_more_args_than_params",
    `
    function total(v: number[]): number {
      let s = 0;
      for (let i = 0; i < v.length; i++) s += v[i] * v[i];
      return s;
    }
    export function f(x: number[]): number {
      return total(x, x[1]) * x[0];
    }`,
    () => [[0.5, -1.2]],
  ),
  // rejected valid program: a one-expression helper that assigns to (or ++/--) its own parameter is
  // inlined, and the assignment is then resolved in the caller: ADC115 "cannot assign to 'a': it is
  // not a local variable or parameter of the function". (Un-inlined, the helper is fine.)
  mk(
    "min_np_inline_helper_assigns_its_parameter",
    `
    const twice = (a: number) => (a = a * 2);
    export function f(x: number): number {
      return twice(x) * x;
    }`,
    () => [0.7],
  ),
  // internal error: indexing the array an inlined helper returns, pair(x)[1], becomes an indexed
  // array literal [x, x * x][1]: ADC130 "internal: no shadow for [x, x * x]".
  mk(
    "min_np_inline_returned_array_indexed",
    `
    const pair = (a: number) => [a, a * a];
    export function f(x: number): number {
      return pair(x)[1];
    }`,
    () => [0.7],
  ),
  // same internal error without inlining: an array literal indexed directly
  mk(
    "min_np_array_literal_indexed",
    `
    export function f(x: number): number {
      return [x, x * x][1];
    }`,
    () => [0.7],
  ),
];
