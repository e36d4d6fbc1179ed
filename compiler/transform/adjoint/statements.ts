// Forward and reverse code for each normalized statement kind, side by side:
//   v = e        fwd: [record v] v = e            rev: g = vb; vb = 0; [restore v]; e̅ += g·∂e
//   a[i] = e     fwd: [record a[i]] a[i] = e      rev: g = ab[i]; ab[i] = 0; [restore a[i]]; e̅ += g·∂e
//   v = h(x)     fwd: v = h_fwd(x)                rev: g = vb; vb = 0; [restore v]; x̅ += h_rev(x, g)
//   a.push(e)    fwd: a.push(e); ab.push(0)       rev: g = ab.pop(); a.pop(); e̅ += g·∂e
//   if (c) A B   fwd: if (c) {A; push 1} else {B; push 0}        rev: if (pop()) Ā else B̄
//   loop         fwd: count the trips, push the count            rev: repeat count times: body̅
// "Record" pushes a value the statement overwrites only when the reverse sweep reads it later.
import * as t from "@babel/types";
import type { Assign, Stmt } from "../../ir.js";
import { rootOf } from "../../analyze/activity.js";
import { kindOf } from "../../analyze/types.js";
import { print } from "../../source.js";
import { Code } from "./code.js";
import { propagate, withNames } from "./expr.js";
import { fold } from "./rules.js";
import { cacheOf, emitCache, popCache } from "./cache.js";
import { tripCount } from "./loops.js";
import { dynamicCall, dynamicInfo, dynamicReverse } from "./dynamic.js";
import { isStorage, propagateStorage, reverseArrayAssign, shadowValue } from "./storage.js";
import {
  activeArr,
  activeNum,
  appendStmt,
  exprCx,
  kindName,
  neededArr,
  overwritten,
  primal,
  record,
  restoreLine,
  restoreOf,
  shadowOf,
  sub,
  type SweepCx,
} from "./sweep.js";

export type { CalleeInfo, SweepCx } from "./sweep.js";

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
    const info = s.via ? dynamicInfo(s, cx) : cx.spec.callee(s.callee, cx.spec.act.patterns.get(s) ?? "");
    const args = s.args.map((a) => print(a));
    const call = s.via
      ? dynamicCall(s, cx, info)
      : info.inRev
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
    const info = s.via ? dynamicInfo(s, cx) : cx.spec.callee(s.callee, cx.spec.act.patterns.get(s) ?? "");
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
    if (s.via) return dynamicReverse(s, cx, code, g);
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
      if (cx.needed.has(v)) {
        code.comment(`recompute ${r.origin.text}`);
        code.line(`${v} = ${primal(cx, r.value)};`);
      }
    }
    if (b.length) code.append(b.toString().split("\n"));
    code.close();
  },

  jump() {
    throw new Error("adc internal: jump left after jump elimination");
  },

  effect() {},
};
