// Hand-written reverse-mode gradient of bench/workloads/rosenbrock.ts.
export function rosenbrockGradHand(x: Float64Array): Float64Array {
  const n = x.length;
  const g = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) {
    const xi = x[i];
    const a = x[i + 1] - xi * xi;
    g[i] += -400 * a * xi - 2 * (1 - xi);
    g[i + 1] += 200 * a;
  }
  return g;
}

// Hand-written Hessian-vector product of the same function: its Hessian is tridiagonal.
export function rosenbrockHvpHand(x: Float64Array, v: Float64Array): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) {
    const xi = x[i];
    // the term 100 (x[i+1] - xi²)² + (1 - xi)²: its 2x2 Hessian in (xi, x[i+1])
    const hii = 1200 * xi * xi - 400 * x[i + 1] + 2;
    const hij = -400 * xi;
    out[i] += hii * v[i] + hij * v[i + 1];
    out[i + 1] += hij * v[i] + 200 * v[i + 1];
  }
  return out;
}
