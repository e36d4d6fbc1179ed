// What the forward and reverse emitters share: the sweep context (one per generated function) and
// the small questions every statement rule asks of it (is this active, needed, overwritten; how
// is it recorded and restored; how is a primal value read back).
import * as t from "@babel/types";
import type { Assign, Call, Loop, Stmt } from "../../ir.js";
import type { Namer } from "../../names.js";
import { print } from "../../source.js";
import { Code } from "./code.js";
import type { ExprCx } from "./expr.js";
import type { PairSignature, PairSpec } from "./function.js";

export interface CalleeInfo {
  fwd: string;
  rev: string;
  sig: PairSignature;
  /** False for a passive call: plain primal call, nothing in the reverse sweep. */
  inRev: boolean;
}

export interface SweepCx {
  spec: PairSpec;
  namer: Namer;
  adjoint: Map<string, string>;
  needed: Set<string>;
  neededClasses: Set<string>;
  assigns: Map<string, number>;
  counters: Set<string>;
  reads: Set<string>;
  inRev: Set<Stmt>;
  sig: PairSignature;
  /** Variables used directly as array indices. */
  indexVars: Set<string>;
  /** Loop-local values recomputed at the start of each reverse iteration (recompute.ts). */
  recompute: Map<Loop, Assign[]>;
  recomputed: Set<string>;
  /** Emit without recording or restoring anything (fused.ts: code whose reverse already ran, or runs against live state). */
  plain?: boolean;
  /**
   * fused.ts: statements whose reverse follows their forward in the same block. Their cached values
   * stay in the forward's consts (recorded here by statement) instead of going through the stack.
   */
  shared?: { stmts: Set<Stmt>; names: Map<Stmt, Map<t.Node, string>> };
}


export const kindName = (cx: SweepCx, name: string) => cx.spec.fn.locals.get(name)?.kind.k;
export const activeNum = (cx: SweepCx, name: string) => cx.spec.act.varied.has(name) && kindName(cx, name) === "num";
export const activeArr = (cx: SweepCx, name: string | null) => !!name && cx.spec.act.varied.has(name) && kindName(cx, name) === "arr";
export const neededArr = (cx: SweepCx, name: string | null) => !!name && cx.neededClasses.has(cx.spec.act.classOf(name));

export function primal(cx: SweepCx, e: t.Expression): string {
  collectReads(e, cx);
  return print(e);
}

function collectReads(e: t.Node, cx: SweepCx): void {
  if (e.type === "Identifier") {
    if (cx.spec.fn.locals.has(e.name)) cx.reads.add(e.name);
    return;
  }
  for (const key of t.VISITOR_KEYS[e.type] ?? []) {
    if (e.type === "MemberExpression" && key === "property" && !e.computed) continue;
    const v = (e as any)[key];
    if (Array.isArray(v)) v.forEach((c) => c && collectReads(c, cx));
    else if (v && typeof v === "object") collectReads(v, cx);
  }
}

export function shadowOf(cx: SweepCx, e: t.Expression): t.Expression {
  if (e.type === "Identifier") {
    const s = cx.adjoint.get(e.name);
    if (!s) return cx.spec.rep.error("ADC130", null, `internal: no shadow for array '${e.name}'`);
    return t.identifier(s);
  }
  if (e.type === "MemberExpression" && e.computed) return t.memberExpression(shadowOf(cx, e.object as t.Expression), e.property as t.Expression, true);
  if (e.type === "ConditionalExpression") {
    // (c ? x : y)[i] with y not differentiated: y's side writes into a scratch zero array, discarded
    const side = (b: t.Expression) => (b.type === "Identifier" && !cx.adjoint.has(b.name) ? t.callExpression(t.identifier(cx.spec.rt.zerosLike), [b]) : shadowOf(cx, b));
    return t.conditionalExpression(e.test, side(e.consequent), side(e.alternate));
  }
  return cx.spec.rep.error("ADC130", null, `internal: no shadow for ${print(e)}`);
}

export function exprCx(cx: SweepCx, code: Code): ExprCx {
  return {
    code,
    namer: cx.namer,
    isActive: (e) => cx.spec.act.exprVaried(e),
    adjointOf: (name) => cx.adjoint.get(name)!,
    shadowOf: (e) => shadowOf(cx, e),
    primal: (e) => primal(cx, e),
    unsupported: (e, why) => cx.spec.rep.error("ADC114", cx.spec.fn.node, `${why}: ${print(e)}`),
  };
}

/** A variable's entry value matters after this assignment: a parameter, or assigned more than once. */
export function overwritten(cx: SweepCx, name: string): boolean {
  const l = cx.spec.fn.locals.get(name)!;
  return l.param >= 0 || (cx.assigns.get(name) ?? 0) > 1;
}

export type Restore = "none" | "pop" | "invert";
export function restoreOf(cx: SweepCx, s: Assign | Call): Restore {
  if (cx.plain) return "none";
  const name = s.kind === "call" ? s.target : s.target.kind === "var" ? s.target.name : null;
  if (!name || !cx.needed.has(name) || !overwritten(cx, name)) return "none";
  const l = cx.spec.fn.locals.get(name)!;
  if (cx.counters.has(name) && l.loopScoped) return "none";
  if (cx.recomputed.has(name)) return "none";
  // an integer stepped by an integer literal is restored exactly by stepping back (array indices
  // are integers even when their kind could not be proven: a fractional index reads undefined)
  const integral = l.kind.k === "int" || cx.indexVars.has(name);
  if (s.kind === "assign" && integral && (s.op === "+=" || s.op === "-=") && s.value.type === "NumericLiteral" && Number.isInteger(s.value.value)) return "invert";
  return "pop";
}

export function record(cx: SweepCx, code: Code, name: string): void {
  const k = kindName(cx, name);
  const { values, refs } = cx.spec.rt;
  if (k === "arr" || k === "other" || cx.spec.fn.locals.get(name)?.nullable) code.line(`${refs}.push(${name});`);
  else if (k === "bool") code.line(`${values}.push(${name} ? 1 : 0);`);
  else code.line(`${values}.push(${name});`);
}

export function restoreLine(cx: SweepCx, code: Code, name: string): void {
  const k = kindName(cx, name);
  const { values, refs } = cx.spec.rt;
  if (k === "arr" || k === "other" || cx.spec.fn.locals.get(name)?.nullable) code.line(`${name} = ${refs}.pop();`);
  else if (k === "bool") code.line(`${name} = ${values}.pop() !== 0;`);
  else code.line(`${name} = ${values}.pop();`);
}

export function sub(): Code {
  return new Code();
}

/** Append a statement's reverse code under its source comment, in a block if it declares consts. */
export function appendStmt(code: Code, s: Stmt, body: Code): void {
  const text = body.toString();
  if (!text.trim()) return;
  code.comment(s.origin.text);
  const lines = text.split("\n");
  if (lines.some((l) => l.startsWith("const "))) {
    code.open("");
    code.append(lines);
    code.close();
  } else {
    code.append(lines);
  }
}
