// Shapes of differentiable values: a gradient has exactly the shape and type of its argument.
// number -> number, number[] -> number[], Float64Array -> Float64Array, Float32Array -> Float32Array,
// nested arrays -> the same nesting. Also the run-time checks on what users pass in and get out.

export type Differentiable = number | number[] | Float64Array | Float32Array | Differentiable[];

export class AdcRuntimeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = "AdcRuntimeError";
  }
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  if (typeof x === "object") return (x as object).constructor?.name ?? "an object";
  return typeof x;
}

/**
 * A zero of the same shape and type as x (the shadow, or gradient accumulator, of x). Objects and
 * class instances give plain objects with the same fields; inside them, a leaf that holds no
 * numbers (a string, boolean, function, null or undefined) has the placeholder null.
 */
export function zerosLike(x: any): any {
  if (typeof x === "number") return 0;
  if (x instanceof Float64Array) return new Float64Array(x.length);
  if (x instanceof Float32Array) return new Float32Array(x.length);
  if (Array.isArray(x)) {
    const out = new Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = typeof x[i] === "number" || x[i] === undefined ? 0 : isStructured(x[i]) ? zerosLike(x[i]) : null;
    return out;
  }
  if (isStructured(x)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x)) out[k] = isStructured(x[k]) || typeof x[k] === "number" ? zerosLike(x[k]) : null;
    return out;
  }
  throw new AdcRuntimeError("ADC_R001", `cannot differentiate with respect to ${describe(x)}: expected a number, number[], Float64Array, Float32Array or nested arrays of numbers`);
}

function isStructured(x: unknown): boolean {
  return typeof x === "object" && x !== null && (Array.isArray(x) || x instanceof Float64Array || x instanceof Float32Array || !ArrayBuffer.isView(x));
}

/** The leaf at path in x, where null in the path maps over an array of objects (p.layers[*].W). */
export function gather(x: any, path: (string | null)[], k = 0): any {
  if (k === path.length) return x;
  const s = path[k];
  if (s === null) {
    const out = new Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = gather(x[i], path, k + 1);
    return out;
  }
  return gather(x == null ? undefined : x[s], path, k + 1);
}

/**
 * The inverse of gather for numbers: writes v (arrays of them under null steps) at path in the
 * gradient x, where x holds a number (a field the argument lacks keeps no gradient).
 */
export function scatter(x: any, path: (string | null)[], v: any, k = 0): void {
  if (x == null) return;
  const s = path[k];
  if (s === null) {
    for (let i = 0; i < x.length; i++) scatter(x[i], path, v[i], k + 1);
    return;
  }
  if (k === path.length - 1) {
    if (typeof x[s] === "number") x[s] = v;
  } else scatter(x[s], path, v, k + 1);
}

/** A deep copy of x, to put an argument back as the original function left it. */
export function snapshot(x: any): any {
  if (x instanceof Float64Array || x instanceof Float32Array) return x.slice();
  if (Array.isArray(x)) return x.map(snapshot);
  return x;
}

/** Copy the contents of src (a snapshot) back into dst, in place. */
export function restore(dst: any, src: any): void {
  if (dst instanceof Float64Array || dst instanceof Float32Array) {
    dst.set(src);
    return;
  }
  if (Array.isArray(dst)) {
    dst.length = src.length;
    for (let i = 0; i < src.length; i++) {
      const s = src[i];
      if (typeof s === "object" && s !== null && dst[i] !== null && typeof dst[i] === "object") restore(dst[i], s);
      else dst[i] = s;
    }
  }
}

/** The differentiated function must return a number. */
export function checkResult(v: unknown, fname: string): number {
  if (typeof v !== "number") {
    throw new AdcRuntimeError("ADC_R002", `${fname} must return a number to be differentiated, but returned ${describe(v)}`);
  }
  return v;
}

/**
 * A differentiated argument must be what the gradient was compiled for: a number, or an array of
 * numbers (number[], Float64Array, Float32Array, nested arrays).
 */
export function checkArg(x: unknown, fname: string, index: number, expect?: "number" | "array", path?: string): void {
  if (path && x === undefined) return; // a field the argument lacks: f sees undefined, as without adc
  const isNumber = typeof x === "number";
  const isArray = x instanceof Float64Array || x instanceof Float32Array || Array.isArray(x);
  if ((expect === "number" && isNumber) || (expect === "array" && isArray) || (!expect && (isNumber || isArray))) return;
  const wanted = expect === "number" ? "a number" : expect === "array" ? "an array of numbers (number[], Float64Array, Float32Array or nested arrays)" : "a number or an array of numbers";
  const what = path ? `field ${path} of argument ${index}` : `argument ${index}`;
  throw new AdcRuntimeError("ADC_R003", `${what} of ${fname} is ${describe(x)}, but its gradient was compiled for ${wanted}`);
}

/** Sum of all entries of a (possibly nested) array: the adjoint of a fill value. */
export function sumAll(x: any): number {
  let s = 0;
  if (typeof x === "number") return x;
  for (let i = 0; i < x.length; i++) s += typeof x[i] === "number" ? x[i] : sumAll(x[i]);
  return s;
}

/** dst += src, element-wise and deep: the adjoint of a copy. */
export function addInto(dst: any, src: any): void {
  for (let i = 0; i < src.length; i++) {
    if (typeof src[i] === "number") dst[i] += src[i];
    else addInto(dst[i], src[i]);
  }
}

/**
 * An argument (or a part of one) whose methods were compiled from class C must be an instance of
 * exactly C: a subclass or another class with the same method names would run other code than the
 * code that was differentiated. `many`: x is an array of such objects.
 */
export function checkClass(x: unknown, C: Function, fname: string, index: number, path: string, many = false): void {
  const items = many ? (x as unknown[]) : [x];
  for (const o of items) {
    if (o !== null && typeof o === "object" && Object.getPrototypeOf(o) === C.prototype) continue;
    const got = o !== null && typeof o === "object" ? (o as object).constructor?.name ?? "an object" : typeof o;
    throw new AdcRuntimeError("ADC_R006", `${path ? `field ${path} of argument ${index}` : `argument ${index}`} of ${fname} is ${got}, but its gradient was compiled for the methods of class ${C.name}: pass a ${C.name} (a subclass may override them)`);
  }
}

/**
 * f writes into the arrays at positions `written`: none of them may share storage with another
 * array argument (or field), since the gradient keeps one adjoint per argument and would split the
 * derivative of the shared storage between them.
 */
export function checkNoAlias(fname: string, arrays: unknown[], labels: string[], written: number[]): void {
  const storage = (a: unknown): unknown => (ArrayBuffer.isView(a) ? (a as ArrayBufferView).buffer : a);
  for (const w of written) {
    for (let j = 0; j < arrays.length; j++) {
      if (j === w || arrays[j] == null || arrays[w] == null) continue;
      if (storage(arrays[j]) === storage(arrays[w]) || (Array.isArray(arrays[w]) && Array.isArray(arrays[j]) && sharesRow(arrays[w] as unknown[], arrays[j] as unknown[]))) {
        throw new AdcRuntimeError("ADC_R008", `${labels[w]} and ${labels[j]} of ${fname} share storage, and ${fname} writes into ${labels[w]}: adc keeps one adjoint per argument, so the derivative would be split between them; pass separate copies`);
      }
    }
  }
}

function sharesRow(a: unknown[], b: unknown[]): boolean {
  for (const x of a) if (typeof x === "object" && x !== null && b.includes(x)) return true;
  return false;
}
