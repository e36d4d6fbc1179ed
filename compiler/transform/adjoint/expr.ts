// Reverse mode through one pure expression: given the adjoint g of its value, add each active
// leaf's share to that leaf's adjoint. Three steps, like a textbook adjoint of one statement:
// mark which intermediate values the partials read, recompute those values into consts
// (operands are restored, so recomputing is exact), then push g down the tree applying each
// rule. a ? b : c and && || ?? are recomputed as tests and only the taken side gets g.
import * as t from "@babel/types";
import { math } from "../../../runtime/primitives.js";
import type { Rule } from "../../../runtime/primitives.js";
import type { Namer } from "../../names.js";
import type { Code } from "./code.js";
import { instantiate, isZeroGrad, partialReads, ruleFor } from "./rules.js";

export interface ExprCx {
  code: Code;
  namer: Namer;
  /** Does this expression carry a derivative? */
  isActive(e: t.Expression): boolean;
  /** Adjoint variable of an active number local. */
  adjointOf(name: string): string;
  /** The shadow of an active array-valued expression (xb for x, mb[i] for m[i]). */
  shadowOf(e: t.Expression): t.Expression;
  /** Render a primal expression read by the reverse sweep (records what it reads). */
  primal(e: t.Expression): string;
  /** Reject something with no derivative rule. */
  unsupported(e: t.Expression, why: string): never;
}

export type OpNode = { node: t.Expression; rule: Rule; operands: t.Expression[]; hypot?: boolean };

/** Binary nodes for n-ary Math.max/min, so each step has the max2/min2 rule. */
function foldVariadic(e: t.CallExpression, name: string): t.Expression {
  const args = e.arguments as t.Expression[];
  let acc = args[0];
  for (let i = 1; i < args.length; i++) acc = t.callExpression(t.memberExpression(t.identifier("Math"), t.identifier(name)), [acc, args[i]]);
  return acc;
}

export function opNode(e: t.Expression): OpNode | null {
  if (e.type === "BinaryExpression") {
    const rule = ruleFor("op", e.operator);
    return rule ? { node: e, rule, operands: [e.left as t.Expression, e.right] } : null;
  }
  if (e.type === "UnaryExpression" && (e.operator === "-" || e.operator === "+")) {
    return { node: e, rule: ruleFor("op", e.operator === "-" ? "neg" : "pos")!, operands: [e.argument] };
  }
  if (e.type === "CallExpression" && e.callee.type === "MemberExpression" && e.callee.object.type === "Identifier" && e.callee.object.name === "Math") {
    const name = (e.callee.property as t.Identifier).name;
    const args = e.arguments as t.Expression[];
    if (name === "hypot") return { node: e, rule: math.hypotN, operands: args, hypot: true };
    if ((name === "max" || name === "min") && args.length === 2) return { node: e, rule: math[name + "2"], operands: args };
    const rule = ruleFor("math", name);
    return rule ? { node: e, rule, operands: args } : null;
  }
  return null;
}

function isLeaf(e: t.Expression): boolean {
  return e.type === "Identifier" || e.type === "MemberExpression" || e.type === "NumericLiteral";
}

function isSimple(e: t.Expression): boolean {
  if (e.type === "Identifier" || e.type === "NumericLiteral" || e.type === "BooleanLiteral") return true;
  if (e.type === "UnaryExpression" && e.operator === "-" && e.argument.type === "NumericLiteral") return true;
  if (e.type === "MemberExpression") {
    return (e.object.type === "Identifier" || (e.object.type === "MemberExpression" && isSimple(e.object))) && (!e.computed || e.property.type === "Identifier" || e.property.type === "NumericLiteral");
  }
  return false;
}

const canonicalCache = new WeakMap<t.Expression, t.Expression>();

/** Normalize n-ary min/max into nested binary calls (a pure rewrite), memoized per source node. */
export function canonical(e: t.Expression): t.Expression {
  let c = canonicalCache.get(e);
  if (!c) canonicalCache.set(e, (c = canonicalize(e)));
  return c;
}

function canonicalize(e: t.Expression): t.Expression {
  const rec = (x: t.Node): t.Node => {
    const copy: any = { ...x };
    for (const key of t.VISITOR_KEYS[x.type] ?? []) {
      const v = (x as any)[key];
      if (Array.isArray(v)) copy[key] = v.map((c) => (c ? rec(c) : c));
      else if (v && typeof v === "object") copy[key] = rec(v);
    }
    if (copy.type === "CallExpression" && copy.callee.type === "MemberExpression" && copy.callee.object.name === "Math") {
      const name = copy.callee.property.name;
      if ((name === "max" || name === "min") && copy.arguments.length > 2) return foldVariadic(copy, name);
      if ((name === "max" || name === "min") && copy.arguments.length === 1) return copy.arguments[0];
    }
    return copy;
  };
  return rec(e) as t.Expression;
}

/** Elementary functions worth recording in the forward sweep rather than recomputing in the reverse. */
const EXPENSIVE = new Set(["exp", "expm1", "log", "log1p", "log2", "log10", "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "sqrt", "cbrt", "pow", "hypot"]);

function expensive(n: t.Expression): boolean {
  if (n.type === "CallExpression" && n.callee.type === "MemberExpression") return EXPENSIVE.has((n.callee.property as t.Identifier).name);
  return n.type === "BinaryExpression" && n.operator === "**" && !(n.right.type === "NumericLiteral" && Number.isInteger(n.right.value));
}

/**
 * The expensive intermediate values (exp, sin, sqrt, ...) of e that the reverse sweep reads, in
 * evaluation order: the forward sweep records them, so the reverse sweep pops instead of
 * recomputing. Nodes inside a conditional branch are left to recomputation.
 */
export function cachePlan(e: t.Expression, cx: Pick<ExprCx, "isActive">): t.Expression[] {
  const root = canonical(e);
  if (!cx.isActive(root)) return [];
  const need = new Set<t.Node>();
  const ops = new Map<t.Node, OpNode>();
  mark(root, cx as ExprCx, need, ops);
  const out: t.Expression[] = [];
  const walk = (n: t.Expression) => {
    const op = ops.get(n);
    if (op) op.operands.forEach(walk);
    if (need.has(n) && expensive(n)) out.push(n);
  };
  walk(root);
  return out;
}

/** e with the given nodes replaced by names (the forward sweep's view of a cached statement). */
export function withNames(e: t.Expression, names: Map<t.Node, string>): t.Expression {
  const rec = (x: t.Node): t.Node => {
    const name = names.get(x);
    if (name) return t.identifier(name);
    const copy: any = { ...x };
    for (const key of t.VISITOR_KEYS[x.type] ?? []) {
      const v = (x as any)[key];
      if (Array.isArray(v)) copy[key] = v.map((c) => (c ? rec(c) : c));
      else if (v && typeof v === "object") copy[key] = rec(v);
    }
    return copy;
  };
  return rec(canonical(e)) as t.Expression;
}

/** Emit code adding g (an identifier or literal) times d(e)/d(leaf) into each active leaf's adjoint. */
export function propagate(e: t.Expression, g: t.Expression, cx: ExprCx, cached?: Map<t.Node, string>): void {
  const root = canonical(e);
  if (!cx.isActive(root)) return;
  const need = new Set<t.Node>();
  const ops = new Map<t.Node, OpNode>();
  mark(root, cx, need, ops);
  const bound = new Map<t.Node, t.Identifier>();
  for (const [node, name] of cached ?? []) bound.set(node, t.identifier(name));
  const valueOf = (n: t.Expression): t.Expression => {
    const b = bound.get(n);
    if (b) return b;
    const op = ops.get(n);
    if (!op) return n;
    if (n.type === "BinaryExpression") return t.binaryExpression(n.operator, valueOf(n.left as t.Expression), valueOf(n.right));
    if (n.type === "UnaryExpression") return t.unaryExpression(n.operator, valueOf(n.argument));
    if (n.type === "CallExpression") return t.callExpression(n.callee, (n.arguments as t.Expression[]).map(valueOf));
    return n;
  };
  const bind = (n: t.Expression) => {
    if (bound.has(n) || isSimple(n)) return;
    const name = cx.namer.fresh("_v");
    cx.code.line(`const ${name} = ${cx.primal(valueOf(n))};`);
    bound.set(n, t.identifier(name));
  };
  const emitValues = (n: t.Expression) => {
    const op = ops.get(n);
    if (op) op.operands.forEach(emitValues);
    if (need.has(n)) bind(n);
  };
  emitValues(root);
  // contributions to the same adjoint are summed first: one read-modify-write per leaf
  const acc = new Map<string, t.Expression[]>();
  flow(root, g, cx, ops, valueOf, acc);
  for (const [target, parts] of acc) {
    const sum = parts.reduce((a, b) => t.binaryExpression("+", a, b));
    cx.code.line(`${target} += ${cx.primal(sum)};`);
  }
}

/**
 * Finds the operation nodes of an active expression (ops) and the values their partials read
 * (need): shared by the reverse sweep here and the tangent code (tangent/expr.ts).
 */
export function mark(n: t.Expression, cx: { isActive(n: t.Expression): boolean }, need: Set<t.Node>, ops: Map<t.Node, OpNode>): void {
  if (!cx.isActive(n)) return;
  const op = opNode(n);
  if (!op) return;
  ops.set(n, op);
  op.operands.forEach((x, i) => {
    if (!cx.isActive(x)) return;
    const r = partialReads(op.rule, op.hypot ? 0 : i);
    if (r.y) need.add(n);
    if (op.hypot) {
      if (r.args[0]) need.add(x);
    } else {
      r.args.forEach((used, j) => used && need.add(op.operands[j]));
    }
  });
  op.operands.forEach((x) => mark(x, cx, need, ops));
}

function flow(n: t.Expression, g: t.Expression, cx: ExprCx, ops: Map<t.Node, OpNode>, valueOf: (n: t.Expression) => t.Expression, acc: Map<string, t.Expression[]>): void {
  if (!cx.isActive(n)) return;
  const add = (target: string) => {
    const list = acc.get(target);
    if (list) list.push(g);
    else acc.set(target, [g]);
  };
  switch (n.type) {
    case "Identifier":
      return add(cx.adjointOf(n.name));
    case "MemberExpression":
      if (!n.computed) return;
      return add(cx.primal(t.memberExpression(cx.shadowOf(n.object as t.Expression), n.property as t.Expression, true)));
    case "ConditionalExpression":
      return branch(cx, n.test, n.consequent, n.alternate, g);
    case "LogicalExpression": {
      const test = n.operator === "??" ? t.binaryExpression("!=", n.left, t.nullLiteral()) : n.left;
      if (n.operator === "&&") return branch(cx, test, n.right, n.left, g);
      return branch(cx, test, n.left, n.right, g);
    }
  }
  const op = ops.get(n);
  if (!op) {
    if (n.type === "CallExpression" && n.callee.type === "MemberExpression" && isZeroGrad((n.callee.property as t.Identifier).name)) return;
    cx.unsupported(n, "no gradient rule for this expression");
  }
  const args = op.operands.map(valueOf);
  op.operands.forEach((x, i) => {
    if (!cx.isActive(x)) return;
    const partial = op.hypot ? instantiate(op.rule, 0, g, valueOf(n), [args[i]]) : instantiate(op.rule, i, g, valueOf(n), args);
    let gx = partial;
    if (!isLeaf(x) && !isSimple(partial)) {
      const name = cx.namer.fresh("_b");
      cx.code.line(`const ${name} = ${cx.primal(partial)};`);
      gx = t.identifier(name);
    }
    flow(x, gx, cx, ops, valueOf, acc);
  });
}

function branch(cx: ExprCx, test: t.Expression, taken: t.Expression, other: t.Expression, g: t.Expression): void {
  const a = cx.isActive(taken);
  const b = cx.isActive(other);
  if (!a && !b) return;
  if (a) {
    cx.code.open(`if (${cx.primal(test)})`);
    propagate(taken, g, cx);
    if (b) cx.code.orElse();
  } else {
    cx.code.open(`if (!(${cx.primal(test)}))`);
  }
  if (b) propagate(other, g, cx);
  cx.code.close();
}
