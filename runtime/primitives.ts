// The gradient rules of every primitive the compiler differentiates. Dependency-free.
//
// Contract: each rule is the primal next to its partial derivatives, one per argument. A partial
// `(dy, y, ...args) => ...` returns the contribution of one output adjoint `dy` to that argument's
// adjoint, given the primal result `y` and the arguments. Every function here must be an
// expression-bodied arrow that uses only its own parameters, `Math.*`, numeric literals and operators:
// the compiler reads the source text with Function.prototype.toString and inlines it, substituting the
// parameter names with expressions. No helpers, no closures, no local constants, no block bodies.

export interface Rule {
  /** the primal, as an arrow of its arguments */
  primal: (...args: number[]) => number;
  /** one partial per argument: (dy, y, ...args) => contribution to that argument's adjoint; y is the primal result */
  grads: ((dy: number, y: number, ...args: number[]) => number)[];
}
function rule(primal: Rule["primal"], ...grads: Rule["grads"]): Rule { return { primal, grads }; }

/** Operators, keyed by their JavaScript spelling; unary minus is "neg", unary plus "pos". */
export const operators: Record<string, Rule> = {
  "+": rule((a, b) => a + b, (dy, y, a, b) => dy, (dy, y, a, b) => dy),
  "-": rule((a, b) => a - b, (dy, y, a, b) => dy, (dy, y, a, b) => -dy),
  "*": rule((a, b) => a * b, (dy, y, a, b) => dy * b, (dy, y, a, b) => dy * a),
  // d(a/b)/db = -a/b² = -y/b
  "/": rule((a, b) => a / b, (dy, y, a, b) => dy / b, (dy, y, a, b) => -dy * y / b),
  // a % b = a - b·trunc(a/b), trunc piecewise constant
  "%": rule((a, b) => a % b, (dy, y, a, b) => dy, (dy, y, a, b) => -dy * Math.trunc(a / b)),
  // d aᵇ/da = b·aᵇ⁻¹ (0 when b = 0: a⁰ is constant); d aᵇ/db = aᵇ·ln a (taken as 0 at a = 0)
  "**": rule(
    (a, b) => a ** b,
    (dy, y, a, b) => (b === 0 ? 0 : dy * b * a ** (b - 1)),
    (dy, y, a, b) => (a === 0 ? 0 : dy * y * Math.log(a)),
  ),
  neg: rule((a) => -a, (dy, y, a) => -dy),
  pos: rule((a) => +a, (dy, y, a) => dy),
};

/** Math functions with a derivative, keyed by name. */
export const math: Record<string, Rule> = {
  sin: rule((x) => Math.sin(x), (dy, y, x) => dy * Math.cos(x)),
  cos: rule((x) => Math.cos(x), (dy, y, x) => -dy * Math.sin(x)),
  tan: rule((x) => Math.tan(x), (dy, y, x) => dy * (1 + y * y)), // d tan = 1 + tan²
  asin: rule((x) => Math.asin(x), (dy, y, x) => dy / Math.sqrt(1 - x * x)),
  acos: rule((x) => Math.acos(x), (dy, y, x) => -dy / Math.sqrt(1 - x * x)),
  atan: rule((x) => Math.atan(x), (dy, y, x) => dy / (1 + x * x)),
  atan2: rule(
    (a, b) => Math.atan2(a, b),
    (dy, y, a, b) => dy * b / (a * a + b * b),
    (dy, y, a, b) => -dy * a / (a * a + b * b),
  ),
  sinh: rule((x) => Math.sinh(x), (dy, y, x) => dy * Math.cosh(x)),
  cosh: rule((x) => Math.cosh(x), (dy, y, x) => dy * Math.sinh(x)),
  tanh: rule((x) => Math.tanh(x), (dy, y, x) => dy * (1 - y * y)), // d tanh = 1 - tanh²
  asinh: rule((x) => Math.asinh(x), (dy, y, x) => dy / Math.sqrt(x * x + 1)),
  acosh: rule((x) => Math.acosh(x), (dy, y, x) => dy / Math.sqrt(x * x - 1)),
  atanh: rule((x) => Math.atanh(x), (dy, y, x) => dy / (1 - x * x)),
  exp: rule((x) => Math.exp(x), (dy, y, x) => dy * y),
  expm1: rule((x) => Math.expm1(x), (dy, y, x) => dy * (y + 1)), // d expm1 = eˣ = expm1 + 1
  log: rule((x) => Math.log(x), (dy, y, x) => dy / x),
  log1p: rule((x) => Math.log1p(x), (dy, y, x) => dy / (1 + x)),
  log2: rule((x) => Math.log2(x), (dy, y, x) => dy / (x * Math.LN2)),
  log10: rule((x) => Math.log10(x), (dy, y, x) => dy / (x * Math.LN10)),
  sqrt: rule((x) => Math.sqrt(x), (dy, y, x) => dy / (2 * y)),
  cbrt: rule((x) => Math.cbrt(x), (dy, y, x) => dy / (3 * y * y)),
  pow: rule(
    (a, b) => Math.pow(a, b),
    (dy, y, a, b) => (b === 0 ? 0 : dy * b * a ** (b - 1)),
    (dy, y, a, b) => (a === 0 ? 0 : dy * y * Math.log(a)),
  ),
  abs: rule((x) => Math.abs(x), (dy, y, x) => dy * Math.sign(x)), // 0 at the kink
  // ties (and NaN) send dy to the first argument: the two partials are exact complements
  max2: rule((a, b) => Math.max(a, b), (dy, y, a, b) => (b > a ? 0 : dy), (dy, y, a, b) => (b > a ? dy : 0)),
  min2: rule((a, b) => Math.min(a, b), (dy, y, a, b) => (b < a ? 0 : dy), (dy, y, a, b) => (b < a ? dy : 0)),
  // per-argument rule for Math.hypot(x₁, …, xₙ): the compiler applies grads[0] to each argument xᵢ with
  // y = Math.hypot(all arguments), giving ∂y/∂xᵢ = xᵢ / y (0 when all are zero). The primal is hypot of one.
  hypotN: rule((x) => Math.abs(x), (dy, y, x) => (y === 0 ? 0 : dy * x / y)),
};

/** Math functions with zero gradient (piecewise constant, or not differentiable at all). */
export const zeroGrad: ReadonlySet<string> = new Set([
  "floor", "ceil", "round", "trunc", "sign", "fround", "random", "clz32", "imul",
]);

/** Math functions taking any number of arguments; the compiler folds them left into binary calls of `math[name + "2"]` for min/max, and uses `hypotN` per argument for hypot. */
export const variadic: ReadonlySet<string> = new Set(["min", "max", "hypot"]);
