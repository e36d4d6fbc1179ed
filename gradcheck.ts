// gradcheck(f, args, argnum = 0, options?): checks a gradient against central finite differences
// along random directions (AutoGrad.jl's gradcheck, autograd's check_grads).
//
// Contract:
// - The gradient is grad(f, argnum) (compiled from f's source at run time), or options.gradient, a
//   function with f's signature returning what grad(f, argnum) would: one gradient for a number
//   argnum, an array of gradients for an array argnum.
// - For each of options.directions random directions v (default 8, drawn from a seeded PRNG, so
//   the same call gives the same result), spanning all the arguments in argnum jointly, it compares
//   the directional derivative <gradient, v> with (f(x + h v) - f(x - h v)) / 2h. The step is
//   per entry, h·max(1, |x_i|), with a larger h for entries stored in a Float32Array; the
//   difference quotient uses the perturbation actually stored (float32 rounds it).
// - Error of a direction: |analytic - numeric| / max(|analytic|, |numeric|, floor / rtol), where
//   floor = max(atol, the rounding noise of the difference quotient). `ok` is every error <= rtol,
//   i.e. |analytic - numeric| <= max(rtol·scale, atol, noise). Defaults rtol 1e-5, atol 1e-7;
//   rtol 1e-3, atol 1e-4 when a checked argument holds a Float32Array. NaN or infinite values fail.
// - Arguments may be numbers, number[], Float64Array, Float32Array and nested arrays of those.
//   Every evaluation of f and of the gradient gets a fresh deep copy of all the arguments; the
//   caller's arguments are never modified. f must return a number (a clear error otherwise).
import { grad } from "./index.js";

export interface GradcheckOptions {
  /** Number of random directions (default 8). */
  directions?: number;
  /** PRNG seed (default 1): the directions, hence the result, depend only on it. */
  seed?: number;
  /** Relative tolerance (default 1e-5; 1e-3 if a checked argument holds a Float32Array). */
  rtol?: number;
  /** Absolute tolerance (default 1e-7; 1e-4 if a checked argument holds a Float32Array). */
  atol?: number;
  /** Relative step for Float64 entries and numbers (default 6e-6, about the cube root of machine epsilon). */
  step?: number;
  /** Relative step for entries of a Float32Array (default 1e-3). */
  step32?: number;
  /** Gradient to check instead of grad(f, argnum), e.g. one built by `adc build`: same signature as f. */
  gradient?: (...args: any[]) => any;
}

export interface GradcheckDirection {
  /** Directional derivative <gradient, v>. */
  analytic: number;
  /** (f(x + h v) - f(x - h v)) / 2h. */
  numeric: number;
  absError: number;
  /** absError / max(|analytic|, |numeric|, floor / rtol); Infinity when a value is NaN or infinite. */
  relError: number;
  ok: boolean;
}

export interface GradcheckResult {
  ok: boolean;
  /** The largest relError over the directions. */
  maxRelError: number;
  /** Number of directions checked. */
  directions: number;
  /** One entry per direction, in order. */
  details: GradcheckDirection[];
  /** Tolerances applied (after the Float32 defaults). */
  rtol: number;
  atol: number;
}

type Fn = (...args: any[]) => any;

const DEFAULT_STEP = 6e-6;
const DEFAULT_STEP32 = 1e-3;
const F64_TOL = { rtol: 1e-5, atol: 1e-7 };
const F32_TOL = { rtol: 1e-3, atol: 1e-4 };
/** Rounding noise of f, in units of |f|·epsilon, assumed when flooring the error. */
const NOISE_ULPS = 16;

/** Checks grad(f, argnum) (or options.gradient) against finite differences along random directions. */
export function gradcheck(f: Fn, args: readonly unknown[], argnum: number | readonly number[] = 0, options: GradcheckOptions = {}): GradcheckResult {
  if (typeof f !== "function") throw new TypeError(`adc: gradcheck expects a function, got ${describe(f)}`);
  if (!Array.isArray(args)) throw new TypeError(`adc: gradcheck expects the arguments as an array, got ${describe(args)}`);
  const argnums = checkArgnum(argnum, args.length);
  const nDirections = options.directions ?? 8;
  if (!Number.isInteger(nDirections) || nDirections < 1) throw new RangeError(`adc: gradcheck: directions must be a positive integer, got ${nDirections}`);
  const step = options.step ?? DEFAULT_STEP;
  const step32 = options.step32 ?? DEFAULT_STEP32;
  if (!(step > 0) || !(step32 > 0)) throw new RangeError(`adc: gradcheck: steps must be positive`);

  // the leaves of the checked arguments, in flatten order, argument by argument
  const leaves = argnums.map((a) => leavesOf(args[a], `argument ${a}`));
  const hasF32 = leaves.some((ls) => ls.some((l) => l.f32));
  const defaults = hasF32 ? F32_TOL : F64_TOL;
  const rtol = options.rtol ?? defaults.rtol;
  const atol = options.atol ?? defaults.atol;
  const name = f.name || "f";

  const evaluate = (xs: unknown[]): number => {
    const y = f(...xs);
    if (typeof y !== "number") throw new TypeError(`adc: gradcheck: ${name} must return a number, but returned ${describe(y)}`);
    return y;
  };
  const f0 = evaluate(deepCopy(args as unknown[]));

  // the gradient at x, one flat list of numbers per checked argument
  const gradient = options.gradient ?? grad(f as (...a: any[]) => number, Array.isArray(argnum) ? [...argnum] : (argnum as number));
  if (typeof gradient !== "function") throw new TypeError(`adc: gradcheck: options.gradient must be a function, got ${describe(gradient)}`);
  const g = gradient(...deepCopy(args as unknown[]));
  const grads = Array.isArray(argnum) ? g : [g];
  const source = options.gradient ? "options.gradient" : `grad(${name})`;
  if (Array.isArray(argnum) && (!Array.isArray(g) || g.length !== argnums.length)) {
    throw new TypeError(`adc: gradcheck: ${source} must return an array of ${argnums.length} gradients for argnum ${JSON.stringify(argnum)}, got ${describe(g)}`);
  }
  const flatGrads = argnums.map((a, k) => {
    const flat = leavesOf(grads[k], `the gradient of argument ${a} (from ${source})`).map((l) => l.value);
    if (flat.length !== leaves[k].length) {
      throw new TypeError(`adc: gradcheck: ${source} returned ${flat.length} numbers for argument ${a}, which has ${leaves[k].length}`);
    }
    return flat;
  });

  const random = mulberry32(options.seed ?? 1);
  const hRef = hasF32 ? step32 : step;
  const details: GradcheckDirection[] = [];
  for (let d = 0; d < nDirections; d++) {
    // one direction over all checked arguments; entry i moves by ±h_i·max(1, |x_i|)·v_i
    const plus = deepCopy(args as unknown[]);
    const minus = deepCopy(args as unknown[]);
    let analytic = 0;
    argnums.forEach((a, k) => {
      const ls = leaves[k];
      const vp: number[] = [];
      const vm: number[] = [];
      for (const l of ls) {
        const s = (l.f32 ? step32 : step) * Math.max(1, Math.abs(l.value)) * gaussian(random);
        vp.push(l.value + s);
        vm.push(l.value - s);
      }
      plus[a] = unflatten(args[a], vp);
      minus[a] = unflatten(args[a], vm);
      // what was actually stored (Float32Array entries are rounded), so <g, x+ - x-> is exact
      const sp = leavesOf(plus[a], "").map((l) => l.value);
      const sm = leavesOf(minus[a], "").map((l) => l.value);
      for (let i = 0; i < ls.length; i++) analytic += flatGrads[k][i] * (sp[i] - sm[i]);
    });
    analytic /= 2 * hRef;
    const fp = evaluate(plus);
    const fm = evaluate(minus);
    const numeric = (fp - fm) / (2 * hRef);
    const noise = (NOISE_ULPS * Number.EPSILON * Math.max(Math.abs(f0), Math.abs(fp), Math.abs(fm))) / (2 * hRef);
    const absError = Math.abs(analytic - numeric);
    const finite = Number.isFinite(analytic) && Number.isFinite(numeric);
    const scale = Math.max(Math.abs(analytic), Math.abs(numeric), Math.max(atol, noise) / rtol);
    const relError = finite ? absError / scale : Infinity;
    details.push({ analytic, numeric, absError: finite ? absError : Infinity, relError, ok: finite && relError <= rtol });
  }
  const maxRelError = Math.max(...details.map((x) => x.relError));
  return { ok: details.every((x) => x.ok), maxRelError, directions: nDirections, details, rtol, atol };
}

function checkArgnum(argnum: number | readonly number[], nargs: number): number[] {
  const list = Array.isArray(argnum) ? [...argnum] : [argnum as number];
  if (list.length === 0) throw new RangeError(`adc: gradcheck: argnum is an empty array`);
  for (const a of list) {
    if (!Number.isInteger(a) || a < 0 || a >= nargs) {
      throw new RangeError(`adc: gradcheck: argnum ${JSON.stringify(a)} is not the index of one of the ${nargs} arguments`);
    }
  }
  if (new Set(list).size !== list.length) throw new RangeError(`adc: gradcheck: argnum ${JSON.stringify(argnum)} lists an argument twice`);
  return list;
}

interface Leaf {
  value: number;
  f32: boolean;
}

/** The numbers of a differentiable value, depth-first in index order. */
function leavesOf(x: unknown, what: string): Leaf[] {
  const out: Leaf[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "number") out.push({ value: v, f32: false });
    else if (v instanceof Float64Array || v instanceof Float32Array) {
      const f32 = v instanceof Float32Array;
      for (let i = 0; i < v.length; i++) out.push({ value: v[i], f32 });
    } else if (Array.isArray(v)) for (let i = 0; i < v.length; i++) walk(v[i]);
    else {
      throw new TypeError(
        `adc: gradcheck: ${what} contains ${describe(v)}; expected a number, number[], Float64Array, Float32Array or nested arrays of those`,
      );
    }
  };
  walk(x);
  return out;
}

/** A fresh value with the type and shape of template whose numbers are values (in leavesOf order). */
function unflatten(template: unknown, values: readonly number[]): unknown {
  let k = 0;
  const build = (t: unknown): unknown => {
    if (typeof t === "number") return values[k++];
    if (t instanceof Float64Array) return Float64Array.from(t, () => values[k++]);
    if (t instanceof Float32Array) return Float32Array.from(t, () => values[k++]);
    return (t as unknown[]).map(build);
  };
  return build(template);
}

/** Deep copy: arrays and plain objects recursively, typed arrays sliced, anything else shared. */
function deepCopy<T>(x: T): T {
  if (Array.isArray(x)) return x.map(deepCopy) as T;
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return (x as unknown as { slice(): T }).slice();
  if (x !== null && typeof x === "object") {
    const proto = Object.getPrototypeOf(x);
    if (proto === Object.prototype || proto === null) {
      const out: Record<string, unknown> = Object.create(proto);
      for (const [k, v] of Object.entries(x)) out[k] = deepCopy(v);
      return out as T;
    }
  }
  return x;
}

/** mulberry32: a tiny seeded PRNG with values in [0, 1). */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal sample (Box-Muller). */
function gaussian(random: () => number): number {
  const u = 1 - random(); // (0, 1]
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (x === undefined) return "undefined";
  if (typeof x === "number") return `the number ${x}`;
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (typeof x === "object") return `a ${(x as object).constructor?.name ?? "object"}`;
  return `a ${typeof x}`;
}
