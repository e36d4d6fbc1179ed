// Round 2: realistic programs a user of an AD tool would differentiate (simulations, stencils,
// solvers, small networks, sorting), plain-JavaScript style (no annotations, var, mixed int/float),
// several transforms of one function in a module, Float32Array simulations and in-place updates of
// arguments; then minimal reproductions of the compiler bugs they found.
import { type Case, dedent, mk } from "./case.js";

const f64 = (...v: number[]) => Float64Array.from(v);
const f32 = (...v: number[]) => Float32Array.from(v);

/** A module with custom exports: `df`/`vdf` are given, other transforms may sit alongside. */
function mod(name: string, code: string, exportsTail: string, args: () => any[], argnum?: number | number[]): Case {
  const source = [`import { grad, valueAndGrad } from "adc";`, ``, dedent(code), ``, dedent(exportsTail), ``].join("\n");
  return { name, source, args, argnum };
}

// ---------------------------------------------------------------------------------------------
// 1. Numeric programs
// ---------------------------------------------------------------------------------------------

const SPRING = `
  function accel(x: number, v: number, k: number, c: number): number {
    return -k * x - c * v;
  }
  function deriv(s: Float64Array, k: number, c: number, out: Float64Array): void {
    out[0] = s[1];
    out[1] = accel(s[0], s[1], k, c);
  }
  function axpy(out: Float64Array, a: number, x: Float64Array, y: Float64Array): void {
    for (let i = 0; i < out.length; i++) out[i] = y[i] + a * x[i];
  }
`;

const PENDULUM = `
  function rhs(s: Float64Array, g: number, out: Float64Array): void {
    out[0] = s[1];
    out[1] = -g * Math.sin(s[0]);
  }
  function stage(out: Float64Array, s: Float64Array, k: Float64Array, h: number): void {
    for (let i = 0; i < s.length; i++) out[i] = s[i] + h * k[i];
  }
  function rk4(s: Float64Array, g: number, dt: number): void {
    const n = s.length;
    const k1 = new Float64Array(n);
    const k2 = new Float64Array(n);
    const k3 = new Float64Array(n);
    const k4 = new Float64Array(n);
    const tmp = new Float64Array(n);
    rhs(s, g, k1);
    stage(tmp, s, k1, dt / 2);
    rhs(tmp, g, k2);
    stage(tmp, s, k2, dt / 2);
    rhs(tmp, g, k3);
    stage(tmp, s, k3, dt);
    rhs(tmp, g, k4);
    for (let i = 0; i < n; i++) s[i] += (dt / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  }
`;

const TAB3 = `
  function matvec(A: number[][], x: number[], out: number[]): void {
    for (let i = 0; i < A.length; i++) {
      let s = 0;
      for (let j = 0; j < x.length; j++) s += A[i][j] * x[j];
      out[i] = s;
    }
  }
  function matmul(A: number[][], B: number[][], C: number[][]): void {
    for (let i = 0; i < A.length; i++)
      for (let j = 0; j < B[0].length; j++) {
        C[i][j] = 0;
        for (let k = 0; k < B.length; k++) C[i][j] += A[i][k] * B[k][j];
      }
  }
`;

const M3 = () => [
  [0.7, -0.3, 0.2],
  [0.1, 0.9, -0.4],
  [-0.5, 0.25, 1.1],
];
const SPD = () => [
  [4.0, 1.2, -0.6],
  [1.2, 3.0, 0.5],
  [-0.6, 0.5, 2.5],
];

export const programsNumeric: Case[] = [
  mk(
    "prog_spring_euler",
    SPRING +
      `
    export function f(s0: Float64Array, p: number[]): number {
      const s = s0.slice();
      const d = new Float64Array(2);
      const k = p[0], c = p[1], dt = p[2];
      for (let t = 0; t < 30; t++) {
        deriv(s, k, c, d);
        axpy(s, dt, d, s);
      }
      return s[0] * s[0] + 0.5 * s[1] * s[1];
    }`,
    () => [f64(1.0, 0.2), [2.0, 0.3, 0.05]],
    [0, 1],
  ),
  mk(
    "prog_spring_euler_in_place_state",
    SPRING +
      `
    export function f(s: Float64Array, k: number): number {
      const d = new Float64Array(2);
      for (let t = 0; t < 25; t++) {
        deriv(s, k, 0.1, d);
        s[0] += 0.04 * d[0];
        s[1] += 0.04 * d[1];
      }
      return s[0] + 2 * s[1];
    }`,
    () => [f64(0.8, -0.1), 1.7],
    [0, 1],
  ),
  mk(
    "prog_pendulum_rk4",
    PENDULUM +
      `
    export function f(theta0: number, omega0: number, g: number): number {
      const s = new Float64Array(2);
      s[0] = theta0;
      s[1] = omega0;
      for (let t = 0; t < 20; t++) rk4(s, g, 0.05);
      return Math.cos(s[0]) + 0.3 * s[1];
    }`,
    () => [0.9, 0.1, 9.81],
    [0, 1, 2],
  ),
  mk(
    "prog_pendulum_rk4_state_arg",
    PENDULUM +
      `
    export function f(s: Float64Array, g: number): number {
      let e = 0;
      for (let t = 0; t < 15; t++) {
        rk4(s, g, 0.04);
        e += s[1] * s[1];
      }
      return e + s[0];
    }`,
    () => [f64(0.6, -0.4), 4.0],
    [0, 1],
  ),
  mk(
    "prog_forced_oscillator_time_param",
    `
    export function f(x0: number, w: number, dt: number): number {
      let x = x0, v = 0, t = 0;
      for (let i = 0; i < 40; i++) {
        const a = -w * w * x + Math.sin(1.3 * t);
        v += dt * a;
        x += dt * v;
        t += dt;
      }
      return x + t * 0.1;
    }`,
    () => [0.5, 1.4, 0.03],
    [0, 1, 2],
  ),
  mk(
    "prog_nbody_3_bodies_20_steps",
    `
    function forces(p: number[], m: number[], a: number[]): void {
      for (let i = 0; i < 3; i++) {
        a[2 * i] = 0;
        a[2 * i + 1] = 0;
      }
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++) {
          if (i === j) continue;
          const dx = p[2 * j] - p[2 * i];
          const dy = p[2 * j + 1] - p[2 * i + 1];
          const r2 = dx * dx + dy * dy + 0.01;
          const inv = m[j] / (r2 * Math.sqrt(r2));
          a[2 * i] += dx * inv;
          a[2 * i + 1] += dy * inv;
        }
    }
    export function f(p0: number[], v0: number[], m: number[]): number {
      const p = p0.slice();
      const v = v0.slice();
      const a = new Array(6).fill(0);
      const dt = 0.01;
      for (let step = 0; step < 20; step++) {
        forces(p, m, a);
        for (let k = 0; k < 6; k++) {
          v[k] += dt * a[k];
          p[k] += dt * v[k];
        }
      }
      let e = 0;
      for (let i = 0; i < 3; i++) e += 0.5 * m[i] * (v[2 * i] * v[2 * i] + v[2 * i + 1] * v[2 * i + 1]);
      return e + p[0] - p[5];
    }`,
    () => [
      [0, 0, 1, 0.2, -0.4, 0.9],
      [0, 0.1, 0, 0.5, -0.3, 0],
      [1.0, 0.5, 0.3],
    ],
    [0, 1, 2],
  ),
  mk(
    "prog_heat_1d_ping_pong",
    `
    export function f(u0: number[], r: number): number {
      const n = u0.length;
      let a = u0.slice();
      let b = new Array(n).fill(0);
      for (let t = 0; t < 12; t++) {
        b[0] = 0;
        b[n - 1] = 0;
        for (let i = 1; i < n - 1; i++) b[i] = a[i] + r * (a[i - 1] - 2 * a[i] + a[i + 1]);
        const tmp = a;
        a = b;
        b = tmp;
      }
      let s = 0;
      for (let i = 0; i < n; i++) s += a[i] * (i + 1);
      return s;
    }`,
    () => [[0, 0.5, 1.0, 0.8, 0.3, 0.1, 0], 0.2],
    [0, 1],
  ),
  mk(
    "prog_heat_1d_destructuring_swap_f64",
    `
    export function f(u0: Float64Array, k: number): number {
      const n = u0.length;
      let a = new Float64Array(n);
      let b = new Float64Array(n);
      for (let i = 0; i < n; i++) a[i] = u0[i];
      for (let t = 0; t < 9; t++) {
        for (let i = 0; i < n; i++) {
          const l = i > 0 ? a[i - 1] : a[i];
          const r = i < n - 1 ? a[i + 1] : a[i];
          b[i] = a[i] + k * (l - 2 * a[i] + r) - 0.01 * a[i] * a[i];
        }
        [a, b] = [b, a];
      }
      return a[2] + a[3] * a[3];
    }`,
    () => [f64(0.2, 0.9, 1.3, 0.4, -0.2), 0.15],
    [0, 1],
  ),
  mk(
    "prog_horner",
    `
    export function f(c: number[], x: number): number {
      let r = 0;
      for (let i = c.length - 1; i >= 0; i--) r = r * x + c[i];
      return r;
    }`,
    () => [[1, -2, 0.5, 3, -0.7], 0.8],
    [1, 0],
  ),
  mk(
    "prog_horner_value_and_derivative",
    `
    export function f(c: number[], x: number): number {
      let p = c[c.length - 1];
      let dp = 0;
      for (let i = c.length - 2; i >= 0; i--) {
        dp = dp * x + p;
        p = p * x + c[i];
      }
      return p * dp;
    }`,
    () => [[1, -2, 0.5, 3], 0.6],
    [0, 1],
  ),
  mk(
    "prog_newton_fixed_count",
    `
    export function f(p: number): number {
      let y = 1;
      for (let it = 0; it < 8; it++) y = y - (y * y * y + y - p) / (3 * y * y + 1);
      return y * y;
    }`,
    () => [2.5],
  ),
  mk(
    "prog_newton_until_converged",
    `
    export function f(p: number, q: number): number {
      let y = 1;
      let r = y * y * y + q * y - p;
      let it = 0;
      while (Math.abs(r) > 1e-13 && it < 60) {
        y -= r / (3 * y * y + q);
        r = y * y * y + q * y - p;
        it++;
      }
      return y + 0.1 * it;
    }`,
    () => [2.5, 1.3],
    [0, 1],
  ),
  mk(
    "prog_newton_helper_break",
    `
    function res(y: number, p: number): number {
      return Math.exp(y) + y - p;
    }
    export function f(p: number): number {
      let y = 0;
      for (let it = 0; it < 100; it++) {
        const r = res(y, p);
        if (Math.abs(r) < 1e-14) break;
        y = y - r / (Math.exp(y) + 1);
      }
      return Math.sin(y);
    }`,
    () => [3.1],
  ),
  mk(
    "prog_mlp_tanh",
    `
    function layer(W: number[][], b: number[], x: number[], out: number[]): void {
      for (let i = 0; i < W.length; i++) {
        let s = b[i];
        for (let j = 0; j < x.length; j++) s += W[i][j] * x[j];
        out[i] = Math.tanh(s);
      }
    }
    export function f(W1: number[][], b1: number[], W2: number[][], xs: number[][], ys: number[]): number {
      const h = new Array(W1.length).fill(0);
      const o = [0];
      let loss = 0;
      for (let n = 0; n < xs.length; n++) {
        layer(W1, b1, xs[n], h);
        layer(W2, [0.1], h, o);
        const e = o[0] - ys[n];
        loss += e * e;
      }
      return loss / xs.length;
    }`,
    () => [
      [
        [0.5, -0.3],
        [0.8, 0.2],
        [-0.6, 0.4],
      ],
      [0.1, -0.2, 0.05],
      [[0.7, -0.5, 0.3]],
      [
        [1, 0.5],
        [-0.3, 0.8],
        [0.2, -1],
      ],
      [0.3, -0.1, 0.5],
    ],
    [0, 1, 2],
  ),
  mk(
    "prog_softmax_cross_entropy_max_shift",
    `
    export function f(z: number[], label: number): number {
      let m = z[0];
      for (let i = 1; i < z.length; i++) if (z[i] > m) m = z[i];
      let s = 0;
      const e: number[] = [];
      for (let i = 0; i < z.length; i++) {
        e.push(Math.exp(z[i] - m));
        s += e[i];
      }
      return -Math.log(e[label] / s);
    }`,
    () => [[0.3, 2.1, -0.5, 1.2], 2],
  ),
  mk(
    "prog_logsumexp",
    `
    function lse(a: number[]): number {
      let m = -Infinity;
      for (const v of a) m = Math.max(m, v);
      let s = 0;
      for (const v of a) s += Math.exp(v - m);
      return m + Math.log(s);
    }
    export function f(a: number[], t: number): number {
      const b = a.slice();
      for (let i = 0; i < b.length; i++) b[i] *= t;
      return lse(b) / t;
    }`,
    () => [[0.5, -1.2, 2.0, 1.1], 1.7],
    [0, 1],
  ),
  mk(
    "prog_gaussian_loglik",
    `
    export function f(xs: number[], mu: number, logSigma: number): number {
      const sigma = Math.exp(logSigma);
      let ll = 0;
      for (let i = 0; i < xs.length; i++) {
        const z = (xs[i] - mu) / sigma;
        ll += -0.5 * z * z - logSigma - 0.5 * Math.log(2 * Math.PI);
      }
      return ll;
    }`,
    () => [[0.3, -1.2, 0.8, 2.1, 0.05], 0.2, 0.1],
    [0, 1, 2],
  ),
  mk(
    "prog_matvec_matmul_helpers",
    TAB3 +
      `
    export function f(A: number[][], B: number[][], v: number[]): number {
      const C = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
      matmul(A, B, C);
      const w = [0, 0, 0];
      matvec(C, v, w);
      let s = 0;
      for (let i = 0; i < 3; i++) s += w[i] * w[i];
      return s;
    }`,
    () => [M3(), [[1, 0.2, -0.1], [0.3, -0.8, 0.5], [0.05, 0.4, 1.2]], [0.4, -1.1, 0.6]],
    [0, 1, 2],
  ),
  mk(
    "prog_matvec_power_iteration",
    TAB3 +
      `
    export function f(A: number[][]): number {
      let x = [1, 0.5, -0.2];
      let y = [0, 0, 0];
      for (let it = 0; it < 6; it++) {
        matvec(A, x, y);
        let nrm = 0;
        for (let i = 0; i < 3; i++) nrm += y[i] * y[i];
        nrm = Math.sqrt(nrm);
        for (let i = 0; i < 3; i++) y[i] /= nrm;
        const t = x;
        x = y;
        y = t;
      }
      return x[0] + 2 * x[1] + 3 * x[2];
    }`,
    () => [SPD()],
  ),
  mk(
    "prog_cholesky_solve",
    `
    function cholesky(A: number[][], L: number[][]): void {
      const n = A.length;
      for (let j = 0; j < n; j++) {
        let d = A[j][j];
        for (let k = 0; k < j; k++) d -= L[j][k] * L[j][k];
        L[j][j] = Math.sqrt(d);
        for (let i = j + 1; i < n; i++) {
          let s = A[i][j];
          for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
          L[i][j] = s / L[j][j];
        }
      }
    }
    function solve(L: number[][], b: number[], x: number[]): void {
      const n = b.length;
      const y = new Array(n).fill(0);
      for (let i = 0; i < n; i++) {
        let s = b[i];
        for (let k = 0; k < i; k++) s -= L[i][k] * y[k];
        y[i] = s / L[i][i];
      }
      for (let i = n - 1; i >= 0; i--) {
        let s = y[i];
        for (let k = i + 1; k < n; k++) s -= L[k][i] * x[k];
        x[i] = s / L[i][i];
      }
    }
    export function f(A: number[][], b: number[]): number {
      const n = A.length;
      const L: number[][] = [];
      for (let i = 0; i < n; i++) L.push(new Array(n).fill(0));
      cholesky(A, L);
      const x = new Array(n).fill(0);
      solve(L, b, x);
      return x[0] + 2 * x[1] - x[2];
    }`,
    () => [SPD(), [1.0, -0.5, 2.0]],
    [0, 1],
  ),
  mk(
    "prog_bubble_sort_copy_weighted",
    `
    export function f(x: number[]): number {
      const a = x.slice();
      const n = a.length;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n - 1 - i; j++)
          if (a[j] > a[j + 1]) {
            const t = a[j];
            a[j] = a[j + 1];
            a[j + 1] = t;
          }
      let s = 0;
      for (let i = 0; i < n; i++) s += (i + 1) * a[i] * a[i];
      return s;
    }`,
    () => [[0.9, -0.3, 2.2, 0.1, 1.4, -1.7]],
  ),
  mk(
    "prog_bubble_sort_destructuring_swap",
    `
    export function f(x: number[], w: number[]): number {
      const a = x.slice();
      let swapped = true;
      while (swapped) {
        swapped = false;
        for (let j = 0; j + 1 < a.length; j++)
          if (a[j] > a[j + 1]) {
            [a[j], a[j + 1]] = [a[j + 1], a[j]];
            swapped = true;
          }
      }
      let s = 0;
      for (let i = 0; i < a.length; i++) s += w[i] * a[i];
      return s;
    }`,
    () => [[0.9, -0.3, 2.2, 0.1, 1.4], [1, 2, 3, 4, 5]],
    [0, 1],
  ),
  mk(
    "prog_piecewise_if_else_chain",
    `
    function piece(x: number): number {
      if (x < -1) return -x * x;
      else if (x < 0) return Math.sin(x);
      else if (x < 1.5) return x * x * x;
      else return Math.log(x) + 2;
    }
    export function f(xs: number[]): number {
      let s = 0;
      for (let i = 0; i < xs.length; i++) s += piece(xs[i]) * (i + 1);
      return s;
    }`,
    () => [[-2.3, -0.4, 0.7, 3.2]],
  ),
  // Bisection for the minimiser of g(t; p) = t^4/4 + p t^2/2 - t (root of t^3 + p t - 1): t does
  // not depend on p through any arithmetic (only through comparisons), so AD gives dg/dp = t^2/2;
  // FD sees the total derivative, equal to it because dg/dt = 0 at t (envelope theorem). Through
  // the bracket the dependence is t = lo + c (hi - lo), scaled by dg/dt ~ 0: FD and AD both ~0.
  mk(
    "prog_bisection_envelope",
    `
    function dg(t: number, p: number): number {
      return t * t * t + p * t - 1;
    }
    export function f(p: number, lo: number, hi: number): number {
      for (let it = 0; it < 40; it++) {
        const mid = 0.5 * (lo + hi);
        if (dg(lo, p) * dg(mid, p) <= 0) hi = mid;
        else lo = mid;
      }
      const t = 0.5 * (lo + hi);
      return t * t * t * t / 4 + p * t * t / 2 - t;
    }`,
    () => [0.7, 0.1, 2.0],
    [0, 1, 2],
  ),
  mk(
    "prog_table_lookup_linear_interp_floor_index",
    `
    export function f(t: number, tab: number[]): number {
      const j = Math.floor(t);
      const w = t - j;
      return tab[j] * (1 - w) + tab[j + 1] * w;
    }`,
    () => [2.3, [0.1, 0.5, 1.7, -0.4, 2.2]],
    [0, 1],
  ),
  mk(
    "prog_adam_like_updates_then_loss",
    `
    export function f(w: number[], lr: number): number {
      const x = w.slice();
      const m = new Array(x.length).fill(0);
      for (let it = 0; it < 5; it++) {
        for (let i = 0; i < x.length; i++) {
          const g = 2 * (x[i] - i) + 0.1 * Math.sin(x[i]);
          m[i] = 0.9 * m[i] + 0.1 * g;
          x[i] -= lr * m[i] / Math.sqrt(m[i] * m[i] + 1e-3);
        }
      }
      let s = 0;
      for (let i = 0; i < x.length; i++) s += (x[i] - i) * (x[i] - i);
      return s;
    }`,
    () => [[0.3, 2.1, 1.4], 0.05],
    [0, 1],
  ),
  mk(
    "prog_gauss_seidel_in_place_local",
    `
    export function f(b: number[]): number {
      const n = b.length;
      const u = new Array(n).fill(0);
      for (let sweep = 0; sweep < 5; sweep++)
        for (let i = 0; i < n; i++) {
          const l = i > 0 ? u[i - 1] : 0;
          const r = i < n - 1 ? u[i + 1] : 0;
          u[i] = 0.5 * (l + r + b[i]);
        }
      return u[0] * u[1] + u[n - 1];
    }`,
    () => [[0.3, 1.2, -0.5, 0.8]],
  ),
  mk(
    "prog_jacobi_slice_each_step",
    `
    export function f(u0: number[]): number {
      let u = u0.slice();
      for (let t = 0; t < 6; t++) {
        const v = u.slice();
        for (let i = 1; i < u.length - 1; i++) v[i] = (u[i - 1] + u[i] + u[i + 1]) / 3 + 0.05 * Math.sin(u[i]);
        u = v;
      }
      return u[1] * u[2] + u[3];
    }`,
    () => [[0.3, 1.2, -0.5, 0.8, 0.1]],
  ),
  mk(
    "prog_nbody_fill_zero_hypot",
    `
    function acc(p: number[], m: number[], a: number[]): void {
      for (let k = 0; k < a.length; k++) a[k] = 0;
      for (let i = 0; i < 3; i++)
        for (let j = i + 1; j < 3; j++) {
          const dx = p[2 * j] - p[2 * i];
          const dy = p[2 * j + 1] - p[2 * i + 1];
          const r = Math.hypot(dx, dy, 0.1);
          const k = 1 / (r * r * r);
          a[2 * i] += m[j] * dx * k;
          a[2 * i + 1] += m[j] * dy * k;
          a[2 * j] -= m[i] * dx * k;
          a[2 * j + 1] -= m[i] * dy * k;
        }
    }
    export function f(p: number[], m: number[]): number {
      const v = [0, 0.2, 0, -0.1, 0.1, 0];
      const a = [0, 0, 0, 0, 0, 0];
      for (let s = 0; s < 20; s++) {
        acc(p, m, a);
        for (let k = 0; k < 6; k++) {
          v[k] += 0.02 * a[k];
          p[k] += 0.02 * v[k];
        }
      }
      return p[0] * p[3] - p[4] + Math.atan2(p[1], p[2]);
    }`,
    () => [[0, 0, 1, 0.2, -0.4, 0.9], [1.0, 0.5, 0.3]],
    [0, 1],
  ),
  mk(
    "prog_f64_copy_constructor_and_from",
    `
    export function f(s0: Float64Array): number {
      const a = new Float64Array(s0);
      const b = Float64Array.from(s0);
      for (let i = 0; i < a.length; i++) {
        a[i] *= a[i];
        b[i] += a[i];
      }
      return a[0] + 2 * b[1] + b[2] * a[2];
    }`,
    () => [f64(0.5, -0.25, 1.5)],
  ),
  mk(
    "prog_lcg_sampled_indices",
    `
    export function f(x: number[]): number {
      let k = 3;
      let s = 0;
      for (let t = 0; t < 12; t++) {
        k = (k * 7 + 3) % 11;
        const j = k % x.length;
        s += x[j] * x[(j + 1) % x.length] * (t + 1);
      }
      return s;
    }`,
    () => [[0.3, 1.2, -0.5, 0.8, 0.1]],
  ),
  mk(
    "prog_cyclic_counter_reset",
    `
    export function f(x: number[]): number {
      let j = 0;
      let s = 0;
      for (let t = 0; t < 10; t++) {
        j++;
        if (j >= x.length) j = 0;
        s = s * 0.9 + x[j] * Math.cos(s);
      }
      return s;
    }`,
    () => [[0.3, 1.2, -0.5]],
  ),
  mk(
    "prog_doubling_int_counter",
    `
    export function f(x: number): number {
      let k = 1;
      let s = 0;
      for (let t = 0; t < 5; t++) {
        k = k * 2;
        s += Math.sin(x * k) / k;
        k <<= 1;
        k -= 3;
      }
      return s;
    }`,
    () => [0.3],
  ),
  mk(
    "prog_loop_bound_changed_after_loop",
    `
    export function f(x: number[]): number {
      let n = 2;
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i] * x[i];
      n = Math.floor(x[0] * 10);
      for (let i = 0; i < 3; i++) s += x[i] * n;
      return s;
    }`,
    () => [[0.35, 1.2, -0.5]],
  ),
  mk(
    "prog_loop_bound_array_reassigned_after_loop",
    `
    export function f(x: number[]): number {
      let a = [x[0], x[1]];
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i] * a[i] * 3;
      a = x;
      for (let i = 0; i < a.length; i++) s += a[i];
      return s;
    }`,
    () => [[0.35, 1.2, -0.5, 2.0]],
  ),
  mk(
    "prog_loop_bound_decremented_in_body",
    `
    export function f(x: number[]): number {
      let n = x.length;
      let s = 0;
      for (let i = 0; i < n; i++) {
        if (x[i] < 0) n--;
        s += x[i] * x[i] * (i + 1);
      }
      return s;
    }`,
    () => [[0.35, -1.2, -0.5, 2.0, 0.7]],
  ),
  mk(
    "prog_loop_bound_grows_by_push",
    `
    export function f(x: number[]): number {
      const a = x.slice();
      for (let i = 0; i < a.length; i++) if (a.length < 6) a.push(a[i] * 0.5 + 1);
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i] * a[i];
      return s;
    }`,
    () => [[0.35, -1.2, 2.0]],
  ),
  mk(
    "prog_gaussian_elimination_partial_pivoting",
    `
    export function f(A: number[][], b: number[]): number {
      const n = b.length;
      const M: number[][] = [];
      for (let i = 0; i < n; i++) {
        M.push(A[i].slice());
        M[i].push(b[i]);
      }
      for (let k = 0; k < n; k++) {
        let p = k;
        for (let i = k + 1; i < n; i++) if (Math.abs(M[i][k]) > Math.abs(M[p][k])) p = i;
        if (p !== k) {
          const t = M[k];
          M[k] = M[p];
          M[p] = t;
        }
        for (let i = k + 1; i < n; i++) {
          const m = M[i][k] / M[k][k];
          for (let j = k; j <= n; j++) M[i][j] -= m * M[k][j];
        }
      }
      const x = new Array(n).fill(0);
      for (let i = n - 1; i >= 0; i--) {
        let s = M[i][n];
        for (let j = i + 1; j < n; j++) s -= M[i][j] * x[j];
        x[i] = s / M[i][i];
      }
      return x[0] - 2 * x[1] + x[2] * x[2];
    }`,
    () => [
      [
        [0.5, 2.0, -0.3],
        [3.0, 0.2, 1.0],
        [-1.0, 0.7, 2.5],
      ],
      [1.0, -0.5, 2.0],
    ],
    [0, 1],
  ),
  mk(
    "prog_tiny_attention_softmax_helper_returns_array",
    `
    function softmax(z: number[]): number[] {
      let m = z[0];
      for (let i = 1; i < z.length; i++) m = Math.max(m, z[i]);
      const out: number[] = [];
      let s = 0;
      for (let i = 0; i < z.length; i++) {
        out.push(Math.exp(z[i] - m));
        s += out[i];
      }
      for (let i = 0; i < z.length; i++) out[i] /= s;
      return out;
    }
    function dot(a: number[], b: number[]): number {
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i] * b[i];
      return s;
    }
    export function f(q: number[], K: number[][], V: number[][]): number {
      const scores: number[] = [];
      for (let i = 0; i < K.length; i++) scores.push(dot(q, K[i]) / Math.sqrt(q.length));
      const w = softmax(scores);
      let out = 0;
      for (let i = 0; i < V.length; i++) out += w[i] * (V[i][0] - 0.5 * V[i][1]);
      return out;
    }`,
    () => [
      [0.5, -0.3],
      [
        [0.8, 0.2],
        [-0.6, 0.4],
        [0.1, 1.0],
      ],
      [
        [1.0, 0.5],
        [-0.3, 0.8],
        [0.2, -1.0],
      ],
    ],
    [0, 1, 2],
  ),
  mk(
    "prog_flat_matrix_f64_index_arithmetic",
    `
    function mm(A: Float64Array, B: Float64Array, C: Float64Array, n: number): void {
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = 0; k < n; k++) s += A[i * n + k] * B[k * n + j];
          C[i * n + j] = s;
        }
    }
    export function f(A: Float64Array): number {
      const n = 2;
      const P = new Float64Array(n * n);
      const Q = new Float64Array(n * n);
      mm(A, A, P, n);
      mm(P, A, Q, n);
      return Q[0] + Q[1] * Q[2] - Q[3];
    }`,
    () => [f64(0.5, -0.3, 0.8, 1.1)],
  ),
  mk(
    "prog_linear_spline_interval_search",
    `
    function findInterval(knots: number[], t: number): number {
      for (let i = 0; i < knots.length - 1; i++) if (t < knots[i + 1]) return i;
      return knots.length - 2;
    }
    export function f(t: number, knots: number[], vals: number[]): number {
      const i = findInterval(knots, t);
      const w = (t - knots[i]) / (knots[i + 1] - knots[i]);
      return vals[i] * (1 - w) + vals[i + 1] * w;
    }`,
    () => [1.3, [0, 0.5, 1.0, 2.0, 3.5], [0.1, 0.9, -0.3, 1.2, 0.4]],
    [0, 1, 2],
  ),
  mk(
    "prog_integrator_switch_on_method",
    `
    function deriv(y: number, a: number): number {
      return -a * y + Math.sin(y);
    }
    export function f(y0: number, a: number, method: number): number {
      let y = y0;
      const h = 0.1;
      for (let t = 0; t < 10; t++) {
        switch (method) {
          case 0:
            y += h * deriv(y, a);
            break;
          case 1: {
            const k1 = deriv(y, a);
            const k2 = deriv(y + h * k1, a);
            y += (h / 2) * (k1 + k2);
            break;
          }
          default:
            y = y / (1 + h * a);
        }
      }
      return y;
    }`,
    () => [0.8, 1.5, 1],
    [0, 1],
  ),
  mk(
    "prog_string_and_boolean_options",
    `
    export function f(x: number[], method: string, clip: boolean): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        let v = method === "square" ? x[i] * x[i] : Math.abs(x[i]);
        if (clip && v > 1) v = 1;
        s += v;
      }
      return s;
    }`,
    () => [[0.3, -0.5, 1.4, 0.8], "square", true],
  ),
  mk(
    "prog_optional_parameter_nullish",
    `
    function step(y: number, h: number): number {
      return y + h * Math.cos(y);
    }
    export function f(x: number, scale?: number): number {
      const s = scale ?? 2;
      let y = x;
      for (let i = 0; i < 5; i++) y = step(y, 0.1) * 0.9 + step(y, 0.05) * 0.1;
      return y * s;
    }`,
    () => [0.6],
  ),
  mk(
    "prog_relu_mask_bool_arithmetic",
    `
    export function f(x: number[]): number {
      let s = 0;
      let cnt = 0;
      for (let i = 0; i < x.length; i++) {
        s += +(x[i] > 0) * x[i] * x[i];
        cnt += x[i] > 0 ? 1 : 0;
      }
      return s / cnt;
    }`,
    () => [[0.3, -0.5, 1.4, 0.8]],
  ),
  mk(
    "prog_implicit_solve_per_datum",
    `
    function solveY(x: number, th: number): number {
      let y = x;
      let r = 1;
      do {
        r = y + th * Math.sin(y) - x;
        y -= r / (1 + th * Math.cos(y));
      } while (Math.abs(r) > 1e-13);
      return y;
    }
    export function f(th: number, xs: number[]): number {
      let s = 0;
      for (let i = 0; i < xs.length; i++) {
        const y = solveY(xs[i], th);
        s += y * y;
      }
      return s;
    }`,
    () => [0.4, [0.3, -1.2, 2.0]],
    [0, 1],
  ),
];

// ---------------------------------------------------------------------------------------------
// 2. Plain JavaScript style
// ---------------------------------------------------------------------------------------------

export const programsUntyped: Case[] = [
  mk(
    "js_untyped_array_and_count",
    `
    export function f(x, n) {
      var s = 0;
      for (var i = 0; i < n; i++) s += x[i] * x[i] * (i + 1);
      return s;
    }`,
    () => [[0.5, -1.2, 0.8, 2.0], 3],
  ),
  mk(
    "js_untyped_number_inferred",
    `
    export function f(x, k) {
      var y = Math.sin(x) * k;
      var z = y * y + x;
      return z / k;
    }`,
    () => [0.7, 3],
    [0, 1],
  ),
  // BUG: y is only used as y.slice(), so kind inference takes it for a number: ADC114 "no gradient rule
  // for this expression: y.slice()" (minimal: min_untyped_param_only_sliced).
  mk(
    "js_untyped_helpers",
    `
    function dot(a, b) {
      var s = 0;
      for (var i = 0; i < a.length; i++) s += a[i] * b[i];
      return s;
    }
    function scale(a, c) {
      for (var i = 0; i < a.length; i++) a[i] = a[i] * c;
    }
    export function f(x, y) {
      var z = y.slice();
      scale(z, 2.5);
      return dot(x, z) + dot(x, x);
    }`,
    () => [[0.5, -1.2, 0.8], [1.1, 0.4, -0.3]],
    [0, 1],
  ),
  // BUG: x is never indexed in f itself, so it is taken for a number: the generated f_fwd references an
  // undeclared shadow, ReferenceError "xb is not defined" (minimal: min_untyped_param_only_passed_to_helper).
  mk(
    "js_untyped_param_only_passed_to_helper",
    `
    function sumsq(a) {
      var s = 0;
      for (var i = 0; i < a.length; i++) s += a[i] * a[i];
      return s;
    }
    export function f(x) {
      return sumsq(x) * 0.5;
    }`,
    () => [[0.5, -1.2, 0.8]],
  ),
  // BUG: as above for x (ReferenceError at run time).
  mk(
    "js_untyped_matrix_rows_passed_to_helper",
    `
    function dot(a, b) {
      var s = 0;
      for (var i = 0; i < a.length; i++) s += a[i] * b[i];
      return s;
    }
    export function f(W, x) {
      var s = 0;
      for (var i = 0; i < W.length; i++) s += Math.tanh(dot(W[i], x));
      return s;
    }`,
    () => [
      [
        [0.5, -0.3],
        [0.8, 0.2],
      ],
      [0.4, 1.1],
    ],
    [0, 1],
  ),
  mk(
    "js_var_everywhere_redeclared",
    `
    export function f(x) {
      var s = 0;
      for (var i = 0; i < 3; i++) {
        var t = x * (i + 1);
        var s = s + t * t;
      }
      var t = t + s;
      return t;
    }`,
    () => [0.7],
  ),
  mk(
    "js_var_loop_counter_reused_as_float",
    `
    export function f(x) {
      var s = 0;
      for (var i = 0; i < 4; i++) s += x * i;
      i = x * 2 + s;
      return i * i;
    }`,
    () => [0.7],
  ),
  mk(
    "js_half_step_counter",
    `
    export function f(x: number[]): number {
      let k = 0;
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        k += 0.5;
        s += x[i] * k + Math.sin(x[i] * k);
      }
      return s * k;
    }`,
    () => [[0.5, -1.2, 0.8, 0.3]],
  ),
  mk(
    "js_tenth_step_counter_in_ternary",
    `
    export function f(x: number): number {
      let t = 0;
      let s = 0;
      for (let i = 0; i < 10; i++) {
        t += 0.1;
        s += t < 0.25 ? x * x : t >= 0.95 ? 3 * x : Math.sin(x * t);
      }
      return s;
    }`,
    () => [0.7],
  ),
  mk(
    "js_i_over_2_and_mod_branches",
    `
    export function f(x: number[]): number {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        const h = i / 2;
        if (i % 3 === 0) s += x[i] * h;
        else if (i % 3 === 1) s += Math.pow(x[i], 2) * (h + 1);
        else s -= Math.exp(x[i] * h);
      }
      return s;
    }`,
    () => [[0.5, -1.2, 0.8, 0.3, 1.1, -0.4, 0.2]],
  ),
  mk(
    "js_floor_of_active_as_index",
    `
    export function f(x: number, a: number[]): number {
      const j = Math.floor(x * 3);
      let s = 0;
      for (let i = 0; i <= j; i++) s += a[i] * x;
      return s + a[j] * a[j];
    }`,
    () => [0.8, [0.5, -1.2, 0.8, 0.3]],
    [0, 1],
  ),
  mk(
    "js_int_init_then_float_max",
    `
    export function f(x: number[]): number {
      let best = 0;
      let at = 0;
      for (let i = 0; i < x.length; i++)
        if (x[i] > best) {
          best = x[i];
          at = i;
        }
      return best * best + at;
    }`,
    () => [[0.5, -1.2, 1.8, 0.3]],
  ),
  mk(
    "js_untyped_argmax_helper",
    `
    function argmax(a) {
      var b = 0;
      for (var i = 1; i < a.length; i++) if (a[i] > a[b]) b = i;
      return b;
    }
    export function f(x) {
      var k = argmax(x);
      return x[k] * x[k] + x[(k + 1) % x.length];
    }`,
    () => [[0.5, -1.2, 1.8, 0.3]],
  ),
  mk(
    "js_counter_scaled_by_param",
    `
    export function f(x, dt) {
      var t = 0, y = x;
      while (t < 1) {
        y = y + dt * Math.cos(y + t);
        t = t + 0.125;
      }
      return y * t;
    }`,
    () => [0.3, 0.2],
    [0, 1],
  ),
  mk(
    "js_untyped_nested_array_param_direct",
    `
    export function f(m) {
      var s = 0;
      for (var i = 0; i < m.length; i++)
        for (var j = 0; j < m[i].length; j++) s += m[i][j] * m[i][j] * (i - j + 0.5);
      return s;
    }`,
    () => [
      [
        [0.5, -0.3],
        [0.8, 0.2, 1.1],
      ],
    ],
  ),
  // BUG (silent): x is only iterated by for...of, so it is taken for a number: grad returns the number 0
  // instead of an array gradient (minimal: min_untyped_param_for_of).
  mk(
    "js_untyped_for_of",
    `
    export function f(x) {
      var s = 1;
      for (var v of x) s = s * 0.5 + v * v;
      return s;
    }`,
    () => [[0.5, -1.2, 0.8]],
  ),
  mk(
    "js_untyped_param_length_only_then_helper",
    `
    function get(a, i) {
      return a[i];
    }
    export function f(x) {
      var s = 0;
      for (var i = 0; i < x.length; i++) s += get(x, i) * get(x, i);
      return s;
    }`,
    () => [[0.5, -1.2, 0.8]],
  ),
  // BUG: W is indexed once in f (W[i]) and its rows go to a helper: inferred depth 1, so the row is a
  // number and its shadow is never declared: ReferenceError "argb is not defined"
  // (minimal: min_untyped_matrix_row_to_helper).
  mk(
    "js_untyped_matrix_indexed_once",
    `
    function rowsum(r) {
      var s = 0;
      for (var j = 0; j < r.length; j++) s += r[j] * r[j];
      return s;
    }
    export function f(W, x) {
      var s = 0;
      for (var i = 0; i < W.length; i++) s += rowsum(W[i]) * x[i];
      return s;
    }`,
    () => [
      [
        [0.5, -0.3],
        [0.8, 0.2],
      ],
      [0.4, 1.1],
    ],
    [0, 1],
  ),
  mk(
    "js_array_from_copy",
    `
    export function f(x: number[]): number {
      const a = Array.from(x);
      const b = x.slice();
      a[0] *= 3;
      b[1] *= a[0];
      return a[0] + b[1] + x[2] * b[2];
    }`,
    () => [[0.35, -1.2, 2.0]],
  ),
  mk(
    "js_manual_concat_by_push",
    `
    export function f(x: number[], y: number[]): number {
      const a: number[] = [];
      for (const v of x) a.push(v);
      for (const v of y) a.push(v * 2);
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i] * (i + 1);
      return s * a[0];
    }`,
    () => [[0.35, -1.2], [2.0, 0.5]],
    [0, 1],
  ),
  // BUG (silent): x is only read through the alias a, so it is taken for a number: grad returns the
  // number 0 (minimal: min_untyped_param_aliased).
  mk(
    "js_untyped_alias_local_of_param",
    `
    export function f(x) {
      var a = x;
      var s = 0;
      for (var i = 0; i < a.length; i++) s += a[i] * a[i] * (i + 1);
      return s;
    }`,
    () => [[0.5, -1.2, 0.8]],
  ),
  mk(
    "js_function_expression_helper",
    `
    const sq = function (v) {
      return v * v;
    };
    const cube = (v) => v * v * v;
    export function f(x) {
      return sq(x) + cube(x) * 0.5;
    }`,
    () => [0.7],
  ),
  mk(
    "js_float_loop_counter_quarter_steps",
    `
    export function f(x) {
      var s = 0;
      for (var t = 0.25; t < 2; t += 0.25) s += Math.sin(x * t) * t;
      return s;
    }`,
    () => [0.7],
  ),
  mk(
    "js_reverse_loop_idiom_i_minus_minus",
    `
    export function f(x) {
      var s = 0;
      for (var i = x.length; i--; ) s = s * 0.5 + x[i] * x[i];
      var n = 3;
      while (n--) s = Math.sqrt(s + n);
      return s;
    }`,
    () => [[0.5, -1.2, 0.8]],
  ),
];

// ---------------------------------------------------------------------------------------------
// 3. Several transforms of one function in a module; helpers with different activity
// ---------------------------------------------------------------------------------------------

const MULTI = `
  function mix(a: number[], s: number): number {
    let r = 0;
    for (let i = 0; i < a.length; i++) r += Math.sin(a[i] * s);
    return r;
  }
  export function f(a: number[], s: number, c: number): number {
    return mix(a, s) * c + s * s * c * c;
  }
`;
const MULTI_ARGS = () => [[0.5, -1.2, 0.8], 0.7, 1.3];

const SHARED = `
  function dot(a: number[], b: number[]): number {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }
  function normalize(a: number[], out: number[]): void {
    const n = Math.sqrt(dot(a, a));
    for (let i = 0; i < a.length; i++) out[i] = a[i] / n;
  }
`;

export const programsMulti: Case[] = [
  mod(
    "multi_transforms_df_argnum0",
    MULTI,
    `
    export const df = grad(f);
    export const df10 = grad(f, [1, 0]);
    export const vdf2 = valueAndGrad(f, 2);
    export const vdf = valueAndGrad(f);`,
    MULTI_ARGS,
  ),
  mod(
    "multi_transforms_df_argnum10",
    MULTI,
    `
    export const df0 = grad(f);
    export const df = grad(f, [1, 0]);
    export const vdf2 = valueAndGrad(f, 2);
    export const vdf = valueAndGrad(f, [1, 0]);`,
    MULTI_ARGS,
    [1, 0],
  ),
  mod(
    "multi_transforms_df_argnum2",
    MULTI,
    `
    export const df0 = grad(f);
    export const df10 = grad(f, [1, 0]);
    export const vdf = valueAndGrad(f, 2);
    export const df = grad(f, 2);`,
    MULTI_ARGS,
    2,
  ),
  mod(
    "multi_two_functions_shared_helper",
    SHARED +
      `
    const C = [0.3, -0.7, 1.1];
    export function g(x: number[]): number {
      const u = [0, 0, 0];
      normalize(C, u);
      return dot(u, x) * dot(C, x);
    }
    export function f(x: number[], y: number[]): number {
      const u = [0, 0, 0];
      normalize(x, u);
      const v = [0, 0, 0];
      normalize(y, v);
      return dot(u, C) + dot(C, v) * dot(u, u) + g(x);
    }`,
    `
    export const dg = grad(g);
    export const df = grad(f, [0, 1]);
    export const vdf = valueAndGrad(f, [0, 1]);`,
    () => [[0.5, -1.2, 0.8], [1.1, 0.4, -0.3]],
    [0, 1],
  ),
  mod(
    "multi_helper_active_and_constant_array",
    SHARED +
      `
    export function f(x: number[]): number {
      const k = [1, 2, 3];
      const u = [0, 0, 0];
      normalize(k, u);
      const v = [0, 0, 0];
      normalize(x, v);
      return dot(u, v) + dot(k, k) * dot(x, k);
    }`,
    `
    export const df = grad(f);
    export const vdf = valueAndGrad(f);
    export const dfv = valueAndGrad(f, 0);`,
    () => [[0.5, -1.2, 0.8]],
  ),
  mod(
    "multi_grad_of_function_used_by_other",
    `
    export function inner(x: number[], s: number): number {
      let r = 0;
      for (let i = 0; i < x.length; i++) r += x[i] * x[i] * s;
      return r;
    }
    export function f(x: number[], s: number): number {
      return inner(x, 2) + inner(x, s) * s;
    }`,
    `
    export const dinner = grad(inner, [0, 1]);
    export const dinner1 = valueAndGrad(inner, 1);
    export const df = grad(f, [0, 1]);
    export const vdf = valueAndGrad(f, [0, 1]);`,
    () => [[0.5, -1.2, 0.8], 0.7],
    [0, 1],
  ),
];

// ---------------------------------------------------------------------------------------------
// 4. Float32Array simulations
// ---------------------------------------------------------------------------------------------

export const programsFloat32: Case[] = [
  mk(
    "f32_spring_euler_state",
    `
    function step(s: Float32Array, k: number, dt: number): void {
      const a = -k * s[0] - 0.1 * s[1];
      s[0] += dt * s[1];
      s[1] += dt * a;
    }
    export function f(s0: Float32Array): number {
      const s = new Float32Array(2);
      s[0] = s0[0];
      s[1] = s0[1];
      for (let t = 0; t < 20; t++) step(s, 1.5, 0.05);
      return s[0] * s[0] + s[1];
    }`,
    () => [f32(0.8, -0.3)],
  ),
  mk(
    "f32_heat_ping_pong",
    `
    export function f(u0: Float32Array): number {
      const n = u0.length;
      let a = u0.slice();
      let b = new Float32Array(n);
      for (let t = 0; t < 6; t++) {
        for (let i = 1; i < n - 1; i++) b[i] = a[i] + 0.25 * (a[i - 1] - 2 * a[i] + a[i + 1]);
        b[0] = a[0];
        b[n - 1] = a[n - 1];
        const tmp = a;
        a = b;
        b = tmp;
      }
      return a[1] + 2 * a[2] + 3 * a[3];
    }`,
    () => [f32(0.1, 0.6, 1.0, 0.4, 0.2)],
  ),
  mk(
    "f32_particles_in_place",
    `
    export function f(pos: Float32Array, vel: Float32Array): number {
      for (let t = 0; t < 10; t++)
        for (let i = 0; i < pos.length; i++) {
          vel[i] -= 0.05 * Math.sin(pos[i]);
          pos[i] += 0.05 * vel[i];
        }
      let e = 0;
      for (let i = 0; i < pos.length; i++) e += pos[i] * pos[i];
      return e;
    }`,
    () => [f32(0.5, -0.2, 1.0), f32(0.1, 0.3, -0.2)],
    [0, 1],
  ),
  mk(
    "f32_local_buffer_scaled_copy",
    `
    export function f(x: Float32Array): number {
      const b = new Float32Array(x.length);
      for (let i = 0; i < x.length; i++) b[i] = x[i] * 2;
      let s = 0;
      for (let i = 0; i < b.length; i++) s += b[i] * x[i];
      return s;
    }`,
    () => [f32(0.5, -0.25, 0.75)],
  ),
  mk(
    "f32_copy_constructor_state",
    `
    export function f(s0: Float32Array): number {
      const s = new Float32Array(s0);
      for (let t = 0; t < 8; t++) {
        s[0] += 0.1 * s[1];
        s[1] -= 0.1 * s[0];
      }
      return s[0] + s[1] * s[1];
    }`,
    () => [f32(0.5, -0.25)],
  ),
];

// ---------------------------------------------------------------------------------------------
// 5. Writes into the arguments
// ---------------------------------------------------------------------------------------------

export const programsInPlace: Case[] = [
  mk(
    "inplace_gradient_descent_on_argument",
    `
    function gradq(x: number[], g: number[]): void {
      for (let i = 0; i < x.length; i++) g[i] = 2 * (x[i] - 1) * (i + 1) + Math.cos(x[i]);
    }
    export function f(x: number[], lr: number): number {
      const g = new Array(x.length).fill(0);
      for (let it = 0; it < 4; it++) {
        gradq(x, g);
        for (let i = 0; i < x.length; i++) x[i] -= lr * g[i];
      }
      let s = 0;
      for (let i = 0; i < x.length; i++) s += (x[i] - 1) * (x[i] - 1);
      return s;
    }`,
    () => [[0.3, 2.1, -0.4], 0.1],
    [0, 1],
  ),
  mk(
    "inplace_prefix_sum",
    `
    export function f(x: number[], w: number[]): number {
      for (let i = 1; i < x.length; i++) x[i] += x[i - 1];
      let s = 0;
      for (let i = 0; i < x.length; i++) s += w[i] * x[i] * x[i];
      return s;
    }`,
    () => [[0.3, 2.1, -0.4, 0.9], [1, -0.5, 0.25, 2]],
    [0, 1],
  ),
  mk(
    "inplace_insertion_sort_argument",
    `
    export function f(a: number[]): number {
      for (let i = 1; i < a.length; i++) {
        const v = a[i];
        let j = i - 1;
        while (j >= 0 && a[j] > v) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
      let s = 0;
      for (let i = 0; i < a.length; i++) s += (i + 1) * a[i];
      return s * a[0];
    }`,
    () => [[0.9, -0.3, 2.2, 0.1, 1.4]],
  ),
  mk(
    "inplace_normalize_f64_argument",
    `
    export function f(x: Float64Array): number {
      let n = 0;
      for (let i = 0; i < x.length; i++) n += x[i] * x[i];
      n = Math.sqrt(n);
      for (let i = 0; i < x.length; i++) x[i] /= n;
      return x[0] - x[2] * 3;
    }`,
    () => [f64(0.3, 2.1, -0.4)],
  ),
  mk(
    "inplace_matrix_row_updates",
    `
    export function f(M: number[][], s: number): number {
      for (let i = 0; i < M.length; i++)
        for (let j = 0; j < M[i].length; j++) M[i][j] = M[i][j] * s + (i > 0 ? M[i - 1][j] : 0);
      return M[2][0] * M[2][1] + M[1][2];
    }`,
    () => [M3(), 0.8],
    [0, 1],
  ),
  mk(
    "inplace_helper_sorts_argument",
    `
    function sortInPlace(a: number[]): void {
      for (let i = 0; i < a.length; i++)
        for (let j = i + 1; j < a.length; j++)
          if (a[j] < a[i]) {
            const t = a[i];
            a[i] = a[j];
            a[j] = t;
          }
    }
    export function f(a: number[]): number {
      sortInPlace(a);
      return a[0] * 3 + a[a.length - 1] * a[1];
    }`,
    () => [[0.9, -0.3, 2.2, 0.1]],
  ),
  mk(
    "inplace_argument_reversed_then_used",
    `
    export function f(a: number[]): number {
      for (let i = 0, j = a.length - 1; i < j; i++, j--) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
      }
      let s = 0;
      for (let i = 0; i < a.length; i++) s = s * 0.5 + a[i] * a[i];
      return s;
    }`,
    () => [[0.9, -0.3, 2.2, 0.1, 0.6]],
  ),
  mk(
    "inplace_rk4_alias_axpy_same_array",
    SPRING +
      `
    export function f(s: Float64Array, k: number): number {
      const d = new Float64Array(2);
      for (let t = 0; t < 10; t++) {
        deriv(s, k, 0.2, d);
        axpy(s, 0.1, d, s);
      }
      return s[0] * s[1];
    }`,
    () => [f64(0.8, -0.1), 1.7],
    [0, 1],
  ),
  mk(
    "inplace_overwrite_before_read",
    `
    export function f(x: number[], y: number): number {
      x[0] = 5;
      x[1] = x[1] * y;
      return x[0] * y + x[1] * x[2];
    }`,
    () => [[0.5, -1.2, 0.8], 0.7],
    [0, 1],
  ),
  mk(
    "inplace_row_alias_created",
    `
    export function f(M: number[][]): number {
      M[1] = M[0];
      M[1][0] = M[1][0] * 3;
      M[2][1] += M[0][0];
      return M[0][0] * M[2][1] + M[1][1];
    }`,
    () => [M3()],
  ),
  mk(
    "inplace_row_swap_destructuring",
    `
    export function f(M: number[][]): number {
      [M[0], M[2]] = [M[2], M[0]];
      for (let j = 0; j < 3; j++) M[0][j] *= M[1][j];
      return M[0][0] + M[0][1] * M[2][2];
    }`,
    () => [M3()],
  ),
  mk(
    "inplace_update_helper_active_and_constant_step",
    `
    function update(x: number[], g: number[], lr: number): void {
      for (let i = 0; i < x.length; i++) x[i] -= lr * g[i];
    }
    export function f(x: number[]): number {
      const c = [1, -1, 0.5];
      update(x, c, 0.1);
      const g = [x[0] * x[1], Math.sin(x[2]), x[0]];
      update(x, g, 0.2);
      return x[0] * x[1] + x[2];
    }`,
    () => [[0.5, -1.2, 0.8]],
  ),
];

// ---------------------------------------------------------------------------------------------
// 6. Minimal reproductions of compiler bugs found above
// ---------------------------------------------------------------------------------------------

export const programsMinimal: Case[] = [
  // An unannotated parameter is inferred to be an array only when f itself indexes it
  // (compiler/analyze/types.ts indexDepth); every other use of an array parameter goes wrong:
  // silent: for...of over it gives the gradient 0 (a number, not an array)
  mk(
    "min_untyped_param_for_of",
    `
    export function f(x) {
      let s = 0;
      for (const v of x) s += v * v;
      return s;
    }`,
    () => [[0.5, -1.2]],
  ),
  // silent: read through a local alias: gradient 0 (a number)
  mk(
    "min_untyped_param_aliased",
    `
    export function f(x) {
      const a = x;
      return a[0] * a[1];
    }`,
    () => [[0.5, -1.2]],
  ),
  // passed to a helper (one with a loop, so not inlined) that indexes it: ReferenceError "xb is not
  // defined" in f_fwd. (A one-line helper is inlined, which makes f index x, and then it works.)
  mk(
    "min_untyped_param_only_passed_to_helper",
    `
    function first(a) {
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i] * a[i];
      return s;
    }
    export function f(x) {
      return first(x) * 2;
    }`,
    () => [[0.5, -1.2]],
  ),
  // silent: indexed one level in f, the row used as an array by an inlined helper: f_rev ignores the
  // seed and does Wb[0] += 0 on the row shadow [0, 0], so grad returns ["0,00"] (a string row)
  mk(
    "min_untyped_matrix_row_to_helper",
    `
    function first(r) {
      return r[0] * r[1];
    }
    export function f(W) {
      return first(W[0]) * 2;
    }`,
    () => [[[0.5, -1.2]]],
  ),
  // only copied with slice(): compile error ADC114 "no gradient rule for this expression: y.slice()"
  mk(
    "min_untyped_param_only_sliced",
    `
    export function f(y) {
      const z = y.slice();
      return z[0] * z[1];
    }`,
    () => [[0.5, -1.2]],
  ),
];
