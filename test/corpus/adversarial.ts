// Adversarial cases: valid, differentiable programs in the supported subset written to stress the
// compiler (shadowing, aliasing, ping-pong buffers, odd loop shapes, side-effecting indices, argnum
// orders, parameter reassignment, recursion on arrays). Each is checked like every other corpus case.
import { type Case, mk } from "./case.js";

export const adversarialScoping: Case[] = [
  mk(
    "adv_shadow_nested_blocks",
    `
    export function f(x: number): number {
      let y = x * 2;
      {
        let y = x * x;
        const y2 = y * 3;
        {
          let y = y2 + x;
          x = y * 0.5;
        }
        x = x + y;
      }
      return x * y;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_shadow_loop_variable_in_body",
    `
    export function f(x: number): number {
      let s = 0;
      const i = x;
      for (let i = 0; i < 3; i++) {
        const x2 = x * i;
        {
          let i = x2 + 1;
          s += i * i;
        }
        s += i * x;
      }
      return s + i;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_var_in_loop_read_after",
    `
    export function f(x: number): number {
      for (let i = 0; i < 4; i++) {
        var last = x * (i + 1);
      }
      return last * last;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_var_in_loop_read_after_plain",
    `
    export function f(x: number): number {
      for (let i = 0; i < 4; i++) {
        var last = Math.sin(x * (i + 1));
      }
      return last * x;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_var_hoisted_assigned_in_branch",
    `
    export function f(x: number): number {
      if (x > 0) {
        var t = x * x;
      } else {
        var t = -x;
      }
      return t * 3 + x;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_same_name_sibling_loops",
    `
    export function f(x: number): number {
      let s = 0;
      for (let i = 0; i < 3; i++) {
        let t = x * i;
        s += t * t;
      }
      for (let i = 0; i < 2; i++) {
        let t = s * x;
        s += Math.sin(t);
      }
      for (let j = 0, t = x; j < 2; j++, t = t * x) s += t;
      return s;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_assigned_in_one_branch_read_after",
    `
    export function f(x: number): number {
      let y = 1;
      let z;
      if (x > 0.5) {
        y = x * x;
        z = y + x;
      } else {
        z = x;
      }
      return y * z;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_number_param_reassigned",
    `
    export function f(x: number, y: number): number {
      x = x * 2;
      y = y + x;
      x = Math.sin(x) * y;
      y = x * y;
      return x + y;
    }`,
    () => [0.7, -0.4],
    [0, 1],
  ),
  mk(
    "adv_param_reassigned_in_loop",
    `
    export function f(x: number): number {
      for (let i = 0; i < 5; i++) x = x * 0.9 + Math.sin(x);
      return x;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_unused_params",
    `
    export function f(a: number, x: number, b: number[], y: number): number {
      return x * y + x;
    }`,
    () => [3, 0.7, [1, 2], -0.4],
    [1, 3, 2, 0],
  ),
  mk(
    "adv_destructuring_swap_scalars_in_loop",
    `
    export function f(x: number, y: number): number {
      let a = x;
      let b = y;
      for (let i = 0; i < 5; i++) {
        [a, b] = [b, a * b + 0.1];
      }
      return a + 2 * b;
    }`,
    () => [0.7, -0.4],
    [0, 1],
  ),
  mk(
    "adv_destructuring_rotate_three",
    `
    export function f(x: number, y: number, z: number): number {
      let a = x, b = y, c = z;
      for (let i = 0; i < 4; i++) [a, b, c] = [b * c, c + a, a * 0.5];
      return a * b + c;
    }`,
    () => [0.7, -0.4, 1.1],
    [2, 0, 1],
  ),
  mk(
    "adv_long_straight_line",
    `
    export function f(x: number): number {
      let a = x;
      let b = a * 1.01 + 0.1;
      let c = b * a;
      a = c - b * 0.5;
      b = Math.sin(a) + c;
      c = b * 0.3 + a * 0.2;
      a = a + c * 0.1;
      b = b - a * 0.05;
      c = Math.cos(c) + b;
      a = a * 0.9;
      b = b + a * c * 0.01;
      c = c - 0.2 * b;
      a += b * 0.1;
      b -= c * 0.1;
      c *= 0.95;
      a /= 1.05;
      b = Math.tanh(b) + a;
      c = c + a * b * 0.01;
      a = a - c * 0.02;
      b = b * 0.97;
      c = Math.exp(c * 0.1);
      a = a + b + c;
      b = a * 0.1 + b * 0.2;
      c = c * 0.3 + b;
      a = Math.sqrt(a * a + 1);
      b = b + a;
      c = c - a * 0.1;
      a = a * c * 0.1;
      b = b * b * 0.1;
      c = c + b;
      a += 1;
      b += a;
      c += b;
      a = a * 0.5;
      b = b * 0.5;
      c = c * 0.5;
      a = a + Math.sin(b);
      b = b + Math.cos(c);
      c = c + Math.sin(a);
      a -= 0.1;
      b -= 0.1;
      c -= 0.1;
      a = a * b;
      b = b * c;
      c = c * a;
      a = Math.log(1 + a * a);
      b = Math.log(1 + b * b);
      c = Math.log(1 + c * c);
      return a + b + c;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_constant_folded_branches",
    `
    const K = 3;
    export function f(x: number): number {
      let r = x;
      if (K > 2) r = r * r;
      else r = -r;
      if (false) r = 0;
      if (true && K === 3) r = r + Math.sin(x);
      return K < 1 ? 0 : r;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_abs_away_from_zero",
    `
    export function f(x: number, y: number): number {
      return Math.abs(x - y) * Math.abs(Math.sin(x)) + Math.abs(x * y);
    }`,
    () => [0.7, -0.4],
    [0, 1],
  ),
  mk(
    "adv_max_min_hypot_many_args",
    `
    export function f(a: number, b: number, c: number, d: number): number {
      return Math.max(a, b, c * 2, d) * Math.min(a, b, c, d - 1) + Math.hypot(a, b, c, d);
    }`,
    () => [0.7, -0.4, 1.1, 0.3],
    [0, 1, 2, 3],
  ),
  mk(
    "adv_max_nested_in_loop",
    `
    export function f(x: number[]): number {
      let m = -Infinity;
      let n = Infinity;
      for (const v of x) {
        m = Math.max(m, v * v);
        n = Math.min(n, v);
      }
      return m * n;
    }`,
    () => [[0.7, -1.4, 1.1, 0.3]],
  ),
];

export const adversarialLoops: Case[] = [
  mk(
    "adv_loop_bound_multiplier_active",
    `
    export function f(x: number): number {
      let s = 0;
      const n = Math.floor(x * 3);
      for (let i = 0; i < n; i++) s += x * i;
      return s;
    }`,
    () => [2.1],
  ),
  mk(
    "adv_while_condition_on_active_value",
    `
    export function f(x: number): number {
      let y = x;
      let k = 0;
      while (y < 10) {
        y = y * 1.7 + 0.3;
        k++;
      }
      return y * k;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_counter_step_two",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i += 2) s += x[i] * x[i + 1];
      for (let i = x.length - 1; i >= 0; i--) s = s * 0.9 + x[i];
      return s;
    }`,
    () => [[0.7, -1.4, 1.1, 0.3, 0.5, 2]],
  ),
  mk(
    "adv_decrement_to_zero_while",
    `
    export function f(x: number): number {
      let i = 5;
      let s = 1;
      while (i--) s = s * x + i;
      return s;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_le_ge_bounds",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 1; i <= x.length - 1; i++) s += x[i] * x[i - 1];
      for (let i = x.length - 2; i >= 1; i -= 1) s += Math.sin(x[i]) * i;
      return s;
    }`,
    () => [[0.7, -1.4, 1.1, 0.3]],
  ),
  mk(
    "adv_bound_changed_in_body",
    `
    export function f(x: number): number {
      let n = 3;
      let s = 0;
      for (let i = 0; i < n; i++) {
        s += x * s + 1;
        if (i === 1) n = 6;
        if (i === 4) n = 5;
      }
      return s;
    }`,
    () => [0.3],
  ),
  mk(
    "adv_bound_from_array_element",
    `
    export function f(x: number[], k: number[]): number {
      let s = 0;
      for (let i = 0; i < k[0]; i++) s += x[i % x.length] * (i + 1);
      return s * s;
    }`,
    () => [[0.7, -1.4, 1.1], [5]],
  ),
  mk(
    "adv_bound_from_active_array_element",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x[0]; i++) s += x[1] * x[0] + i;
      return s;
    }`,
    () => [[3.5, 0.7]],
  ),
  mk(
    "adv_for_without_init_update",
    `
    export function f(x: number): number {
      let i = 0;
      let s = x;
      for (; i < 4; ) {
        s = s * x + 1;
        i++;
      }
      for (;;) {
        s = s * 0.5;
        if (s < 1) break;
      }
      return s;
    }`,
    () => [1.3],
  ),
  mk(
    "adv_four_nested_loops",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let a = 0; a < 2; a++)
        for (let b = 0; b < 3; b++)
          for (let c = 0; c < 2; c++)
            for (let d = 0; d < x.length; d++) {
              if ((a + b + c + d) % 3 === 0) continue;
              s += x[d] * (a + 1) * (b - c) + Math.sin(x[(d + a) % x.length] * s * 0.01);
            }
      return s;
    }`,
    () => [[0.7, -1.4, 1.1]],
  ),
  mk(
    "adv_do_while_continue_break",
    `
    export function f(x: number): number {
      let i = 0;
      let s = 0;
      do {
        i++;
        if (i % 2 === 0) continue;
        s += x * i;
        if (s > 5) break;
      } while (i < 10);
      return s * s + i;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_do_while_continue_skips_to_condition",
    `
    export function f(x: number): number {
      let y = x;
      do {
        y = y * 1.5;
        if (y < 2) continue;
        y = y + 1;
      } while (y < 6);
      return y;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_while_condition_reads_written_elements",
    `
    export function f(x: number[]): number {
      const a = x.slice();
      let i = 0;
      while (a[0] < 5 && i < 20) {
        a[0] = a[0] * 1.3 + a[1];
        a[1] = a[1] * 0.9;
        i++;
      }
      return a[0] * a[1];
    }`,
    () => [[0.7, 0.4]],
  ),
  mk(
    "adv_switch_in_loop_continue_break",
    `
    export function f(x: number): number {
      let s = 0;
      for (let i = 0; i < 8; i++) {
        switch (i % 4) {
          case 0:
            s += x;
            continue;
          case 1:
            s *= x;
          case 2:
            s += Math.sin(s);
            break;
          default:
            if (s > 100) break;
            s = s * 0.5;
        }
        s += 0.1;
      }
      return s;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_labelled_continue_out_of_switch",
    `
    export function f(x: number): number {
      let s = 0;
      outer: for (let i = 0; i < 4; i++) {
        for (let j = 0; j < 3; j++) {
          switch (j) {
            case 1:
              s += x * i;
              continue outer;
            default:
              s += x * x;
          }
          s *= 1.1;
        }
        s = -1000;
      }
      return s;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_labelled_break_out_of_switch_in_loop",
    `
    export function f(x: number): number {
      let s = x;
      loop: for (let i = 0; i < 10; i++) {
        switch (i) {
          case 3:
            break loop;
          default:
            s = s * x + 0.5;
        }
      }
      return s;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_early_return_switch_in_loop",
    `
    export function f(x: number): number {
      let s = 1;
      for (let i = 0; i < 10; i++) {
        switch (i) {
          case 0:
          case 1:
            s *= x;
            break;
          case 2:
            s += Math.cos(s);
            break;
          case 4:
            return s * x;
          default:
            s = s + x;
        }
      }
      return -s;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_return_inside_nested_loops_active_condition",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        for (let j = 0; j < x.length; j++) {
          s += x[i] * x[j];
          if (s > 2) return s * x[j];
        }
      }
      return s;
    }`,
    () => [[0.7, 0.4, 1.1]],
  ),
  mk(
    "adv_return_from_labelled_block",
    `
    export function f(x: number): number {
      let y = x;
      blk: {
        y = y * y;
        if (y > 0.1) {
          if (x > 0.6) return y + x;
          break blk;
        }
        y = -1;
      }
      return y * 2;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_labelled_block_break",
    `
    export function f(x: number): number {
      let y = x;
      blk: {
        y = y * y;
        if (y > 0.1) break blk;
        y = -1;
      }
      return y * 2;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_for_of_over_local_modified_array",
    `
    export function f(x: number[]): number {
      const a: number[] = [];
      for (const v of x) a.push(v * v);
      let s = 0;
      for (const v of a) {
        s = s * 0.5 + v;
      }
      for (let v of x) {
        v = v * 2;
        s += v;
      }
      return s;
    }`,
    () => [[0.7, -1.4, 1.1]],
  ),
  mk(
    "adv_for_of_nested_rows",
    `
    export function f(m: number[][]): number {
      let s = 0;
      for (const row of m) {
        for (const v of row) s += v * row[0];
      }
      return s;
    }`,
    () => [[[0.7, -1.4], [1.1, 0.3]]],
  ),
  mk(
    "adv_loop_var_captured_counter_in_while_cond_side_effect",
    `
    export function f(x: number): number {
      let i = 0;
      let s = 0;
      while (i++ < 4) s += x * i;
      let j = 4;
      while (--j > 0) s *= x + j * 0.1;
      return s;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_logical_ops_in_loop_condition",
    `
    export function f(x: number): number {
      let s = x;
      let i = 0;
      while ((i < 3 || s < 2) && i < 10) {
        s = s * 1.2 + 0.1;
        i++;
      }
      return s;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_nullish_and_logical_values",
    `
    export function f(x: number, y: number): number {
      const a = (x > 0 && y) || x;
      const b = (x < 0 && y) || x * 2;
      const c = (x || y) * (0 || y);
      return a * b + c;
    }`,
    () => [0.7, -0.4],
    [0, 1],
  ),
];

export const adversarialArrays: Case[] = [
  mk(
    "adv_postincrement_index_compound",
    `
    export function f(x: number[]): number {
      const a = x.slice();
      let i = 0;
      a[i++] += a[1] * 2;
      a[i++] *= a[0];
      let j = a.length;
      a[--j] = a[0] * a[1];
      a[--j] -= a[j + 1];
      return a[0] + a[1] * a[2] + a[3];
    }`,
    () => [[0.7, -1.4, 1.1, 0.3]],
  ),
  mk(
    "adv_compound_ops_on_argument_elements",
    `
    export function f(x: number[]): number {
      x[0] *= x[1];
      x[1] /= x[2];
      x[2] **= 2;
      x[3] %= 0.5;
      x[0] -= x[3];
      x[3] += x[0];
      return x[0] * x[1] + x[2] - x[3];
    }`,
    () => [[0.7, -1.4, 1.1, 1.3]],
  ),
  mk(
    "adv_write_argument_then_helper_reads",
    `
    function sumsq(a: number[]): number {
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i] * a[i];
      return s;
    }
    export function f(x: number[]): number {
      const before = sumsq(x);
      x[1] = x[0] * 3;
      const after = sumsq(x);
      x[0] = after;
      return before * after + sumsq(x);
    }`,
    () => [[0.7, -1.4, 1.1]],
  ),
  mk(
    "adv_helper_writes_into_argument",
    `
    function scale(a: number[], k: number): void {
      for (let i = 0; i < a.length; i++) a[i] *= k;
    }
    export function f(x: number[], k: number): number {
      scale(x, k);
      scale(x, x[0]);
      return x[0] + x[1] * x[2];
    }`,
    () => [[0.7, -1.4, 1.1], 1.3],
    [0, 1],
  ),
  mk(
    "adv_helper_returns_new_array_caller_writes",
    `
    function twice(a: number[]): number[] {
      const r: number[] = [];
      for (let i = 0; i < a.length; i++) r.push(a[i] * 2);
      return r;
    }
    export function f(x: number[]): number {
      const b = twice(x);
      b[0] = b[1] * b[2];
      b[2] += x[0];
      const c = twice(b);
      return c[0] * c[1] + c[2] + b[0];
    }`,
    () => [[0.7, -1.4, 1.1]],
  ),
  mk(
    "adv_helper_returns_argument_alias",
    `
    function pick(a: number[], b: number[], first: boolean): number[] {
      return first ? a : b;
    }
    export function f(x: number[], y: number[]): number {
      const p = pick(x, y, true);
      p[0] = p[0] * y[0];
      const q = pick(x, y, false);
      q[1] = q[1] + x[0];
      return x[0] * x[1] + y[0] * y[1];
    }`,
    () => [
      [0.7, -1.4],
      [1.1, 0.3],
    ],
    [0, 1],
  ),
  mk(
    "adv_helper_returns_its_argument_then_write",
    `
    function id(a: number[]): number[] {
      a[0] = a[0] * a[1];
      return a;
    }
    export function f(x: number[]): number {
      const y = id(x);
      y[1] = y[0] + y[1];
      return x[0] * x[1];
    }`,
    () => [[0.7, -1.4]],
  ),
  mk(
    "adv_nested_rows_alias",
    `
    export function f(m: number[][]): number {
      m[1] = m[0];
      m[1][0] = m[1][0] * 2 + m[2][0];
      m[0][1] += m[1][0];
      return m[0][0] * m[0][1] + m[2][1];
    }`,
    () => [[[0.7, -1.4], [1.1, 0.3], [0.5, 2]]],
  ),
  mk(
    "adv_local_matrix_rows_alias",
    `
    export function f(x: number[]): number {
      const r0 = [x[0], x[1]];
      const m = [r0, r0, [x[2], x[0]]];
      m[1][1] = m[0][1] * m[2][0];
      m[0][0] *= x[1];
      return m[1][0] * m[0][1] + m[2][1] * m[1][1];
    }`,
    () => [[0.7, -1.4, 1.1]],
  ),
  mk(
    "adv_push_rows_then_write_through",
    `
    export function f(x: number[]): number {
      const m: number[][] = [];
      const row = [x[0], x[1]];
      m.push(row);
      m.push(row.slice());
      row[0] = row[0] * x[2];
      m[1][1] = m[0][0] + m[1][1] * 3;
      return m[0][0] * m[1][1] + m[0][1] + m[1][0];
    }`,
    () => [[0.7, -1.4, 1.1]],
  ),
  mk(
    "adv_ping_pong_buffers_destructuring",
    `
    export function f(x: number[]): number {
      let a = x.slice();
      let b = new Array(x.length).fill(0);
      for (let t = 0; t < 4; t++) {
        for (let i = 0; i < a.length; i++) {
          const l = a[(i + a.length - 1) % a.length];
          const r = a[(i + 1) % a.length];
          b[i] = 0.5 * a[i] + 0.25 * (l + r) + 0.1 * Math.sin(a[i]);
        }
        [a, b] = [b, a];
      }
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i] * a[i] * (i + 1);
      return s;
    }`,
    () => [[0.7, -1.4, 1.1, 0.3]],
  ),
  mk(
    "adv_ping_pong_float64_temp_swap",
    `
    export function f(x: Float64Array): number {
      let a = new Float64Array(x.length);
      let b = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) a[i] = x[i];
      for (let t = 0; t < 3; t++) {
        for (let i = 0; i < a.length; i++) b[i] = a[i] * a[(i + 1) % a.length] + 0.1;
        const tmp = a;
        a = b;
        b = tmp;
      }
      return a[0] + 2 * a[1] + 3 * a[2] + b[0];
    }`,
    () => [new Float64Array([0.7, -1.4, 1.1])],
  ),
  mk(
    "adv_ping_pong_argument_and_local",
    `
    export function f(x: number[]): number {
      let a = x;
      let b = [0, 0, 0];
      for (let t = 0; t < 3; t++) {
        for (let i = 0; i < 3; i++) b[i] = a[i] * a[(i + 2) % 3] + x[i];
        [a, b] = [b, a];
      }
      return a[0] * a[1] + a[2] + b[0] * 0.5;
    }`,
    () => [[0.7, -0.4, 0.5]],
  ),
  mk(
    "adv_float32_writes",
    `
    export function f(x: Float32Array): number {
      const y = new Float32Array(x.length);
      for (let i = 0; i < x.length; i++) y[i] = x[i] * x[i] + 0.5;
      x[0] = y[1] * 2;
      x[1] += y[0];
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i] * y[i];
      return s;
    }`,
    () => [new Float32Array([0.5, -1.25, 0.75])],
  ),
  mk(
    "adv_float32_local_from_float32_argument",
    `
    export function f(x: Float32Array): number {
      const y = new Float32Array(2);
      y[0] = x[0] * 3;
      y[1] = y[0] * x[1];
      return y[1] + x[0];
    }`,
    () => [new Float32Array([0.75, -1.5])],
  ),
  mk(
    "adv_ternary_returns_array",
    `
    export function f(x: number[], y: number[]): number {
      const a = x[0] > 0 ? x : y;
      const b = x[0] < 0 ? x : y;
      a[1] = a[1] * b[0];
      return (x[0] > 0.5 ? a : b)[1] + a[0] * b[1];
    }`,
    () => [
      [0.7, -1.4],
      [1.1, 0.3],
    ],
    [0, 1],
  ),
  mk(
    "adv_ternary_and_logical_in_index",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < 4; i++) {
        s += x[i > 1 ? i - 2 : i + 2] * x[(i % 2 === 0 && 1) || 3];
      }
      return s;
    }`,
    () => [[0.7, -1.4, 1.1, 0.3]],
  ),
  mk(
    "adv_floor_of_active_value_as_index",
    `
    export function f(x: number[], t: number): number {
      const k = Math.floor(t * 2);
      const frac = t * 2 - k;
      return x[k] * (1 - frac) + x[k + 1] * frac;
    }`,
    () => [[0.7, -1.4, 1.1, 0.3], 0.8],
    [0, 1],
  ),
  mk(
    "adv_index_from_active_truncation_in_loop",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        const j = Math.trunc(Math.abs(x[i]) * 2) % x.length;
        s += x[j] * x[i];
      }
      return s;
    }`,
    () => [[0.7, -1.4, 1.1, 0.3]],
  ),
  mk(
    "adv_array_param_reassigned_to_copy",
    `
    export function f(a: number[]): number {
      const orig = a;
      a = a.slice();
      a[0] = a[0] * a[1];
      a[1] = orig[0] + a[0];
      orig[1] = a[1] * 2;
      return a[0] + a[1] + orig[1] * orig[0];
    }`,
    () => [[0.7, -1.4]],
  ),
  mk(
    "adv_array_param_reassigned_to_other_param",
    `
    export function f(a: number[], b: number[]): number {
      let s = a[0] * b[0];
      a = b;
      a[1] = a[1] * s;
      return s + a[1] + b[1];
    }`,
    () => [
      [0.7, -1.4],
      [1.1, 0.3],
    ],
    [0, 1],
  ),
  mk(
    "adv_same_array_passed_twice",
    `
    function mulInto(out: number[], a: number[], b: number[]): void {
      for (let i = 0; i < out.length; i++) out[i] = a[i] * b[i];
    }
    export function f(x: number[]): number {
      mulInto(x, x, x);
      mulInto(x, x, x);
      return x[0] + x[1];
    }`,
    () => [[0.7, -1.4]],
  ),
  mk(
    "adv_helper_out_aliasing_input_shifted",
    `
    function shift(out: number[], a: number[]): void {
      for (let i = out.length - 1; i > 0; i--) out[i] = a[i - 1] * 2 + out[i];
    }
    export function f(x: number[]): number {
      shift(x, x);
      return x[0] * x[1] + x[2] * x[3];
    }`,
    () => [[0.7, -1.4, 1.1, 0.3]],
  ),
  mk(
    "adv_length_changes_via_push_in_loop",
    `
    export function f(x: number): number {
      const a = [x];
      while (a.length < 6) a.push(a[a.length - 1] * x + 0.1);
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i];
      return s;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_new_array_fill_then_accumulate",
    `
    export function f(x: number[]): number {
      const acc = new Array(3).fill(0);
      for (let i = 0; i < x.length; i++) acc[i % 3] += x[i] * x[(i + 1) % x.length];
      return acc[0] * acc[1] + acc[2];
    }`,
    () => [[0.7, -1.4, 1.1, 0.3, 0.5]],
  ),
  mk(
    "adv_overwrite_element_many_times",
    `
    export function f(x: number[]): number {
      const y = [0];
      for (let i = 0; i < 5; i++) {
        y[0] = y[0] * x[0] + x[1];
        y[0] = Math.sin(y[0]) + y[0];
      }
      return y[0];
    }`,
    () => [[0.7, -0.4]],
  ),
  mk(
    "adv_read_before_and_after_write_same_expr_statement",
    `
    export function f(x: number[]): number {
      const old = x[0];
      x[0] = x[0] * x[0] + x[1];
      const nw = x[0];
      x[0] = old * nw;
      return x[0] + old + nw;
    }`,
    () => [[0.7, -0.4]],
  ),
  mk(
    "adv_matrix_argument_write_rows",
    `
    export function f(m: number[][]): number {
      for (let i = 0; i < m.length; i++) {
        for (let j = 0; j < m[i].length; j++) {
          m[i][j] = m[i][j] * m[(i + 1) % m.length][j] + 0.1;
        }
      }
      return m[0][0] + m[1][1] * m[0][1] + m[1][0];
    }`,
    () => [[[0.7, -1.4], [1.1, 0.3]]],
  ),
  mk(
    "adv_matrix_row_replaced_by_new_row",
    `
    export function f(m: number[][]): number {
      const old = m[0];
      m[0] = [m[1][0] * 2, m[1][1] * old[0]];
      old[1] = m[0][0] * 3;
      return m[0][0] * m[0][1] + old[0] * old[1] + m[1][0];
    }`,
    () => [[[0.7, -1.4], [1.1, 0.3]]],
  ),
  mk(
    "adv_matrix_rows_swapped",
    `
    export function f(m: number[][]): number {
      [m[0], m[1]] = [m[1], m[0]];
      m[0][0] *= m[1][1];
      return m[0][0] * 2 + m[1][0] * m[0][1];
    }`,
    () => [[[0.7, -1.4], [1.1, 0.3]]],
  ),
  mk(
    "adv_swap_elements_destructuring",
    `
    export function f(x: number[]): number {
      for (let i = 0; i < x.length - 1; i++) {
        if (x[i] > x[i + 1]) [x[i], x[i + 1]] = [x[i + 1], x[i]];
      }
      return x[0] + 2 * x[1] + 3 * x[2] + 4 * x[3];
    }`,
    () => [[0.7, -1.4, 1.1, 0.3]],
  ),
  mk(
    "adv_bubble_sort_weighted",
    `
    export function f(x: number[]): number {
      const a = x.slice();
      for (let i = 0; i < a.length; i++)
        for (let j = 0; j < a.length - 1 - i; j++)
          if (a[j] > a[j + 1]) {
            const t = a[j];
            a[j] = a[j + 1];
            a[j + 1] = t;
          }
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i] * (i + 1) * a[i];
      return s;
    }`,
    () => [[0.7, -1.4, 1.1, 0.3, -0.2]],
  ),
];

export const adversarialFunctions: Case[] = [
  mk(
    "adv_loop_helper_called_in_loop",
    `
    function poly(a: number[], t: number): number {
      let r = 0;
      for (let i = a.length - 1; i >= 0; i--) r = r * t + a[i];
      return r;
    }
    export function f(a: number[], x: number): number {
      let s = 0;
      for (let k = 0; k < 3; k++) s += poly(a, x + k * 0.1) * poly(a, s * 0.1);
      return s;
    }`,
    () => [[0.7, -1.4, 1.1], 0.3],
    [0, 1],
  ),
  mk(
    "adv_recursion_on_array_with_index",
    `
    function sumFrom(a: number[], i: number): number {
      if (i >= a.length) return 0;
      return a[i] * a[i] + sumFrom(a, i + 1) * 0.5;
    }
    export function f(x: number[]): number {
      return sumFrom(x, 0);
    }`,
    () => [[0.7, -1.4, 1.1, 0.3]],
  ),
  mk(
    "adv_recursion_with_early_return_in_loop",
    `
    function find(a: number[], i: number, acc: number): number {
      for (let j = i; j < a.length; j++) {
        acc = acc * a[j];
        if (acc > 1) return find(a, j + 1, acc * 0.5);
      }
      return acc;
    }
    export function f(x: number[]): number {
      return find(x, 0, 1);
    }`,
    () => [[1.7, 1.4, 1.1, 1.3]],
  ),
  mk(
    "adv_recursion_writes_array",
    `
    function fillRec(a: number[], i: number, v: number): void {
      if (i === a.length) return;
      a[i] = a[i] * v;
      fillRec(a, i + 1, a[i] + v);
    }
    export function f(x: number[], v: number): number {
      fillRec(x, 0, v);
      return x[0] + x[1] * x[2];
    }`,
    () => [[0.7, -1.4, 1.1], 0.3],
    [0, 1],
  ),
  mk(
    "adv_mutual_recursion",
    `
    function even(x: number, n: number): number {
      if (n === 0) return x;
      return odd(x * 1.1, n - 1) + x;
    }
    function odd(x: number, n: number): number {
      if (n === 0) return -x;
      return even(Math.sin(x), n - 1) * x;
    }
    export function f(x: number): number {
      return even(x, 5);
    }`,
    () => [0.7],
  ),
  mk(
    "adv_helper_returns_array_from_recursion",
    `
    function build(n: number, x: number): number[] {
      if (n === 0) return [x];
      const r = build(n - 1, x * 1.1);
      r.push(r[r.length - 1] * x);
      return r;
    }
    export function f(x: number): number {
      const a = build(4, x);
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i];
      return s;
    }`,
    () => [0.7],
  ),
  mk(
    "adv_helper_modifies_param_number_locally",
    `
    function g(a: number, b: number): number {
      a = a * b;
      b = b + a;
      return a * b;
    }
    export function f(x: number, y: number): number {
      const z = g(x, y);
      return z + x * y;
    }`,
    () => [0.7, -0.4],
    [0, 1],
  ),
  mk(
    "adv_helper_early_return_in_nested_loops",
    `
    function firstBig(a: number[][], t: number): number {
      for (let i = 0; i < a.length; i++) {
        for (let j = 0; j < a[i].length; j++) {
          if (a[i][j] * t > 1) return a[i][j] * t;
        }
      }
      return t;
    }
    export function f(m: number[][], t: number): number {
      return firstBig(m, t) * t;
    }`,
    () => [[[0.7, 0.4], [1.1, 2.3]], 1.2],
    [0, 1],
  ),
  mk(
    "adv_arrow_helpers_chain",
    `
    const sq = (a: number): number => a * a;
    const norm = (v: number[]): number => {
      let s = 0;
      for (const e of v) s += sq(e);
      return Math.sqrt(s);
    };
    const normalize = (v: number[]): number[] => {
      const n = norm(v);
      const r = v.slice();
      for (let i = 0; i < r.length; i++) r[i] /= n;
      return r;
    };
    export const f = (x: number[]): number => {
      const u = normalize(x);
      return u[0] * 3 + u[1] * u[2];
    };`,
    () => [[0.7, -1.4, 1.1]],
  ),
  mk(
    "adv_helper_called_in_condition_and_index",
    `
    function g(a: number[], i: number): number {
      return a[i] * a[i];
    }
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        if (g(x, i) > 0.5) s += g(x, i) * x[i];
        else s -= g(x, (i + 1) % x.length);
      }
      return s;
    }`,
    () => [[0.7, -1.4, 1.1, 0.3]],
  ),
  mk(
    "adv_helper_nested_calls_args",
    `
    function h(a: number, b: number): number {
      return a * Math.exp(-b * b);
    }
    export function f(x: number, y: number): number {
      return h(h(x, y), h(y, x)) + h(x, h(x, h(y, y)));
    }`,
    () => [0.7, -0.4],
    [1, 0],
  ),
  mk(
    "adv_helper_writes_row_of_matrix",
    `
    function addTo(row: number[], v: number[], k: number): void {
      for (let i = 0; i < row.length; i++) row[i] += v[i] * k;
    }
    export function f(m: number[][], v: number[]): number {
      addTo(m[0], v, 2);
      addTo(m[1], m[0], v[0]);
      return m[0][0] * m[1][1] + m[1][0] * m[0][1];
    }`,
    () => [[[0.7, -1.4], [1.1, 0.3]], [0.5, -0.2]],
    [1, 0],
  ),
  mk(
    "adv_helper_returns_row_alias",
    `
    function row(m: number[][], i: number): number[] {
      return m[i];
    }
    export function f(m: number[][]): number {
      const r = row(m, 1);
      r[0] = r[0] * m[0][1];
      return m[1][0] * m[0][0] + r[1];
    }`,
    () => [[[0.7, -1.4], [1.1, 0.3]]],
  ),
  mk(
    "adv_value_and_grad_argnum_array_three",
    `
    export function f(x: number, y: number[], z: number): number {
      let s = z;
      for (let i = 0; i < y.length; i++) s = s * x + y[i];
      return s;
    }`,
    () => [0.7, [0.5, -1.2, 2], 1.3],
    [2, 0],
  ),
  mk(
    "adv_argnum_duplicate_entries",
    `
    export function f(x: number, y: number): number {
      return x * Math.sin(y) + y * y;
    }`,
    () => [0.7, -0.4],
    [1, 1, 0],
  ),
  mk(
    "adv_grad_wrt_integer_like_value_used_as_index_bound",
    `
    export function f(n: number, x: number): number {
      let s = 0;
      for (let i = 0; i < n; i++) s += x * n;
      return s;
    }`,
    () => [3.5, 0.7],
    [0, 1],
  ),
];

const A4 = () => [[0.7, -1.4, 1.1, 0.3]];

/** A helper whose forward sweep records values on the tape (r is reassigned). */
const TAPING_HELPER = `
    function g(t: number): number {
      let r = t;
      r = r * t + 0.5;
      return r;
    }`;

export const adversarialMore: Case[] = [
  mk("adv_two_pointer", `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0, j = x.length - 1; i < j; i++, j--) s += x[i] * x[j];
      return s;
    }`, A4),
  mk("adv_loop_var_modified_in_body", `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        s += x[i] * (i + 1);
        if (x[i] < 0) i++;
      }
      return s * s;
    }`, () => [[0.7, -1.4, 1.1, 0.3, 0.9]]),
  mk("adv_labelled_break_while_from_for", `
    export function f(x: number): number {
      let s = x;
      outer: while (true) {
        for (let k = 0; k < 3; k++) {
          s = s * 1.3 + 0.1;
          if (s > 4) break outer;
        }
        s += 0.2;
      }
      return s;
    }`, () => [0.7]),
  mk("adv_nested_ternary_chain", `
    export function f(x: number): number {
      return x < -1 ? x * x : x < 0 ? -x : x < 1 ? Math.sin(x) * 2 : x > 5 ? 1 : Math.log(x);
    }`, () => [0.7]),
  mk("adv_switch_on_floor_active", `
    export function f(x: number): number {
      switch (Math.floor(x * 3)) {
        case 0: return x;
        case 1: return x * x;
        case 2: return Math.exp(x);
        default: return -x;
      }
    }`, () => [0.7]),
  mk("adv_helper_writes_local_matrix_row", `
    function fillRow(r: number[], v: number): void {
      for (let i = 0; i < r.length; i++) r[i] = v * (i + 1) + r[i];
    }
    export function f(x: number): number {
      const m = [[0, 0], [1, 1]];
      fillRow(m[0], x);
      fillRow(m[1], m[0][1]);
      return m[0][0] * m[1][1];
    }`, () => [0.7]),
  mk("adv_helper_returns_zeros_caller_fills", `
    function zeros(n: number): number[] { return new Array(n).fill(0); }
    export function f(x: number[]): number {
      const z = zeros(x.length);
      for (let i = 0; i < x.length; i++) z[i] = x[i] * x[(i + 1) % x.length];
      let s = 0;
      for (const v of z) s += v;
      return s;
    }`, A4),
  mk("adv_fib_active", `
    function fib(n: number, a: number, b: number): number {
      if (n === 0) return a;
      return fib(n - 1, b, a + b * 0.5);
    }
    export function f(x: number, y: number): number { return fib(8, x, y); }`, () => [0.7, 0.3], [0, 1]),
  mk("adv_math_more", `
    export function f(x: number, y: number): number {
      return Math.atan2(y, x) + Math.cbrt(x) + Math.log1p(x) + Math.expm1(y) + Math.log2(x) + Math.log10(x)
        + Math.sinh(y) + Math.asinh(y) + Math.acosh(x + 1) + Math.atanh(y) + Math.pow(x, y) + Math.sign(x) * y
        + Math.fround(0.5) * x + Math.asin(y) + Math.acos(y) + Math.atan(x) + Math.cosh(x) + Math.tan(x);
    }`, () => [0.7, 0.3], [0, 1]),
  mk("adv_compound_pow_mod_scalar", `
    export function f(x: number): number {
      let y = x + 1;
      y **= 3;
      y %= 2;
      let z = x;
      z **= x;
      return y * z;
    }`, () => [0.7]),
  mk("adv_let_uninit_in_loop", `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        let t: number;
        if (x[i] > 0) t = x[i] * x[i];
        else t = -x[i];
        s += t;
      }
      return s;
    }`, A4),
  mk("adv_return_in_do_while_in_switch", `
    export function f(x: number, k: number): number {
      switch (k) {
        case 1: {
          let y = x;
          do {
            y = y * 1.5;
            if (y > 3) return y * x;
          } while (true);
        }
        default:
          return x;
      }
    }`, () => [0.7, 1]),
  mk("adv_for_of_early_return_continue", `
    export function f(x: number[]): number {
      let s = 0;
      for (const v of x) {
        if (v < 0) continue;
        s += v * s + v;
        if (s > 2) return s;
      }
      return -s;
    }`, A4),
  mk("adv_var_in_for_header_after", `
    export function f(x: number): number {
      let s = x;
      for (var i = 0; s < 3; i++) s = s * 1.4;
      return s * i;
    }`, () => [0.7]),
  mk("adv_helper_polymorphic_array_types", `
    function dot(a: number[], b: number[]): number {
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i] * b[i];
      return s;
    }
    export function f(x: Float64Array, y: number[], z: Float32Array): number {
      const w = [1, 2, 3];
      return dot(x as any, y) * dot(y, w) + dot(z as any, y);
    }`, () => [new Float64Array([0.7, -1.4, 1.1]), [0.5, 0.25, -0.5], new Float32Array([0.5, 0.25, 0.75])], [0, 1]),
  mk("adv_elem_increment", `
    export function f(x: number[]): number {
      x[0]++;
      --x[1];
      x[2] += x[0];
      return x[0] * x[1] * x[2];
    }`, A4),
  mk("adv_chained_assignment", `
    export function f(x: number): number {
      let a: number, b: number;
      a = b = x * 2;
      const y = [0, 0];
      y[0] = y[1] = a * x;
      return a * b + y[0] * y[1];
    }`, () => [0.7]),
  mk("adv_compound_reads_same_elem", `
    export function f(x: number[]): number {
      x[0] += x[0] * x[0];
      x[1] *= x[1] + x[0];
      return x[0] + x[1];
    }`, A4),
  mk("adv_shift_in_place", `
    export function f(x: number[]): number {
      for (let i = 0; i < x.length - 1; i++) x[i] = x[i + 1] * x[i];
      return x[0] + 2 * x[1] + 3 * x[2] + 4 * x[3];
    }`, A4),
  mk("adv_jagged", `
    export function f(m: number[][]): number {
      let s = 0;
      for (let i = 0; i < m.length; i++) for (let j = 0; j < m[i].length; j++) s += m[i][j] * (i + j + 1);
      return s * s;
    }`, () => [[[0.7], [-1.4, 1.1, 0.3], [], [0.5, 2]]]),
  mk("adv_switch_true", `
    export function f(x: number): number {
      switch (true) {
        case x < 0: return -x;
        case x < 1: return x * x;
        default: return x;
      }
    }`, () => [0.7]),
  mk("adv_tape_in_loop", TAPING_HELPER + `
    export function f(x: number): number {
      let s = 0;
      for (let k = 0; k < 2; k++) s += g(x) * g(x);
      return s;
    }`, () => [0.7]),
  mk("adv_tape_single_call", TAPING_HELPER + `
    export function f(x: number): number {
      let s = 0;
      for (let k = 0; k < 2; k++) s += g(x) * x;
      return s;
    }`, () => [0.7]),
  mk("adv_tape_assign", TAPING_HELPER + `
    export function f(x: number): number {
      let s = 0;
      for (let k = 0; k < 2; k++) s = s + g(x) * g(s);
      return s;
    }`, () => [0.7]),
  mk("adv_tape_sum", TAPING_HELPER + `
    export function f(x: number): number {
      let s = 0;
      for (let k = 0; k < 2; k++) s += g(x) + g(x);
      return s;
    }`, () => [0.7]),
  mk("adv_helper_short_circuit", TAPING_HELPER + `
    export function f(x: number): number {
      let s = 0;
      for (let k = 0; k < 3; k++) s += (k % 2 === 0 && g(x)) || g(s + x);
      return s;
    }`, () => [0.7]),
  mk("adv_helper_in_ternary", TAPING_HELPER + `
    export function f(x: number): number {
      let s = 0;
      for (let k = 0; k < 3; k++) s += k % 2 === 0 ? g(x) : g(s) * 0.1;
      return s;
    }`, () => [0.7]),
  mk("adv_helper_in_while_cond", TAPING_HELPER + `
    export function f(x: number): number {
      let s = x;
      while (g(s) < 3) s = s * 1.2 + 0.1;
      return s * g(s);
    }`, () => [0.7]),
  mk("adv_helper_in_for_update", TAPING_HELPER + `
    export function f(x: number): number {
      let s = x;
      let c = 0;
      for (let i = 0; i < 3; s = g(s) * 0.5, i++) c += s;
      return c + s;
    }`, () => [0.7]),
  mk("adv_helper_in_math_max", TAPING_HELPER + `
    export function f(x: number): number {
      let s = 0;
      for (let i = 0; i < 2; i++) s += Math.max(g(x), g(x * 2)) * Math.min(g(x), 5);
      return s;
    }`, () => [0.7]),
  mk("adv_deep_recursion_array_write", `
    function walk(a: number[], i: number, n: number): void {
      if (n === 0) return;
      a[i] = a[i] * 0.9 + a[(i + 1) % a.length] * 0.1;
      walk(a, (i + 1) % a.length, n - 1);
    }
    export function f(x: number[]): number {
      walk(x, 0, 60);
      return x[0] * x[1] + x[2] * x[3];
    }`, A4),
  mk("adv_while_break_trip_active", `
    export function f(x: number): number {
      let s = 0;
      for (let k = 1; k < 100; k++) {
        s += Math.sin(x * k) * 0.1;
        if (x * k > 3) break;
      }
      return s;
    }`, () => [0.7]),
  mk("adv_arrow_f_argnum_vag", `
    const h = (a: number[], t: number): number => {
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i] * Math.pow(t, i);
      return s;
    };
    export const f = (t: number, a: number[]): number => h(a, t) * t;`, () => [0.7, [0.5, -1.2, 2]], [1, 0]),
];

// Minimal reproductions of the compiler bugs the cases above found (all but two fail as of e587dd9).
export const adversarialMinimal: Case[] = [
  // Reassigning an array parameter: the reverse sweep starts from the entry adjoint of the parameter,
  // not the adjoint of the array it was reassigned to (the final ab is never handed to f_rev).
  mk(
    "adv_min_array_param_reassigned_to_other_param",
    `
    export function f(a: number[], b: number[]): number {
      a = b;
      a[1] = a[1] * 3;
      return b[1];
    }`,
    () => [
      [0.7, -1.4],
      [1.1, 0.3],
    ],
    [0, 1],
  ),
  mk(
    "adv_min_array_param_reassigned_to_slice",
    `
    export function f(a: number[]): number {
      a = a.slice();
      a[0] = a[0] * 3;
      return a[0];
    }`,
    () => [[0.7, -1.4]],
  ),
  // Indexing the result of a ternary that selects between arrays: no gradient flows.
  mk(
    "adv_min_ternary_array_indexed",
    `
    export function f(x: number[], y: number[]): number {
      return (x[0] > 0.5 ? x : y)[1];
    }`,
    () => [
      [0.7, -1.4],
      [1.1, 0.3],
    ],
    [0, 1],
  ),
  // Assigning an array literal with active entries to a row of a matrix argument: the adjoint of the
  // literal's entries is dropped.
  mk(
    "adv_min_row_assigned_array_literal",
    `
    export function f(m: number[][]): number {
      m[0] = [m[1][0] * 2, 1];
      return m[0][0];
    }`,
    () => [
      [
        [0.7, -1.4],
        [1.1, 0.3],
      ],
    ],
  ),
  // An array literal whose elements are arrays: the adjoint is a fresh zero matrix, and the reverse
  // sweep does "r0b += mb[0]" (array + array = string concatenation), so the gradient holds strings.
  mk(
    "adv_min_array_literal_of_rows",
    `
    export function f(x: number[]): number {
      const r0 = [x[0], x[1]];
      const m = [r0];
      return m[0][1];
    }`,
    () => [[0.7, -1.4]],
  ),
  // push of a copy: the pushed row's adjoint never reaches row.
  mk(
    "adv_min_push_slice",
    `
    export function f(x: number[]): number {
      const m: number[][] = [];
      const row = [x[0], x[1]];
      m.push(row.slice());
      return m[0][1];
    }`,
    () => [[0.7, -1.4]],
  ),
  // push of an array literal with active entries: zero gradient.
  mk(
    "adv_min_push_array_literal",
    `
    export function f(x: number[]): number {
      const m: number[][] = [];
      m.push([x[0] * 2, x[1]]);
      return m[0][1] * m[0][0];
    }`,
    () => [[0.7, -1.4]],
  ),
  // push of a helper's returned array: TypeError in the reverse sweep.
  mk(
    "adv_min_push_helper_result",
    `
    function dbl(a: number[]): number[] {
      const r = a.slice();
      r[0] *= 2;
      return r;
    }
    export function f(x: number[]): number {
      const m: number[][] = [];
      m.push(dbl(x));
      return m[0][1] * m[0][0];
    }`,
    () => [[0.7, -1.4]],
  ),
  // A call to a helper that records values on the tape, whose result is needed by the reverse sweep,
  // inside a loop: the caller pushed the old value of the result temporary before the call but popped
  // it before the helper's reverse sweep, so it popped the helper's records instead: NaN. (Fixed by
  // e587dd9 while these cases were written; kept as a regression test.)
  mk(
    "adv_min_taping_helper_result_in_loop",
    TAPING_HELPER +
      `
    export function f(x: number): number {
      let s = 0;
      for (let k = 0; k < 2; k++) s += g(x) * x;
      return s;
    }`,
    () => [0.7],
  ),
  // A recursive helper returning an array: the generated code references an undeclared build_rb.
  mk(
    "adv_min_recursive_helper_returning_array",
    `
    function build(n: number, x: number): number[] {
      if (n === 0) return [x];
      return build(n - 1, x);
    }
    export function f(x: number): number {
      const a = build(2, x);
      return a[0];
    }`,
    () => [0.7],
  ),
  // new Array(n) without fill, then every element written (gave NaN before e587dd9).
  mk(
    "adv_min_new_array_without_fill",
    `
    export function f(x: number): number {
      const a = new Array(3);
      a[0] = x;
      a[1] = x * x;
      a[2] = 1;
      return a[0] + a[1];
    }`,
    () => [0.7],
  ),
  // x["length"] compiles as an element read: RangeError (Invalid array length) in the gradient.
  mk(
    "adv_min_length_as_computed_member",
    `
    export function f(x: number[]): number {
      return x["length"] * x[0];
    }`,
    () => [[0.7, -1.4, 1.1]],
  ),
];
