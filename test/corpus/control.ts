// Control flow: if/else, ternaries, switch, && || ??, every loop form, break/continue (labelled too),
// returns anywhere, trip counts and branches that depend on differentiated values.
import { type Case, mk } from "./case.js";

const SWITCH = `
  export function f(x: number, k: number): number {
    let r = 0;
    switch (k) {
      case 0:
        r += x;
      case 1:
        r += x * x;
        break;
      default:
        r -= 2 * x;
      case 3:
        r *= x;
        r += Math.sin(x);
        break;
      case 4:
        r = Math.exp(x);
    }
    return r + x;
  }`;

export const branches: Case[] = [
  mk(
    "if_else_then",
    `
    export function f(x: number): number {
      if (x > 0) return x * x;
      else return -x * 3;
    }`,
    () => [1.5],
  ),
  mk(
    "if_else_else",
    `
    export function f(x: number): number {
      if (x > 0) return x * x;
      else return -x * 3;
    }`,
    () => [-1.5],
  ),
  mk(
    "if_without_else_taken",
    `
    export function f(x: number): number {
      let y = x;
      if (y > 1) y = y * y;
      return y * 3;
    }`,
    () => [1.3],
  ),
  mk(
    "if_without_else_not_taken",
    `
    export function f(x: number): number {
      let y = x;
      if (y > 1) y = y * y;
      return y * 3;
    }`,
    () => [0.7],
  ),
  mk(
    "else_if_chain",
    `
    export function f(x: number, y: number): number {
      let r: number;
      if (x < -1) r = x * y;
      else if (x < 0) r = x * x * y;
      else if (x < 1) r = Math.sin(x) * y;
      else r = y / x;
      return r;
    }`,
    () => [0.4, 1.7],
    [0, 1],
  ),
  mk(
    "else_if_chain_last",
    `
    export function f(x: number, y: number): number {
      let r: number;
      if (x < -1) r = x * y;
      else if (x < 0) r = x * x * y;
      else if (x < 1) r = Math.sin(x) * y;
      else r = y / x;
      return r;
    }`,
    () => [2.4, 1.7],
    [0, 1],
  ),
  mk(
    "nested_if",
    `
    export function f(x: number, y: number): number {
      let r = x;
      if (x > 0) {
        if (y > 0) {
          r = x * y;
        } else {
          r = x - y;
        }
        r = r * r;
      } else {
        r = y * y;
      }
      return r + x;
    }`,
    () => [0.8, -0.6],
    [0, 1],
  ),
  mk(
    "if_updates_two_vars",
    `
    export function f(x: number): number {
      let a = x;
      let b = 1;
      if (a * a > 2) {
        b = a;
        a = a * 0.5;
      } else {
        b = -a;
        a = a * a;
      }
      return a * b;
    }`,
    () => [1.6],
  ),
  mk(
    "ternary",
    `
    export function f(x: number): number {
      const y = x > 1 ? x * x : 2 * x;
      return y + (y > 2 ? y : 0);
    }`,
    () => [1.6],
  ),
  mk(
    "ternary_nested_middle",
    `
    export function f(x: number): number {
      return x < 0 ? -x : x < 1 ? x * x : Math.sqrt(x);
    }`,
    () => [0.6],
  ),
  mk(
    "ternary_nested_last",
    `
    export function f(x: number): number {
      return x < 0 ? -x : x < 1 ? x * x : Math.sqrt(x);
    }`,
    () => [2.5],
  ),
  mk("switch_case0_falls_through", SWITCH, () => [0.7, 0], 0),
  mk("switch_default_in_middle_falls_through", SWITCH, () => [0.7, 2], 0),
  mk("switch_case_after_default", SWITCH, () => [0.7, 3], 0),
  mk("switch_last_case", SWITCH, () => [0.7, 4], 0),
  mk(
    "switch_return_in_cases",
    `
    export function f(x: number, k: number): number {
      switch (k % 3) {
        case 0:
          return x * x;
        case 1: {
          const y = Math.sin(x);
          return y * y;
        }
        default:
          break;
      }
      return x * 4;
    }`,
    () => [0.7, 4],
    0,
  ),
  mk(
    "switch_on_floor_of_value",
    `
    export function f(x: number): number {
      switch (Math.floor(x)) {
        case 0:
          return x;
        case 1:
          return x * x * x;
        default:
          return -x;
      }
    }`,
    () => [1.4],
  ),
  mk(
    "logical_values",
    `
    export function f(x: number, y: number): number {
      const z = 0 * x;
      return (x && y) * 2 + (z || y) * x;
    }`,
    () => [1.3, 0.7],
    [0, 1],
  ),
  mk(
    "logical_conditions",
    `
    export function f(x: number, y: number): number {
      if ((x > 0 && y > 0) || x < -5) return x * y;
      if (!(x > 0) || y < 1) return x + y;
      return 0;
    }`,
    () => [-0.4, 1.7],
    [0, 1],
  ),
  mk(
    "nullish_set",
    `
    export function f(x: number): number {
      let m: number | undefined = undefined;
      if (x > 1) m = x * x;
      return (m ?? x) * 3;
    }`,
    () => [1.4],
  ),
  mk(
    "nullish_unset",
    `
    export function f(x: number): number {
      let m: number | undefined = undefined;
      if (x > 1) m = x * x;
      return (m ?? x) * 3;
    }`,
    () => [0.6],
  ),
  mk(
    "nullish_null",
    `
    export function f(x: number, y: number): number {
      const v: number | null = x > 0 ? null : x * x;
      return (v ?? y) * x;
    }`,
    () => [0.6, 1.3],
    [0, 1],
  ),
  mk(
    "nullish_uninitialised_let_in_loop",
    `
    export function f(x: number): number {
      let y;
      for (let i = 0; i < 3; i++) y = (y ?? 1) * x;
      return y;
    }`,
    () => [0.7],
  ),
  mk(
    "boolean_variable_compared_strictly",
    `
    export function f(x: number): number {
      let b = x > 1;
      let y = 0;
      for (let i = 0; i < 3; i++) {
        y += b === true ? x * x : x;
        b = !b;
      }
      return y;
    }`,
    () => [1.5],
  ),
  mk(
    "and_with_side_effect",
    `
    export function f(x: number): number {
      let y = x;
      x > 1 && (y = y * x);
      x > 5 && (y = 0);
      return y;
    }`,
    () => [1.4],
  ),
];

export const loops: Case[] = [
  mk(
    "for_basic",
    `
    export function f(x: number): number {
      let s = 0;
      for (let i = 0; i < 5; i++) s += Math.sin(x * i);
      return s;
    }`,
    () => [0.7],
  ),
  mk(
    "for_step_down",
    `
    export function f(x: number): number {
      let s = 0;
      for (let i = 10; i > 0; i -= 2) s = s * x + i;
      return s;
    }`,
    () => [0.7],
  ),
  mk(
    "for_trip_count_from_value",
    `
    export function f(x: number): number {
      let s = 0;
      for (let i = 0; i < x * 3; i++) s += x * i;
      return s;
    }`,
    () => [1.7],
  ),
  mk(
    "for_empty_clauses",
    `
    export function f(x: number): number {
      let i = 0;
      let s = 1;
      for (;;) {
        if (i >= 3) break;
        s = s * x + 1;
        i++;
      }
      return s;
    }`,
    () => [0.8],
  ),
  mk(
    "for_zero_iterations",
    `
    export function f(x: number, n: number): number {
      let s = x;
      for (let i = 0; i < n; i++) s = s * s;
      return s;
    }`,
    () => [0.8, 0],
    0,
  ),
  mk(
    "while_scale_until",
    `
    export function f(x: number): number {
      while (x < 10) x = x * 1.5;
      return x;
    }`,
    () => [1.3],
  ),
  mk(
    "while_halving_counter",
    `
    export function f(x: number): number {
      let n = 0;
      let y = x;
      while (y > 1) {
        y = y / 2;
        n++;
      }
      return y * n + y * y;
    }`,
    () => [13.7],
  ),
  mk(
    "while_newton_sqrt",
    `
    export function f(x: number): number {
      let y = x;
      let i = 0;
      while (Math.abs(y * y - x) > 1e-9 && i < 50) {
        y = 0.5 * (y + x / y);
        i++;
      }
      return y;
    }`,
    () => [2.7],
  ),
  mk(
    "newton_fixed_iterations",
    `
    export function f(x: number): number {
      let y = 1;
      for (let k = 0; k < 8; k++) y = y - (y * y * y - x) / (3 * y * y);
      return y;
    }`,
    () => [3.4],
  ),
  mk(
    "do_while_fixed",
    `
    export function f(x: number): number {
      let i = 0;
      let y = x;
      do {
        y = Math.sin(y) + x;
        i++;
      } while (i < 4);
      return y;
    }`,
    () => [0.7],
  ),
  mk(
    "do_while_data_dependent",
    `
    export function f(x: number): number {
      let y = x;
      do {
        y = y * y + 0.1;
      } while (y < 5);
      return y;
    }`,
    () => [1.1],
  ),
  mk(
    "do_while_runs_once",
    `
    export function f(x: number): number {
      let y = x;
      do {
        y = y * 3;
      } while (y < 1);
      return y * y;
    }`,
    () => [1.1],
  ),
  mk(
    "for_of_number_array",
    `
    export function f(xs: number[]): number {
      let s = 0;
      for (const v of xs) s += v * v * v;
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "for_of_float64array",
    `
    export function f(xs: Float64Array): number {
      let s = 1;
      for (const v of xs) s = s * v + Math.cos(v);
      return s;
    }`,
    () => [new Float64Array([0.5, -1.2, 2, 0.7])],
  ),
  mk(
    "for_of_break",
    `
    export function f(xs: number[]): number {
      let s = 0;
      for (const v of xs) {
        if (v > 1.5) break;
        s += v * s + v;
      }
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "for_of_nested",
    `
    export function f(m: number[][]): number {
      let s = 0;
      for (const row of m) {
        let r = 0;
        for (const v of row) r += v * v;
        s += Math.sqrt(r);
      }
      return s;
    }`,
    () => [
      [
        [0.5, -1.2],
        [2, 0.7],
        [1.1, 0.3],
      ],
    ],
  ),
  mk(
    "break_in_for",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        if (x[i] > 1.5) break;
        s += x[i] * x[i];
      }
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "continue_in_for",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        if (x[i] < 0) continue;
        s += Math.sqrt(x[i]) * (i + 1);
      }
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "labelled_break_outer",
    `
    export function f(x: number[]): number {
      let s = 0;
      outer: for (let i = 0; i < x.length; i++) {
        for (let j = 0; j < x.length; j++) {
          if (i + j > 3) break outer;
          s += x[i] * x[j];
        }
      }
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "labelled_break_on_value",
    `
    export function f(x: number[]): number {
      let s = 0;
      outer: for (let i = 0; i < x.length; i++) {
        for (let j = 0; j < x.length; j++) {
          if (x[i] * x[j] > 3) break outer;
          s += x[i] * x[j] * (j + 1);
        }
        s *= 1.1;
      }
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "labelled_continue_outer",
    `
    export function f(x: number[]): number {
      let s = 0;
      outer: for (let i = 0; i < x.length; i++) {
        for (let j = 0; j < x.length; j++) {
          if (j > i) continue outer;
          s += x[i] * x[j] * (j + 1);
        }
        s = s * 0.5;
      }
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "break_while_true",
    `
    export function f(x: number): number {
      let y = x;
      while (true) {
        y = y * 1.1 + 0.05;
        if (y > 3) break;
      }
      return y;
    }`,
    () => [0.9],
  ),
  mk(
    "continue_in_while",
    `
    export function f(x: number[]): number {
      let i = -1;
      let s = 0;
      while (i < x.length - 1) {
        i++;
        if (i % 2 === 1) continue;
        s += x[i] * s + x[i];
      }
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7, 1.3]],
  ),
  mk(
    "early_return_nested_loops_taken",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        for (let j = 0; j < x.length; j++) {
          const p = x[i] * x[j];
          if (p > 3) return p + s;
          s += p;
        }
      }
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "early_return_nested_loops_not_taken",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        for (let j = 0; j < x.length; j++) {
          const p = x[i] * x[j];
          if (p > 3) return p + s;
          s += p;
        }
      }
      return s;
    }`,
    () => [[0.5, -1.2, 1.5, 0.7]],
  ),
  mk(
    "return_in_while",
    `
    export function f(x: number): number {
      let y = x;
      let n = 0;
      while (n < 100) {
        y = y * y + 0.5;
        if (y > 10) return y - x * n;
        n++;
      }
      return 0;
    }`,
    () => [0.9],
  ),
  mk(
    "return_in_do_while",
    `
    export function f(x: number): number {
      let y = x;
      do {
        y = y * 2;
        if (y > 7) return y * x;
      } while (y < 100);
      return y;
    }`,
    () => [0.8],
  ),
  mk(
    "return_in_middle_of_block",
    `
    export function f(x: number): number {
      if (x > 0) {
        const y = x * x;
        if (y > 1) return y;
        x = x + y;
      }
      return x * 3;
    }`,
    () => [0.8],
  ),
  mk(
    "loop_if_on_value",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        if (x[i] > 0) s += x[i] * x[i];
        else s -= x[i] * s;
      }
      return s;
    }`,
    () => [[0.5, -1.2, 2, -0.7]],
  ),
  mk(
    "nested_loops_triangular",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        for (let j = 0; j <= i; j++) s += x[i] * x[j] * (i - j + 1);
      }
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "while_nested_data_dependent",
    `
    export function f(x: number, y: number): number {
      let a = x;
      let total = 0;
      while (a < 4) {
        let b = y;
        while (b < a) b = b * 1.7;
        total += b * a;
        a = a * 1.9;
      }
      return total;
    }`,
    () => [0.9, 0.6],
    [0, 1],
  ),
];

/** Sharp cases: side effects inside conditions and updates, switch inside loops, for...of returns. */
export const controlEdges: Case[] = [
  mk(
    "assignment_in_while_condition",
    `
    export function f(x: number): number {
      let y = x;
      let n = 0;
      while ((y = y * 1.5) < 10) n++;
      return y + n * x;
    }`,
    () => [1.3],
  ),
  mk(
    "comma_in_for_update",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0, j = x.length - 1; i < j; i++, j--) s += x[i] * x[j] * (j - i);
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7, 1.3]],
  ),
  mk(
    "array_value_as_loop_bound",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x[0]; i++) s += x[1] * (i + 1);
      return s * x[0];
    }`,
    () => [[3.4, 0.6]],
  ),
  mk(
    "break_in_switch_inside_loop",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        switch (i % 3) {
          case 0:
            s += x[i];
            break;
          case 1:
            s *= x[i];
            break;
          default:
            s -= x[i] * x[i];
        }
        s += 0.1;
      }
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7, 1.3]],
  ),
  mk(
    "continue_and_return_in_switch_inside_loop",
    `
    export function f(x: number[]): number {
      let s = 1;
      for (let i = 0; i < x.length; i++) {
        switch (i) {
          case 1:
            continue;
          case 3:
            return s * x[i];
        }
        s = s * x[i] + 1;
      }
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7, 1.3]],
  ),
  mk(
    "return_inside_for_of",
    `
    export function f(xs: number[]): number {
      let s = 0;
      for (const v of xs) {
        s += v * v;
        if (s > 1.5) return s * v;
      }
      return -s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "ternary_with_assignments",
    `
    export function f(x: number): number {
      let a = x;
      let b = 1;
      const r = x > 0.5 ? (a = a * a) : (b = b * x);
      return r + a * b;
    }`,
    () => [0.8],
  ),
  mk(
    "all_branches_return",
    `
    export function f(x: number, y: number): number {
      if (x > y) {
        if (x > 2 * y) return x * x;
        else return x * y;
      } else if (x > 0) return y / x;
      else return y;
    }`,
    () => [0.6, 1.3],
    [0, 1],
  ),
  mk(
    "negative_base_power_parenthesised",
    `
    export function f(x: number): number {
      return (-x) ** 2 + (-x) ** 3;
    }`,
    () => [0.7],
  ),
  mk(
    "loop_counter_modified_in_body",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        s += x[i] * (i + 1);
        if (x[i] > 1) i++;
      }
      return s;
    }`,
    () => [[0.5, 1.2, 2, 0.7, 1.3]],
  ),
  mk(
    "loop_step_from_variable",
    `
    export function f(x: number[]): number {
      const k = 2;
      let s = 0;
      for (let i = 1; i < x.length; i += k) s += x[i] * x[i - 1];
      return s;
    }`,
    () => [[0.5, 1.2, 2, 0.7, 1.3]],
  ),
  mk(
    "loop_counter_declared_outside",
    `
    export function f(x: number[]): number {
      let s = 0;
      let i = 2;
      for (; i < x.length; i++) s += x[i] * x[i];
      return s * i;
    }`,
    () => [[0.5, 1.2, 2, 0.7, 1.3]],
  ),
  mk(
    "loop_multiplicative_counter",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 1; i < x.length; i *= 2) s += x[i] * s + x[i];
      return s;
    }`,
    () => [[0.5, 1.2, 2, 0.7, 1.3, -0.4]],
  ),
  mk(
    "loop_float_counter",
    `
    export function f(x: number): number {
      let s = 0;
      for (let t = 0; t < 1; t += 0.25) s += Math.sin(x * t) * t;
      return s;
    }`,
    () => [0.9],
  ),
  mk(
    "loop_counter_reassigned_from_value",
    `
    export function f(x: number[]): number {
      let s = 0;
      let i = 0;
      while (i < x.length) {
        s += x[i] * x[i];
        i = i + (x[i] > 1 ? 2 : 1);
      }
      return s;
    }`,
    () => [[0.5, 1.2, 2, 0.7, 1.3]],
  ),
];
