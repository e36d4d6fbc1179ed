// The call tape: how generated code differentiates a call whose callee is known only at run time
// (a function passed as an argument, an import that was not compiled) or declared with a rule.
//   forward:  y = tapeCall(h, [x, a])        resolves h (registry.ts), computes y, pushes the pullback
//   reverse:  d = tapeBack(ȳ, [null, ā])     pops the pullback, adds array gradients into the given
//                                              shadows, returns the number gradients (d[0] here)
// The pullback goes on the shared reference stack, so it interleaves LIFO with everything else
// the sweeps record. Dynamic callees must not write into their arguments.
import { AdcRuntimeError, addInto } from "./shapes.js";
import { refs } from "./stack.js";
import { vjpOf } from "./registry.js";

export function tapeCall(fn: unknown, args: unknown[]): number {
  const { value, back } = vjpOf(fn)(args);
  if (typeof value !== "number") {
    throw new AdcRuntimeError("ADC_R005", `${(fn as Function).name || "a function"} called from differentiated code returned ${value === null ? "null" : Array.isArray(value) || ArrayBuffer.isView(value) ? "an array" : typeof value}; a call resolved at run time must return a number`);
  }
  refs.push(back);
  return value;
}

export function tapeBack(dy: number, shadows: unknown[]): unknown[] {
  const grads = refs.pop<(dy: number) => unknown[]>()(dy);
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
