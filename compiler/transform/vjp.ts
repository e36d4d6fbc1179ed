// vjp(f, ...args) and jacobian(f, argnum) for module functions (issue 4), found by pipeline.ts.
// vjp(f, ...args) becomes f_vjp(...args): it checks and copies the arguments as given, returns
// [f(...args), pullback] (the call of f leaves the arguments as f leaves them), and each
// pullback(ct) runs f_fwd and f_rev on fresh copies of the given arguments, seeded with ct (a
// number-valued f) or with ct added into the result's shadow that f_fwd hands over on $refs (an
// array-valued f). It returns one gradient per argument (null for arguments holding no numbers)
// and leaves nothing on the stacks between calls. A number-valued f with object parameters goes
// through grad's wrapper (objects flattened): each pullback is ct times grad(f, [all]) at deep
// copies of the arguments as given. jacobian(f, k[, mode]) becomes
// rt.jacobianOf(f_vjp, f_jvp, k, "f"[, mode]), the run-time driver (runtime/jacobian.ts).
import * as t from "@babel/types";
import { Code } from "./adjoint/code.js";
import type { Program } from "./program.js";
import type { Reporter } from "../errors.js";
import type { Flat, ObjectsPass } from "./objects/flatten.js";
import { generateWrapper, requestWrapper, type WrapperRequest } from "./wrapper.js";

interface Site {
  fname: string;
  name: string;
  node: t.CallExpression;
  jacobian: boolean;
  /** f has object parameters and returns a number: the pullback scales f's gradient in all its arguments (grad's wrapper, objects flattened). */
  viaGrad?: { req: WrapperRequest; name: string };
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
  replace(node: t.CallExpression, kind: "vjp" | "jacobian", fname: string, lifted: boolean, jvpName: () => string): t.Expression {
    if (lifted) this.rep.error("ADC260", node, `${kind} of a closure returned by a factory is not supported yet; differentiate a module function`);
    let s = this.sites.get(fname);
    if (!s) this.sites.set(fname, (s = { fname, name: this.program.namer.fresh(`${fname}_vjp`), node, jacobian: false }));
    const rest = node.arguments.slice(1);
    if (kind === "vjp") return rest.length ? t.callExpression(t.identifier(s.name), rest) : t.identifier(s.name);
    s.jacobian = true;
    const [k, mode, extra] = rest;
    if (k && k.type !== "NumericLiteral") this.rep.error("ADC260", k, "jacobian(f, argnum): argnum must be an integer literal (one argument: jacobian differentiates with respect to one argument)");
    if (extra || (mode && (mode.type !== "StringLiteral" || !["auto", "forward", "reverse"].includes(mode.value)))) {
      this.rep.error("ADC260", extra ?? mode, 'jacobian takes (f, argnum?) and returns a function of f\'s arguments (a third argument, "forward" or "reverse", forces the mode)');
    }
    const n = this.program.module.functions.get(fname)!.params.length;
    const kv = k ? (k as t.NumericLiteral).value : 0;
    if (!Number.isInteger(kv) || kv < 0 || kv >= n) this.rep.error("ADC141", k ?? node, `argnum ${kv} is out of range: the function has ${n} parameter(s)`);
    const args: t.Expression[] = [t.identifier(s.name), t.identifier(jvpName()), t.numericLiteral(kv), t.stringLiteral(fname)];
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
      if (flat?.changed && (s.jacobian || rk.k !== "num")) {
        this.rep.error("ADC261", source, `${what} of ${s.fname}: ${s.jacobian ? "jacobian of a function with object parameters" : "a function with object parameters returning an array"} is not supported yet; pass numbers and arrays (vjp of a number-valued function and grad support objects)`);
      }
      if (rk.k !== "num" && rk.k !== "arr") this.rep.error("ADC262", source, `${s.fname} returns ${rk.k === "bool" ? "a boolean" : "a value adc cannot type"}; ${what} needs a function that returns a number or an array of numbers${rk.k === "bool" ? "" : " (annotate its return type)"}`);
      if (s.jacobian && rk.k === "arr" && rk.depth > 1) this.rep.error("ADC262", source, `${s.fname} returns nested arrays; jacobian needs a number or a flat array of numbers (flatten the result)`);
      if (flat?.changed) s.viaGrad = { req: gradRequest(s.fname, flat, this.program), name: this.program.namer.fresh(`${s.fname}_gradAll`) };
    }
  }

  /** Register the pairs (before Program.generate). */
  request(): void {
    for (const s of this.sites.values()) if (s.viaGrad) requestWrapper(s.viaGrad.req, this.program);
    for (const s of this.sites.values()) if (!s.viaGrad && pattern(s.fname, this.program).includes("1")) this.program.pair(s.fname, pattern(s.fname, this.program));
  }

  generate(): string[] {
    return [...this.sites.values()].flatMap((s) => (s.viaGrad ? [generateWrapper(s.viaGrad.req, s.viaGrad.name, this.program), generateViaGrad(s, s.viaGrad, this.program)] : [generateVjp(s, this.program)]));
  }
}

/** "1" for each number or array parameter of f: vjp differentiates all of them. */
function pattern(fname: string, program: Program): string {
  const { fn } = program.fn(fname);
  return fn.params.map((p) => (["num", "arr"].includes(fn.locals.get(p)!.kind.k) ? "1" : "0")).join("");
}

function generateVjp(s: Site, program: Program): string {
  const rt = program.rt;
  const { fn, mutated } = program.fn(s.fname);
  const pat = pattern(s.fname, program);
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
  params.forEach((p, j) => {
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
    code.line(`return [${params.map(() => "null").join(", ")}];`);
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
    if (!given.has(j)) return;
    if (kindOf(j) === "num") return copy.set(j, given.get(j)!);
    const c = names.fresh(`${p}1`);
    copy.set(j, c);
    code.line(`const ${c} = ${rt.snapshot}(${given.get(j)});`);
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
  code.line(`${pair.fwd}(${[...args, ...shadows].join(", ")});`);
  const seed: string[] = [];
  if (sig.retVaried && sig.retArray) {
    const rb = names.fresh("retb");
    code.line(`// the shadow of ${s.fname}'s result, handed over by ${pair.fwd}: the cotangent goes in`);
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
  // an argument the value does not depend on has a zero gradient; one holding no numbers, null
  const gradOf = (j: number) => {
    const g = given.get(j);
    if (!g) return "null";
    const b = shadow.get(j) ?? scalar.get(j) ?? (kindOf(j) === "arr" ? `${rt.zerosLike}(${g})` : "0");
    return optional(j) ? `${g} === undefined ? null : ${b}` : b;
  };
  code.line(`return [${params.map((_, j) => gradOf(j)).join(", ")}];`);
  code.close();
  code.open(`catch (${err})`);
  code.line(`${rt.reset}(${v0}, ${c0}, ${r0});`);
  code.line(`throw ${err};`);
  code.close();
  code.close(";");
  code.line(`return [${value}, ${pullback}];`);
  code.close();
  return code.toString();
}

/** grad(f, [every argument holding numbers]) for f with object parameters: objects, and numbers and arrays. */
function gradRequest(fname: string, flat: Flat, program: Program): WrapperRequest {
  const { fn } = program.fn(flat.name);
  const argnums = flat.shapes.flatMap((sh, i) => {
    if (sh) return [i];
    const j = flat.params.findIndex((p) => p.orig === i && !p.leaf);
    return j >= 0 && ["num", "arr"].includes(fn.locals.get(fn.params[j])!.kind.k) ? [i] : [];
  });
  return { kind: "grad", fname, argnums, asArray: true, flat };
}

/** f_vjp of a number-valued f with object parameters: each pullback is ct times f's gradient at copies of the arguments as given. */
function generateViaGrad(s: Site, via: { req: WrapperRequest; name: string }, program: Program): string {
  const rt = program.rt;
  const source = program.module.functions.get(s.fname)!;
  const names = program.namer.child();
  const params = source.params.map((p, i) => (p.type === "Identifier" ? p.name : `arg${i}`));
  params.forEach((p) => names.reserve(p));
  const [value, shape, ct, grads, pullback] = ["value", "shape", "ct", "grads", "pullback"].map((b) => names.fresh(b));
  const given = params.map((p) => names.fresh(`${p}0`));
  const fq = JSON.stringify(s.fname);
  const code = new Code();
  code.comment(`vjp(${s.fname}): [${s.fname}(${params.join(", ")}), the pullback ct -> ct times the gradient of each argument]; objects are flattened by ${via.name}`);
  code.open(`function ${s.name}(${params.join(", ")})`);
  code.line(`const ${given.map((g, i) => `${g} = ${rt.copyArg}(${params[i]})`).join(", ")};`);
  code.line(`const ${value} = ${s.fname}(${params.join(", ")});`);
  code.line(`const ${shape} = ${rt.snapshot}(${value});`);
  code.open(`const ${pullback} = (${ct}) =>`);
  code.line(`${rt.checkCotangent}(${shape}, ${ct}, ${fq});`);
  code.line(`const ${grads} = ${via.name}(${given.map((g) => `${rt.copyArg}(${g})`).join(", ")});`);
  const k = (i: number) => via.req.argnums.indexOf(i);
  code.line(`return [${params.map((_, i) => (k(i) < 0 ? "null" : `${rt.scaleGrad}(${grads}[${k(i)}], ${ct})`)).join(", ")}];`);
  code.close(";");
  code.line(`return [${value}, ${pullback}];`);
  code.close();
  return code.toString();
}
