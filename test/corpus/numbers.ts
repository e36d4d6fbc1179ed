// Numbers: arithmetic operators, every differentiable Math function, the piecewise-constant ones,
// comparisons, and integer/bit operations used to compute indices.
import { type Case, mk, scalar, scalar2 } from "./case.js";

export const arithmetic: Case[] = [
  scalar2("add_sub_mul", "x * y + x - y * y", 1.3, -0.7),
  scalar2("div", "x / y + 1 / x", 1.5, 2.5),
  scalar2("div_chain", "x / y / (x + y)", 1.5, 0.5),
  scalar("mod_const", "(x % 2) * x", 3.3),
  scalar2("mod_both", "x % y + y * x", 7.3, 2.1),
  scalar("mod_negative", "(x % 1.5) * (x % 1.5)", -2.2),
  scalar2("pow_op", "x ** 3 + x ** y", 1.7, 2.3),
  scalar("pow_op_const_base", "2 ** x + 0.5 ** (x * x)", 0.8),
  scalar("pow_op_negative_base", "x ** 2 + x ** 3", -1.4),
  scalar("pow_op_fractional", "x ** 0.5 * x ** -1.5", 2.3),
  scalar2("unary_minus", "-x * -(y - x) + -(-y)", 0.9, -1.7),
  scalar2("unary_plus", "+x * +(x + y)", 0.9, -1.7),
  scalar2("precedence", "x + y * x - x / y * 2 ** x", 0.6, 1.9),
  scalar2("literals", "1e-1 * x + 0x10 * y + 2.5e1 + 0.5 * x * y", 0.3, 0.2),
  scalar("constant_result", "3.5 + 0 * x", 1.2),
  mk(
    "constant_function_of_array",
    `
    export function f(x: number[]): number {
      return 2;
    }`,
    () => [[1, 2, 3]],
  ),
  scalar2("unused_argument", "y * y", 0.4, 1.1, 0),
  scalar("repeated_operand", "x * x * x - x + x / x", 1.3),
];

export const mathFns: Case[] = [
  scalar("math_sin", "Math.sin(x * x) + Math.sin(2)", 0.8),
  scalar("math_cos", "Math.cos(3 * x) * x", 0.7),
  scalar("math_tan", "Math.tan(x) * Math.tan(x / 2)", 0.6),
  scalar("math_asin", "Math.asin(x / 2)", 0.9),
  scalar("math_acos", "Math.acos(x * x - 0.5)", 0.6),
  scalar("math_atan", "Math.atan(3 * x)", -0.4),
  scalar2("math_atan2", "Math.atan2(x, y)", 0.7, -1.1),
  scalar("math_atan2_const_args", "Math.atan2(2, x) * Math.atan2(x, -3)", 1.4),
  scalar("math_sinh", "Math.sinh(x) * x", 0.4),
  scalar("math_cosh", "Math.cosh(x) - Math.cosh(2 * x)", -1.2),
  scalar2("math_tanh", "Math.tanh(x * y)", 0.5, 1.3),
  scalar("math_asinh", "Math.asinh(x)", -0.7),
  scalar("math_acosh", "Math.acosh(x)", 1.8),
  scalar("math_atanh", "Math.atanh(x)", 0.45),
  scalar("math_exp", "Math.exp(-x * x)", 0.9),
  scalar("math_expm1", "Math.expm1(x) / x", 0.3),
  scalar("math_log", "Math.log(x) * x", 2.5),
  scalar("math_log1p", "Math.log1p(x * x)", 0.6),
  scalar("math_log2", "Math.log2(x)", 3.7),
  scalar("math_log10", "Math.log10(x * x + 1)", 12.3),
  scalar2("math_sqrt", "Math.sqrt(x) + Math.sqrt(x * y)", 2.2, 0.8),
  scalar("math_cbrt", "Math.cbrt(x)", -3.1),
  scalar2("math_pow", "Math.pow(x, y)", 1.4, 2.5),
  scalar("math_pow_const_exponent", "Math.pow(x, 3)", -1.3),
  scalar("math_pow_const_base", "Math.pow(3, x)", 0.7),
  scalar("math_hypot_1", "Math.hypot(x)", -2.1),
  scalar2("math_hypot_2", "Math.hypot(x, y)", 1.2, -0.5),
  scalar2("math_hypot_3", "Math.hypot(x, 2 * x, y)", 0.7, 1.5),
  scalar2("math_hypot_4", "Math.hypot(x, y, 1, x * y)", -0.7, 1.5),
  scalar("math_abs", "Math.abs(x - 3) + Math.abs(x)", 1.2),
  scalar("math_min_1", "Math.min(x) * 2", 0.4),
  scalar2("math_min_2", "Math.min(x, y) * x", 0.4, 0.9),
  scalar2("math_min_3", "Math.min(x, 2, y * y)", 1.1, -1.3),
  scalar2("math_min_4_middle_wins", "Math.min(3, x * y, y, 10)", 0.5, 2.5),
  scalar2("math_max_2", "Math.max(x, y) * y", 0.4, 0.9),
  scalar2("math_max_3", "Math.max(x * x, y, 0.1)", 1.3, 1.0),
  scalar2("math_max_5", "Math.max(0, x, y, x + y, -1)", 0.3, 0.4),
  scalar2("math_min_max_nested", "Math.max(Math.min(x, 1), y * x)", 0.8, 0.5),
  scalar("math_relu_pair", "Math.max(0, x) + 3 * Math.max(0, -x)", -0.6),
  scalar("math_constants", "Math.PI * x * x + Math.E * x + Math.SQRT2 - Math.LN2 * x", 0.7),
  scalar("math_composed", "Math.exp(Math.sin(x)) * Math.log(Math.cosh(x) + 1) / Math.sqrt(1 + x * x)", 0.9),
];

export const nonDifferentiable: Case[] = [
  scalar("floor_ceil", "Math.floor(x) * x + Math.ceil(x * 2) * x", 2.3),
  scalar("round_trunc", "Math.round(x * 3) / 3 + Math.trunc(x) * x * x", 1.7),
  scalar2("sign", "Math.sign(x) * x * y", -1.4, 0.5),
  scalar("fround_in_floor", "Math.floor(Math.fround(x) * 2) * x", 1.3),
  scalar("round_inside_sin", "Math.sin(Math.round(x) + x)", 1.2),
  scalar("floor_only", "Math.floor(x * 10) + Math.ceil(x)", 1.23),
  scalar("trunc_negative", "Math.trunc(x) * Math.exp(x)", -2.6),
];

export const comparisons: Case[] = [
  scalar2("cmp_ternary_then", "x > y ? x * y : x + y", 1.5, 0.5),
  scalar2("cmp_ternary_else", "x > y ? x * y : x + y", 0.5, 1.5),
  scalar("cmp_strict_equal", "(x === 1.5 ? 10 : x) * x", 1.25),
  scalar("cmp_range", "x <= 2 && x >= 1 ? x * x : -x", 1.5),
  scalar2("cmp_not", "!(x < y) ? x * 2 : y * 3", 0.8, 0.3),
  scalar2("cmp_not_equal", "x !== y ? (x - y) * (x + y) : 0", 0.8, 0.3),
  mk(
    "cmp_boolean_variables",
    `
    export function f(x: number): number {
      const big = x > 1;
      const small = x < 3;
      let y = x;
      if (big && small) y = y * y;
      if (!big || !small) y = -y;
      return y;
    }`,
    () => [1.6],
  ),
];

export const integerOps: Case[] = [
  mk(
    "idx_modulo",
    `
    export function f(x: number[]): number {
      const n = x.length;
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i] * x[(i + 1) % n];
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "idx_shift_right",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i >> 1] * x[i];
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7, 1.1]],
  ),
  mk(
    "idx_bit_and",
    `
    export function f(x: Float64Array): number {
      let s = 0;
      for (let i = 0; i < 8; i++) s += x[i & 3] * x[i & 3] * (i + 1);
      return s;
    }`,
    () => [new Float64Array([0.5, -1.2, 2, 0.7])],
  ),
  mk(
    "idx_xor_pairs",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i] * x[i ^ 1] * (i + 1);
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "idx_or_zero_truncation",
    `
    export function f(x: number[]): number {
      const k = (x.length / 2) | 0;
      return x[k] * x[k - 1] + x[k];
    }`,
    () => [[0.5, -1.2, 2, 0.7, 1.3]],
  ),
  mk(
    "idx_shift_left_mod",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[(i << 1) % x.length] * x[i];
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7, 1.3]],
  ),
  mk(
    "idx_floor_div",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < 2 * x.length; i++) s += x[Math.floor(i / 2)] * (i - 2);
      return s * s;
    }`,
    () => [[0.5, -1.2, 2]],
  ),
  mk(
    "idx_from_value",
    `
    export function f(x: number[]): number {
      const k = Math.floor(Math.abs(x[0]) * 2) % x.length;
      return x[k] * x[0] + x[k];
    }`,
    () => [[1.3, 0.4, -0.8, 2.2]],
  ),
  mk(
    "idx_reverse",
    `
    export function f(x: number[]): number {
      const n = x.length;
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i] * x[n - 1 - i] * (i + 1);
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7, 1.3]],
  ),
  mk(
    "bit_mask_select",
    `
    export function f(x: number[]): number {
      let m = 13;
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        if (m & 1) s += x[i] * x[i];
        m >>= 1;
      }
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7, 1.3]],
  ),
  mk(
    "idx_unsigned_shift",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[((i * 7) >>> 0) % x.length] * x[i];
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
  mk(
    "idx_negative_modulo",
    `
    export function f(x: number[]): number {
      const n = x.length;
      let s = 0;
      for (let i = 0; i < n; i++) s += x[(((i - 1) % n) + n) % n] * Math.sin(x[i]);
      return s;
    }`,
    () => [[0.5, -1.2, 2, 0.7]],
  ),
];
