// vjp(f, ...args) and jacobian(f, argnum) for module functions (issue 4), found by pipeline.ts.
// vjp(f, ...args) becomes f_vjp(...args): it checks and copies the arguments as given, returns
// [f(...args), pullback] (the call of f leaves the arguments as f leaves them), and each
// pullback(ct) runs f_fwd and f_rev on fresh copies of the given arguments, seeded with ct (a
// number-valued f) or with ct added into the result's shadow that f_fwd hands over on $refs (an
// array-valued f). It returns one gradient per argument (null for arguments holding no numbers)
// and leaves nothing on the stacks between calls. An f with object parameters (number- or
// array-valued): f_flat's sweeps, leaves read out of deep copies of the arguments as given
// (vjp-objects.ts), gradients shaped like the objects as grad returns them.
// jacobian(f, k[, mode]) becomes rt.jacobianOf(f_vjp, f_jvp, k, "f"[, mode]), the run-time driver
// (runtime/jacobian.ts); k may be a list of integer literals. A closure a factory returns: both
// generated functions go through rt.withCaptures (captured values after the closure's own
// arguments, constants without gradients).
import * as t from "@babel/types";
import { Code } from "./adjoint/code.js";
import type { Program } from "./program.js";
import type { Namer } from "../names.js";
import type { Reporter } from "../errors.js";
import type { Flat, ObjectsPass } from "./objects/flatten.js";
import type { Lifted } from "./factories.js";
import { patternOf, type WrapperRequest } from "./wrapper.js";
import { generateVjpFlat } from "./vjp-objects.js";

interface Site {
  fname: string;
  /** A closure a factory returns (transform/factories): its own parameters; the lifted function's others are captured values (constants, no gradient). */
  arity: number;
  name: string;
  node: t.CallExpression;
  jacobian: boolean;
  /** f has object parameters: f_flat's sweeps, leaves read out of copies of the objects (vjp-objects.ts). */
  viaFlat?: { req: WrapperRequest; flat: Flat };
}

export class VjpRequests {
  private sites = new Map<string, Site>();
  constructor(
    private program: Program,
    private rep: Reporter,
  ) {}

  get size(): number {
    return this.sites.size;
  }

  /** The replacement of vjp(f, ...) / jacobian(f, ...) at node; jvpName gives f's jvp wrapper (for jacobian). */
  replace(node: t.CallExpression, kind: "vjp" | "jacobian", fname: string, lifted: Lifted | null, jvpName: () => string): t.Expression {
    const n = this.program.module.functions.get(fname)!.params.length;
    let s = this.sites.get(fname);
    if (!s) this.sites.set(fname, (s = { fname, arity: lifted?.arity ?? n, name: this.program.namer.fresh(`${fname}_vjp`), node, jacobian: false }));
    const rest = node.arguments.slice(1);
    // a factory's closure: the generated functions take its arguments and then the captured values (rt.withCaptures)
    const fArg = node.arguments[0] as t.Expression;
    const capturing = (g: string, arity: number, what: string) =>
      lifted ? t.callExpression(t.identifier(this.program.rt.withCaptures), [t.cloneNode(fArg), t.identifier(g), t.numericLiteral(arity), t.stringLiteral(lifted.factory), t.stringLiteral(what)]) : t.identifier(g);
    if (kind === "vjp") return rest.length ? t.callExpression(capturing(s.name, s.arity, "vjp"), rest) : capturing(s.name, s.arity, "vjp");
    s.jacobian = true;
    const [k, mode, extra] = rest;
    // argnum: an integer literal, or a list of them (one Jacobian per argument, as JAX's argnums tuple)
    const list = k?.type === "ArrayExpression" ? k.elements : null;
    const literals = (list ?? (k ? [k] : [])).map((e) => (e?.type === "NumericLiteral" ? e : this.rep.error("ADC260", e ?? k!, "jacobian(f, argnum): argnum must be an integer literal or a list of them ([0, 1]: one Jacobian per argument)")));
    if (list && !list.length) this.rep.error("ADC260", k!, "jacobian(f, []): give at least one argnum");
    if (extra || (mode && (mode.type !== "StringLiteral" || !["auto", "forward", "reverse"].includes(mode.value)))) {
      this.rep.error("ADC260", extra ?? mode, 'jacobian takes (f, argnum?) and returns a function of f\'s arguments (a third argument, "forward" or "reverse", forces the mode)');
    }
    for (const lit of literals) {
      const kv = lit.value;
      if (!Number.isInteger(kv) || kv < 0 || kv >= s.arity) this.rep.error("ADC141", lit, `argnum ${kv} is out of range: the function has ${s.arity} parameter(s)`);
    }
    const argnum = list ? t.arrayExpression(literals.map((l) => t.numericLiteral(l.value))) : t.numericLiteral(literals[0]?.value ?? 0);
    const args: t.Expression[] = [capturing(s.name, s.arity, "jacobian"), capturing(jvpName(), 2, "jacobian"), argnum, t.stringLiteral(lifted?.factory ?? fname)];
    if (mode) args.push(mode as t.StringLiteral);
    return t.callExpression(t.identifier(this.program.rt.jacobianOf), args);
  }

  /** Before the jvp wrappers and the pairs are generated: what vjp and jacobian reject. */
  check(objects: ObjectsPass): void {
    for (const s of this.sites.values()) {
      const what = s.jacobian ? "jacobian" : "vjp";
      const source = this.program.module.functions.get(s.fname)!;
      const flat = objects.fn(s.fname);
      const rk = this.program.fn(flat?.changed ? flat.name : s.fname).fn.retKind;
      if (rk.k !== "num" && rk.k !== "arr") this.rep.error("ADC262", source, `${s.fname} returns ${rk.k === "bool" ? "a boolean" : "a value adc cannot type"}; ${what} needs a function that returns a number or an array of numbers${rk.k === "bool" ? "" : " (annotate its return type)"}`);
      if (s.jacobian && rk.k === "arr" && rk.depth > 1) this.rep.error("ADC262", source, `${s.fname} returns nested arrays; jacobian needs a number or a flat array of numbers (flatten the result)`);
      if (flat?.changed && (rk.k === "num" || rk.k === "arr")) s.viaFlat = { req: gradRequest(s, flat, this.program), flat };
    }
  }

  /** Register the pairs (before Program.generate). */
  request(): void {
    for (const s of this.sites.values()) if (s.viaFlat) this.program.pair(s.viaFlat.flat.name, patternOf(s.viaFlat.req, this.program));
    for (const s of this.sites.values()) if (!s.viaFlat && pattern(s, this.program).includes("1")) this.program.pair(s.fname, pattern(s, this.program));
  }

  generate(): string[] {
    return [...this.sites.values()].flatMap((s) => {
      if (s.viaFlat) return [generateVjpFlat(s.fname, s.name, s.viaFlat.req, s.viaFlat.flat, s.arity, this.program)];
      return [generateVjp(s, this.program)];
    });
  }
}

/** "1" for each number or array parameter of f: vjp differentiates all of them (not a closure's captured values). */
function pattern(s: Site, program: Program): string {
  const { fn } = program.fn(s.fname);
  return fn.params.map((p, j) => (j < s.arity && ["num", "arr"].includes(fn.locals.get(p)!.kind.k) ? "1" : "0")).join("");
}

function generateVjp(s: Site, program: Program): string {
  const rt = program.rt;
  const { fn, mutated } = program.fn(s.fname);
  const pat = pattern(s, program);
  const params = fn.params;
  const fq = JSON.stringify(s.fname);
  const names = program.namer.child();
  params.forEach((p) => names.reserve(p));
  const kindOf = (j: number) => fn.locals.get(params[j])!.kind.k;
  // a parameter with a default (or declared optional, x?:) may be left undefined: it then has no gradient (null)
  const source = program.module.functions.get(s.fname)!;
  const optional = (j: number) => {
    const p = source.params[j];
    return p?.type === "AssignmentPattern" || (p?.type === "Identifier" && !!p.optional);
  };
  const code = new Code();
  code.comment(`vjp(${s.fname}): [${s.fname}(${params.join(", ")}), the pullback ct -> the gradient of each argument against ct]; each pullback runs ${s.fname}'s sweeps on copies of the arguments as given`);
  code.open(`function ${s.name}(${params.join(", ")})`);
  const given = new Map<number, string>();
  // captured arrays (a factory's closure): copied as given, without a gradient
  const frozen = new Map<number, string>();
  params.forEach((p, j) => {
    if (j >= s.arity && kindOf(j) === "arr") {
      frozen.set(j, names.fresh(`${p}0`));
      code.line(`const ${frozen.get(j)} = ${rt.snapshot}(${p});`);
    }
    if (pat[j] !== "1") return;
    const g = names.fresh(`${p}0`);
    given.set(j, g);
    code.line(`const ${g} = ${rt.vjpArg}(${p}, ${fq}, ${j}, "${kindOf(j) === "arr" ? "array" : "number"}"${optional(j) ? ", true" : ""});`);
  });
  // arrays f writes into must not share storage with other array arguments (as for grad)
  const arrays = params.map((p, j) => ({ p, j })).filter(({ j }) => kindOf(j) === "arr");
  const written = arrays.map((a, k) => (mutated.has(a.j) ? k : -1)).filter((k) => k >= 0);
  if (written.length && arrays.length > 1) code.line(`${rt.checkNoAlias}(${fq}, [${arrays.map((a) => a.p).join(", ")}], ${JSON.stringify(arrays.map((a) => a.p))}, [${written.join(", ")}]);`);
  const [value, shape, ct, v0, c0, r0, err] = ["value", "shape", "ct", "v0", "c0", "r0", "e"].map((b) => names.fresh(b));
  code.line(`const ${value} = ${s.fname}(${params.join(", ")});`);
  code.line(`const ${shape} = ${rt.snapshot}(${value});`);
  const pullback = names.fresh("pullback");
  code.open(`const ${pullback} = (${ct}) =>`);
  code.line(`${rt.checkCotangent}(${shape}, ${ct}, ${fq});`);
  if (!pat.includes("1")) {
    code.line(`return [${params.slice(0, s.arity).map(() => "null").join(", ")}];`);
    code.close(";");
    code.line(`return [${value}, ${pullback}];`);
    code.close();
    return code.toString();
  }
  const pair = program.pair(s.fname, pat);
  const sig = pair.sig;
  // fresh copies of the arguments as given: f_fwd may write into them
  const copy = new Map<number, string>();
  params.forEach((p, j) => {
    const g = given.get(j) ?? frozen.get(j);
    if (!g) return;
    if (kindOf(j) === "num") return copy.set(j, g);
    const c = names.fresh(`${p}1`);
    copy.set(j, c);
    code.line(`const ${c} = ${rt.snapshot}(${g});`);
  });
  const arg = (j: number) => copy.get(j) ?? params[j];
  const shadow = new Map<number, string>();
  for (const j of sig.shadowParams) {
    const b = names.fresh(`${params[j]}b`);
    shadow.set(j, b);
    // an array left undefined gets its shadow where its default is made
    code.line(`const ${b} = ${optional(j) ? `${arg(j)} === undefined ? undefined : ` : ""}${rt.zerosLike}(${arg(j)});`);
  }
  code.line(`const ${v0} = ${rt.values}.top, ${c0} = ${rt.control}.top, ${r0} = ${rt.refs}.top;`);
  code.open("try");
  const args = params.map((_, j) => arg(j));
  const shadows = sig.shadowParams.map((j) => shadow.get(j)!);
  const scalar = pullbackSweeps(code, names, rt, pair, s.fname, args, shadows, ct, params);
  // an argument the value does not depend on has a zero gradient; one holding no numbers, null
  const gradOf = (j: number) => {
    const g = given.get(j);
    if (!g) return "null";
    const b = shadow.get(j) ?? scalar.get(j) ?? (kindOf(j) === "arr" ? `${rt.zerosLike}(${g})` : "0");
    return optional(j) ? `${g} === undefined ? null : ${b}` : b;
  };
  endPullback(code, rt, { v0, c0, r0, err }, params.slice(0, s.arity).map((_, j) => gradOf(j)), value, pullback);
  return code.toString();
}

/** The arguments vjp differentiates when f has object parameters (as grad(f, [all]) would): objects, numbers and arrays; not captured values. */
function gradRequest(s: Site, flat: Flat, program: Program): WrapperRequest {
  const fname = s.fname;
  const { fn } = program.fn(flat.name);
  const argnums = flat.shapes.flatMap((sh, i) => {
    if (i >= s.arity) return [];
    if (sh) return [i];
    const j = flat.params.findIndex((p) => p.orig === i && !p.leaf);
    return j >= 0 && ["num", "arr"].includes(fn.locals.get(fn.params[j])!.kind.k) ? [i] : [];
  });
  return { kind: "grad", fname, argnums, asArray: true, flat };
}

/**
 * The sweeps of one pullback call: f_fwd, then the cotangent into the result's shadow f_fwd hands
 * over (an array result) or as f_rev's seed (a number), then f_rev. Returns the variable holding
 * the adjoint of each number parameter.
 */
export function pullbackSweeps(code: Code, names: Namer, rt: Program["rt"], pair: ReturnType<Program["pair"]>, fname: string, args: string[], shadows: string[], ct: string, params: string[]): Map<number, string> {
  const sig = pair.sig;
  code.line(`${pair.fwd}(${[...args, ...shadows].join(", ")});`);
  const seed: string[] = [];
  if (sig.retVaried && sig.retArray) {
    const rb = names.fresh("retb");
    code.line(`// the shadow of ${fname}'s result, handed over by ${pair.fwd}: the cotangent goes in`);
    code.line(`const ${rb} = ${rt.refs}.pop();`);
    code.line(`${rt.addInto}(${rb}, ${ct});`);
  } else if (sig.retVaried) seed.push(ct);
  const call = `${pair.rev}(${[...args, ...shadows, ...seed].join(", ")})`;
  const scalar = new Map<number, string>();
  if (sig.scalarParams.length === 1) {
    const b = names.fresh(`${params[sig.scalarParams[0]]}b`);
    scalar.set(sig.scalarParams[0], b);
    code.line(`const ${b} = ${call};`);
  } else {
    code.line(`${call};`);
    sig.scalarParams.forEach((j, k) => {
      const b = names.fresh(`${params[j]}b`);
      scalar.set(j, b);
      code.line(`const ${b} = ${rt.adjoints}[${k}];`);
    });
  }
  return scalar;
}

/** The end of f_vjp: the pullback returns the gradients (resetting the stacks on an error), f_vjp returns [value, pullback]. */
export function endPullback(code: Code, rt: Program["rt"], g: { v0: string; c0: string; r0: string; err: string }, grads: string[], value: string, pullback: string): void {
  code.line(`return [${grads.join(", ")}];`);
  code.close();
  code.open(`catch (${g.err})`);
  code.line(`${rt.reset}(${g.v0}, ${g.c0}, ${g.r0});`);
  code.line(`throw ${g.err};`);
  code.close();
  code.close(";");
  code.line(`return [${value}, ${pullback}];`);
  code.close();
}
