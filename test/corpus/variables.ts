// Variables: let/const/var, reassignment (also in loops), compound assignment, ++/--, destructuring.
import { type Case, mk } from "./case.js";

export const variables: Case[] = [
  mk(
    "let_reassign",
    `
    export function f(x: number): number {
      let y = x;
      y = y * y;
      y = y + x;
      y = Math.sin(y);
      return y * x;
    }`,
    () => [0.8],
  ),
  mk(
    "const_chain",
    `
    export function f(x: number): number {
      const a = x * x;
      const b = a + x;
      const c = b * a;
      return c / (1 + a);
    }`,
    () => [1.3],
  ),
  mk(
    "var_function_scoped",
    `
    export function f(x: number): number {
      var t = 0;
      for (var i = 0; i < 3; i++) {
        var u = x * i;
        t += u * u;
      }
      return t + u * i;
    }`,
    () => [0.7],
  ),
  mk(
    "reassign_in_loop",
    `
    export function f(x: number): number {
      let p = 1;
      for (let i = 0; i < 5; i++) p = p * x + 1;
      return p;
    }`,
    () => [0.7],
  ),
  mk(
    "reassign_two_vars_in_loop",
    `
    export function f(x: number, y: number): number {
      let a = x;
      let b = y;
      for (let i = 0; i < 4; i++) {
        const t = a * b;
        a = b;
        b = t + a;
      }
      return a + b;
    }`,
    () => [0.9, 1.1],
    [0, 1],
  ),
  mk(
    "compound_add_sub",
    `
    export function f(x: number): number {
      let y = x;
      y += x * x;
      y -= 3 * x;
      y += 1;
      return y * y;
    }`,
    () => [0.6],
  ),
  mk(
    "compound_mul_div",
    `
    export function f(x: number): number {
      let y = x;
      y *= x;
      y *= y;
      y /= 1 + x;
      return y;
    }`,
    () => [1.4],
  ),
  mk(
    "compound_pow",
    `
    export function f(x: number): number {
      let y = x;
      y **= 3;
      y **= 0.5;
      return y;
    }`,
    () => [1.6],
  ),
  mk(
    "compound_all_in_loop",
    `
    export function f(x: number, y: number): number {
      let r = 1;
      for (let i = 0; i < 4; i++) {
        r += x;
        r *= y;
        r /= 1 + x * x;
        r -= 0.1 * x;
      }
      return r;
    }`,
    () => [0.8, 1.3],
    [0, 1],
  ),
  mk(
    "compound_on_parameter",
    `
    export function f(x: number, y: number): number {
      x *= x;
      x += 1;
      x /= 2;
      y -= x;
      return x * y;
    }`,
    () => [0.8, 1.9],
    [0, 1],
  ),
  mk(
    "increment_decrement",
    `
    export function f(x: number): number {
      let y = x;
      y++;
      ++y;
      y--;
      return y * y;
    }`,
    () => [0.3],
  ),
  mk(
    "increment_expression_value",
    `
    export function f(x: number): number {
      let y = x;
      const a = y++;
      const b = ++y;
      const c = y--;
      return a * b * c + y;
    }`,
    () => [0.7],
  ),
  mk(
    "increment_counter_in_exponent",
    `
    export function f(x: number): number {
      let i = 0;
      let s = 0;
      while (i < 4) s += x ** i++;
      return s;
    }`,
    () => [1.3],
  ),
  mk(
    "destructuring_swap",
    `
    export function f(x: number, y: number): number {
      let a = x;
      let b = y;
      [a, b] = [b, a];
      return a * 2 + b * b * 3;
    }`,
    () => [0.5, 1.5],
    [0, 1],
  ),
  mk(
    "destructuring_fibonacci",
    `
    export function f(x: number, y: number): number {
      let a = x;
      let b = y;
      for (let i = 0; i < 5; i++) [a, b] = [b, a + b * x];
      return a * b;
    }`,
    () => [0.6, 0.9],
    [0, 1],
  ),
  mk(
    "destructuring_rotate3",
    `
    export function f(x: number, y: number): number {
      let a = x;
      let b = y;
      let c = x * y;
      [a, b, c] = [c, a, b];
      [a, b, c] = [c * a, a, b + 1];
      return a * 5 + b * 3 + c * c;
    }`,
    () => [0.6, 0.9],
    [0, 1],
  ),
  mk(
    "destructuring_declaration",
    `
    export function f(x: number, y: number): number {
      const [a, b] = [x * 2, x * x];
      return a + b * y;
    }`,
    () => [0.6, 0.9],
    [0, 1],
  ),
  mk(
    "block_shadowing",
    `
    export function f(x: number): number {
      let y = x * 2;
      let z = 0;
      {
        let y = x * x;
        z = y;
      }
      return y * z;
    }`,
    () => [0.7],
  ),
  mk(
    "chained_assignment",
    `
    export function f(x: number): number {
      let a: number;
      let b: number;
      a = b = x * 3;
      return a * b + a;
    }`,
    () => [0.7],
  ),
  mk(
    "multiple_declarators",
    `
    export function f(x: number): number {
      let a = x,
        b = a * 2,
        c = b * a;
      return a + b + c;
    }`,
    () => [0.7],
  ),
  mk(
    "declared_then_assigned_in_branches",
    `
    export function f(x: number): number {
      let y: number;
      if (x > 0) y = x * x;
      else y = -x;
      return y * 2;
    }`,
    () => [0.7],
  ),
];
