// Run-time checks of jvp(f, primals, tangents) (forward mode): what the user passes must match.
// A tangent has exactly the shape of its primal: a number for a number, an array of the same
// length (and nesting) for an array, and for an object (or class instance, or array of objects)
// an object of the same structure: a number or array at every place the argument holds one; at
// places holding no numbers (strings, booleans, functions, null, undefined) anything, not read.
import { AdcRuntimeError, checkArg, snapshot } from "./shapes.js";

/** primals and tangents are arrays with one entry per argument of f. */
export function checkJvp(primals: unknown, tangents: unknown, fname: string): void {
  if (!Array.isArray(primals) || !Array.isArray(tangents)) {
    throw new AdcRuntimeError("ADC_R200", `jvp(${fname}, primals, tangents) takes two arrays, one entry per argument of ${fname}`);
  }
  if (primals.length !== tangents.length) {
    throw new AdcRuntimeError("ADC_R200", `jvp(${fname}, primals, tangents): ${primals.length} primal(s) but ${tangents.length} tangent(s)`);
  }
}

/**
 * The tangent of argument i, checked against its primal (itself checked to be what f was compiled
 * for); a copy when f writes into the argument (the generated code then writes into the tangent
 * too, and the caller's stays as given). An argument left undefined (a default applies) has no
 * tangent: 0 for a number, and an array's is made where the default is.
 */
export function checkTangent(primal: unknown, tangent: unknown, fname: string, i: number, expect: "number" | "array" | "object", copy = false, path?: string): any {
  if (expect === "object") {
    // an object argument: its whole structure, once, before its leaves are read (ADC_R205)
    const problem = structureMismatch(primal, tangent, "");
    if (problem) throw new AdcRuntimeError("ADC_R205", `jvp(${fname}): the tangent of argument ${i} must have the structure of the argument (a number or array wherever it holds one): ${problem}`);
    return tangent;
  }
  if (primal === undefined) return expect === "number" ? 0 : undefined;
  checkArg(primal, fname, i, expect, path);
  const problem = mismatch(primal, tangent, path ?? "");
  if (problem) throw new AdcRuntimeError("ADC_R201", `jvp(${fname}): the tangent of argument ${i} must have the shape of the argument: ${problem}`);
  return copy ? snapshot(tangent) : tangent;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !ArrayBuffer.isView(x) && !Array.isArray(x);

/** Why t does not have p's structure (null when it does): objects, arrays of objects, numeric leaves. */
export function structureMismatch(p: unknown, t: unknown, at: string): string | null {
  if (typeof p === "number" || p instanceof Float64Array || p instanceof Float32Array) return mismatch(p, t, at);
  if (Array.isArray(p)) {
    if (!isArrayLike(t)) return `${at || "it"} is an array but its tangent is ${describeT(t)}`;
    if (p.length !== t.length) return `${at || "it"} has length ${p.length} but its tangent ${t.length}`;
    for (let k = 0; k < p.length; k++) {
      const m = structureMismatch(p[k], t[k], `${at}[${k}]`);
      if (m) return m;
    }
    return null;
  }
  if (isObject(p)) {
    if (!isObject(t)) return `${at || "it"} is an object but its tangent is ${describeT(t)}`;
    for (const k of Object.keys(p)) {
      const m = structureMismatch(p[k], t[k], `${at}.${k}`);
      if (m) return m;
    }
  }
  return null; // holds no numbers: its tangent is not read
}

function describeT(t: unknown): string {
  return t === null ? "null" : t === undefined ? "missing" : Array.isArray(t) ? "an array" : ArrayBuffer.isView(t) ? "a typed array" : typeof t === "object" ? "an object" : `a ${typeof t}`;
}

function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || x instanceof Float64Array || x instanceof Float32Array;
}

/** Why t is not shaped like p (null when it is); also used by runtime/higher.ts. */
export function mismatch(p: unknown, t: unknown, at: string): string | null {
  if (typeof p === "number") return typeof t === "number" ? null : `${at || "it"} is a number but its tangent is ${t === null ? "null" : t === undefined ? "missing" : typeof t}`;
  if (isArrayLike(p)) {
    if (!isArrayLike(t)) return `${at || "it"} is an array but its tangent is not`;
    if (p.length !== t.length) return `${at || "it"} has length ${p.length} but its tangent ${t.length}`;
    for (let k = 0; k < p.length; k++) {
      if (typeof p[k] === "number" || isArrayLike(p[k])) {
        const m = mismatch(p[k], t[k], `${at}[${k}]`);
        if (m) return m;
      }
    }
    return null;
  }
  return `${at || "it"} is not a number or an array of numbers`;
}
