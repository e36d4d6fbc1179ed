// The function that replaces jvp(f, primals, tangents) (or jvp(f), the same function unapplied):
// checks the arguments and their tangents, runs f's tangent function once, and returns
// [f(...primals), the derivative of f at primals along tangents], the latter shaped like f's result.
// Every number or array parameter is differentiated; the tangents of the others are not read.
// Object parameters (transform/objects): f's flattened form f_flat is differentiated; the wrapper
// reads the leaves out of each object and out of its tangent, an object of the same structure
// (checked whole first, ADC_R205), exactly as the reverse wrapper reads them (`leafAccess`).
// A closure a factory returns (transform/factories): the lifted function's parameters after the
// closure's own (`arity`) are its captured values, passed to the wrapper after (primals, tangents)
// by rt.withCaptures; they are constants (no tangent).
import { Code } from "../adjoint/code.js";
import type { Program } from "../program.js";
import type { TangentProgram } from "./program.js";
import type { Flat } from "../objects/flatten.js";
import { unwrapTS, type FunctionNode } from "../../analyze/module.js";
import type { Reporter } from "../../errors.js";
import * as t from "@babel/types";
import { FlatArgs } from "./args.js";

export interface JvpRequest {
  fname: string;
  /** f's flattened form, when its parameters (or captured values) are objects. */
  flat?: Flat;
  /** A lifted closure: how many parameters the closure itself takes; the rest are captured values. */
  arity?: number;
}

/**
 * jvp's result must be a number or an array of numbers: a function declared to return an object, or
 * returning an object literal, is ADC205 (before the objects pass, which would report the literal).
 */
export function rejectObjectResult(fname: string, source: FunctionNode, rep: Reporter): void {
  const ann = source.returnType?.type === "TSTypeAnnotation" ? source.returnType.typeAnnotation : null;
  const say = (at: t.Node) => rep.error("ADC205", at, `jvp of ${fname}: it returns an object; forward mode gives the derivative of a number or an array of numbers (return one, or take jvp of a function that reads one field of the result)`);
  if (ann?.type === "TSTypeLiteral") say(ann);
  const isObj = (e: t.Node | null | undefined) => !!e && t.isExpression(e) && unwrapTS(e).type === "ObjectExpression";
  if (source.body.type !== "BlockStatement") {
    if (isObj(source.body)) say(source.body);
    return;
  }
  const visit = (n: t.Node): void => {
    if (n.type === "ReturnStatement" && isObj(n.argument)) say(n);
    if (t.isFunction(n) || t.isClass(n)) return; // their returns are not f's
    for (const key of t.VISITOR_KEYS[n.type] ?? []) {
      const v = (n as any)[key];
      if (Array.isArray(v)) v.forEach((c) => c && visit(c));
      else if (v) visit(v);
    }
  };
  source.body.body.forEach(visit);
}

export function generateJvpWrapper(req: JvpRequest, name: string, program: Program, tangents: TangentProgram): string {
  const rt = program.rt;
  const flat = req.flat;
  const target = flat?.name ?? req.fname;
  const { fn, mutated } = program.fn(target);
  const source = program.module.functions.get(req.fname)!;
  const rk = fn.retKind.k;
  if (rk !== "num" && rk !== "arr") program.rep.error("ADC202", source, `${req.fname} returns ${rk === "bool" ? "a boolean" : "a value adc cannot type"}; jvp needs a function that returns a number or an array of numbers (annotate its return type)`);
  const params = fn.params;
  const args = new FlatArgs(fn, flat, source);
  const origOf = (j: number) => args.origOf(j);
  const leafOf = (j: number) => flat?.params[j].leaf ?? null;
  const argNames = args.argNames;
  const arity = req.arity ?? argNames.length;
  // "1" for each number or array parameter (or leaf) of an argument; captured values and lengths are constants
  const pattern = params.map((p, j) => (origOf(j) < arity && leafOf(j)?.role !== "length" && ["num", "arr"].includes(fn.locals.get(p)!.kind.k) ? "1" : "0")).join("");
  const sig = tangents.request(target, pattern);
  const fq = JSON.stringify(req.fname);
  const names = program.namer.child();
  params.forEach((p) => names.reserve(p));
  argNames.forEach((a) => names.reserve(a));
  const [primals, tans, value] = ["primals", "tangents", "value"].map((b) => names.fresh(b));
  const captured = argNames.slice(arity);
  const code = new Code();
  code.comment(`jvp(${req.fname}): [${req.fname}(...primals), its derivative along tangents], in one forward sweep`);
  code.open(`function ${name}(${[primals, tans, ...captured].join(", ")})`);
  code.line(`${rt.checkJvp}(${primals}, ${tans}, ${fq});`);
  const own = argNames.slice(0, arity).map((a, i) => ({ a, i })).filter(({ a, i }) => args.isObject(i) || params.includes(a));
  if (own.length) code.line(`const ${own.map(({ a, i }) => `${a} = ${primals}[${i}]`).join(", ")};`);
  // the tangent of an object argument: checked whole, then read leaf by leaf like the argument
  const objTangent = new Map<number, string>();
  for (let i = 0; i < arity; i++) {
    if (!args.isObject(i)) continue;
    const d = names.fresh(`${argNames[i]}d`);
    objTangent.set(i, d);
    code.line(`const ${d} = ${rt.checkTangent}(${argNames[i]}, ${tans}[${i}], ${fq}, ${i}, "object");`);
  }
  args.prologue(code, rt, fq, mutated);
  const along: string[] = [];
  for (const j of sig.tangentParams) {
    const p = params[j];
    const i = origOf(j);
    const l = leafOf(j);
    const pd = names.fresh(`${fn.locals.get(p)!.source}d`);
    along.push(pd);
    const expect = fn.locals.get(p)!.kind.k === "arr" ? "array" : "number";
    if (pattern[j] === "0") {
      // a captured array the closure writes varied values into: its tangent starts at zero
      code.line(`const ${pd} = ${expect === "array" ? `${rt.zerosLike}(${p})` : "0"};`);
      continue;
    }
    const given = l ? args.leaf(objTangent.get(i)!, j, rt)! : `${tans}[${i}]`;
    // f writes into arguments: array tangents are copies, so that a tangent that is (or shares storage
    // with) an array f writes stays as given while f runs
    const copy = mutated.has(j) || (mutated.size && expect === "array") ? ", true" : l ? ", false" : "";
    if (mutated.has(j)) code.line(`// ${req.fname} writes ${args.label(j)}: its tangent is a copy, written alongside`);
    code.line(`const ${pd} = ${rt.checkTangent}(${p}, ${given}, ${fq}, ${i}, "${expect}"${copy}${l ? `, ${JSON.stringify(args.path(j))}` : ""});`);
  }
  code.line(`const ${value} = ${sig.name}(${[...params, ...along].join(", ")});`);
  const tangent = sig.retVaried ? (sig.retArray ? `${rt.refs}.pop()` : `${rt.adjoints}[0]`) : sig.retArray ? `${rt.zerosLike}(${value})` : "0";
  code.line(`return [${value}, ${tangent}];`);
  code.close();
  return code.toString();
}
