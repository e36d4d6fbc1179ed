// The Jacobian driver shared by `jacobian(f, argnum)` compiled by adc build and at run time
// (index.ts): given f's vjp (compiler/transform/vjp.ts) and jvp (compiler/transform/tangent), the m
// rows of the Jacobian of f's value (an array of m numbers) with respect to argument argnum (n
// numbers), row i shaped like the argument. n <= m: n forward sweeps along unit tangents, columns
// transposed into rows; n > m: m pullbacks of unit cotangents. A number-valued f gives its gradient.
// An object argument (plain object, class instance, tuple, array of objects) has n = its number
// leaves, depth first; its rows are gradient objects (zerosLike: null at leaves without numbers).
import { AdcRuntimeError, zerosLike } from "./shapes.js";
import { copyArg } from "./vjp.js";

type VjpFn = (...args: any[]) => [any, (ct: any) => any[]];
type JvpFn = (primals: any[], tangents: any[]) => [any, any];
export type JacobianMode = "auto" | "forward" | "reverse";

const isArrayLike = (x: unknown): x is ArrayLike<any> => Array.isArray(x) || x instanceof Float64Array || x instanceof Float32Array;
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !ArrayBuffer.isView(x) && !Array.isArray(x);
type Path = (number | string)[];

/**
 * jacobian(f, argnum, mode): the function of f's arguments giving the rows. mode forces the sweeps
 * (tests). argnum a list ([0, 1]): one Jacobian per listed argument, all at the arguments as given
 * (f's value is computed once on the caller's arguments, the others on copies taken before).
 */
export function jacobianOf(vjp: VjpFn, jvp: JvpFn, argnum: number | number[], fname: string, mode: JacobianMode = "auto"): (...args: any[]) => any {
  if (mode !== "auto" && mode !== "forward" && mode !== "reverse") throw new AdcRuntimeError("ADC_R263", `jacobian(${fname}): mode must be "auto", "forward" or "reverse", got ${JSON.stringify(mode)}`);
  const ks = Array.isArray(argnum) ? argnum : [argnum];
  if (!ks.length || !ks.every((k) => Number.isInteger(k) && k >= 0)) throw new AdcRuntimeError("ADC_R263", `jacobian(${fname}): argnum must be a non-negative integer or a non-empty list of them, got ${JSON.stringify(argnum)}`);
  if (!Array.isArray(argnum)) return (...args: any[]) => jacobianAt(vjp, jvp, args, argnum, fname, mode);
  return (...args: any[]) => {
    const given = args.map(copyArg);
    return ks.map((k, i) => jacobianAt(vjp, jvp, i === 0 ? args : given.map(copyArg), k, fname, mode));
  };
}

function jacobianAt(vjp: VjpFn, jvp: JvpFn, args: any[], k: number, fname: string, mode: JacobianMode): any {
  const x = args[k];
  if (typeof x !== "number" && !isArrayLike(x) && !isObject(x)) throw new AdcRuntimeError("ADC_R262", `jacobian(${fname}): argument ${k} is ${describe(x)}; the Jacobian is taken with respect to a number, an array of numbers or an object holding numbers`);
  const given = args.map(copyArg);
  // one vjp first: the value (hence m), and the arguments left as f leaves them
  const [value, pullback] = vjp(...args);
  const paths = leafPaths(given[k]);
  const n = paths.length;
  if (typeof value === "number") {
    if (mode !== "forward") return pullback(1)[k];
    const g = zerosLike(given[k]);
    const cols = columns(jvp, given, k, paths);
    return typeof g === "number" ? cols[0] : (paths.forEach((p, j) => setAt(g, p, cols[j])), g);
  }
  if (!isArrayLike(value) || !allNumbers(value)) {
    throw new AdcRuntimeError("ADC_R262", `jacobian(${fname}): ${fname} returned ${describe(value)}; the Jacobian needs a number or a flat array (or typed array) of numbers`);
  }
  const m = value.length;
  if (mode === "reverse" || (mode === "auto" && n > m)) {
    const rows: any[] = [];
    for (let i = 0; i < m; i++) {
      const e = zerosLike(value);
      e[i] = 1;
      rows.push(pullback(e)[k]);
    }
    return rows;
  }
  const cols = columns(jvp, given, k, paths);
  const rows: any[] = [];
  for (let i = 0; i < m; i++) {
    if (typeof given[k] === "number") rows.push(cols[0][i]);
    else {
      const r = zerosLike(given[k]);
      paths.forEach((p, j) => setAt(r, p, cols[j][i]));
      rows.push(r);
    }
  }
  return rows;
}

/** The derivative of f along each unit direction of argument k, each sweep on fresh copies of the arguments as given. */
function columns(jvp: JvpFn, given: any[], k: number, paths: Path[]): any[] {
  return paths.map((p) => {
    // zero tangents for the other arguments: objects get one of their structure (jvp checks it)
    const tangents = given.map((a) => (typeof a === "number" || isArrayLike(a) || isObject(a) ? zerosLike(a) : undefined));
    if (p.length === 0) tangents[k] = 1;
    else setAt(tangents[k], p, 1);
    return jvp(given.map(copyArg), tangents)[1];
  });
}

/** Every entry a number (holes of sparse arrays are not). */
function allNumbers(a: ArrayLike<unknown>): boolean {
  for (let i = 0; i < a.length; i++) if (typeof a[i] !== "number") return false;
  return true;
}

/** Paths of the numbers in x (indices and field names), depth first ([[]] for a number). */
function leafPaths(x: any, at: Path = [], out: Path[] = []): Path[] {
  if (typeof x === "number") out.push(at);
  else if (isArrayLike(x)) for (let i = 0; i < x.length; i++) leafPaths(x[i], [...at, i], out);
  else if (isObject(x)) for (const key of Object.keys(x)) leafPaths(x[key], [...at, key], out);
  return out;
}

function setAt(x: any, path: Path, v: number): void {
  for (let d = 0; d < path.length - 1; d++) x = x[path[d]];
  x[path[path.length - 1]] = v;
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array holding something other than numbers";
  if (typeof x === "object") return (x as object).constructor?.name ?? "an object";
  return typeof x;
}
