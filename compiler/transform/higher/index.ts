// Second and higher derivatives by forward over reverse. For hvp(f), hessian(f), grad(grad(f)),
// mixed partials grad(grad(f, k), j), and the pullback of grad(h) called inside differentiated code:
//   1. the gradient's sweeps f_fwd/f_rev are generated as for grad (transform/adjoint), with
//      respect to argument `wrt`;
//   2. a driver function computes the gradient with them (`f_gradient`: shadows, f_fwd, f_rev,
//      return the gradient of argument wrt), and stage.ts differentiates the driver and everything
//      it calls in forward mode along argument along[0]: `f_gradient_d(x, y, xd, yd)` returns
//      ∇_wrt f and leaves its derivative in $refs (an array) or $ret_1[0] (a number);
//   3. each further level repeats step 2 on the previous level's tangent code, along along[L-1]
//      (level L: stores _L). Partial derivatives commute, so any nesting of grad is one such chain.
// The wrappers check the arguments and the direction, leave arguments as they were given, and
// return H·v (hvp), the n rows H·e_k (hessian), or the derivative (grad nested m times).
import type * as t from "@babel/types";
import { Code } from "../adjoint/code.js";
import { paramsOf } from "../../analyze/module.js";
import type { Program } from "../program.js";
import { baseStores, differentiateAgain, storeDeclarations, type KindHints, type StageResult, type StoreClass } from "./stage.js";
import type { Flat } from "../objects/flatten.js";
import type { Kind } from "../../ir.js";
import { objectWrapper } from "./objects.js";

export interface HigherRequest {
  /** deriv: grad nested order times; jvp: jvp(grad(f, wrt)), [the gradient, its derivative along the tangents]. */
  kind: "hvp" | "hessian" | "deriv" | "jvp";
  fname: string;
  /** The argument the gradient is taken with respect to: the result is shaped like it. */
  wrt: number;
  /** The argument differentiated along at each level above the gradient (the direction v or 1 at the top); ALL: every number and array argument (jvp). */
  along: number[];
  /** Order of the derivative: along.length + 1. */
  order: number;
  name: string;
  site: t.Node;
  /** f's flattened form (transform/objects) when its parameters or captured values are objects: the chain is on flat.name. */
  flat?: Flat;
  /** A factory's closure (transform/factories): its own parameters; the lifted function's others are its captured values. */
  arity?: number;
  /** Set by requestHigher: the parameters of the target that wrt is (an object: its leaves holding numbers)… */
  fw?: number[];
  /** …and that each entry of along is. */
  fa?: number[][];
}

/** The function the chain differentiates: f, or its flattened form. */
export const targetOf = (req: Pick<HigherRequest, "fname" | "flat">) => req.flat?.name ?? req.fname;

/** Is argument i of f an object (flattened to its leaves)? */
export const isObjectArg = (req: Pick<HigherRequest, "flat">, i: number) => !!req.flat?.shapes[i];

/** The parameters of the target argument i of f is: itself, or (an object) its leaves that hold numbers. */
function paramsOfArg(program: Program, req: HigherRequest, i: number): number[] {
  if (!req.flat) return [i];
  const flat = req.flat;
  const { fn } = program.fn(flat.name);
  return fn.params
    .map((_, j) => j)
    .filter((j) => {
      const fp = flat.params[j];
      if (fp.orig !== i) return false;
      if (!fp.leaf) return true;
      const k = fn.locals.get(fn.params[j])!.kind;
      return fp.leaf.role === "value" && (k.k === "num" || (k.k === "arr" && k.elem !== "int"));
    });
}

/** Along every number and array parameter (jvp of a gradient). */
export const ALL = -1;

export const patternOf = (program: Program, fname: string, k: number) => patternOfSet(program, fname, [k]);

/** "1" for the parameters in ks (ALL: every number and array parameter). */
const patternOfSet = (program: Program, fname: string, ks: number[]) => {
  const { fn } = program.fn(fname);
  return fn.params.map((p, i) => (ks.includes(i) || (ks.includes(ALL) && ["num", "arr"].includes(fn.locals.get(p)!.kind.k)) ? "1" : "0")).join("");
};

/** Check a request and register the gradient sweeps it needs (before Program.generate). */
export function requestHigher(req: HigherRequest, program: Program): void {
  const { fn } = program.fn(targetOf(req));
  const what = describe(req);
  if (fn.retKind.k !== "num") program.rep.error("ADC231", req.site, `${what}: ${req.fname} must return a number`);
  const flatOf = (i: number) => (i === ALL ? [ALL] : paramsOfArg(program, req, i));
  req.fw = flatOf(req.wrt);
  // jvp of the gradient of a flattened f: along every leaf holding numbers and every number or array parameter
  const arity = req.arity ?? req.flat?.shapes.length ?? fn.params.length;
  const every = () => Array.from({ length: arity }, (_, i) => paramsOfArg(program, req, i).filter((j) => ["num", "arr"].includes(fn.locals.get(fn.params[j])!.kind.k))).flat();
  req.fa = req.along.map((a) => (a === ALL && (req.flat || req.arity !== undefined) ? every() : flatOf(a)));
  if (req.kind === "deriv" && isObjectArg(req, req.wrt)) program.rep.error("ADC237", req.site, `${what}: nested grad with respect to an object argument is not supported; use hvp(${req.fname}, ${req.wrt}) or hessian(${req.fname}, ${req.wrt})`);
  const kindOf = (i: number) => (isObjectArg(req, i) ? { k: "num" as const } : req.flat ? fn.locals.get(fn.params[paramsOfArg(program, req, i)[0]])?.kind ?? null : fn.params[i] ? fn.locals.get(fn.params[i])!.kind : null);
  for (const i of new Set([req.wrt, ...req.along.filter((a) => a !== ALL)])) {
    const k = kindOf(i);
    if (!k || !(k.k === "num" || (k.k === "arr" && k.elem !== "int"))) {
      program.rep.error("ADC231", req.site, `${what}: parameter ${i} of ${req.fname} must be a number or an array of numbers (nested arrays too)`);
    }
  }
  if (req.kind === "deriv") {
    for (const i of req.along) {
      if (kindOf(i)!.k !== "num" || isObjectArg(req, i)) {
        program.rep.error("ADC232", req.site, `${what}: every grad but the outermost must return a number, so parameter ${i} of ${req.fname} must be a number; for an array argument use hessian(f) or hvp(f)`);
      }
    }
  }
  program.pair(targetOf(req), patternOfSet(program, targetOf(req), req.fw), true); // the one-sweep form, when there is one
}

export function describe(req: Pick<HigherRequest, "kind" | "fname" | "order" | "wrt" | "along">): string {
  if (req.kind === "jvp") return `jvp(grad(${req.fname}${req.wrt ? `, ${req.wrt}` : ""}))`;
  if (req.kind !== "deriv") return `${req.kind}(${req.fname}${req.wrt ? `, ${req.wrt}` : ""})`;
  const nums = [...req.along, req.wrt];
  const plain = nums.every((n) => n === 0);
  return `${"grad(".repeat(req.order)}${req.fname}${nums.map((n) => (plain ? ")" : `, ${n})`)).join("")}`;
}

/** The driver of level 1: the gradient of fname with respect to argument k, from its sweeps. */
function gradientDriver(program: Program, fname: string, k: number, name: string): string {
  const rt = program.rt;
  const { fn } = program.fn(fname);
  const pair = program.pair(fname, patternOf(program, fname, k));
  const names = program.namer.child();
  fn.params.forEach((p) => names.reserve(p));
  const code = new Code();
  code.comment(`the gradient of ${fname} with respect to ${fn.params[k]}, from its sweeps (differentiated again below)`);
  code.open(`function ${name}(${fn.params.join(", ")})`);
  const shadows = pair.sig.shadowParams.map((j) => {
    const s = names.fresh(`${fn.params[j]}b`);
    code.line(`const ${s} = ${rt.zerosLike}(${fn.params[j]});`);
    return s;
  });
  const args = [...fn.params, ...shadows];
  const scalars = pair.sig.scalarParams;
  // one sweep (adjoint/fused.ts): shadows filled, scalar adjoints in the adjoints array
  if (pair.fused) {
    code.line(`${pair.fused}(${args.join(", ")});`);
    const sh = pair.sig.shadowParams.indexOf(k);
    const isArr = fn.locals.get(fn.params[k])!.kind.k === "arr";
    code.line(`return ${sh >= 0 ? shadows[sh] : scalars.includes(k) ? `${rt.adjoints}[${scalars.indexOf(k)}]` : isArr ? `${rt.zerosLike}(${fn.params[k]})` : "0"};`);
    code.close();
    return code.toString();
  }
  code.line(`${pair.fwd}(${args.join(", ")});`);
  const call = `${pair.rev}(${[...args, ...(pair.sig.retVaried ? ["1"] : [])].join(", ")})`;
  const sh = pair.sig.shadowParams.indexOf(k);
  if (sh >= 0) {
    code.line(`${call};`);
    code.line(`return ${shadows[sh]};`);
  } else if (scalars.includes(k)) {
    code.line(scalars.length === 1 ? `return ${call};` : `${call};`);
    if (scalars.length > 1) code.line(`return ${rt.adjoints}[${scalars.indexOf(k)}];`);
  } else {
    code.line(`${call};`);
    code.line(fn.locals.get(fn.params[k])!.kind.k === "arr" ? `return ${rt.zerosLike}(${fn.params[k]});` : "return 0;");
  }
  code.close();
  return code.toString();
}

/** The outputs of an object gradient's driver: the shadows of its array leaves, then one array of its number leaves' adjoints. */
export interface DriverOuts {
  /** Driver parameters after the target's: array leaf j's shadow (given zero by the caller, filled by the sweeps). */
  arrays: { j: number; name: string }[];
  /** The number leaves, in the order of the last driver parameter `nums` (when there are any). */
  numbers: number[];
  nums: string | null;
}

/**
 * The driver of level 1 for an object argument: the gradient has one part per leaf, so the driver
 * writes them into parameters (the array leaves' shadows, and `nums` for the number leaves), whose
 * tangents the wrapper passes and reads as H·v.
 */
function objectGradientDriver(program: Program, fname: string, ks: number[], name: string): { source: string; outs: DriverOuts; kinds: Kind[] } {
  const rt = program.rt;
  const { fn } = program.fn(fname);
  const pair = program.pair(fname, patternOfSet(program, fname, ks));
  const names = program.namer.child();
  fn.params.forEach((p) => names.reserve(p));
  const code = new Code();
  const scalars = pair.sig.scalarParams;
  const outs: DriverOuts = { arrays: [], numbers: scalars.filter((j) => ks.includes(j)), nums: null };
  const shadows = pair.sig.shadowParams.map((j) => {
    const s = names.fresh(`${fn.params[j]}b`);
    if (ks.includes(j)) outs.arrays.push({ j, name: s });
    return s;
  });
  if (outs.numbers.length) outs.nums = names.fresh("nums");
  const kinds = [...fn.params.map((p) => fn.locals.get(p)!.kind), ...outs.arrays.map((o) => fn.locals.get(fn.params[o.j])!.kind), ...(outs.nums ? [{ k: "arr", depth: 1, elem: "plain" } as Kind] : [])];
  code.comment(`the gradient of ${fname} with respect to ${outs.arrays.length + outs.numbers.length} leaves, written into its last parameters (differentiated again below)`);
  code.open(`function ${name}(${[...fn.params, ...outs.arrays.map((o) => o.name), ...(outs.nums ? [outs.nums] : [])].join(", ")})`);
  pair.sig.shadowParams.forEach((j, i) => {
    if (!ks.includes(j)) code.line(`const ${shadows[i]} = ${rt.zerosLike}(${fn.params[j]});`);
  });
  const args = [...fn.params, ...shadows];
  const readNumbers = () => outs.numbers.forEach((j, i) => code.line(`${outs.nums}[${i}] = ${rt.adjoints}[${scalars.indexOf(j)}];`));
  if (pair.fused) {
    code.line(`${pair.fused}(${args.join(", ")});`);
    readNumbers();
  } else {
    code.line(`${pair.fwd}(${args.join(", ")});`);
    const call = `${pair.rev}(${[...args, ...(pair.sig.retVaried ? ["1"] : [])].join(", ")})`;
    if (scalars.length === 1 && outs.numbers.length) code.line(`${outs.nums}[0] = ${call};`);
    else {
      code.line(`${call};`);
      readNumbers();
    }
  }
  code.line("return 0;");
  code.close();
  return { source: code.toString(), outs, kinds };
}

/** The zero tangent of parameter i of fname, for a parameter that is not differentiated. */
export function zeroTangent(program: Program, fname: string, i: number): string {
  const { fn } = program.fn(fname);
  const p = fn.params[i];
  if (fn.locals.get(p)!.kind.k !== "arr") return "0";
  // a parameter with a default may be left out: its tangent is made where the default is
  const hasDefault = paramsOf(program.module.functions.get(fname)!)[i]?.type === "AssignmentPattern";
  return hasDefault ? `${p} === undefined ? undefined : ${program.rt.zerosLike}(${p})` : `${program.rt.zerosLike}(${p})`;
}

export interface Level extends StageResult {
  driver: string;
  /** Level 1 of an object argument's gradient: the driver's output parameters. */
  outs?: DriverOuts;
}

/**
 * Generate the tangent code and wrappers of all requests (after Program.generate), and the stores
 * they use (declared by pipeline.ts at the top of the module, with the runtime's import: module
 * code may call a wrapper before the generated code at the end of the module has run).
 */
export function generateHigher(reqs: HigherRequest[], program: Program): { code: string[]; stores: Map<string, StoreClass> } {
  const rt = program.rt;
  const base = baseStores(rt);
  const levels = new Map<string, Level>(); // `${fname}:${k}:${level}`
  const pairs = program.generatedPairs();
  const sweeps = pairs.map((p) => p.code);
  // the sweeps' variables are the source function's: their kinds are known (analyze/types.ts need not guess them again)
  const hints: KindHints = new Map();
  for (const p of pairs) {
    const { fn } = program.fn(p.name);
    const kinds = new Map([...fn.locals].map(([n, l]) => [n, l.kind]));
    for (const [n, b] of p.adjoints) kinds.set(b, fn.locals.get(n)!.kind); // an adjoint has its variable's kind
    const params = [...fn.params.map((q) => fn.locals.get(q)!.kind), ...p.shadowParams.map((j) => fn.locals.get(fn.params[j])!.kind)];
    hints.set(p.fwd, { kinds, params });
    hints.set(p.rev, { kinds, params: [...params, { k: "num" }] });
  }
  const levelOf = (req: HigherRequest, level: number): Level => {
    const key = `${req.fname}:${req.wrt}:${req.along.slice(0, level).join(",")}`;
    let l = levels.get(key);
    if (l) return l;
    const target = targetOf(req);
    const { fn } = program.fn(target);
    let pattern = patternOfSet(program, target, req.fa![level - 1]);
    const prev = level > 1 ? levelOf(req, level - 1) : null;
    const driver = program.namer.fresh(level === 1 ? `${req.fname}_gradient` : `${req.fname}_deriv${level}`);
    let source: string;
    let outs: DriverOuts | undefined;
    if (!prev && isObjectArg(req, req.wrt)) {
      const d = objectGradientDriver(program, target, req.fw!, driver);
      ({ source, outs } = d);
      pattern += "1".repeat(d.kinds.length - fn.params.length); // the outputs' tangents: H·v
      hints.set(driver, { kinds: new Map(), params: d.kinds });
    } else if (!prev) source = gradientDriver(program, target, req.fw![0], driver);
    else {
      const code = new Code();
      code.comment(`derivative ${level} of ${req.fname}: the tangent the level below returns, along ${fn.params[req.along[level - 2]]}`);
      code.open(`function ${driver}(${fn.params.join(", ")})`);
      code.line(`${prev.sigs[0].name}(${[...fn.params, ...prev.sigs[0].tangentParams.map((i) => (i === req.fa![level - 2][0] ? "1" : zeroTangent(program, target, i)))].join(", ")});`);
      code.line(`return ${prev.channel}[0];`);
      code.close();
      source = code.toString();
    }
    const stage = differentiateAgain({
      level,
      code: prev ? [...prev.code] : sweeps,
      drivers: [{ name: driver, source, pattern }],
      stores: prev ? prev.stores : base,
      hints: prev ? prev.hints : hints,
      info: program.module,
      rep: program.rep,
      rt,
      namer: program.namer,
      site: req.site,
      what: describe(req),
    });
    l = { ...stage, driver, outs };
    levels.set(key, l);
    return l;
  };
  const out: string[] = [];
  const emitted = new Set<Level>();
  let stores = base;
  for (const req of reqs) {
    const top = req.kind === "deriv" ? req.order - 1 : 1;
    for (let level = 1; level <= top; level++) {
      const l = levelOf(req, level);
      if (emitted.has(l)) continue;
      emitted.add(l);
      out.push(...l.code);
      if (l.stores.size > stores.size) stores = new Map([...stores, ...l.stores]);
    }
    // object arguments or captured values: the wrapper reads leaves (transform/higher/objects.ts)
    out.push(req.flat || req.arity !== undefined ? objectWrapper(req, levelOf(req, top), program) : wrapper(req, levelOf(req, top), program));
  }
  return { code: out, stores };
}

/** Names of a guarded call's stack tops and caught error. */
export interface Guard {
  tops: string;
  v0: string;
  c0: string;
  r0: string;
  err: string;
}

/**
 * The guarded part of a wrapper: the stacks' tops marked, `body` in a try; on an error the stacks
 * go back to those tops, and the arguments f writes are put back from their `saved` copies.
 */
export function guarded(code: Code, rt: Program["rt"], g: Guard, saved: string[][], body: () => void): void {
  code.line(`const ${g.tops} = ${rt.stackTops}(), ${g.v0} = ${rt.values}.top, ${g.c0} = ${rt.control}.top, ${g.r0} = ${rt.refs}.top;`);
  code.open("try");
  body();
  code.close();
  code.open(`catch (${g.err})`);
  code.line(`${rt.reset}(${g.v0}, ${g.c0}, ${g.r0});`);
  code.line(`${rt.resetTops}(${g.tops});`);
  code.line(`throw ${g.err};`);
  code.close();
  if (saved.length) {
    code.open("finally");
    for (const [a, s] of saved) code.line(`${rt.restore}(${a}, ${s});`);
    code.close();
  }
}

function wrapper(req: HigherRequest, l: Level, program: Program): string {
  const rt = program.rt;
  const { fn, mutated } = program.fn(req.fname);
  const sig = l.sigs[0];
  const names = program.namer.child();
  fn.params.forEach((p) => names.reserve(p));
  const fq = JSON.stringify(req.fname);
  const w = req.wrt; // the result is shaped like parameter w
  const k = req.along[req.along.length - 1]; // the direction (v, or 1) is along parameter k
  const p = k === ALL ? "" : fn.params[k];
  const arrayOf = (i: number) => fn.locals.get(fn.params[i])!.kind.k === "arr";
  const isArr = k !== ALL && arrayOf(k);
  const code = new Code();
  const [v, pd, tops, v0, c0, r0, err] = ["v", `${p}d`, "tops", "v0", "c0", "r0", "e"].map((b) => names.fresh(b));
  const result = sig.retVaried ? (sig.retArray ? `${rt.refs}.pop()` : `${l.channel}[0]`) : arrayOf(w) ? `${rt.zerosLike}(${fn.params[w]})` : "0";
  /** A wrapper: checks, then the tangent function with the tangent of each parameter; returns `ret`, or what it makes of the function's value. */
  const wrap = (name: string, params: string[], checks: () => void, tangentOf: (i: number) => string, ret: string | ((value: string) => string)) => {
    code.open(`function ${name}(${params.join(", ")})`);
    checks();
    const saved = [...mutated].map((i) => {
      const s = names.fresh(`${fn.params[i]}_given`);
      code.line(`const ${s} = ${rt.snapshot}(${fn.params[i]}); // ${req.fname} writes ${fn.params[i]}: put back as given`);
      return [fn.params[i], s];
    });
    guarded(code, rt, { tops, v0, c0, r0, err }, saved, () => {
      const call = `${sig.name}(${[...fn.params, ...sig.tangentParams.map(tangentOf)].join(", ")})`;
      if (typeof ret === "string") {
        code.line(`${call};`);
        code.line(`return ${ret};`);
      } else {
        const value = names.fresh("value");
        code.line(`const ${value} = ${call};`);
        code.line(`return ${ret(value)};`);
      }
    });
    code.close();
  };
  const body = (direction: string | null, name: string, params: string[]) =>
    wrap(
      name,
      params,
      () => {
        if (direction) code.line(`const ${pd} = ${rt.checkDirection}(${p}, ${direction}, ${fq}, ${k}, "${isArr ? "array" : "number"}");`);
        for (const i of new Set(direction ? [w] : [...req.along, w])) {
          if (!direction || i !== k) code.line(`${rt.checkArg}(${fn.params[i]}, ${fq}, ${i}, "${arrayOf(i) ? "array" : "number"}");`);
        }
      },
      // the direction for argument k; other arguments the sweeps write through get zero tangents
      (i) => (i !== k ? zeroTangent(program, req.fname, i) : direction ? pd : "1"),
      result,
    );
  const grad = `grad(${req.fname}${w ? `, ${w}` : ""})`;
  if (req.kind === "jvp") {
    // jvp(grad(f)): the gradient and its derivative along the tangents of every argument
    const [primals, tans] = ["primals", "tangents"].map((b) => names.fresh(b));
    const tangents = new Map<number, string>();
    code.comment(`${describe(req)}: [${grad}(...primals), its derivative along tangents] (forward over reverse)`);
    wrap(
      req.name,
      [primals, tans],
      () => {
        code.line(`${rt.checkJvp}(${primals}, ${tans}, ${fq});`);
        code.line(`const ${fn.params.map((q, i) => `${q} = ${primals}[${i}]`).join(", ")};`);
        for (const i of sig.tangentParams) {
          const t = names.fresh(`${fn.params[i]}d`);
          tangents.set(i, t);
          code.line(`const ${t} = ${rt.checkTangent}(${fn.params[i]}, ${tans}[${i}], ${fq}, ${i}, "${arrayOf(i) ? "array" : "number"}"${mutated.has(i) ? ", true" : ""});`);
        }
      },
      (i) => tangents.get(i)!,
      (value) => `[${value}, ${result}]`,
    );
    return code.toString();
  }
  if (req.kind === "deriv") {
    const chain = [...req.along, w].map((i) => fn.params[i]);
    const inWhat = chain.every((n) => n === chain[0]) ? chain[0] : chain.join(", then ");
    code.comment(`${describe(req)}: the derivative of order ${req.order} of ${req.fname} in ${inWhat}, forward over reverse`);
    body(null, req.name, fn.params);
  } else if (req.kind === "hvp" || !isArr) {
    code.comment(`${describe(req)}: the derivative of ${grad} along ${req.kind === "hvp" ? `${v} (in ${p})` : "1"} (forward over reverse)`);
    body(req.kind === "hvp" ? v : "1", req.name, req.kind === "hvp" ? [...fn.params, v] : fn.params);
  } else {
    // hessian of an array argument: row k is H·e_k
    const hv = program.namer.fresh(`${req.fname}_hessianRow`);
    code.comment(`${describe(req)}: row k is H·e_k, the derivative of ${grad} along e_k`);
    code.open(`function ${req.name}(${fn.params.join(", ")})`);
    code.line(`${rt.checkArg}(${p}, ${fq}, ${k}, "array");`);
    const [rows, i, e] = ["rows", "k", "e"].map((b) => names.fresh(b));
    code.line(`const ${e} = ${rt.units}(${p}); // e[k]: 1 at entry k, shaped like ${p}`);
    code.line(`const ${rows} = new Array(${e}.length);`);
    code.line(`for (let ${i} = 0; ${i} < ${e}.length; ${i}++) ${rows}[${i}] = ${hv}(${[...fn.params, `${e}[${i}]`].join(", ")});`);
    code.line(`return ${rows};`);
    code.close();
    body(v, hv, [...fn.params, v]);
  }
  return code.toString();
}

export type { StoreClass };
