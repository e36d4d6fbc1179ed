// Hand-written gradient of bench/workloads/mathloop.ts:
// d/dx [sin(x) e^{-x^2} + log1p(x^2) + sqrt(1+x^2) tanh(x)].
export function mathloopGradHand(x: Float64Array): Float64Array {
  const n = x.length;
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const x2 = xi * xi;
    const e = Math.exp(-x2);
    const r = Math.sqrt(1 + x2);
    const th = Math.tanh(xi);
    g[i] = (Math.cos(xi) - 2 * xi * Math.sin(xi)) * e + (2 * xi) / (1 + x2) + (xi / r) * th + r * (1 - th * th);
  }
  return g;
}
