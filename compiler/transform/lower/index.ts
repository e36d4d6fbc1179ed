// Lowering pass: a function's Babel AST -> FnIR (see ir.ts). Contract: the IR computes exactly
// what the source computes; every binding is a unique function-level local; expressions are pure.
import * as t from "@babel/types";
import type { Reporter } from "../../errors.js";
import type { FnIR } from "../../ir.js";
import { Namer } from "../../names.js";
import { paramsOf, type FunctionNode, type ModuleInfo } from "../../analyze/module.js";
import { originText } from "../../source.js";
import { LowerCtx } from "./context.js";
import { lowerBlock } from "./statements.js";
import { lowerExpr } from "./expressions.js";
import { retargetRuntimeOps } from "./runtime-ops.js";

export interface Lowered {
  fn: FnIR;
  /** TS annotations of parameters and locals, by unique name. */
  annotations: Map<string, t.TSType>;
  /** Kinds of synthetic locals, fixed by lowering. */
  declared: Map<string, import("../../ir.js").Kind | null>;
  returnAnnotation: t.TSType | null;
}

export function lowerFunction(name: string, node: FunctionNode, module: ModuleInfo, rep: Reporter, source: string): Lowered {
  const namer = new Namer(module.bindings);
  const fn: FnIR = { name, params: [], locals: new Map(), body: [], ret: "", node, retKind: { k: "other" } };
  const ctx = new LowerCtx(fn, module, rep, source, namer);
  ctx.pushScope();
  const defaults: { name: string; value: t.Expression; node: t.Node }[] = [];
  paramsOf(node).forEach((p, i) => {
    const id = (p.type === "AssignmentPattern" ? p.left : p) as t.Identifier;
    const ann = id.typeAnnotation?.type === "TSTypeAnnotation" ? id.typeAnnotation.typeAnnotation : null;
    // parameters keep their source names: the generated functions take the same arguments
    const name = ctx.declare(id.name, { param: i, annotation: ann });
    fn.params.push(name);
    if (p.type === "AssignmentPattern") defaults.push({ name, value: p.right, node: p });
  });
  fn.ret = ctx.temp("ret");
  // p = default: the parameter takes its default when the argument is undefined, as in JavaScript
  const prologue: import("../../ir.js").Stmt[] = [];
  for (const d of defaults) {
    ctx.origin = { text: originText(d.node, source), node: d.node };
    const pre: import("../../ir.js").Stmt[] = [];
    const value = lowerExpr(d.value, ctx, pre);
    prologue.push({ kind: "if", test: t.binaryExpression("===", t.identifier(d.name), t.identifier("undefined")), cons: [...pre, ctx.setVar(d.name, value)], alt: [], origin: ctx.origin });
  }
  ctx.pushScope();
  if (node.body.type === "BlockStatement") {
    fn.body = [...prologue, ...lowerBlock(node.body.body, ctx)];
  } else {
    ctx.origin = { text: originText(node.body, source), node: node.body };
    const pre: import("../../ir.js").Stmt[] = [];
    const v = lowerExpr(node.body, ctx, pre);
    fn.body = [...prologue, ...pre, ctx.setVar(fn.ret, v)];
  }
  if (module.runtimeStores) retargetRuntimeOps(fn); // sweep code differentiated again
  const ra = node.returnType?.type === "TSTypeAnnotation" ? node.returnType.typeAnnotation : null;
  return { fn, annotations: ctx.annotations, declared: ctx.declared, returnAnnotation: ra };
}
