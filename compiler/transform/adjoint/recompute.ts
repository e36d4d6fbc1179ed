// Recompute instead of record. A loop-local value `v = e` assigned once, at the top level of a loop
// body, from values the loop does not change (its counter, invariants, earlier such locals, arrays
// it does not write) can be recomputed at the start of each reverse iteration instead of being
// pushed every forward iteration: the common `const a = x[i+1] - x[i]*x[i]` costs no stack traffic.
import * as t from "@babel/types";
import type { Assign, FnIR, Loop, Stmt } from "../../ir.js";
import type { Activity } from "../../analyze/activity.js";
import { rootOf } from "../../analyze/activity.js";
import { visit } from "../../ir-walk.js";
import { readsOf } from "../lower/expressions.js";
import { writes } from "../lower/statements.js";

export function findRecomputable(fn: FnIR, act: Activity): Map<Loop, Assign[]> {
  const count = new Map<string, number>();
  visit(fn.body, (s) => {
    const tgt = s.kind === "assign" && s.target.kind === "var" ? s.target.name : s.kind === "call" ? s.target : null;
    if (tgt) count.set(tgt, (count.get(tgt) ?? 0) + 1);
  });
  const out = new Map<Loop, Assign[]>();
  visit(fn.body, (loop) => {
    if (loop.kind !== "loop") return;
    const bodyWrites = writes(loop.body);
    const written = writtenArrays(loop, act);
    const outside = readsOutside(fn.body, loop);
    const rec: Assign[] = [];
    const names = new Set<string>();
    const readBefore = new Set<string>([...readsOfTest(loop), ...readsOfStmts(loop.update)]);
    for (const s of loop.body) {
      if (s.kind === "assign" && s.target.kind === "var" && s.op === "=") {
        const v = s.target.name;
        const l = fn.locals.get(v)!;
        const ok =
          l.param < 0 &&
          (l.kind.k === "num" || l.kind.k === "int") &&
          count.get(v) === 1 &&
          !readBefore.has(v) &&
          !outside.has(v) &&
          recomputableExpr(s.value, names, bodyWrites, written, act);
        if (ok) {
          rec.push(s);
          names.add(v);
        }
      }
      readsOfStmts([s]).forEach((r) => readBefore.add(r));
    }
    if (rec.length) out.set(loop, rec);
  });
  return out;
}

function recomputableExpr(e: t.Expression, names: Set<string>, bodyWrites: Set<string>, written: Set<string>, act: Activity): boolean {
  for (const r of readsOf(e)) if (bodyWrites.has(r) && !names.has(r)) return false;
  let ok = true;
  const scan = (n: t.Node) => {
    if (n.type === "MemberExpression" && n.computed) {
      const root = rootOf(n as t.Expression);
      if (!root || written.has(act.classOf(root))) ok = false;
    }
    if (n.type === "MemberExpression" && !n.computed && (n.property as t.Identifier).name === "length") {
      const root = rootOf(n.object as t.Expression);
      if (root && written.has(act.classOf(root))) ok = false;
    }
    for (const key of t.VISITOR_KEYS[n.type] ?? []) {
      const v = (n as any)[key];
      if (Array.isArray(v)) v.forEach((c) => c && scan(c));
      else if (v && typeof v === "object") scan(v);
    }
  };
  scan(e);
  return ok;
}

/** Alias classes of arrays the loop writes into, pushes onto, or passes to a call. */
function writtenArrays(loop: Loop, act: Activity): Set<string> {
  const out = new Set<string>();
  const add = (e: t.Expression) => {
    const r = rootOf(e);
    if (r) out.add(act.classOf(r));
  };
  visit([...loop.body, ...loop.update], (s) => {
    if (s.kind === "assign" && s.target.kind === "elem") add(s.target.object);
    if (s.kind === "push") add(s.array);
    if (s.kind === "call") s.args.forEach((a) => a.type === "Identifier" || a.type === "MemberExpression" ? add(a) : undefined);
  });
  return out;
}

function readsOfTest(loop: Loop): Set<string> {
  return readsOf(loop.test);
}

function readsOfStmts(stmts: Stmt[]): Set<string> {
  const out = new Set<string>();
  visit(stmts, (s) => {
    if (s.kind === "assign") {
      readsOf(s.value, out);
      if (s.target.kind === "elem") {
        readsOf(s.target.object, out);
        readsOf(s.target.index, out);
      } else if (s.op !== "=") out.add(s.target.name);
    } else if (s.kind === "call") s.args.forEach((a) => readsOf(a, out));
    else if (s.kind === "push") {
      readsOf(s.array, out);
      readsOf(s.value, out);
    } else if (s.kind === "if" || s.kind === "loop") readsOf(s.test, out);
    else if (s.kind === "effect") readsOf(s.expr, out);
  });
  return out;
}

/** Variables read anywhere in the function outside this loop's body. */
function readsOutside(body: Stmt[], loop: Loop): Set<string> {
  const out = new Set<string>();
  const scan = (stmts: Stmt[]) => {
    for (const s of stmts) {
      if (s === loop) {
        readsOf(loop.test).forEach((r) => out.add(r));
        readsOfStmts(loop.update).forEach((r) => out.add(r));
        continue;
      }
      if (s.kind === "if") {
        readsOf(s.test).forEach((r) => out.add(r));
        scan(s.cons);
        scan(s.alt);
      } else if (s.kind === "loop") {
        readsOf(s.test).forEach((r) => out.add(r));
        scan(s.body);
        scan(s.update);
      } else readsOfStmts([s]).forEach((r) => out.add(r));
    }
  };
  scan(body);
  return out;
}
