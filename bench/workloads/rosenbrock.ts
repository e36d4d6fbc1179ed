// Rosenbrock's function in n dimensions: sum_{i<n-1} 100*(x[i+1]-x[i]^2)^2 + (1-x[i])^2.
// Written once as ordinary TypeScript; adc derives the gradient.
import { grad } from "adc";

export function rosenbrock(x: Float64Array): number {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const a = x[i + 1] - x[i] * x[i];
    const b = 1 - x[i];
    s += 100 * a * a + b * b;
  }
  return s;
}

export const rosenbrockGrad = grad(rosenbrock);
