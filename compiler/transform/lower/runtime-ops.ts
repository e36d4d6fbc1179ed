// Lowering of the run-time store operations in generated sweep code, when that code is itself
// differentiated (transform/higher: forward over reverse). Only modules built for that have
// `ModuleInfo.runtimeStores`; elsewhere these hooks never match. Each operation becomes a `call`
// with `via: "rt"` and its `op`, whose tangent rule is in transform/tangent/runtime-ops.ts:
//   store.push(x)        values, control, refs
//   v = store.pop()
//   store[k] = x         scalars ($adjoints, the tangent channel $ret_L)
//   v = store[k]
//   v = zerosLike(a), addInto(dst, src), v = sumAll(a)
//   v = new a.constructor(n)  (read as $newLike(a, n) by transform/higher/stage.ts)
//   [v =] a.pop()        on an array of the sweep code (the reverse of a push)
import * as t from "@babel/types";
import type { FnIR, Kind, RuntimeOp, Stmt } from "../../ir.js";
import type { LowerCtx } from "./context.js";
import { lowerInOrder } from "./expressions.js";

const NUM: Kind = { k: "num" };
const INT: Kind = { k: "int" };

function storeOf(e: t.Node, ctx: LowerCtx): RuntimeOp["cls"] | null {
  if (e.type !== "Identifier" || !ctx.module.runtimeStores || ctx.resolve(e.name)) return null;
  return ctx.module.runtimeStores.get(e.name) ?? null;
}

function emit(op: RuntimeOp, args: t.Expression[], ret: Kind | null, value: boolean, ctx: LowerCtx, pre: Stmt[]): t.Expression {
  const target = value ? ctx.temp(op.op === "zeros" || op.op === "alloc" ? "zeros" : op.op === "sum" ? "sum" : op.op === "arrpop" ? "popped" : `${op.store.replace(/^\$/, "")}_${op.op}`) : null;
  pre.push({ kind: "call", target, callee: `${op.store}.${op.op}`, args, origin: ctx.origin, via: "rt", op, ret });
  return target ? t.identifier(target) : t.identifier("undefined");
}

/** `store.push(x)`, `store.pop()`, `zerosLike(a)`; null when e is not one of those. */
export function lowerRuntimeCall(e: t.CallExpression, ctx: LowerCtx, pre: Stmt[]): t.Expression | null {
  const c = e.callee;
  const fnCls = c.type === "Identifier" ? storeOf(c, ctx) : null;
  if (c.type === "Identifier" && (fnCls === "zerosLike" || fnCls === "addInto" || fnCls === "sumAll" || fnCls === "newLike")) {
    const args = lowerInOrder(e.arguments as t.Expression[], ctx, pre);
    const op = fnCls === "zerosLike" ? "zeros" : fnCls === "addInto" ? "add" : fnCls === "newLike" ? "alloc" : "sum";
    return emit({ store: c.name, cls: fnCls, op }, args, op === "sum" ? NUM : null, op !== "add", ctx, pre);
  }
  if (c.type !== "MemberExpression" || c.computed || c.property.type !== "Identifier") return null;
  if (c.property.name === "pop" && ctx.module.runtimeStores && !storeOf(c.object, ctx) && e.arguments.length === 0) {
    // a.pop() on an array of the sweep code: the element's kind comes from a (analyze/types.ts)
    const [a] = lowerInOrder([c.object as t.Expression], ctx, pre);
    return emit({ store: "", cls: "array", op: "arrpop" }, [a], null, true, ctx, pre);
  }
  const cls = storeOf(c.object, ctx);
  if (!cls || cls === "scalars" || cls === "zerosLike" || cls === "addInto" || cls === "sumAll" || cls === "array" || cls === "newLike") return null;
  const store = (c.object as t.Identifier).name;
  const name = c.property.name;
  if (name === "push") return emit({ store, cls, op: "push" }, lowerInOrder(e.arguments as t.Expression[], ctx, pre), null, false, ctx, pre);
  if (name === "pop") return emit({ store, cls, op: "pop" }, [], cls === "control" ? INT : cls === "values" ? NUM : null, true, ctx, pre);
  return null;
}

/** A read `store[k]` of a scalar store. */
export function lowerRuntimeRead(e: t.MemberExpression, ctx: LowerCtx, pre: Stmt[]): t.Expression | null {
  if (!e.computed || storeOf(e.object, ctx) !== "scalars") return null;
  const [k] = lowerInOrder([e.property as t.Expression], ctx, pre);
  return emit({ store: (e.object as t.Identifier).name, cls: "scalars", op: "get" }, [k], NUM, true, ctx, pre);
}

/** `store[k] = x` for a scalar store: the statements, or null. */
export function lowerRuntimeWrite(e: t.AssignmentExpression, ctx: LowerCtx, pre: Stmt[]): Stmt[] | null {
  const l = e.left;
  if (l.type !== "MemberExpression" || !l.computed || storeOf(l.object, ctx) !== "scalars") return null;
  if (e.operator !== "=") return ctx.rep.error("ADC230", e, "internal: only = writes into a run-time scalar store");
  const [k, v] = lowerInOrder([l.property as t.Expression, e.right], ctx, pre);
  emit({ store: (l.object as t.Identifier).name, cls: "scalars", op: "set" }, [k, v], null, false, ctx, pre);
  return [];
}

/**
 * `tmp = store.pop(); x = tmp` becomes `x = store.pop()`: the temporary each operation's value
 * gets is dropped where the value is assigned at once (readable tangent code: `p = $values.pop();
 * pd = $values_1.pop();`).
 */
export function retargetRuntimeOps(fn: FnIR): void {
  const walk = (stmts: Stmt[]) => {
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i];
      if (s.kind === "if") {
        walk(s.cons);
        walk(s.alt);
      } else if (s.kind === "loop") {
        walk(s.body);
        walk(s.update);
      }
      const next = stmts[i + 1];
      if (s.kind !== "call" || s.via !== "rt" || !s.target || next?.kind !== "assign" || next.op !== "=" || next.target.kind !== "var") continue;
      if (next.value.type !== "Identifier" || next.value.name !== s.target || !fn.locals.get(s.target)?.synthetic) continue;
      const after = stmts[i + 2];
      if (after?.kind === "loop" && after.counter?.name === next.target.name) continue; // a counted loop's start: it reads the temporary

      fn.locals.delete(s.target);
      s.target = next.target.name;
      stmts.splice(i + 1, 1);
    }
  };
  walk(fn.body);
}
