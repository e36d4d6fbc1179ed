// Array methods that take a callback (map, reduce, reduceRight, forEach, filter, some, every, find,
// findIndex, findLast, findLastIndex, Array.from(xs, fn), Array.from({ length: n }, fn)), lowered to
// the counted loop the specification describes: the receiver and its length are read once, each
// element is read into a local before the callback runs, and the callback is inlined (an inline
// function, a local function) or called (a function of the module) with (element, index, array).
// Contract: the loop computes what the method computes, result type included: map and filter on
// a typed array give a typed array of the same type (`new a.constructor(n)`, see analyze/types),
// reduce without an initial value throws JavaScript's TypeError on an empty array, find gives
// undefined when nothing matches. Callbacks adc cannot see are rejected (ADC162).
import * as t from "@babel/types";
import type { Loop, Stmt } from "../../ir.js";
import { unwrapTS } from "../../analyze/module.js";
import type { LowerCtx } from "./context.js";
import { callModule, lower } from "./expressions.js";
import { assignedWhileRunning, inlineFunction, isFunctionNode, type FnNode } from "./closures.js";

export const CALLBACK_METHODS = new Set([
  "map", "reduce", "reduceRight", "forEach", "filter", "some", "every", "find", "findIndex", "findLast", "findLastIndex", "from", "flatMap", "sort",
]);
const ALLOCATORS = new Set(["Array", "Float64Array", "Float32Array", "Int32Array", "Uint8Array", "Int8Array", "Uint32Array", "Int16Array", "Uint16Array"]);
const INT = { k: "int" } as const;

/** A callback: a function inlined at each call (with the scopes it sees), or a module function called. */
type Callback = { node: FnNode; scopes: Map<string, string>[] } | { module: string };

export function resolveCallback(arg: t.Node, ctx: LowerCtx, method: string): Callback {
  const e = arg.type === "SpreadElement" || arg.type === "ArgumentPlaceholder" ? null : unwrapTS(arg as t.Expression);
  if (isFunctionNode(e)) return { node: e, scopes: ctx.scopes.slice() };
  if (e?.type === "Identifier") {
    const u = ctx.resolve(e.name);
    const c = u ? ctx.closures.get(u) : undefined;
    if (c) return c.module ? { module: c.module } : { node: c.node, scopes: c.scopes };
    if (!u && ctx.module.functions.has(e.name)) return { module: e.name };
  }
  return ctx.rep.error("ADC162", arg, `the callback of .${method}() must be a function written here, a local function or a function of this module`);
}

function paramName(cb: Callback, i: number, fallback: string): string {
  if ("module" in cb) return fallback;
  const p = cb.node.params[i];
  const id = p?.type === "AssignmentPattern" ? p.left : p;
  return id?.type === "Identifier" ? id.name : fallback;
}

/** Call the callback with lowered arguments; `owned` names the caller's temporaries among them. */
function invoke(cb: Callback, args: t.Expression[], ctx: LowerCtx, out: Stmt[], want: boolean): t.Expression {
  if ("module" in cb) return callModule(cb.module, args, ctx, out);
  const owned = new Set(args.filter((a): a is t.Identifier => a.type === "Identifier" && a.name !== "undefined").map((a) => a.name));
  return inlineFunction(cb.node, cb.scopes, args, ctx, out, { want, owned, resultName: "cb_r" });
}

/** `for (k = first; k < len (k >= 0 going down); k ± 1) body`, a counted loop with a label for break. */
function indexLoop(ctx: LowerCtx, k: string, len: string, down: boolean, first: t.Expression, body: (label: string) => Stmt[]): Stmt[] {
  const label = ctx.namer.fresh("loop");
  const test = down ? t.binaryExpression(">=", t.identifier(k), t.numericLiteral(0)) : t.binaryExpression("<", t.identifier(k), t.identifier(len));
  const loop: Loop = {
    kind: "loop",
    label,
    test,
    post: false,
    body: body(label),
    update: [ctx.assign({ kind: "var", name: k }, t.numericLiteral(1), down ? "-=" : "+=")],
    counter: { name: k, init: t.cloneNode(first), step: down ? -1 : 1 },
    origin: ctx.origin,
  };
  return [ctx.setVar(k, first), loop];
}

/** Lower `recv.method(cb, …)`; null when this is not a callback form handled here. */
export function lowerCallbackCall(e: t.CallExpression, method: string, ctx: LowerCtx, pre: Stmt[]): t.Expression | null {
  const callee = e.callee as t.MemberExpression;
  const args = e.arguments;
  if (method === "from") return lowerFrom(e, ctx, pre);
  if (method === "flatMap" || method === "sort") {
    if (args.some((a) => isFunctionNode(a) || a.type === "Identifier")) ctx.rep.error("ADC162", e, `.${method}() with a callback is not supported; write the loop out`);
    return null;
  }
  const recv = lower(callee.object as t.Expression, ctx, pre);
  const cb = resolveCallback(args[0], ctx, method);
  const hasInit = args.length > 1 && (method === "reduce" || method === "reduceRight");
  // the receiver is read once: a variable the callback (or a local function) may reassign is copied
  let arr: string;
  if (recv.type === "Identifier" && ctx.fn.locals.has(recv.name) && !mayReassign(ctx.fn.locals.get(recv.name)!.source, cb, ctx)) arr = recv.name;
  else {
    arr = ctx.temp(recv.type === "Identifier" ? `${ctx.fn.locals.get(recv.name)?.source ?? recv.name}_arr` : "arr");
    pre.push(ctx.setVar(arr, recv));
  }
  // then the initial value (a thisArg is evaluated and ignored: callbacks cannot read `this`)
  const initV = args.length > 1 ? lower(args[1] as t.Expression, ctx, pre) : null;
  const len = ctx.temp("len", INT);
  pre.push(ctx.setVar(len, t.memberExpression(t.identifier(arr), t.identifier("length"))));
  const isReduce = method === "reduce" || method === "reduceRight";
  const k = ctx.temp(paramName(cb, isReduce ? 2 : 1, "k"), INT, true);
  const down = method === "reduceRight" || method === "findLast" || method === "findLastIndex";
  const elem = ctx.temp(paramName(cb, isReduce ? 1 : 0, "elem"));
  const read = (): Stmt => ctx.setVar(elem, t.memberExpression(t.identifier(arr), t.identifier(k), true));
  const call = (body: Stmt[], want: boolean, acc?: string) =>
    invoke(cb, acc ? [t.identifier(acc), t.identifier(elem), t.identifier(k), t.identifier(arr)] : [t.identifier(elem), t.identifier(k), t.identifier(arr)], ctx, body, want);
  const start = down ? t.binaryExpression("-", t.identifier(len), t.numericLiteral(1)) : t.numericLiteral(0);
  const brk = (label: string): Stmt => ({ kind: "jump", type: "break", target: label, origin: ctx.origin });
  const iff = (test: t.Expression, cons: Stmt[]): Stmt => ({ kind: "if", test, cons, alt: [], origin: ctx.origin });

  switch (method) {
    case "forEach":
      pre.push(...indexLoop(ctx, k, len, down, start, () => {
        const body = [read()];
        call(body, false);
        return body;
      }));
      return t.identifier("undefined");
    case "map": {
      const out = ctx.temp("mapped");
      pre.push(ctx.setVar(out, newLike(arr, len)));
      pre.push(...indexLoop(ctx, k, len, down, start, () => {
        const body = [read()];
        const r = call(body, true);
        body.push(ctx.assign({ kind: "elem", object: t.identifier(out), index: t.identifier(k) }, r));
        return body;
      }));
      return t.identifier(out);
    }
    case "filter": {
      const out = ctx.temp("kept_all");
      const j = ctx.temp("kept_n", INT);
      pre.push(ctx.setVar(out, newLike(arr, len)), ctx.setVar(j, t.numericLiteral(0)));
      pre.push(...indexLoop(ctx, k, len, down, start, () => {
        const body = [read()];
        const r = call(body, true);
        body.push(iff(r, [ctx.assign({ kind: "elem", object: t.identifier(out), index: t.identifier(j) }, t.identifier(elem)), ctx.assign({ kind: "var", name: j }, t.numericLiteral(1), "+=")]));
        return body;
      }));
      const kept = ctx.temp("kept");
      pre.push(ctx.setVar(kept, t.callExpression(t.memberExpression(t.identifier(out), t.identifier("slice")), [t.numericLiteral(0), t.identifier(j)])));
      return t.identifier(kept);
    }
    case "some":
    case "every":
    case "find":
    case "findLast":
    case "findIndex":
    case "findLastIndex": {
      const res = ctx.temp(method.startsWith("find") ? "found" : method, method.endsWith("Index") ? INT : method.startsWith("find") ? null : { k: "bool" });
      const none: t.Expression = method === "some" ? t.booleanLiteral(false) : method === "every" ? t.booleanLiteral(true) : method.endsWith("Index") ? t.numericLiteral(-1) : t.identifier("undefined");
      const hit: t.Expression = method === "some" ? t.booleanLiteral(true) : method === "every" ? t.booleanLiteral(false) : method.endsWith("Index") ? t.identifier(k) : t.identifier(elem);
      pre.push(ctx.setVar(res, none));
      pre.push(...indexLoop(ctx, k, len, down, start, (label) => {
        const body = [read()];
        const r = call(body, true);
        body.push(iff(method === "every" ? t.unaryExpression("!", r) : r, [ctx.setVar(res, hit), brk(label)]));
        return body;
      }));
      return t.identifier(res);
    }
    case "reduce":
    case "reduceRight": {
      const acc = ctx.temp(paramName(cb, 0, "acc"));
      let first = start;
      if (hasInit) pre.push(ctx.setVar(acc, initV!));
      else {
        // no initial value: the first element (last for reduceRight) is, and an empty array throws
        const err = t.newExpression(t.identifier("TypeError"), [t.stringLiteral("Reduce of empty array with no initial value")]);
        pre.push(iff(t.binaryExpression("===", t.identifier(len), t.numericLiteral(0)), [{ kind: "effect", expr: err, throws: true, origin: ctx.origin }]));
        pre.push(ctx.setVar(acc, t.memberExpression(t.identifier(arr), down ? t.binaryExpression("-", t.identifier(len), t.numericLiteral(1)) : t.numericLiteral(0), true)));
        first = down ? t.binaryExpression("-", t.identifier(len), t.numericLiteral(2)) : t.numericLiteral(1);
      }
      pre.push(...indexLoop(ctx, k, len, down, first, () => {
        const body = [read()];
        const r = call(body, true, acc);
        if (!(r.type === "Identifier" && r.name === acc)) body.push(ctx.setVar(acc, r));
        return body;
      }));
      return t.identifier(acc);
    }
  }
  return null;
}

/** May running the callback assign the source variable `name`? (Over-approximated by name.) */
function mayReassign(name: string, cb: Callback, ctx: LowerCtx): boolean {
  return assignedWhileRunning(name, "module" in cb ? null : cb.node, ctx);
}

/** `new a.constructor(n)`: an array of a's type (Array or the typed array), as map and filter create. */
function newLike(arr: string, len: string): t.Expression {
  return t.newExpression(t.memberExpression(t.identifier(arr), t.identifier("constructor")), [t.identifier(len)]);
}

/** Array.from(xs, fn), Array.from({ length: n }, fn), Float64Array.from(xs, fn): fn gets (element, index). */
function lowerFrom(e: t.CallExpression, ctx: LowerCtx, pre: Stmt[]): t.Expression | null {
  const callee = e.callee as t.MemberExpression;
  const ns = callee.object.type === "Identifier" ? callee.object.name : "";
  if (!ALLOCATORS.has(ns) || ctx.resolve(ns) || e.arguments.length < 2) return null;
  const src = e.arguments[0];
  const lengthOnly = src.type === "ObjectExpression" ? lengthOf(src) : null;
  if (src.type === "ObjectExpression" && !lengthOnly) ctx.rep.error("ADC162", src, `${ns}.from takes an array or { length: n } here`);
  const len = ctx.temp("len", INT);
  let arr: string | null = null;
  if (lengthOnly) {
    pre.push(ctx.setVar(len, lower(lengthOnly, ctx, pre)));
  } else {
    arr = ctx.temp("from_arr");
    pre.push(ctx.setVar(arr, lower(src as t.Expression, ctx, pre)));
  }
  const cb = resolveCallback(e.arguments[1], ctx, `${ns}.from`);
  if (e.arguments[2]) lower(e.arguments[2] as t.Expression, ctx, pre); // thisArg: evaluated, unused
  if (arr) pre.push(ctx.setVar(len, t.memberExpression(t.identifier(arr), t.identifier("length"))));
  const out = ctx.temp("made");
  pre.push(ctx.setVar(out, t.newExpression(t.identifier(ns), [t.identifier(len)])));
  const k = ctx.temp(paramName(cb, 1, "k"), INT, true);
  pre.push(...indexLoop(ctx, k, len, false, t.numericLiteral(0), () => {
    const body: Stmt[] = [];
    let v: t.Expression = t.identifier("undefined");
    if (arr) {
      const elem = ctx.temp(paramName(cb, 0, "elem"));
      body.push(ctx.setVar(elem, t.memberExpression(t.identifier(arr), t.identifier(k), true)));
      v = t.identifier(elem);
    }
    const r = invoke(cb, [v, t.identifier(k)], ctx, body, true);
    body.push(ctx.assign({ kind: "elem", object: t.identifier(out), index: t.identifier(k) }, r));
    return body;
  }));
  return t.identifier(out);
}

/** The n of `{ length: n }`, or null for any other object. */
function lengthOf(o: t.ObjectExpression): t.Expression | null {
  if (o.properties.length !== 1) return null;
  const p = o.properties[0];
  if (p.type !== "ObjectProperty" || p.computed) return null;
  const key = p.key.type === "Identifier" ? p.key.name : p.key.type === "StringLiteral" ? p.key.value : "";
  return key === "length" ? (p.value as t.Expression) : null;
}
