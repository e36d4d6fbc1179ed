// Minimal programs that once compiled to a wrong value or gradient, found by the random program
// generator (test/property.test.ts); each stays here so the bug cannot come back unnoticed.
import { mk, type Case } from "./case.js";

export const regressions: Case[] = [
  // a helper call in a switch discriminant: its argument was assigned after being read
  mk(
    "reg_switch_discriminant_calls_helper",
    `
    function mix(a: number, b: number): number { return Math.tanh(a * b) + 0.5 * Math.sin(a); }
    export function f(x: Float64Array, s: number): number {
      let v0: number = s;
      switch (Math.floor(mix(x[0] > 0 ? 2 : 0.25, v0))) {
        case 0: v0 = 3 * v0;
      }
      return v0;
    }`,
    () => [new Float64Array([-1, 0, 0]), 0.5],
    1,
  ),
  // continue in do...while whose test calls a helper: the test was skipped after a continue
  mk(
    "reg_do_while_continue_test_calls_helper",
    `
    function rec(a: number, d: number): number { if (d <= 0) return a; return rec(a * a, d - 1); }
    export function f(x: Float64Array, s: number): number {
      let v = s;
      let k = 0;
      do { k++; v = v * s; if (k % 2 === 1) continue; } while (k < 3 && rec(v, 1) < 5);
      return v;
    }`,
    () => [new Float64Array([1, 0, 0]), 0.5],
    1,
  ),
  // the same with a continue taken on every iteration (the forward sweep never ended)
  mk(
    "reg_do_while_always_continue",
    `
    function rec(a: number, d: number): number { if (d <= 0) return a; return rec(a * a, d - 1); }
    export function f(x: Float64Array, s: number): number {
      let v = s;
      let k = 0;
      do { k++; if (x[0] > 0) continue; v = v * s; } while (k < 3 && rec(v, 1) < 5);
      return v * s;
    }`,
    () => [new Float64Array([1, 0, 0]), 0.5],
    1,
  ),
  // (c ? x : y)[i] where only x is differentiated: y had no shadow (an internal ADC130); its side now
  // writes into a scratch zero array (found by the hvp corpus run)
  mk("ternary_array_one_side_differentiated", `
    export function f(x: number[], y: number[]): number {
      return (x[0] > 0.5 ? x : y)[1] * x[1];
    }`, () => [[0.7, -1.4], [1.1, 0.3]], 0),
  mk("ternary_array_other_side_differentiated", `
    export function f(x: number[], y: number[]): number {
      return (x[0] > 0.5 ? x : y)[1] * y[0];
    }`, () => [[0.2, -1.4], [1.1, 0.3]], 1),
  mk("ternary_array_untaken_side_differentiated", `
    export function f(x: number[], y: number[]): number {
      return (x[0] > 0.5 ? x : y)[1] + y[1] * y[1];
    }`, () => [[0.7, -1.4], [1.1, 0.3]], 1),
];

/** Parameters with default values: the default applies when the argument is undefined. */
export const defaults: Case[] = [
  mk("default_param_used", `export function f(x: number, k = 3): number { return x ** k + k * x; }`, () => [1.3]),
  mk("default_param_overridden", `export function f(x: number, k = 3): number { return x ** k + k * x; }`, () => [1.3, 2.5], [0, 1]),
  mk("default_param_untyped_integer", `export function f(x = 1) { return x * x * x; }`, () => [0.7]),
  mk("default_param_from_earlier_param", `export function f(x: number, y = x * 2): number { return Math.sin(x) * y; }`, () => [0.4]),
  mk(
    "default_param_in_helper",
    `
    function scaled(a: number, s = 3): number {
      let r = 0;
      for (let i = 0; i < 2; i++) r += a * s;
      return r;
    }
    export function f(x: number): number { return scaled(x) + scaled(x, x); }`,
    () => [0.9],
  ),
  mk(
    "default_param_array",
    `
    export function f(w: Float64Array, scale: number[] = [1, 2]): number {
      let s = 0;
      for (let i = 0; i < w.length; i++) s += w[i] * w[i] * scale[i % scale.length];
      return s;
    }`,
    () => [new Float64Array([0.5, -1.5, 2])],
  ),
];
