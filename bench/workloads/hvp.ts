// Second derivatives: the Hessian-vector product of Rosenbrock's function (the same objective as
// rosenbrock.ts), by forward over reverse. The runner reports hvp time / gradient time.
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
