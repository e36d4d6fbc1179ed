// Finite differences and gradient comparison over the differentiable shapes adc supports:
// number | number[] | Float64Array | Float32Array | nested arrays of those | objects and class
// instances holding them (leaves that hold no numbers are skipped; their gradient is null).
//
// Gradients are compared by type as well as by value: a gradient must have exactly the type and the
// shape of its argument (number -> number, number[] -> Array, Float64Array -> Float64Array, ...).

export type Value = number | number[] | Float64Array | Float32Array | Value[];
type Path = (number | string)[];

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x);

/** Deep copy of any argument (numbers, typed arrays, nested arrays, objects and class instances keep their prototype). */
export function deepCopy<T>(x: T): T {
  if (x instanceof Float64Array || x instanceof Float32Array) return x.slice() as T;
  if (Array.isArray(x)) return x.map((v) => deepCopy(v)) as T;
  if (isObject(x)) {
    const out = Object.create(Object.getPrototypeOf(x));
    for (const k of Object.keys(x)) out[k] = deepCopy(x[k]);
    return out;
  }
  return x;
}

/** The leaves (numbers) of x in order: depth-first, index order. */
export function flatten(x: unknown): number[] {
  const out: number[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "number") out.push(v);
    else if (v instanceof Float64Array || v instanceof Float32Array) for (const e of v) out.push(e);
    else if (Array.isArray(v)) for (const e of v) walk(e);
    else if (isObject(v)) for (const k of Object.keys(v)) (typeof v[k] === "number" || typeof v[k] === "object") && v[k] !== null && walk(v[k]);
    else throw new Error(`flatten: not a differentiable value: ${describe(v)}`);
  };
  walk(x);
  return out;
}

/** A value with the type and shape of `template` whose leaves are `values` (in flatten order). */
export function unflatten<T>(template: T, values: readonly number[]): T {
  let k = 0;
  const build = (t: unknown): unknown => {
    if (typeof t === "number") return values[k++];
    if (t instanceof Float64Array) return Float64Array.from(t, () => values[k++]);
    if (t instanceof Float32Array) return Float32Array.from(t, () => values[k++]);
    if (Array.isArray(t)) return t.map((e) => build(e));
    if (isObject(t)) {
      // the gradient of an object is a plain object; leaves without numbers get null
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(t)) out[k] = typeof t[k] === "number" || (typeof t[k] === "object" && t[k] !== null) ? build(t[k]) : null;
      return out;
    }
    throw new Error(`unflatten: not a differentiable value: ${describe(t)}`);
  };
  const out = build(template) as T;
  if (k !== values.length) throw new Error(`unflatten: ${values.length} values for ${k} leaves`);
  return out;
}

/**
 * A deep copy of x (class instances keep their prototype, leaves without numbers their value) whose
 * numeric leaves, in flatten order, are values: an argument moved along a direction.
 */
export function withLeaves<T>(x: T, values: readonly number[]): T {
  let k = 0;
  const build = (v: unknown): unknown => {
    if (typeof v === "number") return values[k++];
    if (v instanceof Float64Array) return Float64Array.from(v, () => values[k++]);
    if (v instanceof Float32Array) return Float32Array.from(v, () => values[k++]);
    if (Array.isArray(v)) return v.map((e) => build(e));
    if (isObject(v)) {
      const out = Object.create(Object.getPrototypeOf(v));
      for (const key of Object.keys(v)) out[key] = typeof v[key] === "number" || (typeof v[key] === "object" && v[key] !== null) ? build(v[key]) : v[key];
      return out;
    }
    return v;
  };
  const out = build(x) as T;
  if (k !== values.length) throw new Error(`withLeaves: ${values.length} values for ${k} leaves`);
  return out;
}

/** Index paths of every leaf, with whether the leaf lives in a Float32Array. */
function leafPaths(x: unknown): { path: Path; f32: boolean }[] {
  const out: { path: Path; f32: boolean }[] = [];
  const walk = (v: unknown, path: Path): void => {
    if (typeof v === "number") out.push({ path, f32: false });
    else if (v instanceof Float64Array || v instanceof Float32Array) {
      for (let i = 0; i < v.length; i++) out.push({ path: [...path, i], f32: v instanceof Float32Array });
    } else if (Array.isArray(v)) v.forEach((e, i) => walk(e, [...path, i]));
    else if (isObject(v)) {
      for (const k of Object.keys(v)) if (typeof v[k] === "number" || (typeof v[k] === "object" && v[k] !== null)) walk(v[k], [...path, k]);
    } else throw new Error(`finiteDiff: cannot differentiate with respect to ${describe(v)}`);
  };
  walk(x, []);
  return out;
}

function getAt(x: any, path: Path): number {
  let v = x;
  for (const i of path) v = v[i];
  return v;
}

/** Sets the leaf at path inside args[argnum] and returns the value actually stored (Float32 rounds). */
function setAt(args: any[], argnum: number, path: Path, value: number): number {
  if (path.length === 0) {
    args[argnum] = value;
    return value;
  }
  let v = args[argnum];
  for (let d = 0; d < path.length - 1; d++) v = v[path[d]];
  v[path[path.length - 1]] = value;
  return v[path[path.length - 1]];
}

/** Step used for leaves stored in a Float32Array: a 1e-6 step would be lost in float32 rounding. */
export const F32_STEP = 1e-3;

/**
 * Central-difference gradient of f with respect to args[argnum] (or, for an array of argnums, the
 * array of those gradients), with the same type and shape as that argument. Every evaluation gets a
 * fresh deep copy of ALL arguments, since f may write into its array arguments. The step is relative
 * (h·max(1, |x|)), and the difference quotient divides by the step actually taken, which matters for
 * Float32Array leaves whose perturbed values are rounded to float32.
 */
export function finiteDiff(f: (...a: any[]) => number, args: readonly unknown[], argnum: number | readonly number[] = 0, h = 1e-6): any {
  return differences(f, args, argnum, h, "central");
}

/**
 * One-sided differences (forward: (f(x+h) - f(x)) / h, backward: (f(x) - f(x-h)) / h). Only used to
 * check that the corpus inputs are away from kinks: there forward and backward differences disagree.
 */
export function oneSidedDiff(f: (...a: any[]) => number, args: readonly unknown[], argnum: number, h: number, side: "forward" | "backward"): any {
  return differences(f, args, argnum, h, side);
}

function differences(f: (...a: any[]) => number, args: readonly unknown[], argnum: number | readonly number[], h: number, scheme: "central" | "forward" | "backward"): any {
  if (Array.isArray(argnum)) return argnum.map((a) => differences(f, args, a, h, scheme));
  const an = argnum as number;
  const x0 = args[an];
  const leaves = leafPaths(x0);
  const grads = leaves.map(({ path, f32 }) => {
    const v = getAt(x0, path);
    const step = (f32 ? Math.max(h, F32_STEP) : h) * Math.max(1, Math.abs(v));
    const plus = deepCopy(args as unknown[]);
    const minus = deepCopy(args as unknown[]);
    const vp = setAt(plus, an, path, scheme === "backward" ? v : v + step);
    const vm = setAt(minus, an, path, scheme === "forward" ? v : v - step);
    const fp = f(...plus);
    const fm = f(...minus);
    if (typeof fp !== "number" || typeof fm !== "number") throw new Error(`finiteDiff: f returned ${describe(fp)}`);
    return (fp - fm) / (vp - vm);
  });
  return unflatten(x0, grads);
}

export function describe(x: unknown): string {
  if (x === null) return "null";
  if (x === undefined) return "undefined";
  if (typeof x === "number") return `number ${x}`;
  if (x instanceof Float64Array) return `Float64Array(${x.length})`;
  if (x instanceof Float32Array) return `Float32Array(${x.length})`;
  if (Array.isArray(x)) return `Array(${x.length})`;
  if (typeof x === "object") return (x as object).constructor?.name ?? "object";
  return typeof x;
}

/** Type tag used for shape comparison. */
export function kindOf(x: unknown): string {
  if (typeof x === "number") return "number";
  if (x instanceof Float64Array) return "Float64Array";
  if (x instanceof Float32Array) return "Float32Array";
  if (Array.isArray(x)) return "Array";
  if (x === null) return "null";
  if (typeof x === "object") return "object"; // gradients of objects and class instances are plain objects
  return typeof x;
}

/** Readable rendering of a (nested) value for assertion messages. */
export function show(x: unknown): string {
  if (typeof x === "number") return Object.is(x, -0) ? "-0" : String(x);
  if (x instanceof Float64Array || x instanceof Float32Array) return `${kindOf(x)}[${Array.from(x, (v) => show(v)).join(", ")}]`;
  if (Array.isArray(x)) return `[${x.map(show).join(", ")}]`;
  if (isObject(x)) return `{ ${Object.keys(x).map((k) => `${k}: ${show(x[k])}`).join(", ")} }`;
  return String(x);
}

export interface Tolerance {
  rtol?: number;
  atol?: number;
}

/** Mismatches between actual and expected: type, shape and |a - e| <= atol + rtol·|e| per leaf. */
export function gradMismatches(actual: unknown, expected: unknown, { rtol = 1e-5, atol = 1e-7 }: Tolerance = {}): string[] {
  const problems: string[] = [];
  const walk = (a: unknown, e: unknown, where: string): void => {
    const ka = kindOf(a);
    const ke = kindOf(e);
    if (ka !== ke) {
      problems.push(`${where}: expected a ${ke}, got ${describe(a)}`);
      return;
    }
    if (isObject(e)) {
      const ka2 = Object.keys(a as object).sort().join(",");
      const ke2 = Object.keys(e).sort().join(",");
      if (ka2 !== ke2) problems.push(`${where}: fields {${ka2}}, expected {${ke2}}`);
      else for (const k of Object.keys(e)) walk((a as any)[k], e[k], `${where}.${k}`);
      return;
    }
    if (e === null) return;
    if (typeof e === "number") {
      const av = a as number;
      const ok = Number.isNaN(e) ? Number.isNaN(av) : Number.isFinite(av) && Math.abs(av - e) <= atol + rtol * Math.abs(e);
      if (!ok) problems.push(`${where}: ${av} vs expected ${e} (diff ${Math.abs(av - e).toExponential(2)})`);
      return;
    }
    const aa = a as ArrayLike<unknown>;
    const ee = e as ArrayLike<unknown>;
    if (aa.length !== ee.length) {
      problems.push(`${where}: length ${aa.length}, expected ${ee.length}`);
      return;
    }
    for (let i = 0; i < ee.length; i++) walk(aa[i], ee[i], `${where}[${i}]`);
  };
  walk(actual, expected, "gradient");
  return problems;
}

/** Asserts actual ≈ expected with the same type and shape; the message lists every mismatch. */
export function expectGradClose(actual: unknown, expected: unknown, tol: Tolerance = {}, context = ""): void {
  const problems = gradMismatches(actual, expected, tol);
  if (problems.length > 0) {
    throw new Error(
      `${context ? context + "\n" : ""}gradient mismatch:\n  ${problems.join("\n  ")}\n  actual:   ${show(actual)}\n  expected: ${show(expected)}`,
    );
  }
}

/** Exact equality of numbers: ===, except that NaN equals NaN (0 and -0 are equal, as for ===). */
export function sameNumber(a: unknown, b: unknown): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** Exact structural equality (same types, same lengths, sameNumber on leaves), for "left as f leaves it". */
export function exactMismatches(actual: unknown, expected: unknown, where = "value"): string[] {
  const problems: string[] = [];
  const walk = (a: unknown, e: unknown, w: string): void => {
    const ka = kindOf(a);
    const ke = kindOf(e);
    if (ka !== ke) {
      problems.push(`${w}: expected a ${ke}, got ${describe(a)}`);
      return;
    }
    if (ka === "Array" || ka === "Float64Array" || ka === "Float32Array") {
      const aa = a as ArrayLike<unknown>;
      const ee = e as ArrayLike<unknown>;
      if (aa.length !== ee.length) {
        problems.push(`${w}: length ${aa.length}, expected ${ee.length}`);
        return;
      }
      for (let i = 0; i < ee.length; i++) walk(aa[i], ee[i], `${w}[${i}]`);
      return;
    }
    if (isObject(e)) {
      if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(e)) problems.push(`${w}: prototype changed`);
      const ka2 = Object.keys(a as object).join(",");
      if (ka2 !== Object.keys(e).join(",")) problems.push(`${w}: fields {${ka2}}, expected {${Object.keys(e).join(",")}}`);
      else for (const k of Object.keys(e)) walk((a as any)[k], e[k], `${w}.${k}`);
      return;
    }
    if (!sameNumber(a, e)) problems.push(`${w}: ${show(a)} vs expected ${show(e)}`);
  };
  walk(actual, expected, where);
  return problems;
}

/** True when any leaf of x lives in a Float32Array (so FD needs the looser float32 tolerance). */
export function hasFloat32(x: unknown): boolean {
  if (x instanceof Float32Array) return true;
  if (Array.isArray(x)) return x.some(hasFloat32);
  if (isObject(x)) return Object.values(x).some(hasFloat32);
  return false;
}
