// adc: grad and valueAndGrad.
//
// In a module built by `adc build` (or the bundler plugin), every grad(f) whose f is known
// statically has already been replaced by generated adjoint code, and these functions are never
// called. They run when f was not compiled ahead of time (the REPL, a quick script): f is then
// compiled from its source on first use and cached. That needs f to be self-contained: it may
// call only itself and Math, and read only its parameters and globals.
import { parse } from "@babel/parser";
import { compileModule, AdcError } from "./compiler/index.js";
import { RUNTIME_PARAM } from "./compiler/pipeline.js";
import { traverse } from "./compiler/source.js";
import * as runtime from "./runtime/index.js";

export { AdcError } from "./compiler/index.js";
export { AdcRuntimeError, primitive, zerograd } from "./runtime/index.js";
export type { GradRule } from "./runtime/index.js";
export { gradcheck } from "./gradcheck.js";
export type { GradcheckOptions, GradcheckResult, GradcheckDirection } from "./gradcheck.js";

type Fn = (...args: any[]) => number;
type Argnum = number | number[];

/**
 * The gradient of f with respect to argument argnum (default 0), shaped like that argument. A
 * gradient this function returned can be differentiated again (grad(grad(f)): f'' for f of a number).
 */
export function grad<F extends Fn>(f: F, argnum?: Argnum): (...args: Parameters<F>) => any {
  const inner = nestedGrads.get(f);
  if (inner) return gradOfGrad(inner, argnum);
  const g = jit("grad", f, argnum);
  if (typeof argnum !== "object") nestedGrads.set(g, { f, argnums: [argnum ?? 0] });
  return g;
}

/** Gradients returned by grad (at run time), with what they are the gradient of: grad(...grad(f, a0)..., an). */
const nestedGrads = new WeakMap<Function, { f: Fn; argnums: number[] }>();

function gradOfGrad(inner: { f: Fn; argnums: number[] }, argnum?: Argnum): any {
  if (typeof argnum === "object") throw new Error("adc: grad(grad(f), [..]): differentiate with respect to one argument at each level");
  const argnums = [...inner.argnums, argnum ?? 0];
  const g = jit(`grad${argnums.length}`, inner.f, argnums);
  nestedGrads.set(g, { f: inner.f, argnums });
  return g;
}

/**
 * Hessian-vector product by forward over reverse: hvp(f, argnum)(...args, v) is H·v, the derivative
 * of grad(f, argnum) at args along v, shaped like the argument (a number for a number).
 */
export function hvp<F extends Fn>(f: F, argnum?: number): (...argsAndV: any[]) => any {
  if (nestedGrads.has(f)) throw new Error("adc: hvp(grad(f)) is not supported: differentiate f (hvp(f), hessian(f), grad(grad(f)))");
  return jit("hvp", f, argnum);
}

/** The Hessian of f in argument argnum: a number for a number, n rows (each shaped like the argument) for an array of n numbers. */
export function hessian<F extends Fn>(f: F, argnum?: number): (...args: Parameters<F>) => any {
  if (nestedGrads.has(f)) throw new Error("adc: hessian(grad(f)) is not supported: differentiate f (hessian(f), grad(grad(f)))");
  return jit("hessian", f, argnum);
}

/** Like grad, but returns [f(...args), gradient]. */
export function valueAndGrad<F extends Fn>(f: F, argnum?: Argnum): (...args: Parameters<F>) => [number, any] {
  if (nestedGrads.has(f)) throw new Error("adc: valueAndGrad(grad(f)) is not supported: use grad(grad(f))");
  return jit("valueAndGrad", f, argnum);
}

type Jvp = (primals: unknown[], tangents: unknown[]) => [any, any];

/**
 * Forward mode: [f(...primals), the derivative of f at primals along tangents] (a tangent per
 * argument, shaped like it: for an object, an object of its structure, whose places holding no
 * numbers are not read), from one sweep of generated tangent code. jvp(f) alone returns the
 * function of (primals, tangents).
 */
export function jvp<F extends (...args: any[]) => any>(f: F): Jvp;
export function jvp<F extends (...args: any[]) => any>(f: F, primals: unknown[], tangents: unknown[]): [any, any];
export function jvp(f: (...args: any[]) => any, primals?: unknown[], tangents?: unknown[]): any {
  // jvp(grad(f)): forward over reverse, [the gradient, H·tangents]
  const inner = nestedGrads.get(f);
  if (inner && inner.argnums.length > 1) throw new Error("adc: jvp(grad(grad(f))) is not supported: use grad(grad(grad(f))) for a number argument, or jvp(grad(f))");
  const j = (inner ? jit("jvpOfGrad", inner.f, inner.argnums[0]) : jit("jvp", f as Fn)) as Jvp;
  return primals === undefined && tangents === undefined ? j : j(primals!, tangents!);
}

/**
 * Reverse mode for any output: vjp(f, ...args) is [f(...args), pullback], where pullback(ct) (ct
 * shaped like f's value) returns one gradient per argument, the gradient of the dot product of ct
 * and f's value (null for arguments holding no numbers). The pullback may be called many times.
 */
export function vjp<F extends (...args: any[]) => any>(f: F, ...args: Parameters<F>): [ReturnType<F>, (ct: any) => any[]] {
  // vjp(grad(f)): the gradient, and its pullback by H·v products (forward over reverse)
  const inner = nestedGrads.get(f);
  if (inner && inner.argnums.length > 1) throw new Error("adc: vjp(grad(grad(f))) is not supported: use vjp(grad(f))");
  if (inner) return jit("vjpOfGrad", inner.f, inner.argnums[0])(...args);
  return (jit("vjp", f as Fn) as (...a: any[]) => [ReturnType<F>, (ct: any) => any[]])(...args);
}

/**
 * The Jacobian of f (returning an array of m numbers) with respect to argument argnum: m rows, row
 * i the gradient of output i, shaped like the argument. Forward sweeps when the argument has no
 * more numbers than the output, pullbacks otherwise (\`mode\` forces one). A number-valued f gives
 * its gradient. An object argument's rows are objects over its number leaves; argnum a list
 * ([0, 1]) gives one Jacobian per listed argument.
 */
export function jacobian<F extends (...args: any[]) => any>(f: F, argnum: number | number[] = 0, mode: runtime.JacobianMode = "auto"): (...args: Parameters<F>) => any {
  // jacobian(grad(f, k), k) is the Hessian of f in argument k (forward over reverse)
  const inner = nestedGrads.get(f);
  if (inner) {
    if (inner.argnums.length > 1 || inner.argnums[0] !== argnum) throw new Error("adc: jacobian(grad(f, k), j): only j = k (the Hessian) is supported; use hessian(f, k)");
    return jit("hessian", inner.f, argnum);
  }
  return runtime.jacobianOf(jit("vjp", f as Fn), jit("jvp", f as Fn), argnum, f.name || "f", mode);
}

const cache = new WeakMap<Function, Map<string, Function>>();
const ALLOWED_GLOBALS = new Set(["Math", "Number", "Infinity", "NaN", "undefined", "Float64Array", "Float32Array", "Array", "Int32Array", "console", "isNaN", "isFinite", "Error", "Boolean"]);

/** grad, valueAndGrad, jvp, vjp, jacobian, hvp, hessian, jvpOfGrad / vjpOfGrad (jvp or vjp of grad(f, argnum)), or gradN: grad nested N times. */
function jit(kind: string, f: Fn, argnum?: Argnum): any {
  if (typeof f !== "function") throw new TypeError(`adc: ${kind} expects a function, got ${typeof f}`);
  // a declared gradient rule wins, then a function a compiled module registered
  const known = kind === "grad" || kind === "valueAndGrad" ? runtime.knownVjp(f) : null;
  if (known) return fromVjp(kind as "grad", f, known, argnum);
  const key = `${kind}:${JSON.stringify(argnum ?? 0)}`;
  let perFn = cache.get(f);
  const hit = perFn?.get(key);
  if (hit) return hit;
  const compiled = compileFromSource(kind, f, argnum);
  if (!perFn) cache.set(f, (perFn = new Map()));
  perFn.set(key, compiled);
  return compiled;
}

function compileFromSource(kind: string, f: Fn, argnum?: Argnum): Function {
  const src = f.toString();
  const named = /^function\s*([A-Za-z_$][\w$]*)\s*\(/.exec(src);
  const isArrowOrFunction = named || /^(\(|[A-Za-z_$][\w$]*\s*=>|function\s*\()/.test(src);
  if (!isArrowOrFunction || /\[native code\]/.test(src)) {
    throw new Error(`adc: cannot compile ${f.name || "this function"} from its source (methods, native and bound functions need adc build)`);
  }
  const name = named ? named[1] : "__adc_f";
  const decl = named ? src : `const ${name} = ${src};`;
  const args = kind === "jvp" || kind === "vjp" || argnum === undefined ? "" : `, ${JSON.stringify(argnum)}`;
  // gradN: grad(grad(...(f, a0)..., a(N-2)), a(N-1)), argnum being [a0, ..., a(N-1)]
  const order = /^grad(\d+)$/.exec(kind);
  const call = order
    ? `${"grad(".repeat(+order[1])}${name}${(argnum as number[]).map((a) => `, ${a})`).join("")}`
    : kind === "jvpOfGrad"
    ? `jvp(grad(${name}${args}))`
    : kind === "vjpOfGrad"
    ? `(...__a) => vjp(grad(${name}${args}), ...__a)`
    : `${kind}(${name}${args})`;
  const imports = order ? "grad" : kind === "jvpOfGrad" ? "grad, jvp" : kind === "vjpOfGrad" ? "grad, vjp" : kind;
  const source = `import { ${imports} } from "adc";\n${decl}\nexport const __adc_g = ${call};\n`;
  checkSelfContained(source, name, f);
  let body: string;
  try {
    body = compileModule(source, { filename: `${f.name || "anonymous"} (compiled at run time)`, format: "function" }).code;
  } catch (e) {
    if (e instanceof AdcError) {
      e.message += `\n(${kind} was called on an uncompiled function; compiling it ahead of time with adc build gives the same error at build time)`;
    }
    throw e;
  }
  const exportsOf = new Function(RUNTIME_PARAM, body) as (rt: typeof runtime) => { __adc_g: Function };
  return exportsOf(runtime).__adc_g;
}

/** grad/valueAndGrad of f from its vjp: the pullback of the seed 1. */
function fromVjp(kind: "grad" | "valueAndGrad", f: Fn, vjp: runtime.Vjp, argnum: Argnum = 0): Function {
  const fname = f.name || "f";
  return (...args: any[]) => {
    const nums = Array.isArray(argnum) ? argnum : [argnum];
    nums.forEach((i) => runtime.checkArg(args[i], fname, i));
    const { value, back } = vjp(args);
    runtime.checkResult(value, fname);
    const grads = back(1);
    const pick = (i: number) => grads[i] ?? runtime.zerosLike(args[i]);
    const g = Array.isArray(argnum) ? argnum.map(pick) : pick(argnum);
    return kind === "grad" ? g : [value, g];
  };
}

/**
 * The run-time tape's last resort (runtime/registry.ts): a plain function called dynamically from
 * differentiated code is compiled from its source, with respect to the arguments it receives that
 * are numbers or arrays. Its whole gradient is computed with its value; the pullback scales it.
 */
runtime.setSourceCompiler((fn) => {
  const f = fn as Fn;
  jit("valueAndGrad", f); // fails now, with the reason, if f cannot be compiled from its source
  return (args) => {
    const argnums = args.flatMap((a, i) => (typeof a === "number" || Array.isArray(a) || a instanceof Float64Array || a instanceof Float32Array ? [i] : []));
    if (!argnums.length) return { value: f(...args), back: () => args.map(() => null) };
    const saved = args.map(runtime.snapshot);
    const [value, grads] = jit("valueAndGrad", f, argnums)(...args) as [number, unknown[]];
    if (args.some((a, i) => changed(a, saved[i]))) {
      throw new runtime.AdcRuntimeError("ADC_R005", `${f.name || "a function"} writes into its array arguments, which a call adc resolves at run time does not support; call it directly, by name, from the differentiated function`);
    }
    return { value, back: (dy) => args.map((_, i) => (argnums.includes(i) ? scaled(grads[argnums.indexOf(i)], dy) : null)) };
  };
});

function changed(a: any, b: any): boolean {
  if (typeof a !== "object" || a === null) return false;
  if (a.length !== b.length) return true;
  for (let i = 0; i < a.length; i++) if (typeof a[i] === "object" ? changed(a[i], b[i]) : !Object.is(a[i], b[i])) return true;
  return false;
}

function scaled(g: any, dy: number): any {
  if (dy === 1) return g;
  if (typeof g === "number") return g * dy;
  const out = g.slice();
  for (let i = 0; i < out.length; i++) out[i] = scaled(out[i], dy);
  return out;
}

/** A function compiled from its source alone must not read variables from its surroundings. */
function checkSelfContained(source: string, name: string, f: Fn): void {
  const file = parse(source, { sourceType: "module" });
  const free: string[] = [];
  traverse(file, {
    Program(path) {
      for (const g of Object.keys((path.scope as any).globals)) if (!ALLOWED_GLOBALS.has(g) && g !== name) free.push(g);
    },
  });
  if (free.length) {
    throw new Error(
      `adc: grad(${f.name || "f"}) was called on a function that was not compiled ahead of time, and it reads ${free.map((x) => `'${x}'`).join(", ")} from its surroundings, which adc cannot see at run time. ` +
        `Compile the module with \`adc build\` (or the bundler plugin) so that grad is resolved statically, or declare its gradient with primitive(${f.name || "f"}, ...rules).`,
    );
  }
}
