// Arrays as values: the shadow a new array reference gets, and how the adjoint of new storage
// (literals, fill, copies) flows back to what it was made from.
import * as t from "@babel/types";
import type { Assign } from "../../ir.js";
import { rootOf } from "../../analyze/activity.js";
import { kindOf } from "../../analyze/types.js";
import { print } from "../../source.js";
import type { Code } from "./code.js";
import { propagate } from "./expr.js";
import { activeArr, exprCx, overwritten, primal, restoreLine, shadowOf, type SweepCx } from "./sweep.js";

/** The shadow a freshly assigned array reference gets: the source's shadow for an alias, zeros for new storage. */
export function shadowValue(cx: SweepCx, value: t.Expression, target: string): string {
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

export function reverseArrayAssign(s: Assign, v: string, restore: "none" | "pop" | "invert", cx: SweepCx, code: Code): void {
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
export function isStorage(e: t.Expression): boolean {
  return e.type === "ArrayExpression" || e.type === "CallExpression" || e.type === "NewExpression";
}

export function propagateStorage(value: t.Expression, g: t.Expression, cx: SweepCx, code: Code): void {
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
