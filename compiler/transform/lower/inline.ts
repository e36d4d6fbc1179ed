// Inlining of one-expression helpers during lowering: the helper's body is lowered in place of
// the call, its parameters replaced by the caller's (lowered) arguments.
import * as t from "@babel/types";
import type { Stmt } from "../../ir.js";
import { fence } from "../../analyze/fence.js";
import { paramsOf } from "../../analyze/module.js";
import type { LowerCtx } from "./context.js";
import { lower, readsElement } from "./expressions.js";

/**
 * A helper whose body is one expression (`const sq = (a) => a * a`, `function sigmoid(z) { return
 * 1 / (1 + Math.exp(-z)); }`) is inlined: no call, nothing recorded for it, and its elementary
 * functions join the caller's statement. Recursion is never inlined.
 */
export function inlinable(name: string, ctx: LowerCtx): t.Expression | null {
  const fn = ctx.module.functions.get(name)!;
  if (ctx.inline.some((f) => f.fn === name) || ctx.fn.name === name) return null;
  if (paramsOf(fn).some((p) => p.type !== "Identifier") || fn.async || fn.generator) return null;
  let body: t.Expression | null = null;
  if (fn.body.type !== "BlockStatement") body = fn.body;
  else if (fn.body.body.length === 1 && fn.body.body[0].type === "ReturnStatement" && fn.body.body[0].argument) body = fn.body.body[0].argument;
  if (!body) return null;
  const names = readsOfSource(body);
  if (names.has("arguments") || names.has(name)) return null; // recursive helpers keep their own adjoint
  // a body that assigns (to its parameters, say) keeps its own scope: not inlined
  let assigns = false;
  walkSource(body, (n) => (n.type === "AssignmentExpression" || n.type === "UpdateExpression") && (assigns = true));
  if (assigns) return null;
  // a body with functions (callbacks) keeps its own scope too: they capture its parameters
  let fns = false;
  walkSource(body, (n) => (n.type === "ArrowFunctionExpression" || n.type === "FunctionExpression") && (fns = true));
  if (fns) return null;
  fence(fn, ctx.rep);
  return body;
}

function walkSource(n: t.Node, f: (n: t.Node) => void): void {
  f(n);
  for (const key of t.VISITOR_KEYS[n.type] ?? []) {
    if (key === "typeAnnotation" || key === "typeParameters" || key === "returnType") continue;
    const v = (n as any)[key];
    if (Array.isArray(v)) v.forEach((c) => c && walkSource(c, f));
    else if (v && typeof v === "object") walkSource(v, f);
  }
}

export function inlineCall(name: string, body: t.Expression, args: t.Expression[], ctx: LowerCtx, pre: Stmt[]): t.Expression {
  const fn = ctx.module.functions.get(name)!;
  const uses = countUses(body);
  // a call in the body runs before the substituted argument would be read, and may write what it reads
  let calls = false;
  walkSource(body, (n) => n.type === "CallExpression" && n.callee.type === "Identifier" && (calls = true));
  const params = new Map<string, t.Expression>();
  paramsOf(fn).forEach((p, i) => {
    const id = (p as t.Identifier).name;
    const arg = args[i] ?? t.identifier("undefined");
    const simple = arg.type === "Identifier" || arg.type === "NumericLiteral" || arg.type === "BooleanLiteral";
    if (simple || ((uses.get(id) ?? 0) <= 1 && !(calls && readsElement(arg)))) params.set(id, arg);
    else {
      // evaluated once, like the call would
      const tmp = ctx.temp(id);
      pre.push(ctx.setVar(tmp, arg));
      params.set(id, t.identifier(tmp));
    }
  });
  ctx.inline.push({ fn: name, params });
  try {
    return lower(body, ctx, pre);
  } finally {
    ctx.inline.pop();
  }
}

function countUses(e: t.Node, out = new Map<string, number>()): Map<string, number> {
  if (e.type === "Identifier") out.set(e.name, (out.get(e.name) ?? 0) + 1);
  for (const key of t.VISITOR_KEYS[e.type] ?? []) {
    if (e.type === "MemberExpression" && key === "property" && !e.computed) continue;
    if (key === "typeAnnotation" || key === "typeParameters") continue;
    const v = (e as any)[key];
    if (Array.isArray(v)) v.forEach((c) => c && countUses(c, out));
    else if (v && typeof v === "object") countUses(v, out);
  }
  return out;
}

function readsOfSource(e: t.Node): Set<string> {
  return new Set(countUses(e).keys());
}
