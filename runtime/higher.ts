// Stores for higher-order derivatives (forward over reverse: hvp, hessian, grad(grad(f))).
// The tangent of reverse-sweep code needs, beside each run-time store the sweeps use, a store of
// the tangents of what it holds: `$values.push(v)` also pushes vd on `$values_1`, `$values.pop()`
// pops both; `$refs` gets `$refs_1` (tangent arrays), `$adjoints` gets `$adjoints_1`. A tangent
// function of level L returns its result's tangent in `$ret_L[0]`. A further level of nesting
// differentiates that code again and gets stores of its own (`$values_2`, `$values_1_2`, ...):
// they are made on first use, by name, and shared by all generated code.
import { RefStack, ValueStack } from "./stack.js";
import { AdcRuntimeError, checkArg } from "./shapes.js";

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

/** The direction v of hvp(f)(...args, v): shaped like the argument it goes with. */
export function checkDirection(arg: unknown, v: unknown, fname: string, i: number, expect: "number" | "array"): any {
  checkArg(arg, fname, i, expect);
  if (expect === "number") {
    if (typeof v !== "number") throw new AdcRuntimeError("ADC_R230", `hvp(${fname}): the direction for argument ${i} must be a number, like the argument`);
    return v;
  }
  const a = arg as ArrayLike<unknown>;
  const d = v as ArrayLike<unknown>;
  if (!d || typeof d !== "object" || typeof d.length !== "number" || d.length !== a.length) {
    throw new AdcRuntimeError("ADC_R230", `hvp(${fname}): the direction for argument ${i} must be an array of length ${a.length}, like the argument`);
  }
  for (let k = 0; k < a.length; k++) {
    if (typeof a[k] === "number" && typeof d[k] !== "number") throw new AdcRuntimeError("ADC_R230", `hvp(${fname}): element ${k} of the direction is not a number`);
    if (typeof a[k] !== "number") throw new AdcRuntimeError("ADC_R231", `hvp(${fname}): argument ${i} must be a flat array of numbers (element ${k} is not a number)`);
  }
  return (d as any).slice();
}

/** The unit vector e_k shaped like the array a (a hessian row's direction). */
export function unitLike(a: ArrayLike<number>, k: number): any {
  const e = a instanceof Float64Array ? new Float64Array(a.length) : a instanceof Float32Array ? new Float32Array(a.length) : new Array(a.length).fill(0);
  e[k] = 1;
  return e;
}
