// Closures made by factories that adc compiled (compiler/transform/factories.ts): the factory keeps
// a getter of the values each closure captures, and the gradient appends them to the arguments
// (jvp: g takes (primals, tangents), arity 2, then the captured values).
import { AdcRuntimeError } from "./shapes.js";

const captured = new WeakMap<Function, () => unknown[]>();

/** Called by an instrumented factory on the closure it returns. */
export function closure<F extends Function>(fn: F, get: () => unknown[]): F {
  captured.set(fn, get);
  return fn;
}

/** The gradient g of a lifted closure, called with fn's arguments followed by fn's captured values. */
export function withCaptures(fn: unknown, g: (...args: any[]) => any, arity: number, factory: string, what = "grad"): (...args: any[]) => any {
  const get = typeof fn === "function" ? captured.get(fn) : undefined;
  if (!get) {
    throw new AdcRuntimeError("ADC_R007", `${what} was compiled for the closure ${factory}(...) returns, but got ${typeof fn === "function" ? `another function (${fn.name || "anonymous"})` : typeof fn}`);
  }
  return (...args: any[]) => {
    args.length = arity;
    return g(...args, ...get());
  };
}
