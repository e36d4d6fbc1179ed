// Tangent rules of the run-time store operations of sweep code (forward over reverse,
// transform/higher; lowered by lower/runtime-ops.ts). Every tangent store mirrors its primal store
// operation for operation, so the two stay in step (LIFO) whatever is active:
//   store.push(x)      store.push(x); store_L.push(ẋ)     (0, or zeros of an array, when x is inactive)
//   v = store.pop()    v = store.pop(); vd = store_L.pop()
//   store[k] = x       store[k] = x; store_L[k] = ẋ
//   v = store[k]       v = store[k]; vd = store_L[k]
//   $control           as it is: branch decisions and trip counts have no tangent
//   v = zerosLike(a)   and vd = zerosLike(a)
//   addInto(d, s)      addInto(dd, sd) too (linear); v = sumAll(a): vd = sumAll(ad)
//   v = a.pop()        vd = ad.pop() (a's tangent array shrinks with it)
import * as t from "@babel/types";
import type { Call } from "../../ir.js";
import { kindOf } from "../../analyze/types.js";
import { print } from "../../source.js";
import type { Code } from "../adjoint/code.js";
import { inlineTangent } from "./expr.js";
import { shadowOf, tanCx, type StmtCx } from "./statements.js";

export function emitRuntimeOp(s: Call, cx: StmtCx, code: Code): void {
  const op = s.op!;
  const args = s.args.map((a) => print(a));
  const tgt = s.target;
  const store = op.store;
  const stored = op.cls === "values" || op.cls === "refs" || op.cls === "scalars";
  const tstore = stored ? cx.storeTangent?.(store) : null;
  if (stored && !tstore) cx.rep.error("ADC230", s.origin.node, `internal: no tangent store for ${store}`);
  const tanVar = tgt && cx.act.varied.has(tgt) ? cx.tangent.get(tgt) : undefined;
  switch (op.op) {
    case "push":
      code.line(`${store}.push(${args[0]});`);
      if (tstore) code.line(`${tstore}.push(${tangentOf(s.args[0], cx, code)});`);
      return;
    case "pop":
      code.line(`${tgt} = ${store}.pop();`);
      if (tstore) code.line(tanVar ? `${tanVar} = ${tstore}.pop();` : `${tstore}.pop();`);
      return;
    case "set":
      code.line(`${store}[${args[0]}] = ${args[1]};`);
      code.line(`${tstore}[${args[0]}] = ${tangentOf(s.args[1], cx, code)};`);
      return;
    case "get":
      code.line(`${tgt} = ${store}[${args[0]}];`);
      if (tanVar) code.line(`${tanVar} = ${tstore}[${args[0]}];`);
      return;
    case "zeros":
      code.line(`${tgt} = ${store}(${args[0]});`);
      if (tanVar) code.line(`${tanVar} = ${store}(${args[0]});`);
      return;
    case "alloc":
      // new storage of a's type: its tangent is new storage too
      code.line(`${tgt} = new ${args[0]}.constructor(${args[1]});`);
      if (tanVar) code.line(`${tanVar} = new ${args[0]}.constructor(${args[1]});`);
      return;
    case "add":
      // addInto is linear: the tangent of dst gets the tangent of src
      if (cx.act.exprVaried(s.args[0]) && cx.act.exprVaried(s.args[1])) code.line(`${store}(${print(shadowOf(cx, s.args[0]))}, ${print(shadowOf(cx, s.args[1]))});`);
      code.line(`${store}(${args[0]}, ${args[1]});`);
      return;
    case "sum":
      if (tanVar) code.line(`${tanVar} = ${cx.act.exprVaried(s.args[0]) ? `${store}(${print(shadowOf(cx, s.args[0]))})` : "0"};`);
      code.line(`${tgt} = ${store}(${args[0]});`);
      return;
    case "arrpop": {
      const arrVaried = cx.act.exprVaried(s.args[0]);
      const from = arrVaried ? `${print(shadowOf(cx, s.args[0]))}.pop()` : null;
      if (tanVar) code.line(`${tanVar} = ${from ?? (kindOf(t.identifier(tgt!), cx.env).k === "arr" ? `${cx.rt.zerosLike}(${args[0]}[${args[0]}.length - 1])` : "0")};`);
      else if (from) code.line(`${from};`);
      code.line(tgt ? `${tgt} = ${args[0]}.pop();` : `${args[0]}.pop();`);
      return;
    }
  }
}

/** The tangent of a value pushed or stored: a number's, an array's tangent storage, or a zero of its shape. */
function tangentOf(e: import("@babel/types").Expression, cx: StmtCx, code: Code): string {
  const k = kindOf(e, cx.env).k;
  const varied = cx.act.exprVaried(e);
  if (k === "arr") return varied ? print(shadowOf(cx, e)) : `${cx.rt.zerosLike}(${print(e)})`;
  if (k === "num") return varied ? print(inlineTangent(e, tanCx(cx, code))) : "0";
  if (k === "int" || k === "bool") return "0";
  return cx.rep.error("ADC230", cx.fn.node, `internal: a value of unknown kind on a run-time store: ${print(e)}`);
}
