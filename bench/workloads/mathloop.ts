// A scalar loop of Math calls over a Float64Array: the cost is in the elementary functions and
// their derivatives, not in memory traffic.
import { grad } from "adc";

export function mathloop(x: Float64Array): number {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    s += Math.sin(xi) * Math.exp(-xi * xi) + Math.log1p(xi * xi) + Math.sqrt(1 + xi * xi) * Math.tanh(xi);
  }
  return s;
}

export const mathloopGrad = grad(mathloop);
