// Forward mode through one pure expression: its tangent (directional derivative) as an expression.
// The rules are the reverse rules of runtime/primitives.ts read the other way: a partial is
// written as an adjoint template linear in dy, so substituting dy := ẋᵢ gives ẋᵢ·∂e/∂xᵢ, and the
// tangent of a node is the sum over its active operands. Every rule thus exists once.
// Intermediate values a partial reads (the y of exp, the operand of sin) are bound to consts
// before the statement, and the primal statement reuses them: nothing is computed twice. Inside
// the branches of c ? a : b, && || ??, nothing is bound (the untaken side is never evaluated).
import * as t from "@babel/types";
import type { Namer } from "../../names.js";
import { print } from "../../source.js";
import type { Code } from "../adjoint/code.js";
import { canonical, mark, type OpNode } from "../adjoint/expr.js";
import { fold, instantiate, isZeroGrad } from "../adjoint/rules.js";

export interface TanCx {
  code: Code;
  namer: Namer;
  /** Does this expression carry a derivative? */
  isActive(e: t.Expression): boolean;
  /** The tangent variable of an active number local. */
  tangentOf(name: string): string;
  /** The tangent of an active array-valued expression (xd for x, md[i] for m[i]). */
  shadowOf(e: t.Expression): t.Expression;
  unsupported(e: t.Expression, why: string): never;
}

/** A prepared expression: its tangent (null when zero) and its primal value, reusing the bound consts. */
export interface Prepared {
  tangent: t.Expression | null;
  value: t.Expression;
}

/** The canonical form (n-ary min/max folded into binary calls) that tangent rules apply to. */
export { canonical };

/**
 * Bind the intermediate values the partials of `root` read, then build its tangent. `root` must
 * be canonical (or built from canonical parts, as `v * e` for `v *= e`).
 */
export function prepare(root: t.Expression, cx: TanCx): Prepared {
  const ops = new Map<t.Node, OpNode>();
  const need = new Set<t.Node>();
  mark(root, cx, need, ops);
  const bound = new Map<t.Node, t.Expression>();
  const valueOf = (n: t.Expression): t.Expression => rebuild(n, bound, ops);
  const emit = (n: t.Expression) => {
    const op = ops.get(n);
    if (op) op.operands.forEach(emit);
    if (need.has(n) && !isSimple(n)) {
      const name = cx.namer.fresh("_v");
      cx.code.line(`const ${name} = ${print(valueOf(n))};`);
      bound.set(n, t.identifier(name));
    }
  };
  emit(root);
  const tangent = tangentOf(root, cx, bound, ops);
  return { tangent: tangent && fold(tangent), value: valueOf(root) };
}

/** The tangent of an expression in a branch: no bindings, values recomputed inline. */
export function inlineTangent(e: t.Expression, cx: TanCx): t.Expression {
  const root = canonical(e);
  const ops = new Map<t.Node, OpNode>();
  mark(root, cx, new Set(), ops);
  return tangentOf(root, cx, new Map(), ops) ?? t.numericLiteral(0);
}

function rebuild(n: t.Expression, bound: Map<t.Node, t.Expression>, ops: Map<t.Node, OpNode>): t.Expression {
  const b = bound.get(n);
  if (b) return b;
  if (!ops.has(n)) return n;
  if (n.type === "BinaryExpression") return t.binaryExpression(n.operator, rebuild(n.left as t.Expression, bound, ops), rebuild(n.right, bound, ops));
  if (n.type === "UnaryExpression") return t.unaryExpression(n.operator, rebuild(n.argument, bound, ops));
  if (n.type === "CallExpression") return t.callExpression(n.callee, (n.arguments as t.Expression[]).map((a) => rebuild(a, bound, ops)));
  return n;
}

function tangentOf(n: t.Expression, cx: TanCx, bound: Map<t.Node, t.Expression>, ops: Map<t.Node, OpNode>): t.Expression | null {
  if (!cx.isActive(n)) return null;
  switch (n.type) {
    case "Identifier":
      return t.identifier(cx.tangentOf(n.name));
    case "MemberExpression":
      if (!n.computed) return null;
      return cx.shadowOf(n);
    case "ConditionalExpression":
      return t.conditionalExpression(n.test, inlineTangent(n.consequent, cx), inlineTangent(n.alternate, cx));
    case "LogicalExpression": {
      // a && b is a when a is falsy, else b; a || b the other way; a ?? b is b when a is null
      const left = inlineTangent(n.left, cx);
      const right = inlineTangent(n.right, cx);
      if (n.operator === "&&") return t.conditionalExpression(n.left, right, left);
      if (n.operator === "||") return t.conditionalExpression(n.left, left, right);
      return t.conditionalExpression(t.binaryExpression("!=", n.left, t.nullLiteral()), left, right);
    }
  }
  const op = ops.get(n);
  if (!op) {
    if (n.type === "CallExpression" && n.callee.type === "MemberExpression" && isZeroGrad((n.callee.property as t.Identifier).name)) return null;
    return cx.unsupported(n, "no derivative rule for this expression");
  }
  const args = op.operands.map((x) => rebuild(x, bound, ops));
  const y = rebuild(n, bound, ops);
  const parts: t.Expression[] = [];
  op.operands.forEach((x, i) => {
    const dx = tangentOf(x, cx, bound, ops);
    if (!dx) return;
    parts.push(op.hypot ? instantiate(op.rule, 0, dx, y, [args[i]]) : instantiate(op.rule, i, dx, y, args));
  });
  if (!parts.length) return null;
  return parts.reduce((a, b) => t.binaryExpression("+", a, b));
}

function isSimple(e: t.Expression): boolean {
  if (e.type === "Identifier" || e.type === "NumericLiteral") return true;
  if (e.type === "UnaryExpression" && e.operator === "-" && e.argument.type === "NumericLiteral") return true;
  if (e.type === "MemberExpression") return (e.object.type === "Identifier" || (e.object.type === "MemberExpression" && isSimple(e.object))) && (!e.computed || e.property.type === "Identifier" || e.property.type === "NumericLiteral");
  return false;
}
