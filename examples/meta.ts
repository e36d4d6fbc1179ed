// Gradients of gradients with adc: the learning rate of an inner gradient descent is learned by
// differentiating the loss after K inner steps with respect to it (grad of a function that calls
// grad inside, as in meta-learning), and the arm of a robot is steered with jacobian.
//
//   node dist/cli/adc.js build examples/meta.ts -d build/examples && node build/examples/meta.js
import { grad, jacobian } from "adc";

/** A cubic fitted by least squares to samples of sin(2x) on [-1, 1]. */
export function makeData(n = 32): { xs: number[]; ys: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = -1 + (2 * i) / (n - 1);
    xs.push(x);
    ys.push(Math.sin(2 * x));
  }
  return { xs, ys };
}

export function loss(w: number[], xs: number[], ys: number[]): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    let p = 0;
    for (let k = w.length - 1; k >= 0; k--) p = p * xs[i] + w[k];
    s += (p - ys[i]) ** 2;
  }
  return s / xs.length;
}
const dloss = grad(loss);

/** The loss after K steps of gradient descent at learning rate lr from w0. */
export function unrolled(w0: number[], lr: number, xs: number[], ys: number[]): number {
  let w = w0.slice();
  for (let k = 0; k < 5; k++) {
    const g = dloss(w, xs, ys);
    w = w.map((wj, j) => wj - lr * g[j]);
  }
  return loss(w, xs, ys);
}
/** d(loss after K steps)/d(lr): through the five inner gradients (their pullbacks are H·v products). */
export const dunrolled = grad(unrolled, 1);

/** Hypergradient descent on the learning rate (in log space, so it stays positive). Returns the losses after K steps. */
export function tune(lr: number, steps: number): { lr: number; history: number[] } {
  const { xs, ys } = makeData();
  const w0 = [0, 0, 0, 0];
  const history: number[] = [];
  let logLr = Math.log(lr);
  for (let t = 0; t < steps; t++) {
    const a = Math.exp(logLr);
    history.push(unrolled(w0, a, xs, ys));
    logLr -= 2 * dunrolled(w0, a, xs, ys) * a; // d/d(log lr) = lr · d/d(lr)
  }
  history.push(unrolled(w0, Math.exp(logLr), xs, ys));
  return { lr: Math.exp(logLr), history };
}

/** The tip of a planar arm with three links of lengths 1, 0.8, 0.5 at joint angles q. */
export function tip(q: number[]): number[] {
  const len = [1, 0.8, 0.5];
  let x = 0;
  let y = 0;
  let angle = 0;
  for (let i = 0; i < q.length; i++) {
    angle += q[i];
    x += len[i] * Math.cos(angle);
    y += len[i] * Math.sin(angle);
  }
  return [x, y];
}
/** 2 rows (x and y of the tip), each shaped like q: reverse sweeps, since 2 outputs < 3 inputs. */
export const dtip = jacobian(tip);

/** Gauss-Newton with a damped pseudo-inverse of the 2×3 Jacobian: q ← q + Jᵀ (J Jᵀ + λI)⁻¹ (target − tip). */
export function reach(q: number[], target: number[], steps: number): number[] {
  const errors: number[] = [];
  for (let k = 0; k < steps; k++) {
    const p = tip(q);
    const e = [target[0] - p[0], target[1] - p[1]];
    errors.push(Math.hypot(e[0], e[1]));
    const J: number[][] = dtip(q);
    const a = J[0].reduce((s, v) => s + v * v, 0) + 1e-6;
    const b = J[0].reduce((s, v, i) => s + v * J[1][i], 0);
    const d = J[1].reduce((s, v) => s + v * v, 0) + 1e-6;
    const det = a * d - b * b;
    const y = [(d * e[0] - b * e[1]) / det, (a * e[1] - b * e[0]) / det];
    for (let i = 0; i < q.length; i++) q[i] += J[0][i] * y[0] + J[1][i] * y[1];
  }
  errors.push(Math.hypot(target[0] - tip(q)[0], target[1] - tip(q)[1]));
  return errors;
}

const isMain = typeof process !== "undefined" && process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!);
if (isMain) {
  const { lr, history } = tune(0.05, 25);
  console.log(`learning rate 0.05 -> ${lr.toFixed(4)}; loss after 5 inner steps ${history[0].toFixed(5)} -> ${history[history.length - 1].toFixed(5)}`);
  const q = [0.3, 0.3, 0.3];
  const errors = reach(q, [1.2, 1.1], 8);
  console.log(`arm: distance to target per step ${errors.map((e) => e.toExponential(1)).join(" ")}`);
}
