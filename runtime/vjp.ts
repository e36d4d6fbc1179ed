// Run-time checks of vjp(f, ...args) (compiler/transform/vjp.ts): the arguments at vjp time, and
// the cotangent each pullback call receives, which must have exactly the shape of f's value.
import { AdcRuntimeError, checkArg, snapshot } from "./shapes.js";
import { mismatch } from "./tangent.js";
import { vjpOf } from "./registry.js";

/**
 * A differentiated argument as given to vjp (checked to be what f was compiled for), copied so
 * that later pullbacks see it as it was even if f or the caller changes it. undefined passes as
 * is for a parameter with a default value (`optional`).
 */
export function vjpArg(x: unknown, fname: string, i: number, expect: "number" | "array", optional = false): any {
  if (x === undefined && optional) return undefined;
  checkArg(x, fname, i, expect);
  return snapshot(x);
}

/** The cotangent ct of a pullback, shaped like f's value (a number for a number, same lengths and nesting for arrays). */
export function checkCotangent(value: unknown, ct: unknown, fname: string): void {
  if (typeof value !== "number" && !(Array.isArray(value) || value instanceof Float64Array || value instanceof Float32Array)) {
    throw new AdcRuntimeError("ADC_R261", `vjp(${fname}): ${fname} returned ${value === null ? "null" : typeof value === "object" ? "an object" : typeof value === "undefined" ? "undefined" : typeof value}; vjp needs a function that returns a number or an array of numbers`);
  }
  const problem = mismatch(value, ct, "");
  if (problem) throw new AdcRuntimeError("ADC_R260", `vjp(${fname}): the cotangent must have the shape of ${fname}'s value: ${problem.replace(/tangent/g, "cotangent")}`);
}

/**
 * A deep copy of an argument holding objects (vjp of a function with object parameters): arrays,
 * typed arrays, plain objects and class instances (same prototype, own fields copied); functions
 * and other values as they are.
 */
export function copyArg(x: any): any {
  if (x instanceof Float64Array || x instanceof Float32Array) return x.slice();
  if (Array.isArray(x)) return x.map(copyArg);
  if (typeof x === "object" && x !== null && !ArrayBuffer.isView(x)) {
    const out = Object.create(Object.getPrototypeOf(x));
    for (const k of Object.keys(x)) out[k] = copyArg(x[k]);
    return out;
  }
  return x;
}

/** ct times a gradient (numbers, arrays, typed arrays, gradient objects; null stays null), in place. */
export function scaleGrad(g: any, ct: number): any {
  if (typeof g === "number") return g * ct;
  if (g === null || typeof g !== "object" || ct === 1) return g;
  if (g instanceof Float64Array || g instanceof Float32Array || Array.isArray(g)) {
    for (let i = 0; i < g.length; i++) g[i] = scaleGrad(g[i], ct);
    return g;
  }
  for (const k of Object.keys(g)) g[k] = scaleGrad(g[k], ct);
  return g;
}

/**
 * vjp of a function with a declared rule: a primitive(), or a gradient grad(h) called as
 * vjp(grad(h), ...args), whose rule is an H·v product (compiler/transform/higher/inner.ts). The
 * pullback may be called any number of times: the rules read the arguments as they were given.
 */
export function vjpOfRule(fn: Function, args: unknown[], fname: string): [unknown, (ct: unknown) => unknown[]] {
  const { value, back } = vjpOf(fn)(args);
  return [
    value,
    (ct) => {
      checkCotangent(value, ct, fname);
      return back(ct);
    },
  ];
}
