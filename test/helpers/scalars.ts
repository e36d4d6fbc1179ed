// The scalar functions the higher-order tests differentiate (sin, exp, tanh, Horner's rule in a
// loop, an RK4 integration), as module source, and the closed-form derivatives of the polynomial.
export const HORNER = [0.5, -1, 2, 3, -0.25, 1.5];

/** The m-th derivative of the polynomial with coefficients c (c[i] x^i) at x. */
export function polyDeriv(c: number[], m: number, x: number): number {
  let s = 0;
  for (let i = m; i < c.length; i++) {
    let f = 1;
    for (let j = 0; j < m; j++) f *= i - j;
    s += c[i] * f * x ** (i - m);
  }
  return s;
}

/** s, e (exp(2x)), th, horner and rk4 (of the rate k), exported or not. */
export function scalarFunctions(exported: boolean): string {
  const ex = exported ? "export " : "";
  return `
${ex}function s(x: number): number { return Math.sin(x); }
${ex}function e(x: number): number { return Math.exp(2 * x); }
${ex}function th(x: number): number { return Math.tanh(x); }
${ex}function horner(x: number): number {
  const c = [${HORNER.join(", ")}];
  let p = 0;
  for (let i = c.length - 1; i >= 0; i--) p = p * x + c[i];
  return p;
}
// y' = -k y + sin(t y), y(0) = 1, ten RK4 steps: the final y as a function of k
function rhs(t: number, y: number, k: number): number { return -k * y + Math.sin(t * y); }
${ex}function rk4(k: number): number {
  let y = 1;
  let t = 0;
  const h = 0.1;
  for (let n = 0; n < 10; n++) {
    const k1 = rhs(t, y, k);
    const k2 = rhs(t + h / 2, y + (h / 2) * k1, k);
    const k3 = rhs(t + h / 2, y + (h / 2) * k2, k);
    const k4 = rhs(t + h, y + h * k3, k);
    y += (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
    t += h;
  }
  return y;
}
`;
}
