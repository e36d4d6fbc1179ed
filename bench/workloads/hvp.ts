// Second derivatives: the Hessian-vector product of Rosenbrock's function (the same objective as
// rosenbrock.ts), by forward over reverse, and the gradient of the squared norm of its gradient.
// The runner reports their times / gradient time.
import { grad, hvp } from "adc";

export function rosen(x: Float64Array): number {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const a = x[i + 1] - x[i] * x[i];
    const b = 1 - x[i];
    s += 100 * a * a + b * b;
  }
  return s;
}

export const rosenGrad = grad(rosen);
export const rosenHvp = hvp(rosen);

// A gradient of a gradient: the squared norm of Rosenbrock's gradient, differentiated. The inner
// grad(rosen) is differentiated through its pullback, an H·v product (transform/higher/inner.ts).
export function gradNorm2(x: Float64Array): number {
  const g = rosenGrad(x);
  let s = 0;
  for (let i = 0; i < g.length; i++) s += g[i] * g[i];
  return s;
}
export const gradNorm2Grad = grad(gradNorm2);
