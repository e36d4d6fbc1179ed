// Spread, lowered to constructs the core differentiates. `[...xs, y, ...ys]` becomes a new array
// filled by pushes in order (the adjoint of each push flows back into what was pushed);
// `Math.max(...xs)`, `Math.min(...xs)`, `Math.hypot(...xs)` fold over the elements with the
// two-argument function (max and min exactly; hypot up to rounding); `h(...[a, b])` into a
// function adc sees passes the literal's elements as arguments, and `h(...xs)` passes xs[0],
// xs[1], … up to h's parameter count (undefined past xs's end, as JavaScript). A spread into any
// other call (or into rest parameters) is rejected (ADC163).
// Contract: arguments and elements are evaluated left to right, each spread array read at its
// place (copied with slice() when a later argument's effects could change it).
import * as t from "@babel/types";
import type { Loop, Stmt } from "../../ir.js";
import { unwrapTS } from "../../analyze/module.js";
import type { LowerCtx } from "./context.js";
import { callModule, lower } from "./expressions.js";
import { inlineFunction, isFunctionNode } from "./closures.js";
import { math as rules, variadic, zeroGrad } from "../../../runtime/primitives.js";

const FOLDS: Record<string, t.Expression> = {
  max: t.unaryExpression("-", t.identifier("Infinity")),
  min: t.identifier("Infinity"),
  hypot: t.numericLiteral(0),
};

type Item = { spread: false; value: t.Expression } | { spread: true; array: t.Expression };

/** Lower the items of a call's arguments or an array literal, in order; spread literals are flattened. */
function lowerItems(items: (t.Node | null)[], ctx: LowerCtx, pre: Stmt[]): Item[] {
  const out: Item[] = [];
  for (const x of items) {
    if (!x) return ctx.rep.error("ADC113", null, "holes in array literals are not supported");
    const own: Stmt[] = [];
    const isSpread = x.type === "SpreadElement";
    const v = lower((isSpread ? x.argument : x) as t.Expression, ctx, own);
    if (own.length) {
      // this item's effects run after the earlier items were evaluated: freeze those
      out.forEach((it, i) => {
        const e = it.spread ? it.array : it.value;
        if (e.type === "NumericLiteral" || e.type === "BooleanLiteral") return;
        const tmp = ctx.temp(it.spread ? "spread_copy" : "operand");
        pre.push(ctx.setVar(tmp, it.spread ? t.callExpression(t.memberExpression(e, t.identifier("slice")), []) : e));
        out[i] = it.spread ? { spread: true, array: t.identifier(tmp) } : { spread: false, value: t.identifier(tmp) };
      });
    }
    pre.push(...own);
    if (isSpread && v.type === "ArrayExpression" && v.elements.every((el) => el && el.type !== "SpreadElement")) {
      for (const el of v.elements) out.push({ spread: false, value: el as t.Expression });
    } else if (isSpread && v.type === "Identifier" && ctx.fn.locals.has(v.name)) {
      out.push({ spread: true, array: v }); // a variable: later items' effects, if any, copy it first (above)
    } else if (isSpread) {
      const tmp = ctx.temp("spread_src");
      pre.push(ctx.setVar(tmp, v));
      out.push({ spread: true, array: t.identifier(tmp) });
    } else out.push({ spread: false, value: v });
  }
  return out;
}

/** for (k = 0; k < a.length; k++) body(a[k]), with a.length read once (before, when `len` is given) */
function eachElement(array: t.Expression, ctx: LowerCtx, body: (elem: t.Expression) => Stmt[], given?: string): Stmt[] {
  const k = ctx.temp("k", { k: "int" }, true);
  const len = given ?? ctx.temp("len", { k: "int" });
  const loop: Loop = {
    kind: "loop",
    label: ctx.namer.fresh("loop"),
    test: t.binaryExpression("<", t.identifier(k), t.identifier(len)),
    post: false,
    body: body(t.memberExpression(t.cloneNode(array), t.identifier(k), true)),
    update: [ctx.assign({ kind: "var", name: k }, t.numericLiteral(1), "+=")],
    counter: { name: k, init: t.numericLiteral(0), step: 1 },
    origin: ctx.origin,
  };
  const init = given ? [] : [ctx.setVar(len, t.memberExpression(t.cloneNode(array), t.identifier("length")))];
  return [...init, ctx.setVar(k, t.numericLiteral(0)), loop];
}

/**
 * a.push(x, ...xs, y): every argument is evaluated (and each spread's length read) before the
 * first push, as in JavaScript; then the values are pushed in order.
 */
export function lowerPushAll(array: t.Expression, args: t.Node[], ctx: LowerCtx, out: Stmt[]): void {
  const own: Stmt[] = [];
  const items = lowerItems(args, ctx, own);
  if (own.length && array.type !== "Identifier") {
    const tmp = ctx.temp("target");
    out.push(ctx.setVar(tmp, array));
    array = t.identifier(tmp);
  }
  out.push(...own);
  const lens = items.map((it, i) => {
    if (!it.spread) {
      if (items.length > 1 && i > 0 && it.value.type !== "Identifier" && !t.isLiteral(it.value)) {
        const tmp = ctx.temp("pushed");
        out.push(ctx.setVar(tmp, it.value));
        items[i] = { spread: false, value: t.identifier(tmp) };
      }
      return null;
    }
    const len = ctx.temp("len", { k: "int" });
    out.push(ctx.setVar(len, t.memberExpression(t.cloneNode(it.array), t.identifier("length"))));
    return len;
  });
  const push = (value: t.Expression): Stmt => ({ kind: "push", array: t.cloneNode(array), value, origin: ctx.origin });
  items.forEach((it, i) => {
    if (!it.spread) out.push(push(it.value));
    else out.push(...eachElement(it.array, ctx, (el) => [push(el)], lens[i]!));
  });
}

/** [a, ...xs, b]: a new array, filled by pushes. */
export function lowerSpreadArray(e: t.ArrayExpression, ctx: LowerCtx, pre: Stmt[]): t.Expression {
  const out = ctx.temp("spread");
  pre.push(ctx.setVar(out, t.arrayExpression([])));
  const push = (value: t.Expression): Stmt => ({ kind: "push", array: t.identifier(out), value, origin: ctx.origin });
  for (const x of e.elements) {
    // each item is evaluated and pushed in turn: the pushes only touch the new array
    const [it] = lowerItems([x], ctx, pre);
    if (!it.spread) pre.push(push(it.value));
    else pre.push(...eachElement(it.array, ctx, (el) => [push(el)]));
  }
  return t.identifier(out);
}

/** f(...args) */
export function lowerSpreadCall(e: t.CallExpression, ctx: LowerCtx, pre: Stmt[]): t.Expression {
  const callee = e.callee;
  if (callee.type === "MemberExpression" && !callee.computed && callee.object.type === "Identifier" && callee.object.name === "Math" && !ctx.resolve("Math")) {
    const fn = (callee.property as t.Identifier).name;
    if (!rules[fn] && !zeroGrad.has(fn) && !variadic.has(fn)) return ctx.rep.error("ADC121", e, `Math.${fn} has no gradient rule`);
    const items = lowerItems(e.arguments, ctx, pre);
    const math = (args: t.Expression[]) => t.callExpression(t.memberExpression(t.identifier("Math"), t.identifier(fn)), args);
    if (items.every((it) => !it.spread)) return math(items.map((it) => (it as { value: t.Expression }).value));
    if (!(fn in FOLDS)) return ctx.rep.error("ADC163", e, `Math.${fn}(...array) is not supported: only max, min and hypot take a spread array`);
    const acc = ctx.temp(fn);
    const firstSpread = items.findIndex((it) => it.spread);
    const head = items.slice(0, firstSpread).map((it) => (it as { value: t.Expression }).value);
    pre.push(ctx.setVar(acc, head.length ? math(head) : t.cloneNode(FOLDS[fn])));
    for (const it of items.slice(firstSpread)) {
      const step = (v: t.Expression): Stmt => ctx.setVar(acc, math([t.identifier(acc), v]));
      if (it.spread) pre.push(...eachElement(it.array, ctx, (el) => [step(el)]));
      else pre.push(step(it.value));
    }
    return t.identifier(acc);
  }
  // a function adc sees: the spread must be an array literal, whose elements become the arguments
  const items = lowerItems(e.arguments, ctx, pre);
  const bad = items.find((it) => it.spread);
  const fnExpr = unwrapTS(callee as t.Expression);
  const name = callee.type === "Identifier" ? callee.name : null;
  const local = name ? ctx.resolve(name) : null;
  const closure = local ? ctx.closures.get(local) : undefined;
  const known = isFunctionNode(fnExpr) || closure || (name && !local && ctx.module.functions.has(name));
  if (!known) return ctx.rep.error("ADC163", e, "spread arguments are only supported into Math.max/min/hypot and functions adc can see");
  let args = items.map((it) => (it as { value: t.Expression }).value);
  if (bad) {
    // a spread of unknown length: parameter i gets element i of the arguments, undefined past the end
    const fn = isFunctionNode(fnExpr) ? fnExpr : closure ? closure.node : ctx.module.functions.get(name!)!;
    const rest = fn.params.find((p) => p.type === "RestElement");
    if (rest) return ctx.rep.error("ADC163", rest, "a spread of unknown length into rest parameters is not supported");
    const n = fn.params.length;
    const last = items[items.length - 1];
    // element i, or undefined past the end (never an out-of-range read, whose adjoint would grow the shadow)
    const elem = (a: t.Expression, i: number) =>
      t.conditionalExpression(
        t.binaryExpression("<", t.numericLiteral(i), t.memberExpression(t.cloneNode(a), t.identifier("length"))),
        t.memberExpression(t.cloneNode(a), t.numericLiteral(i), true),
        t.identifier("undefined"),
      );
    if (last.spread && items.filter((it) => it.spread).length === 1) {
      const head = items.slice(0, -1).map((it) => (it as { value: t.Expression }).value);
      args = [...head, ...Array.from({ length: Math.max(0, n - head.length) }, (_, j) => elem(last.array, j))];
    } else {
      // several spreads, or values after one: the arguments are gathered into one array first
      const all = ctx.temp("spread_args");
      pre.push(ctx.setVar(all, t.arrayExpression([])));
      const push = (value: t.Expression): Stmt => ({ kind: "push", array: t.identifier(all), value, origin: ctx.origin });
      for (const it of items) {
        if (!it.spread) pre.push(push(it.value));
        else pre.push(...eachElement(it.array, ctx, (el) => [push(el)]));
      }
      args = Array.from({ length: n }, (_, i) => elem(t.identifier(all), i));
    }
  }
  if (isFunctionNode(fnExpr)) return inlineFunction(fnExpr, ctx.scopes.slice(), args, ctx, pre, { want: true });
  if (closure?.module) return callModule(closure.module, args, ctx, pre);
  if (closure) return inlineFunction(closure.node, closure.scopes, args, ctx, pre, { want: true, resultName: `${name}_r` });
  return callModule(name!, args, ctx, pre);
}
