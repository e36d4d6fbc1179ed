// Loops whose trip count the reverse sweep can recompute instead of recording it.
import * as t from "@babel/types";
import type { Loop, Stmt } from "../../ir.js";
import { kindOf } from "../../analyze/types.js";
import { print } from "../../source.js";
import { visit } from "../../ir-walk.js";
import { readsOf } from "../lower/expressions.js";
import { writes } from "../lower/statements.js";
import { fold } from "./rules.js";
import type { SweepCx } from "./sweep.js";

/**
 * The trip count of a counted loop whose bound does not change while it runs
 * (`for (let i = a; i < n; i++)`, n not written in the loop): the reverse sweep recomputes it
 * instead of reading it from the control stack. Null when it must be recorded.
 */
export function tripCount(s: Loop, cx: SweepCx): t.Expression | null {
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
