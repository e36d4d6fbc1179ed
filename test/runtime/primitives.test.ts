// Every gradient rule against a central finite difference of its own primal, over its domain.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { math, operators, zeroGrad, variadic, type Rule } from "../../runtime/primitives.js";

const OPERATORS = ["+", "-", "*", "/", "%", "**", "neg", "pos"];
const MATH = [
  "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
  "exp", "expm1", "log", "log1p", "log2", "log10", "sqrt", "cbrt", "pow", "abs", "max2", "min2", "hypotN",
];
const ZERO_GRAD = ["floor", "ceil", "round", "trunc", "sign", "fround", "random", "clz32", "imul"];

/** Unary domains (open intervals, away from kinks and poles), used for sampled points and the property test. */
const unaryDomain: Record<string, [number, number]> = {
  tan: [-1.4, 1.4],
  asin: [-0.95, 0.95],
  acos: [-0.95, 0.95],
  atanh: [-0.95, 0.95],
  acosh: [1.05, 20],
  log: [0.01, 50],
  log2: [0.01, 50],
  log10: [0.01, 50],
  sqrt: [0.01, 50],
  log1p: [-0.95, 50],
  exp: [-5, 5],
  expm1: [-5, 5],
  sinh: [-5, 5],
  cosh: [-5, 5],
};
const DEFAULT_UNARY: [number, number] = [-3, 3];
/** Functions with a kink at 0 (or a singular derivative there): sampled points keep |x| above this. */
const awayFromZero: Record<string, number> = { abs: 1e-3, hypotN: 1e-3, neg: 0, pos: 0, cbrt: 1e-2 };

/** Binary points, chosen inside the domain: positive bases for **, no ties for min/max, a/b far from integers for %. */
const binaryPoints: Record<string, [number, number][]> = {
  "/": [[1.3, 0.7], [-2.5, 3.1], [4, -0.3]],
  "%": [[5.3, 1.7], [-7.45, 2.2], [3.3, -1.25], [0.4, 3]],
  "**": [[1.3, 2.5], [0.4, -1.7], [2.2, 0], [3, 3], [0.9, 0.5]],
  pow: [[1.3, 2.5], [0.4, -1.7], [2.2, 0], [3, 3], [0.9, 0.5]],
  atan2: [[1, 2], [-0.5, 0.3], [2, -3], [-1.5, -0.2]],
  max2: [[1, 2], [3, -1], [-0.5, -0.6], [0.2, 0.25]],
  min2: [[1, 2], [3, -1], [-0.5, -0.6], [0.2, 0.25]],
};
const DEFAULT_BINARY: [number, number][] = [[0.7, -1.3], [2.1, 0.4], [-1.6, -2.9], [0.3, 0.9]];

function unaryPoints(name: string): number[] {
  const [lo, hi] = unaryDomain[name] ?? DEFAULT_UNARY;
  const away = awayFromZero[name] ?? 0;
  const ts = [0.03, 0.17, 0.31, 0.5, 0.62, 0.79, 0.97];
  return ts.map((t) => lo + t * (hi - lo)).filter((x) => Math.abs(x) > away);
}

function pointsFor(name: string, r: Rule): number[][] {
  if (r.primal.length === 1) return unaryPoints(name).map((x) => [x]);
  if (r.primal.length === 2) return binaryPoints[name] ?? DEFAULT_BINARY;
  throw new Error(`no points for ${name} of arity ${r.primal.length}`);
}

/** Central finite difference of the primal in argument i. */
function finiteDiff(r: Rule, args: number[], i: number): number {
  const h = 1e-6 * Math.max(1, Math.abs(args[i]));
  const plus = args.slice();
  const minus = args.slice();
  plus[i] += h;
  minus[i] -= h;
  return (r.primal(...plus) - r.primal(...minus)) / (plus[i] - minus[i]);
}

/** Relative tolerance 1e-6, with a small absolute floor for partials near zero. */
function expectClose(got: number, want: number, what: string): void {
  expect(Number.isFinite(got), `${what}: got ${got}`).toBe(true);
  expect(Math.abs(got - want), `${what}: got ${got}, finite difference ${want}`).toBeLessThanOrEqual(
    1e-6 * Math.abs(want) + 1e-7,
  );
}

/** The partial i of rule r at args, for output adjoint dy, with y the primal result. */
function partial(r: Rule, i: number, dy: number, args: number[]): number {
  return r.grads[i](dy, r.primal(...args), ...args);
}

const DYS = [1.7, -0.3];

function checkAgainstFiniteDifferences(name: string, r: Rule): void {
  expect(r.grads.length, `${name}: one partial per argument`).toBe(r.primal.length);
  for (const args of pointsFor(name, r)) {
    for (let i = 0; i < args.length; i++) {
      const fd = finiteDiff(r, args, i);
      for (const dy of DYS) {
        expectClose(partial(r, i, dy, args), dy * fd, `${name} ∂${i} at (${args}) dy=${dy}`);
      }
    }
  }
}

describe("tables", () => {
  it("operators has every operator", () => {
    for (const name of OPERATORS) expect(operators, name).toHaveProperty([name]);
  });
  it("math has every differentiable function", () => {
    for (const name of MATH) expect(math, name).toHaveProperty([name]);
  });
  it("zeroGrad has every piecewise-constant function, and none of them has a rule", () => {
    expect([...zeroGrad].sort()).toEqual([...ZERO_GRAD].sort());
    for (const name of zeroGrad) expect(math).not.toHaveProperty([name]);
  });
  it("variadic functions have the binary or per-argument rules the compiler folds them into", () => {
    expect([...variadic].sort()).toEqual(["hypot", "max", "min"]);
    expect(math.min2.primal.length).toBe(2);
    expect(math.max2.primal.length).toBe(2);
    expect(math.hypotN.grads).toHaveLength(1);
  });
  it("every math name except the helper rules is a real Math function", () => {
    const helpers = new Set(["max2", "min2", "hypotN"]);
    for (const name of [...Object.keys(math), ...zeroGrad].filter((n) => !helpers.has(n))) {
      expect(typeof (Math as unknown as Record<string, unknown>)[name], name).toBe("function");
    }
  });
});

describe("partials match central finite differences", () => {
  for (const [name, r] of Object.entries(operators)) it(`operator ${name}`, () => checkAgainstFiniteDifferences(name, r));
  for (const [name, r] of Object.entries(math)) it(`Math ${name}`, () => checkAgainstFiniteDifferences(name, r));

  it("primals compute what their name says", () => {
    expect(operators["%"].primal(-7.5, 2)).toBe(-1.5);
    expect(operators["**"].primal(2, 10)).toBe(1024);
    expect(operators.neg.primal(3)).toBe(-3);
    expect(math.atan2.primal(1, -1)).toBe(Math.atan2(1, -1));
    expect(math.max2.primal(1, 2)).toBe(2);
    expect(math.min2.primal(1, 2)).toBe(1);
    for (const name of MATH.filter((n) => !["max2", "min2", "hypotN"].includes(n))) {
      const fn = (Math as unknown as Record<string, (...a: number[]) => number>)[name];
      const args = name === "acosh" ? [1.5, 0.5] : [0.5, 0.25];
      expect(math[name].primal(...args), name).toBe(fn(...args));
    }
  });
});

describe("special points", () => {
  it("max2 and min2 send dy to exactly one argument, the first on ties", () => {
    const dy = 1.7;
    const cases: [number, number][] = [[1, 1], [0, -0], [-0, 0], [2, 1], [1, 2], [-3, -3], [Infinity, Infinity]];
    for (const [a, b] of cases) {
      for (const name of ["max2", "min2"]) {
        const [ga, gb] = [0, 1].map((i) => partial(math[name], i, dy, [a, b]));
        expect(ga + gb, `${name}(${a}, ${b})`).toBe(dy);
        expect([ga, gb].filter((g) => g === 0), `${name}(${a}, ${b})`).toHaveLength(1);
        if (a === b) expect(ga, `${name}(${a}, ${b}) tie goes to a`).toBe(dy);
      }
    }
    expect(partial(math.max2, 1, dy, [1, 2])).toBe(dy);
    expect(partial(math.max2, 0, dy, [2, 1])).toBe(dy);
    expect(partial(math.min2, 0, dy, [1, 2])).toBe(dy);
    expect(partial(math.min2, 1, dy, [2, 1])).toBe(dy);
  });

  it("abs at 0 has gradient 0", () => {
    expect(partial(math.abs, 0, 1.7, [0])).toBe(0);
    expect(partial(math.abs, 0, 1.7, [-0]) === 0).toBe(true);
  });

  it("hypotN gives x/hypot per argument, and 0 when all arguments are zero", () => {
    const xs = [3, -4, 12];
    const y = Math.hypot(...xs); // 13
    const g = math.hypotN.grads[0];
    expect(xs.map((x) => g(1.7, y, x))).toEqual(xs.map((x) => (1.7 * x) / 13));
    // against a finite difference of the full hypot
    for (let i = 0; i < xs.length; i++) {
      const h = 1e-6;
      const plus = xs.slice(), minus = xs.slice();
      plus[i] += h;
      minus[i] -= h;
      expectClose(g(1.7, y, xs[i]), (1.7 * (Math.hypot(...plus) - Math.hypot(...minus))) / (2 * h), `hypot ∂${i}`);
    }
    expect(g(1.7, 0, 0)).toBe(0);
    expect(g(1.7, Math.hypot(0, 0, 0), -0) === 0).toBe(true);
  });

  it("** and pow at a = 0 with positive b have a finite db = 0", () => {
    for (const r of [operators["**"], math.pow]) {
      for (const b of [0.5, 1, 2, 3.7]) {
        const db = partial(r, 1, 1.7, [0, b]);
        expect(Number.isFinite(db)).toBe(true);
        expect(db).toBe(0);
      }
      expect(partial(r, 0, 1.7, [0, 2])).toBe(0); // d x²/dx at 0
      expect(partial(r, 0, 1.7, [0, 1])).toBe(1.7); // d x/dx
    }
  });

  it("** and pow: da is 0 for b = 0, even at a = 0 (a⁰ is constant)", () => {
    for (const r of [operators["**"], math.pow]) {
      expect(partial(r, 0, 1.7, [0, 0])).toBe(0);
      expect(partial(r, 0, 1.7, [5, 0])).toBe(0);
    }
  });

  it("** and pow with a negative base and an integer exponent: da matches the finite difference", () => {
    for (const r of [operators["**"], math.pow]) {
      for (const [a, b] of [[-2, 3], [-1.5, 2], [-0.7, -3]]) {
        expectClose(partial(r, 0, 1.7, [a, b]), 1.7 * finiteDiff(r, [a, b], 0), `(${a})**${b}`);
      }
    }
  });

  it("% partial in b is -trunc(a/b), including negative quotients", () => {
    expect(partial(operators["%"], 1, 1, [7.5, 2])).toBe(-3);
    expect(partial(operators["%"], 1, 1, [-7.5, 2])).toBe(3);
    expect(partial(operators["%"], 1, 2, [1.5, 2])).toBe(-0);
  });
});

describe("property: unary math rules match finite differences at random points", () => {
  const unary = Object.entries(math).filter(([, r]) => r.primal.length === 1);
  it("covers the unary rules", () => expect(unary.length).toBeGreaterThanOrEqual(20));
  for (const [name, r] of unary) {
    it(name, () => {
      const [lo, hi] = unaryDomain[name] ?? DEFAULT_UNARY;
      const away = Math.max(awayFromZero[name] ?? 0, 0);
      const prop = fc.property(
        fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }).filter((x) => Math.abs(x) > away),
        fc.double({ min: -3, max: 3, noNaN: true }),
        (x, dy) => {
          const got = partial(r, 0, dy, [x]);
          const want = dy * finiteDiff(r, [x], 0);
          return Number.isFinite(got) && Math.abs(got - want) <= 1e-6 * Math.abs(want) + 1e-7;
        },
      );
      fc.assert(prop, { seed: 42, numRuns: 200 });
    });
  }
});

describe("rule sources are inlinable", () => {
  /** Every function of every rule, named for the failure message. */
  const fns: [string, (...a: number[]) => number, Rule][] = [];
  for (const [table, rules] of [["operators", operators], ["math", math]] as const) {
    for (const [name, r] of Object.entries(rules)) {
      fns.push([`${table}[${name}].primal`, r.primal, r]);
      r.grads.forEach((g, i) => fns.push([`${table}[${name}].grads[${i}]`, g as (...a: number[]) => number, r]));
    }
  }

  const params = (src: string): string[] =>
    src.slice(1, src.indexOf(")")).split(",").map((p) => p.trim()).filter(Boolean);

  it("every function is an expression-bodied arrow with a parenthesized parameter list", () => {
    for (const [what, fn] of fns) {
      const src = fn.toString();
      expect(src.startsWith("("), `${what}: ${src}`).toBe(true);
      expect(/^\([^)]*\)\s*=>\s*(?!\{)/.test(src), `${what}: ${src}`).toBe(true);
    }
  });

  it("partials declare (dy, y, ...the primal's parameters)", () => {
    for (const [what, fn, r] of fns) {
      if (fn === r.primal) continue;
      expect(params(fn.toString()), what).toEqual(["dy", "y", ...params(r.primal.toString())]);
    }
  });

  it("bodies use only their parameters, Math.* and literals", () => {
    for (const [what, fn] of fns) {
      const src = fn.toString();
      const body = src.slice(src.indexOf("=>") + 2);
      const own = new Set(params(src));
      // identifiers not preceded by "." (member names) nor part of a numeric literal
      const free = [...body.matchAll(/(?<![.\w$])[A-Za-z_$][\w$]*/g)].map((m) => m[0]);
      for (const id of free) expect(own.has(id) || id === "Math", `${what} uses ${id}: ${src}`).toBe(true);
    }
  });
});
