// Forward and reverse code for each normalized statement kind, side by side:
//   v = e        fwd: [record v] v = e            rev: g = vb; vb = 0; [restore v]; e̅ += g·∂e
//   a[i] = e     fwd: [record a[i]] a[i] = e      rev: g = ab[i]; ab[i] = 0; [restore a[i]]; e̅ += g·∂e
//   v = h(x)     fwd: v = h_fwd(x)                rev: g = vb; vb = 0; [restore v]; x̅ += h_rev(x, g)
//   a.push(e)    fwd: a.push(e); ab.push(0)       rev: g = ab.pop(); a.pop(); e̅ += g·∂e
//   if (c) A B   fwd: if (c) {A; push 1} else {B; push 0}        rev: if (pop()) Ā else B̄
//   loop         fwd: count the trips, push the count            rev: repeat count times: body̅
// "Record" pushes a value the statement overwrites only when the reverse sweep reads it later.
import * as t from "@babel/types";
import type { Assign, Call, Loop, Stmt } from "../../ir.js";
import type { Namer } from "../../names.js";
import { rootOf } from "../../analyze/activity.js";
import { kindOf } from "../../analyze/types.js";
import { print } from "../../source.js";
import { Code } from "./code.js";
import { cachePlan, propagate, withNames, type ExprCx } from "./expr.js";
import { fold } from "./rules.js";
import { visit } from "../../ir-walk.js";
import { readsOf } from "../lower/expressions.js";
import { writes } from "../lower/statements.js";
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

/**
 * The trip count of a counted loop whose bound does not change while it runs
 * (`for (let i = a; i < n; i++)`, n not written in the loop): the reverse sweep recomputes it
 * instead of reading it from the control stack. Null when it must be recorded.
 */
function tripCount(s: Loop, cx: SweepCx): t.Expression | null {
  const c = s.counter;
  if (!c || s.post || (c.step !== 1 && c.step !== -1)) return null;
  const test = s.test;
  if (test.type !== "BinaryExpression" || test.left.type !== "Identifier" || test.left.name !== c.name) return null;
  const bound = test.right;
  if (!pureArithmetic(bound)) return null;
  const written = writes([...s.body, ...s.update]);
  for (const r of readsOf(bound)) if (written.has(r) || r === c.name) return null;
  // a length may change while the loop runs (push, or a helper that pushes)
  if (/\.length\b/.test(print(bound)) && mayResize([...s.body, ...s.update])) return null;
  const isInt = (e: t.Expression) => kindOf(e, cx.spec.env).k === "int";
  const exact = isInt(bound) && isInt(c.init);
  const up = (e: t.Expression) => (exact ? e : t.callExpression(t.memberExpression(t.identifier("Math"), t.identifier("ceil")), [e]));
  const down = (e: t.Expression) => (exact ? e : t.callExpression(t.memberExpression(t.identifier("Math"), t.identifier("floor")), [e]));
  const diff = (a: t.Expression, b: t.Expression) => t.binaryExpression("-", t.cloneNode(a), t.cloneNode(b));
  if (c.step === 1 && test.operator === "<") return fold(up(diff(bound, c.init)));
  if (c.step === 1 && test.operator === "<=") return fold(t.binaryExpression("+", down(diff(bound, c.init)), t.numericLiteral(1)));
  if (c.step === -1 && test.operator === ">") return fold(up(diff(c.init, bound)));
  if (c.step === -1 && test.operator === ">=") return fold(t.binaryExpression("+", down(diff(c.init, bound)), t.numericLiteral(1)));
  return null;
}

function mayResize(stmts: Stmt[]): boolean {
  let found = false;
  visit(stmts, (x) => {
    if (x.kind === "push" || x.kind === "call") found = true;
  });
  return found;
}

function pureArithmetic(e: t.Node): boolean {
  switch (e.type) {
    case "Identifier":
    case "NumericLiteral":
      return true;
    case "BinaryExpression":
      return ["+", "-", "*", "/", "%"].includes(e.operator) && pureArithmetic(e.left) && pureArithmetic(e.right);
    case "UnaryExpression":
      return e.operator === "-" && pureArithmetic(e.argument);
    case "MemberExpression":
      return !e.computed && (e.property as t.Identifier).name === "length" && e.object.type === "Identifier";
    default:
      return false;
  }
}

// ---------------------------------------------------------------- helpers

const kindName = (cx: SweepCx, name: string) => cx.spec.fn.locals.get(name)?.kind.k;
const activeNum = (cx: SweepCx, name: string) => cx.spec.act.varied.has(name) && kindName(cx, name) === "num";
const activeArr = (cx: SweepCx, name: string | null) => !!name && cx.spec.act.varied.has(name) && kindName(cx, name) === "arr";
const neededArr = (cx: SweepCx, name: string | null) => !!name && cx.neededClasses.has(cx.spec.act.classOf(name));

function primal(cx: SweepCx, e: t.Expression): string {
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

function shadowOf(cx: SweepCx, e: t.Expression): t.Expression {
  if (e.type === "Identifier") {
    const s = cx.adjoint.get(e.name);
    if (!s) return cx.spec.rep.error("ADC130", null, `internal: no shadow for array '${e.name}'`);
    return t.identifier(s);
  }
  if (e.type === "MemberExpression" && e.computed) return t.memberExpression(shadowOf(cx, e.object as t.Expression), e.property as t.Expression, true);
  if (e.type === "ConditionalExpression") return t.conditionalExpression(e.test, shadowOf(cx, e.consequent), shadowOf(cx, e.alternate));
  return cx.spec.rep.error("ADC130", null, `internal: no shadow for ${print(e)}`);
}

/** The shadow a freshly assigned array reference gets: the source's shadow for an alias, zeros for new storage. */
function shadowValue(cx: SweepCx, value: t.Expression, target: string): string {
  if (value.type === "Identifier" || (value.type === "MemberExpression" && value.computed)) {
    const r = rootOf(value);
    if (r && cx.adjoint.has(r)) return print(shadowOf(cx, value));
  }
  if (value.type === "ConditionalExpression") {
    const c = shadowValue(cx, value.consequent, target);
    const a = shadowValue(cx, value.alternate, target);
    return `${print(value.test)} ? ${c} : ${a}`;
  }
  if (value.type === "ArrayExpression" && value.elements.some((el) => el && kindOf(el as t.Expression, cx.spec.env).k === "arr")) {
    // rows of a literal keep their identity: its shadow holds their shadows
    return `[${value.elements.map((el) => (kindOf(el as t.Expression, cx.spec.env).k === "arr" ? shadowValue(cx, el as t.Expression, print(el!)) : "0")).join(", ")}]`;
  }
  return `${cx.spec.rt.zerosLike}(${target})`;
}

function exprCx(cx: SweepCx, code: Code): ExprCx {
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
function overwritten(cx: SweepCx, name: string): boolean {
  const l = cx.spec.fn.locals.get(name)!;
  return l.param >= 0 || (cx.assigns.get(name) ?? 0) > 1;
}

type Restore = "none" | "pop" | "invert";
function restoreOf(cx: SweepCx, s: Assign | Call): Restore {
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

function record(cx: SweepCx, code: Code, name: string): void {
  const k = kindName(cx, name);
  const { values, refs } = cx.spec.rt;
  if (k === "arr" || k === "other" || cx.spec.fn.locals.get(name)?.nullable) code.line(`${refs}.push(${name});`);
  else if (k === "bool") code.line(`${values}.push(${name} ? 1 : 0);`);
  else code.line(`${values}.push(${name});`);
}

function restoreLine(cx: SweepCx, code: Code, name: string): void {
  const k = kindName(cx, name);
  const { values, refs } = cx.spec.rt;
  if (k === "arr" || k === "other" || cx.spec.fn.locals.get(name)?.nullable) code.line(`${name} = ${refs}.pop();`);
  else if (k === "bool") code.line(`${name} = ${values}.pop() !== 0;`);
  else code.line(`${name} = ${values}.pop();`);
}

function sub(): Code {
  return new Code();
}

/** Append a statement's reverse code under its source comment, in a block if it declares consts. */
function appendStmt(code: Code, s: Stmt, body: Code): void {
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

// ---------------------------------------------------------------- cached intermediates

/**
 * Expensive intermediate values (exp, sin, sqrt, ...) of an active `v = e` or `v += e` that the
 * reverse sweep reads: recorded by the forward sweep, popped by the reverse sweep (cheaper than
 * evaluating them twice). Same plan on both sides, keyed by the statement.
 */
function cacheOf(s: Assign, cx: SweepCx): Map<t.Node, string> {
  const names = new Map<t.Node, string>();
  if (cx.plain || (s.op !== "=" && s.op !== "+=")) return names;
  const root = s.target.kind === "var" ? s.target.name : rootOf(s.target.object);
  const active = s.target.kind === "var" ? activeNum(cx, s.target.name) : activeArr(cx, root) && kindOf(t.memberExpression(s.target.object, s.target.index, true), cx.spec.env).k !== "arr";
  if (!active) return names;
  for (const node of cachePlan(s.value, { isActive: (e) => cx.spec.act.exprVaried(e) })) names.set(node, cx.namer.fresh("_c"));
  return names;
}

function emitCache(s: Assign, cache: Map<t.Node, string>, cx: SweepCx, code: Code): void {
  const share = cx.shared?.stmts.has(s);
  if (share) cx.shared!.names.set(s, cache);
  for (const [node, name] of cache) {
    code.line(`const ${name} = ${print(withNames(node as t.Expression, new Map([...cache].filter(([n]) => n !== node))))};`);
    if (!share) code.line(`${cx.spec.rt.values}.push(${name});`);
  }
}

function popCache(s: Assign, cx: SweepCx, code: Code): Map<t.Node, string> {
  const kept = cx.shared?.stmts.has(s) ? cx.shared.names.get(s) : undefined;
  if (kept) return kept;
  const cache = cacheOf(s, cx);
  const entries = [...cache];
  for (let k = entries.length - 1; k >= 0; k--) code.line(`const ${entries[k][1]} = ${cx.spec.rt.values}.pop();`);
  return cache;
}

// ---------------------------------------------------------------- forward sweep

export function emitForward(stmts: Stmt[], cx: SweepCx, code: Code): void {
  let lastComment = "";
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i];
    const next = stmts[i + 1];
    if (s.kind === "assign" && s.target.kind === "var" && next?.kind === "loop" && next.counter?.name === s.target.name) continue; // printed in the loop header
    if (s.origin.text !== lastComment && (s.kind === "loop" || s.kind === "if")) {
      code.comment(s.origin.text);
    }
    lastComment = s.origin.text;
    forward[s.kind](s as never, cx, code);
  }
}

const forward: { [K in Stmt["kind"]]: (s: Extract<Stmt, { kind: K }>, cx: SweepCx, code: Code) => void } = {
  assign(s, cx, code) {
    const op = s.op;
    const cache = cacheOf(s, cx);
    const value = cache.size ? withNames(s.value, cache) : s.value;
    if (s.target.kind === "var") {
      const v = s.target.name;
      if (restoreOf(cx, s) === "pop") record(cx, code, v);
      if (activeArr(cx, v) && overwritten(cx, v) && !cx.plain) code.line(`${cx.spec.rt.refs}.push(${cx.adjoint.get(v)});`);
      emitCache(s, cache, cx, code);
      code.line(`${v} ${op} ${print(value)};`);
      if (activeArr(cx, v)) code.line(`${cx.adjoint.get(v)} = ${shadowValue(cx, s.value, v)};`);
      return;
    }
    const target = t.memberExpression(s.target.object, s.target.index, true);
    const root = rootOf(s.target.object);
    const elemArr = kindOf(target, cx.spec.env).k === "arr";
    if (neededArr(cx, root) && !cx.plain) code.line(`${elemArr ? cx.spec.rt.refs : cx.spec.rt.values}.push(${print(target)});`);
    if (elemArr && activeArr(cx, root) && !cx.plain) code.line(`${cx.spec.rt.refs}.push(${print(shadowOf(cx, target))});`);
    emitCache(s, cache, cx, code);
    code.line(`${print(target)} ${op} ${print(value)};`);
    if (elemArr && activeArr(cx, root)) code.line(`${print(shadowOf(cx, target))} = ${shadowValue(cx, s.value, print(target))};`);
  },

  call(s, cx, code) {
    const info = cx.spec.callee(s.callee, cx.spec.act.patterns.get(s) ?? "");
    const args = s.args.map((a) => print(a));
    const call = info.inRev
      ? `${info.fwd}(${[...args, ...info.sig.shadowParams.map((i) => print(shadowOf(cx, s.args[i])))].join(", ")})`
      : `${s.callee}(${args.join(", ")})`;
    const retShadow = info.inRev && info.sig.retArray && info.sig.retVaried;
    const tgt = s.target;
    const record_ = tgt && restoreOf(cx, s) === "pop";
    const shadowRecord = tgt && activeArr(cx, tgt) && overwritten(cx, tgt) && !cx.plain;
    if (!tgt) {
      code.line(`${call};`);
      if (retShadow) code.line(`${cx.spec.rt.refs}.pop();`);
      return;
    }
    if (!record_ && !shadowRecord) {
      code.line(`${tgt} = ${call};`);
      if (retShadow) code.line(activeArr(cx, tgt) ? `${cx.adjoint.get(tgt)} = ${cx.spec.rt.refs}.pop();` : `${cx.spec.rt.refs}.pop();`);
      else if (activeArr(cx, tgt)) code.line(`${cx.adjoint.get(tgt)} = ${cx.spec.rt.zerosLike}(${tgt});`);
      return;
    }
    // the callee records on the same stacks: record the target's old value after it, so that
    // the reverse sweep pops it first, then runs the callee's reverse sweep
    const r = cx.namer.fresh("_r");
    code.line(`const ${r} = ${call};`);
    const rb = retShadow ? cx.namer.fresh("_rb") : null;
    if (rb) code.line(`const ${rb} = ${cx.spec.rt.refs}.pop();`);
    if (record_) record(cx, code, tgt);
    if (shadowRecord) code.line(`${cx.spec.rt.refs}.push(${cx.adjoint.get(tgt)});`);
    code.line(`${tgt} = ${r};`);
    if (activeArr(cx, tgt)) code.line(`${cx.adjoint.get(tgt)} = ${rb ?? `${cx.spec.rt.zerosLike}(${tgt})`};`);
  },

  push(s, cx, code) {
    code.line(`${print(s.array)}.push(${print(s.value)});`);
    const root = rootOf(s.array);
    if (activeArr(cx, root)) {
      const isArr = kindOf(s.value, cx.spec.env).k === "arr";
      const sh = isArr ? shadowValue(cx, s.value, print(s.value)) : "0";
      code.line(`${print(shadowOf(cx, s.array))}.push(${sh});`);
    }
  },

  if(s, cx, code) {
    const rec = cx.inRev.has(s) && !cx.plain;
    code.open(`if (${print(s.test)})`);
    emitForward(s.cons, cx, code);
    if (rec) code.line(`${cx.spec.rt.control}.push(1);`);
    if (s.alt.length || rec) {
      code.orElse();
      emitForward(s.alt, cx, code);
      if (rec) code.line(`${cx.spec.rt.control}.push(0);`);
    }
    code.close();
  },

  loop(s, cx, code) {
    const rec = cx.inRev.has(s) && !cx.plain;
    const control = cx.spec.rt.control;
    const test = print(s.test);
    if (s.counter && !s.post) {
      const i = s.counter.name;
      const step = s.counter.step === 1 ? `${i}++` : s.counter.step === -1 ? `${i}--` : `${i} += ${s.counter.step}`;
      const init = print(s.counter.init);
      const fromZero = init === "0" && s.counter.step === 1;
      const known = tripCount(s, cx) !== null;
      const n = rec && !fromZero && !known ? cx.namer.fresh("_n") : null;
      if (n) code.line(`let ${n} = 0;`);
      code.open(`for (${i} = ${init}; ${test}; ${step})`);
      emitForward(s.body, cx, code);
      if (n) code.line(`${n}++;`);
      code.close();
      if (rec && !known) code.line(`${control}.push(${n ?? i});`);
      return;
    }
    const n = rec ? cx.namer.fresh("_n") : null;
    if (n) code.line(`let ${n} = 0;`);
    code.open(s.post ? "do" : `while (${test})`);
    emitForward(s.body, cx, code);
    emitForward(s.update, cx, code);
    if (n) code.line(`${n}++;`);
    code.close(s.post ? ` while (${test});` : "");
    if (n) code.line(`${control}.push(${n});`);
  },

  jump() {
    throw new Error("adc internal: jump left after jump elimination");
  },

  effect(s, _cx, code) {
    code.line(s.throws ? `throw ${print(s.expr)};` : `${print(s.expr)};`);
  },
};

// ---------------------------------------------------------------- reverse sweep

export function emitReverse(stmts: Stmt[], cx: SweepCx, code: Code): void {
  for (let i = stmts.length - 1; i >= 0; i--) {
    const s = stmts[i];
    const body = sub();
    reverse[s.kind](s as never, cx, body);
    if (body.length) {
      cx.inRev.add(s);
      if (s.kind === "if" || s.kind === "loop") code.append(body.toString().split("\n"));
      else appendStmt(code, s, body);
    }
  }
}

/** The value whose adjoint flows back, for `target op= value`, with the target read as v. */
function effective(s: Assign, read: t.Expression): { value: t.Expression; keep: boolean } {
  switch (s.op) {
    case "=":
      return { value: s.value, keep: false };
    case "+=":
      return { value: s.value, keep: true };
    case "-=":
      return { value: t.unaryExpression("-", s.value), keep: true };
    default:
      return { value: t.binaryExpression(s.op.slice(0, -1) as "*", read, s.value), keep: false };
  }
}

const reverse: { [K in Stmt["kind"]]: (s: Extract<Stmt, { kind: K }>, cx: SweepCx, code: Code) => void } = {
  assign(s, cx, code) {
    const ecx = exprCx(cx, code);
    if (s.target.kind === "var") {
      const v = s.target.name;
      const restore = restoreOf(cx, s);
      const k = kindName(cx, v);
      if (k === "arr") return reverseArrayAssign(s, v, restore, cx, code);
      const active = activeNum(cx, v);
      const { value, keep } = effective(s, t.identifier(v));
      let g: string | null = null;
      if (active && cx.spec.act.exprVaried(value)) {
        g = cx.namer.fresh("_g");
        code.line(`const ${g} = ${cx.adjoint.get(v)};`);
        // v's adjoint restarts from zero before its previous value (none if v is assigned once)
        if (!keep && overwritten(cx, v)) code.line(`${cx.adjoint.get(v)} = 0;`);
      } else if (active && !keep && overwritten(cx, v)) {
        code.line(`${cx.adjoint.get(v)} = 0;`); // a constant overwrites v: nothing flows back
      }
      const cached = popCache(s, cx, code);
      if (restore === "pop") restoreLine(cx, code, v);
      if (restore === "invert") code.line(`${v} ${s.op === "+=" ? "-=" : "+="} ${print(s.value)};`);
      if (g) propagate(value, t.identifier(g), ecx, cached);
      return;
    }
    const target = t.memberExpression(s.target.object, s.target.index, true);
    const root = rootOf(s.target.object);
    const elemArr = kindOf(target, cx.spec.env).k === "arr";
    const active = activeArr(cx, root);
    if (elemArr) {
      let g: string | null = null;
      if (active && cx.spec.act.exprVaried(s.value) && isStorage(s.value)) {
        g = cx.namer.fresh("_g");
        code.line(`const ${g} = ${primal(cx, shadowOf(cx, target))};`);
      }
      if (active) code.line(`${primal(cx, shadowOf(cx, target))} = ${cx.spec.rt.refs}.pop();`);
      if (neededArr(cx, root)) code.line(`${primal(cx, target)} = ${cx.spec.rt.refs}.pop();`);
      if (g) propagateStorage(s.value, t.identifier(g), cx, code);
      return;
    }
    const { value, keep } = effective(s, target);
    let g: string | null = null;
    if (active) {
      const sh = primal(cx, shadowOf(cx, target));
      if (cx.spec.act.exprVaried(value)) {
        g = cx.namer.fresh("_g");
        code.line(`const ${g} = ${sh};`);
      }
      if (!keep) code.line(`${sh} = 0;`);
    }
    const cached = popCache(s, cx, code);
    if (neededArr(cx, root)) code.line(`${primal(cx, target)} = ${cx.spec.rt.values}.pop();`);
    if (g) propagate(value, t.identifier(g), ecx, cached);
  },

  call(s, cx, code) {
    const info = cx.spec.callee(s.callee, cx.spec.act.patterns.get(s) ?? "");
    const restore = restoreOf(cx, s);
    const tgt = s.target;
    let g: string | null = null;
    if (info.inRev && tgt && activeNum(cx, tgt)) {
      g = cx.namer.fresh("_g");
      code.line(`const ${g} = ${cx.adjoint.get(tgt)};`);
      code.line(`${cx.adjoint.get(tgt)} = 0;`);
    }
    if (tgt && activeArr(cx, tgt) && overwritten(cx, tgt) && !cx.plain) code.line(`${cx.adjoint.get(tgt)} = ${cx.spec.rt.refs}.pop();`);
    if (tgt && restore === "pop") restoreLine(cx, code, tgt);
    if (!info.inRev) return;
    const args = s.args.map((a) => primal(cx, a));
    const shadows = info.sig.shadowParams.map((i) => primal(cx, shadowOf(cx, s.args[i])));
    const seed = info.sig.retVaried && !info.sig.retArray ? [g ?? "0"] : [];
    const call = `${info.rev}(${[...args, ...shadows, ...seed].join(", ")})`;
    const scalars = info.sig.scalarParams;
    const ecx = exprCx(cx, code);
    if (scalars.length === 1) {
      const a = cx.namer.fresh("_a");
      code.line(`const ${a} = ${call};`);
      propagate(s.args[scalars[0]], t.identifier(a), ecx);
    } else {
      code.line(`${call};`);
      const names = scalars.map((_, k) => {
        const a = cx.namer.fresh("_a");
        code.line(`const ${a} = ${cx.spec.rt.adjoints}[${k}];`);
        return a;
      });
      scalars.forEach((i, k) => propagate(s.args[i], t.identifier(names[k]), ecx));
    }
  },

  push(s, cx, code) {
    const root = rootOf(s.array);
    const active = activeArr(cx, root);
    const needed = neededArr(cx, root);
    const isArr = kindOf(s.value, cx.spec.env).k === "arr";
    let g: string | null = null;
    const flows = cx.spec.act.exprVaried(s.value) && (!isArr || isStorage(s.value));
    if (active) {
      if (flows) {
        g = cx.namer.fresh("_g");
        code.line(`const ${g} = ${primal(cx, shadowOf(cx, s.array))}.pop();`);
      } else {
        code.line(`${primal(cx, shadowOf(cx, s.array))}.pop();`);
      }
    }
    if (needed) code.line(`${primal(cx, s.array)}.pop();`);
    if (g && isArr) propagateStorage(s.value, t.identifier(g), cx, code);
    else if (g) propagate(s.value, t.identifier(g), exprCx(cx, code));
  },

  if(s, cx, code) {
    const c = sub();
    const a = sub();
    emitReverse(s.cons, cx, c);
    emitReverse(s.alt, cx, a);
    if (!c.length && !a.length) return;
    const control = cx.spec.rt.control;
    code.comment(s.origin.text);
    if (c.length) {
      code.open(`if (${control}.pop())`);
      code.append(c.toString().split("\n"));
      if (a.length) {
        code.orElse();
        code.append(a.toString().split("\n"));
      }
    } else {
      code.open(`if (!${control}.pop())`);
      code.append(a.toString().split("\n"));
    }
    code.close();
  },

  loop(s, cx, code) {
    const b = sub();
    emitReverse(s.body, cx, b);
    const u = sub();
    if (!s.counter) emitReverse(s.update, cx, u);
    if (!b.length && !u.length) return;
    const n = cx.namer.fresh("_n");
    code.comment(s.origin.text);
    const count = tripCount(s, cx);
    code.open(`for (let ${n} = ${count ? primal(cx, count) : `${cx.spec.rt.control}.pop()`}; ${n} > 0; ${n}--)`);
    if (s.counter && cx.needed.has(s.counter.name)) {
      // counted loop: replay the counter instead of recording it
      const i = fold(t.binaryExpression("+", s.counter.init, t.binaryExpression("*", t.binaryExpression("-", t.identifier(n), t.numericLiteral(1)), t.numericLiteral(s.counter.step))));
      code.line(`${s.counter.name} = ${primal(cx, i)};`);
    }
    if (u.length) code.append(u.toString().split("\n"));
    for (const r of cx.recompute.get(s) ?? []) {
      const v = (r.target as { name: string }).name;
      if (cx.needed.has(v)) code.line(`${v} = ${primal(cx, r.value)}; // recomputed: ${r.origin.text}`);
    }
    if (b.length) code.append(b.toString().split("\n"));
    code.close();
  },

  jump() {
    throw new Error("adc internal: jump left after jump elimination");
  },

  effect() {},
};

function reverseArrayAssign(s: Assign, v: string, restore: "none" | "pop" | "invert", cx: SweepCx, code: Code): void {
  const active = activeArr(cx, v);
  const value = s.value;
  const contentActive = active && cx.spec.act.exprVaried(value) && isStorage(value);
  let g: string | null = null;
  if (contentActive) {
    g = cx.namer.fresh("_g");
    code.line(`const ${g} = ${cx.adjoint.get(v)};`);
  }
  if (active && overwritten(cx, v) && !cx.plain) code.line(`${cx.adjoint.get(v)} = ${cx.spec.rt.refs}.pop();`);
  if (restore === "pop") restoreLine(cx, code, v);
  if (g) propagateStorage(value, t.identifier(g), cx, code);
}

/** New storage whose contents come from values: literals, fill, copies. */
function isStorage(e: t.Expression): boolean {
  return e.type === "ArrayExpression" || e.type === "CallExpression" || e.type === "NewExpression";
}

function propagateStorage(value: t.Expression, g: t.Expression, cx: SweepCx, code: Code): void {
  const ecx = exprCx(cx, code);
  if (value.type === "ArrayExpression") {
    value.elements.forEach((el, k) => {
      const gk = t.memberExpression(g, t.numericLiteral(k), true);
      if (el && el.type === "ArrayExpression") propagateStorage(el, gk, cx, code);
      else if (el && kindOf(el as t.Expression, cx.spec.env).k === "arr") return; // a row: its shadow is shared, nothing to add
      else if (el) propagate(el as t.Expression, gk, ecx);
    });
    return;
  }
  if (value.type === "NewExpression" && value.arguments[0]?.type === "ArrayExpression") {
    return propagateStorage(value.arguments[0], g, cx, code); // new Float64Array([a, b])
  }
  if (value.type === "CallExpression" && value.callee.type === "MemberExpression") {
    const method = (value.callee.property as t.Identifier).name;
    if (method === "fill" && value.arguments[0]) {
      const s = cx.namer.fresh("_s");
      code.line(`const ${s} = ${cx.spec.rt.sumAll}(${print(g)});`);
      propagate(value.arguments[0] as t.Expression, t.identifier(s), ecx);
      return;
    }
    const source = method === "slice" ? (value.callee.object as t.Expression) : method === "from" ? (value.arguments[0] as t.Expression) : null;
    if (source) {
      code.line(`${cx.spec.rt.addInto}(${primal(cx, shadowOf(cx, source))}, ${print(g)});`);
      return;
    }
  }
  if (value.type === "NewExpression" && value.arguments[0] && kindOf(value.arguments[0] as t.Expression, cx.spec.env).k === "arr") {
    code.line(`${cx.spec.rt.addInto}(${primal(cx, shadowOf(cx, value.arguments[0] as t.Expression))}, ${print(g)});`);
    return;
  }
  if (value.type === "NewExpression") return; // zeros or undefined: nothing flows back
  cx.spec.rep.error("ADC114", value, `cannot differentiate through this array construction: ${print(value)}`);
}
