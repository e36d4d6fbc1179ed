// Forward and reverse code of a call adc does not compile here (`via` set by lower/dynamic.ts):
//   y = g(x, a)  fwd: y = $tapeCall(g, [x, a])       records the pullback on the reference stack
//                rev: const _d = $tapeBack(ȳ, [null, ā], "11"); x̄ += _d[0]
// A result that is an array (`$tapeCall(g, [x], true)`) gets its shadow from the tape, like the
// result of a compiled helper returning an array (popped from $refs after the call).
// The run-time tape (runtime/tape.ts) resolves g: a rule declared with primitive(), a function a
// compiled module registered, or one compiled from its source. Array gradients are added into the
// shadows passed to $tapeBack; number gradients come back in its result. A call without varied
// arguments, or of a function declared with zerograd(), is a plain call with no reverse code.
import * as t from "@babel/types";
import type { Call } from "../../ir.js";
import { kindOf } from "../../analyze/types.js";
import { print } from "../../source.js";
import type { Code } from "./code.js";
import { propagate } from "./expr.js";
import { exprCx, primal, shadowOf, type CalleeInfo, type SweepCx } from "./sweep.js";

/** What the call statement rules need to know (as for a compiled helper). */
export function dynamicInfo(s: Call, cx: SweepCx): CalleeInfo {
  const inRev = s.via === "tape" && (cx.spec.act.patterns.get(s) ?? "").includes("1");
  return { fwd: "", rev: "", sig: { shadowParams: [], scalarParams: [], retVaried: inRev, retArray: s.ret?.k === "arr" }, inRev };
}

/** The forward call expression. */
export function dynamicCall(s: Call, cx: SweepCx, info: CalleeInfo): string {
  const args = s.args.map((a) => print(a)).join(", ");
  return info.inRev ? `${cx.spec.rt.tapeCall}(${s.callee}, [${args}]${info.sig.retArray ? ", true" : ""})` : `${s.callee}(${args})`;
}

/** The reverse of the call, after the target's adjoint was read into g and its value restored. */
export function dynamicReverse(s: Call, cx: SweepCx, code: Code, g: string | null): void {
  const varied = s.args.map((a) => cx.spec.act.exprVaried(a));
  const isArr = s.args.map((a) => kindOf(a, cx.spec.env).k === "arr");
  const shadows = s.args.map((a, i) => (varied[i] && isArr[i] ? primal(cx, shadowOf(cx, a)) : "null"));
  const wanted = varied.every(Boolean) ? "" : `, "${varied.map((v) => (v ? "1" : "0")).join("")}"`;
  const back = `${cx.spec.rt.tapeBack}(${g ?? "0"}, [${shadows.join(", ")}]${wanted})`;
  const scalars = s.args.flatMap((_, i) => (varied[i] && !isArr[i] ? [i] : []));
  if (!scalars.length) {
    code.line(`${back};`);
    return;
  }
  const d = cx.namer.fresh("_d");
  code.line(`const ${d} = ${back};`);
  const ecx = exprCx(cx, code);
  for (const i of scalars) propagate(s.args[i], t.memberExpression(t.identifier(d), t.numericLiteral(i), true), ecx);
}
