// Second derivatives with adc: Newton's method with hessian() on a small problem, and a third
// derivative by grad(grad(grad(f))) printed next to its closed form.
//
//   node dist/cli/adc.js build examples/newton.ts -d build/examples && node build/examples/newton.js
import { grad, hessian } from "adc";

/** A smooth, non-quadratic bowl in 3 variables (its minimum is found numerically). */
export function bowl(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - (i + 1) * 0.5;
    s += Math.exp(0.3 * d) - 0.3 * d + d * d * d * d + 0.5 * x[i] * x[(i + 1) % x.length];
  }
  return s;
}

export const dbowl = grad(bowl);
export const hbowl = hessian(bowl); // 3 rows, each a Float64Array

/** Solve A y = b by Gaussian elimination with partial pivoting (A is small and dense). */
export function solve(A: ArrayLike<number>[], b: Float64Array): Float64Array {
  const n = b.length;
  const M = A.map((row, i) => [...Array.from(row), b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const y = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * y[k];
    y[r] = s / M[r][r];
  }
  return y;
}

/** Newton's method: x ← x − H(x)⁻¹ ∇f(x). Returns the iterates' gradient norms. */
export function newton(x: Float64Array, steps: number): number[] {
  const norms: number[] = [];
  for (let k = 0; k < steps; k++) {
    const g = dbowl(x);
    norms.push(Math.hypot(...g));
    const step = solve(hbowl(x), g);
    for (let i = 0; i < x.length; i++) x[i] -= step[i];
  }
  norms.push(Math.hypot(...dbowl(x)));
  return norms;
}

/** f(t) = sin(t)·exp(t/2); its third derivative by adc, and by hand below. */
export function wave(t: number): number {
  return Math.sin(t) * Math.exp(0.5 * t);
}
export const d3wave = grad(grad(grad(wave)));
/** The third derivative of sin(t)·exp(t/2), by hand (Leibniz's rule). */
export function d3waveClosed(t: number): number {
  // (sin t · e^{t/2})''' = e^{t/2} (sin''' + 3·½ sin'' + 3·¼ sin' + ⅛ sin) = e^{t/2} (−cos t − 1.5 sin t + 0.75 cos t + 0.125 sin t)
  return Math.exp(0.5 * t) * (-0.25 * Math.cos(t) - 1.375 * Math.sin(t));
}

const isMain = typeof process !== "undefined" && process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!);
if (isMain) {
  const x = new Float64Array([0, 0, 0]);
  const norms = newton(x, 12);
  console.log(`Newton on bowl: |grad| per step ${norms.map((n) => n.toExponential(2)).join(" ")}`);
  console.log(`minimum at [${Array.from(x, (v) => v.toFixed(6)).join(", ")}], bowl = ${bowl(x).toFixed(8)}`);
  for (const t of [0, 0.5, 1.5]) console.log(`f'''(${t}) = ${d3wave(t).toPrecision(15)}   closed form ${d3waveClosed(t).toPrecision(15)}`);
}
