// The call tape: how generated code differentiates a call whose callee is known only at run time
// (a function passed as an argument, an import that was not compiled), declared with a rule, or a
// gradient grad(h) called inside differentiated code (its rule is an H·v product, transform/higher).
//   forward:  y = tapeCall(h, [x, a])        resolves h (registry.ts), computes y, pushes the pullback
//   reverse:  d = tapeBack(ȳ, [null, ā], "01")  pops the pullback, adds array gradients into the given
//                                              shadows, returns the number gradients (d[0] here);
//                                              "01" says which arguments carry a derivative
// A call whose result is an array (`tapeCall(h, args, true)`) also pushes the result's shadow ȳ,
// which the caller pops as the adjoint of its target; the pullback reads it in the reverse sweep.
// The result is a copy: it aliases nothing the caller has (analyze/activity.ts relies on it).
// Everything goes on the shared reference stack, so it interleaves LIFO with what the sweeps record.
// Dynamic callees must not write into their arguments.
import { AdcRuntimeError, addInto, snapshot, zerosLike } from "./shapes.js";
import { refs } from "./stack.js";
import { vjpOf } from "./registry.js";

type Back = (dy: any, wanted?: string) => unknown[];

const isArray = (v: unknown) => Array.isArray(v) || v instanceof Float64Array || v instanceof Float32Array;

export function tapeCall(fn: unknown, args: unknown[], array = false): any {
  const { value, back } = vjpOf(fn)(args);
  if (array ? !isArray(value) : typeof value !== "number") {
    const got = value === null ? "null" : isArray(value) || ArrayBuffer.isView(value) ? "an array" : typeof value;
    throw new AdcRuntimeError("ADC_R005", `${(fn as Function).name || "a function"} called from differentiated code returned ${got}; the differentiated code expects ${array ? "an array of numbers" : "a number"} there${array ? "" : " (for an array, annotate the callee's return type: (v: number[]) => number[])"}`);
  }
  if (!array) {
    refs.push(back);
    return value;
  }
  // the caller may write into the result: a copy, so it is never an argument's storage (nor a row of one)
  const y = snapshot(value);
  const yb = zerosLike(y);
  refs.push(((_: number, wanted?: string) => back(yb, wanted)) as Back);
  refs.push(yb);
  return y;
}

export function tapeBack(dy: number, shadows: unknown[], wanted?: string): unknown[] {
  const grads = refs.pop<Back>()(dy, wanted);
  const out = new Array(grads.length);
  for (let i = 0; i < grads.length; i++) {
    const g = grads[i];
    if (shadows[i] != null) {
      if (g != null) addInto(shadows[i], g);
      out[i] = 0;
    } else out[i] = typeof g === "number" ? g : 0;
  }
  return out;
}
