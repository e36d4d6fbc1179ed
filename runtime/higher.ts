// Stores for higher-order derivatives (forward over reverse: hvp, hessian, grad(grad(f))).
// The tangent of reverse-sweep code needs, beside each run-time store the sweeps use, a store of
// the tangents of what it holds: `$values.push(v)` also pushes vd on `$values_1`, `$values.pop()`
// pops both; `$refs` gets `$refs_1` (tangent arrays), `$adjoints` gets `$adjoints_1`. A tangent
// function of level L returns its result's tangent in `$ret_L[0]`. A further level of nesting
// differentiates that code again and gets stores of its own (`$values_2`, `$values_1_2`, ...):
// they are made on first use, by name, and shared by all generated code.
import { RefStack, ValueStack } from "./stack.js";
import { AdcRuntimeError, checkArg, snapshot, zerosLike } from "./shapes.js";
import { mismatch, structureMismatch } from "./tangent.js";

type Store = ValueStack | RefStack | Float64Array;
const stores = new Map<string, Store>();

/** The named store of the given kind, made on first use. */
export function store(kind: "values", name: string): ValueStack;
export function store(kind: "refs", name: string): RefStack;
export function store(kind: "scalars", name: string): Float64Array;
export function store(kind: "values" | "refs" | "scalars", name: string): Store {
  let s = stores.get(name);
  if (!s) {
    s = kind === "values" ? new ValueStack() : kind === "refs" ? new RefStack() : new Float64Array(256);
    stores.set(name, s);
  }
  return s;
}

/** The tops of all stacks, to drop what an aborted sweep left (see resetTops). */
export function stackTops(): Map<Store, number> {
  const out = new Map<Store, number>();
  for (const s of stores.values()) if (!(s instanceof Float64Array)) out.set(s, s.top);
  return out;
}

export function resetTops(tops: Map<Store, number>): void {
  for (const s of stores.values()) {
    if (s instanceof Float64Array) continue;
    const top = tops.get(s) ?? 0;
    if (s instanceof RefStack) while (s.top > top) s.pop();
    else s.top = top;
  }
}

/** The direction v of hvp(f)(...args, v): shaped like the argument it goes with; a copy (the sweeps may write into it). */
export function checkDirection(arg: unknown, v: unknown, fname: string, i: number, expect: "number" | "array"): any {
  checkArg(arg, fname, i, expect);
  const problem = mismatch(arg, v, "");
  if (problem) throw new AdcRuntimeError("ADC_R230", `hvp(${fname}): the direction v must have the shape of argument ${i}: ${problem}`);
  return snapshot(v);
}

/** The unit directions e_0 ... e_{n-1} shaped like a (n: its number of entries, in depth-first order): a hessian's rows. */
export function units(a: any): any[] {
  const out: any[] = [];
  const n = count(a);
  for (let k = 0; k < n; k++) {
    const e = zerosLike(a);
    setLeaf(e, k);
    out.push(e);
  }
  return out;
}

/** The direction v of hvp(f)(...args, v) for an object argument: of the argument's structure (ADC_R231); a copy. */
export function checkObjectDirection(arg: unknown, v: unknown, fname: string, i: number): any {
  const problem = structureMismatch(arg, v, "");
  if (problem) throw new AdcRuntimeError("ADC_R231", `hvp(${fname}): the direction v must have the structure of argument ${i} (a number or array wherever it holds one): ${problem}`);
  return snapshot(v);
}

/** The entries of an array or the fields of an object holding numbers (depth first, Object.keys order). */
function entries(a: any): [string | number, any][] {
  if (Array.isArray(a) || a instanceof Float64Array || a instanceof Float32Array) return Array.from({ length: a.length }, (_, i) => [i, a[i]]);
  return a !== null && typeof a === "object" ? Object.keys(a).map((k) => [k, a[k]]) : [];
}

function count(a: any): number {
  if (typeof a === "number") return 1;
  let n = 0;
  for (const [, x] of entries(a)) n += count(x);
  return n;
}

/** Sets the k-th number (depth-first) of e to 1; returns how many numbers it passed, or -1 once set. */
function setLeaf(e: any, k: number): number {
  let seen = 0;
  for (const [i, x] of entries(e)) {
    if (typeof x === "number") {
      if (seen === k) {
        e[i] = 1;
        return -1;
      }
      seen++;
    } else {
      const r = setLeaf(x, k - seen);
      if (r < 0) return -1;
      seen += r;
    }
  }
  return seen;
}
