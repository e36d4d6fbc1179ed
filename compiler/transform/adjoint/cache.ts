// Expensive intermediate values recorded by the forward sweep for the reverse sweep.
import * as t from "@babel/types";
import type { Assign } from "../../ir.js";
import { rootOf } from "../../analyze/activity.js";
import { kindOf } from "../../analyze/types.js";
import { print } from "../../source.js";
import type { Code } from "./code.js";
import { cachePlan, withNames } from "./expr.js";
import { activeArr, activeNum, type SweepCx } from "./sweep.js";

/**
 * Expensive intermediate values (exp, sin, sqrt, ...) of an active `v = e` or `v += e` that the
 * reverse sweep reads: recorded by the forward sweep, popped by the reverse sweep (cheaper than
 * evaluating them twice). Same plan on both sides, keyed by the statement.
 */
export function cacheOf(s: Assign, cx: SweepCx): Map<t.Node, string> {
  const names = new Map<t.Node, string>();
  if (cx.plain || (s.op !== "=" && s.op !== "+=")) return names;
  const root = s.target.kind === "var" ? s.target.name : rootOf(s.target.object);
  const active = s.target.kind === "var" ? activeNum(cx, s.target.name) : activeArr(cx, root) && kindOf(t.memberExpression(s.target.object, s.target.index, true), cx.spec.env).k !== "arr";
  if (!active) return names;
  for (const node of cachePlan(s.value, { isActive: (e) => cx.spec.act.exprVaried(e) })) names.set(node, cx.namer.fresh("_c"));
  return names;
}

export function emitCache(s: Assign, cache: Map<t.Node, string>, cx: SweepCx, code: Code): void {
  const share = cx.shared?.stmts.has(s);
  if (share) cx.shared!.names.set(s, cache);
  for (const [node, name] of cache) {
    code.line(`const ${name} = ${print(withNames(node as t.Expression, new Map([...cache].filter(([n]) => n !== node))))};`);
    if (!share) code.line(`${cx.spec.rt.values}.push(${name});`);
  }
}

export function popCache(s: Assign, cx: SweepCx, code: Code): Map<t.Node, string> {
  const kept = cx.shared?.stmts.has(s) ? cx.shared.names.get(s) : undefined;
  if (kept) return kept;
  const cache = cacheOf(s, cx);
  const entries = [...cache];
  for (let k = entries.length - 1; k >= 0; k--) code.line(`const ${entries[k][1]} = ${cx.spec.rt.values}.pop();`);
  return cache;
}
