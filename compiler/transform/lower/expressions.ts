// Lowering of expressions: renames identifiers to their unique names and moves every effect
// (user-function calls, nested assignments and updates, short-circuited calls) out into
// statements placed before the expression, so that what remains is pure and can be
// re-evaluated freely by the reverse sweep.
import * as t from "@babel/types";
import type { Stmt, Target } from "../../ir.js";
import { math, zeroGrad, variadic } from "../../../runtime/primitives.js";
import type { LowerCtx } from "./context.js";
import { paramsOf, unwrapTS } from "../../analyze/module.js";
import { inlinable, inlineCall } from "./inline.js";
import { lowerDynamicCall, lowerNamespaceCall } from "./dynamic.js";
import { callClosure, factoryOf, inlineFactory, isFunctionNode } from "./closures.js";
import { CALLBACK_METHODS, lowerCallbackCall } from "./callbacks.js";
import { lowerSpreadArray, lowerSpreadCall } from "./spread.js";

import { lowerRuntimeCall, lowerRuntimeRead, lowerRuntimeWrite } from "./runtime-ops.js";
const PURE_GLOBALS = new Set(["isNaN", "isFinite", "Number", "Boolean"]);
const PURE_NAMESPACED = new Set(["Number.isFinite", "Number.isNaN", "Number.isInteger", "Array.isArray", "Float64Array.from", "Float32Array.from", "Array.from"]);
const ALLOCATORS = new Set(["Float64Array", "Float32Array", "Array", "Int32Array", "Uint8Array", "Int8Array", "Uint32Array", "Int16Array", "Uint16Array"]);
/** Errors may be constructed (to be thrown): they carry no numbers. */
const ERRORS = new Set(["Error", "TypeError", "RangeError"]);

/** Lower e; effects are appended to pre, in JavaScript's order of evaluation. Returns a pure expression. */
export function lowerExpr(e: t.Expression, ctx: LowerCtx, pre: Stmt[]): t.Expression {
  return lower(e, ctx, pre);
}

export function lower(e: t.Expression, ctx: LowerCtx, pre: Stmt[]): t.Expression {
  e = unwrapTS(e);
  switch (e.type) {
    case "Identifier": {
      const sub = ctx.inline[ctx.inline.length - 1]?.params.get(e.name);
      if (sub) return t.cloneNode(sub, true);
      const u = ctx.resolve(e.name);
      if (u && ctx.closures.has(u)) ctx.rep.error("ADC160", e, `local function '${e.name}' used as a value: it can only be called, or passed as a callback to map, reduce, forEach, ...`);
      if (u) return t.identifier(u);
      // a module function as a value (passed to a helper that calls it): a call through it goes through the tape
      ctx.module.loadErrors?.get(e.name)?.(); // an import that failed to load
      return t.identifier(e.name);
    }
    case "NumericLiteral":
    case "StringLiteral":
    case "BooleanLiteral":
    case "NullLiteral":
      return t.cloneNode(e);
    case "TemplateLiteral":
      return t.templateLiteral(e.quasis.map((q) => t.cloneNode(q)), e.expressions.map((x) => lower(x as t.Expression, ctx, pre)));
    case "UnaryExpression":
      return t.unaryExpression(e.operator, lower(e.argument, ctx, pre));
    case "BinaryExpression": {
      if (e.left.type === "PrivateName") return ctx.rep.error("ADC112", e);
      const [l, r] = lowerInOrder([e.left, e.right], ctx, pre);
      return t.binaryExpression(e.operator, l, r);
    }
    case "LogicalExpression":
      return lowerShortCircuit(e, ctx, pre);
    case "ConditionalExpression":
      return lowerShortCircuit(e, ctx, pre);
    case "SequenceExpression": {
      let last: t.Expression = t.identifier("undefined");
      for (const x of e.expressions) {
        last = lower(x, ctx, pre);
      }
      return last;
    }
    case "MemberExpression":
      return lowerMember(e, ctx, pre);
    case "CallExpression":
      return lowerCall(e, ctx, pre);
    case "NewExpression": {
      if (e.callee.type === "Identifier" && ERRORS.has(e.callee.name) && !ctx.resolve(e.callee.name)) {
        return t.newExpression(t.identifier(e.callee.name), e.arguments.map((a) => lower(a as t.Expression, ctx, pre)));
      }
      if (e.callee.type !== "Identifier" || !ALLOCATORS.has(e.callee.name)) {
        return ctx.rep.error("ADC110", e, "only typed arrays and Array can be constructed in differentiated code");
      }
      return t.newExpression(t.identifier(e.callee.name), e.arguments.map((a) => lower(a as t.Expression, ctx, pre)));
    }
    case "ArrayExpression":
      if (e.elements.some((x) => x?.type === "SpreadElement")) return lowerSpreadArray(e, ctx, pre);
      for (const x of e.elements) if (x === null || x.type === "SpreadElement") ctx.rep.error("ADC113", x ?? e, "holes and spreads in array literals are not supported yet");
      return t.arrayExpression(lowerInOrder(e.elements as t.Expression[], ctx, pre));
    case "ArrowFunctionExpression":
    case "FunctionExpression":
      return ctx.rep.error("ADC160", e, "a function used as a value: functions written inside a differentiated function can be called, passed as callbacks or to local functions, not stored or returned");
    case "AssignmentExpression": {
      // x = (y = e): do the inner assignment first, then read its target.
      const stmts = lowerAssignment(e, ctx, pre);
      pre.push(...stmts);
      const last = stmts[stmts.length - 1];
      if (last?.kind !== "assign") return ctx.rep.error("ADC116", e, "logical assignment (&&=, ||=, ??=) inside an expression is not supported; make it a statement");
      const tmp = ctx.temp("assigned_v");
      pre.push(ctx.setVar(tmp, targetExpr(last.target)));
      return t.identifier(tmp);
    }
    case "UpdateExpression": {
      // x++ as a value: the old value (new for ++x) goes into a temporary, the step is a statement
      const target = lowerTarget(e.argument as t.LVal, ctx, pre);
      const base = e.argument.type === "Identifier" ? e.argument.name : "elem";
      const tmp = ctx.temp(`${base}_v`);
      const step = ctx.assign(target, t.numericLiteral(1), e.operator === "++" ? "+=" : "-=");
      if (e.prefix) pre.push(step, ctx.setVar(tmp, targetExpr(target)));
      else pre.push(ctx.setVar(tmp, targetExpr(target)), step);
      return t.identifier(tmp);
    }
    default:
      return ctx.rep.error("ADC114", e, `${e.type} is not supported in differentiated code`);
  }
}

/** a ? b : c, a && b, a || b, a ?? b: pure when both sides are; otherwise an if into a temporary. */
function lowerShortCircuit(e: t.ConditionalExpression | t.LogicalExpression, ctx: LowerCtx, pre: Stmt[]): t.Expression {
  if (e.type === "ConditionalExpression") {
    const test = lower(e.test, ctx, pre);
    const pc: Stmt[] = [];
    const pa: Stmt[] = [];
    const cons = lower(e.consequent, ctx, pc);
    const alt = lower(e.alternate, ctx, pa);
    if (!pc.length && !pa.length) return t.conditionalExpression(test, cons, alt);
    const tmp = ctx.temp("cond_v");
    pc.push(ctx.setVar(tmp, cons));
    pa.push(ctx.setVar(tmp, alt));
    pre.push({ kind: "if", test, cons: pc, alt: pa, origin: ctx.origin });
    return t.identifier(tmp);
  }
  const left = lower(e.left, ctx, pre);
  const pr: Stmt[] = [];
  const right = lower(e.right, ctx, pr);
  if (!pr.length) return t.logicalExpression(e.operator, left, right);
  const tmp = ctx.temp("logic_v");
  pre.push(ctx.setVar(tmp, left));
  pr.push(ctx.setVar(tmp, right));
  const v = t.identifier(tmp);
  const test =
    e.operator === "&&" ? v : e.operator === "||" ? t.unaryExpression("!", v) : t.binaryExpression("==", t.identifier(tmp), t.nullLiteral());
  pre.push({ kind: "if", test, cons: pr, alt: [], origin: ctx.origin });
  return t.identifier(tmp);
}

function lowerMember(e: t.MemberExpression, ctx: LowerCtx, pre: Stmt[]): t.Expression {
  const rt = lowerRuntimeRead(e, ctx, pre); // $adjoints[k] in sweep code differentiated again
  if (rt) return rt;
  if (e.computed && e.property.type === "StringLiteral" && t.isValidIdentifier(e.property.value)) {
    // x["length"] is x.length
    return lowerMember(t.memberExpression(e.object as t.Expression, t.identifier(e.property.value)), ctx, pre);
  }
  if (e.computed) {
    let [object, index] = lowerInOrder([e.object as t.Expression, e.property as t.Expression], ctx, pre);
    if (object.type === "ArrayExpression") {
      // [a, b][1] is b; with a computed index the literal gets a name (and a shadow)
      if (index.type === "NumericLiteral" && Number.isInteger(index.value) && index.value >= 0 && index.value < object.elements.length) {
        return object.elements[index.value] as t.Expression;
      }
      const tmp = ctx.temp("literal");
      pre.push(ctx.setVar(tmp, object));
      object = t.identifier(tmp);
    }
    return t.memberExpression(object, index, true);
  }
  return t.memberExpression(lower(e.object as t.Expression, ctx, pre), t.cloneNode(e.property as t.Identifier));
}

/**
 * Lower operands evaluated left to right. A call moved out of a later operand would run before
 * an earlier operand's array read, and the call may write that array: such reads are taken into
 * temporaries first, keeping JavaScript's order of evaluation.
 */
export function lowerInOrder(es: t.Expression[], ctx: LowerCtx, pre: Stmt[]): t.Expression[] {
  const out: t.Expression[] = [];
  for (const x of es) {
    const own: Stmt[] = [];
    const v = lower(x, ctx, own);
    if (own.length) {
      const fx = effectsOf(own);
      for (let k = 0; k < out.length; k++) {
        const reads = readsOf(out[k]);
        const stale = [...reads].some((r) => fx.vars.has(r)) || ((fx.calls || fx.elements) && readsElement(out[k]));
        if (!stale) continue;
        const tmp = ctx.temp("operand");
        pre.push(ctx.setVar(tmp, out[k]));
        out[k] = t.identifier(tmp);
      }
    }
    pre.push(...own);
    out.push(v);
  }
  return out;
}

/** What moved-out statements may change: variables, array elements, anything through calls. */
function effectsOf(stmts: Stmt[]): { vars: Set<string>; elements: boolean; calls: boolean } {
  const fx = { vars: new Set<string>(), elements: false, calls: false };
  const scan = (list: Stmt[]) => {
    for (const s of list) {
      if (s.kind === "assign") {
        if (s.target.kind === "var") fx.vars.add(s.target.name);
        else fx.elements = true;
      } else if (s.kind === "call") {
        fx.calls = true;
        if (s.target) fx.vars.add(s.target);
      } else if (s.kind === "push") fx.elements = true;
      else if (s.kind === "if") {
        scan(s.cons);
        scan(s.alt);
      } else if (s.kind === "loop") {
        scan(s.body);
        scan(s.update);
      }
    }
  };
  scan(stmts);
  return fx;
}

export function readsElement(e: t.Node): boolean {
  if (e.type === "MemberExpression" && e.computed) return true;
  for (const key of t.VISITOR_KEYS[e.type] ?? []) {
    const v = (e as any)[key];
    if (Array.isArray(v) ? v.some((c) => c && readsElement(c)) : v && typeof v === "object" && readsElement(v)) return true;
  }
  return false;
}

function lowerCall(e: t.CallExpression, ctx: LowerCtx, pre: Stmt[]): t.Expression {
  const callee = e.callee;
  const rt = lowerRuntimeCall(e, ctx, pre); // $values.push(x) in sweep code differentiated again
  if (rt) return rt;
  if (e.arguments.some((a) => a.type === "SpreadElement")) return lowerSpreadCall(e, ctx, pre);
  const args = () => lowerInOrder(e.arguments as t.Expression[], ctx, pre);
  const fnExpr = callee.type === "V8IntrinsicIdentifier" ? null : unwrapTS(callee as t.Expression);
  if (isFunctionNode(fnExpr)) {
    // an immediately invoked function: inlined, in the scopes it is written in
    return callClosure({ node: fnExpr, scopes: ctx.scopes.slice(), name: "function" }, e.arguments, ctx, pre);
  }
  const factory = fnExpr?.type === "CallExpression" ? factoryOf(fnExpr, ctx) : null;
  if (factory) {
    // make(k)(x): make's body runs, then the function it returns is called
    const made = inlineFactory(factory, (fnExpr as t.CallExpression).arguments, ctx, pre, "made");
    return callClosure(made, e.arguments, ctx, pre);
  }
  if (callee.type === "Identifier") {
    const local = ctx.resolve(callee.name);
    const closure = local ? ctx.closures.get(local) : undefined;
    if (closure) return callClosure(closure, e.arguments, ctx, pre, `${callee.name}_r`);
    const pair = local ? null : ctx.module.innerJvp?.(callee.name);
    if (pair) return lowerInnerJvp(e, pair, ctx, pre);
    const dynamic = lowerDynamicCall(e, callee.name, args, ctx, pre);
    if (dynamic) return dynamic;
    if (!local && ctx.module.functions.has(callee.name)) return callModule(callee.name, args(), ctx, pre);
    if (ctx.module.transforms.has(callee.name)) {
      return ctx.rep.error("ADC114", e, `${callee.name} of a function that is not defined at the top level of the module, inside a differentiated function: adc differentiates grad(h) there only for a module-level h (define h at the top level)`);
    }
    if (!ctx.resolve(callee.name) && PURE_GLOBALS.has(callee.name)) return t.callExpression(t.identifier(callee.name), args());
    if (!ctx.resolve(callee.name)) ctx.module.loadErrors?.get(callee.name)?.(); // an import that failed to load
    return ctx.rep.error("ADC120", e, `call to '${callee.name}', which adc cannot see: only functions defined at the top level of this module or imported from its relative imports can be differentiated through`);
  }
  if (callee.type === "MemberExpression" && !callee.computed && callee.property.type === "Identifier") {
    const method = callee.property.name;
    const obj = callee.object;
    const ns = obj.type === "Identifier" ? lowerNamespaceCall(e, obj.name, method, args, ctx, pre) : null;
    if (ns) return ns;
    if (CALLBACK_METHODS.has(method) && e.arguments.length > (method === "from" ? 1 : 0)) {
      const r = lowerCallbackCall(e, method, ctx, pre);
      if (r) return r;
    }
    if (obj.type === "Identifier" && obj.name === "Math" && !ctx.resolve("Math")) {
      if (math[method] || zeroGrad.has(method) || variadic.has(method)) return t.callExpression(t.memberExpression(t.identifier("Math"), t.identifier(method)), args());
      return ctx.rep.error("ADC121", e, `Math.${method} has no gradient rule`);
    }
    if (obj.type === "Identifier" && PURE_NAMESPACED.has(`${obj.name}.${method}`) && !ctx.resolve(obj.name)) {
      if (e.arguments.length > 1) return ctx.rep.error("ADC113", e, `${obj.name}.${method} with a callback is not supported yet`);
      return t.callExpression(t.memberExpression(t.identifier(obj.name), t.identifier(method)), args());
    }
    if (method === "fill" && obj.type === "NewExpression") {
      return t.callExpression(t.memberExpression(lower(obj, ctx, pre), t.identifier("fill")), args());
    }
    if (method === "slice" && (e.arguments.length === 0 || ctx.module.runtimeStores)) {
      // slice(a, b) appears in sweep code differentiated again (filter's result), whose tangent is ȧ.slice(a, b)
      const [o, ...rest] = lowerInOrder([obj as t.Expression, ...(e.arguments as t.Expression[])], ctx, pre);
      return t.callExpression(t.memberExpression(o, t.identifier("slice")), rest);
    }
    if (method === "push") return ctx.rep.error("ADC122", e, "the result of push() cannot be used; make push a statement");
    return ctx.rep.error("ADC122", e, `.${method}() is not supported in differentiated code (supported: push, fill on a new array, slice())`);
  }
  // grad(h)(x) that the pipeline left alone: h is not a module-level function
  if (callee.type === "CallExpression" && callee.callee.type === "Identifier" && ctx.module.transforms.has(callee.callee.name) && !ctx.resolve(callee.callee.name)) {
    return ctx.rep.error("ADC235", e, `${callee.callee.name}(…)(…) inside a differentiated function: adc differentiates it only for a function defined at the top level of the module (define it there)`);
  }
  return ctx.rep.error("ADC120", e, "call to a function adc cannot see");
}

/** jvp(h, [a, b], [ta, tb]) inside a function differentiated by jvp: h_pair(a, b, ta, tb), [value, tangent] (transform/higher/forward.ts). */
function lowerInnerJvp(e: t.CallExpression, pair: { pair: string; arity: number }, ctx: LowerCtx, pre: Stmt[]): t.Expression {
  const [ps, ts] = e.arguments;
  const literal = (a: t.Node | undefined): a is t.ArrayExpression => a?.type === "ArrayExpression" && a.elements.length === pair.arity && a.elements.every((x) => x && x.type !== "SpreadElement");
  if (e.arguments.length !== 2 || !literal(ps) || !literal(ts)) {
    return ctx.rep.error("ADC236", e, `jvp inside a function differentiated by jvp needs its primals and tangents as array literals of ${pair.arity} entr${pair.arity === 1 ? "y" : "ies"}, one per parameter: jvp(h, [a, ...], [ta, ...])`);
  }
  return callModule(pair.pair, lowerInOrder([...ps.elements, ...ts.elements] as t.Expression[], ctx, pre), ctx, pre);
}

/** A call of a module function with lowered arguments: inlined if it is one expression, else a call statement. */
export function callModule(name: string, args: t.Expression[], ctx: LowerCtx, pre: Stmt[]): t.Expression {
  const body = inlinable(name, ctx);
  if (body) return inlineCall(name, body, args, ctx, pre);
  const lowered = stableArgs(fitArity(args, name, ctx), ctx, pre);
  const tmp = ctx.temp(`${name}_r`);
  pre.push({ kind: "call", target: tmp, callee: name, args: lowered, origin: ctx.origin });
  return t.identifier(tmp);
}

/** Arguments matched to the callee's parameters, as JavaScript does: extra ones dropped (after evaluation), missing ones undefined. */
export function fitArity(args: t.Expression[], callee: string, ctx: LowerCtx): t.Expression[] {
  const n = paramsOf(ctx.module.functions.get(callee)!).length;
  const out = args.slice(0, n);
  while (out.length < n) out.push(t.identifier("undefined"));
  return out;
}

/**
 * The reverse sweep passes a helper's arguments again, after the helper may have written into
 * arrays: an argument that reads array elements is evaluated once, into a temporary.
 */
export function stableArgs(args: t.Expression[], ctx: LowerCtx, pre: Stmt[]): t.Expression[] {
  return args.map((a) => {
    if (a.type === "Identifier" || !readsElement(a)) return a;
    const tmp = ctx.temp("arg");
    pre.push(ctx.setVar(tmp, a));
    return t.identifier(tmp);
  });
}

/** Lower an assignment expression (statement position) into IR statements. */
export function lowerAssignment(e: t.AssignmentExpression, ctx: LowerCtx, pre: Stmt[]): Stmt[] {
  const out: Stmt[] = [];
  const left = e.left;
  const rt = lowerRuntimeWrite(e, ctx, pre); // $adjoints[k] = x in sweep code differentiated again
  if (rt) return rt;
  if (left.type === "ArrayPattern") return lowerArrayPatternAssign(left, e.right, ctx, pre);
  let target = lowerTarget(left as t.LVal, ctx, pre);
  const valuePre: Stmt[] = [];
  const value = lowerExpr(e.right, ctx, valuePre);
  const op = e.operator;
  if (op === "&&=" || op === "||=" || op === "??=") {
    // the value (and its effects) is evaluated only when the test lets the assignment happen
    const read = targetExpr(target);
    const test = op === "&&=" ? read : op === "||=" ? t.unaryExpression("!", read) : t.binaryExpression("==", read, t.nullLiteral());
    out.push({ kind: "if", test, cons: [...valuePre, ctx.assign(target, value)], alt: [], origin: ctx.origin });
    return out;
  }
  if (valuePre.length) {
    // JavaScript fixes the target (array and index) and, for op=, reads its old value before
    // evaluating the value, whose effects (calls, local functions) may change them
    const fx = effectsOf(valuePre);
    const stale = (x: t.Expression) => [...readsOf(x)].some((r) => fx.vars.has(r)) || ((fx.calls || fx.elements) && readsElement(x));
    const freeze = (x: t.Expression, base: string): t.Expression => {
      if (x.type === "NumericLiteral" || !stale(x)) return x;
      const tmp = ctx.temp(base);
      pre.push(ctx.setVar(tmp, x));
      return t.identifier(tmp);
    };
    if (target.kind === "elem") target = { kind: "elem", object: freeze(target.object, "target"), index: freeze(target.index, "index") };
    const oldStale = op !== "=" && (target.kind === "var" ? fx.vars.has(target.name) : fx.calls || fx.elements);
    if (oldStale) {
      const old = ctx.temp("operand");
      pre.push(ctx.setVar(old, targetExpr(target)), ...valuePre);
      const bin = op.slice(0, -1) as t.BinaryExpression["operator"];
      out.push(ctx.assign(target, t.binaryExpression(bin, t.identifier(old), value)));
      return out;
    }
  }
  pre.push(...valuePre);
  if (op === "=" || op === "+=" || op === "-=" || op === "*=" || op === "/=" || op === "%=" || op === "**=") {
    out.push(ctx.assign(target, value, op));
    return out;
  }
  const bin = op.slice(0, -1) as t.BinaryExpression["operator"];
  out.push(ctx.assign(target, t.binaryExpression(bin, targetExpr(target), value)));
  return out;
}

/** [a, b] = [b, a] and [a, b] = arr: read everything first, then write. */
export function lowerArrayPatternAssign(pattern: t.ArrayPattern, right: t.Expression, ctx: LowerCtx, pre: Stmt[], declare?: (id: t.Identifier) => void): Stmt[] {
  const out: Stmt[] = [];
  const r = unwrapTS(right);
  const values: t.Expression[] = [];
  if (r.type === "ArrayExpression") {
    for (const el of r.elements) {
      if (!el || el.type === "SpreadElement") return ctx.rep.error("ADC113", el ?? r, "holes and spreads in destructuring are not supported");
      const v = lowerExpr(el, ctx, pre);
      const tmp = ctx.temp("swap_v");
      out.push(ctx.setVar(tmp, v));
      values.push(t.identifier(tmp));
    }
  } else {
    const arr = lowerExpr(r, ctx, pre);
    const tmp = ctx.temp("destructured");
    out.push(ctx.setVar(tmp, arr));
    pattern.elements.forEach((_, i) => values.push(t.memberExpression(t.identifier(tmp), t.numericLiteral(i), true)));
  }
  pattern.elements.forEach((el, i) => {
    if (!el) return;
    if (el.type === "RestElement" || el.type === "ObjectPattern" || el.type === "AssignmentPattern" || el.type === "ArrayPattern") {
      ctx.rep.error("ADC114", el, "nested, rest and default destructuring are not supported");
    }
    if (declare && el.type === "Identifier") declare(el);
    const target = lowerTarget(el as t.LVal, ctx, pre);
    out.push(ctx.assign(target, values[i] ?? t.identifier("undefined")));
  });
  return out;
}

export function lowerTarget(left: t.LVal, ctx: LowerCtx, pre: Stmt[]): Target {
  const l = left.type === "TSAsExpression" || left.type === "TSNonNullExpression" ? (left.expression as t.LVal) : left;
  if (l.type === "Identifier") {
    const u = ctx.resolve(l.name);
    if (u && ctx.closures.has(u)) return ctx.rep.error("ADC164", l, `cannot assign to local function '${l.name}': local functions are inlined where they are called, so they cannot be reassigned`);
    if (!u) return ctx.rep.error("ADC115", l, `cannot assign to '${l.name}': it is not a local variable or parameter of the function`);
    return { kind: "var", name: u };
  }
  if (l.type === "MemberExpression" && l.computed) {
    const object = lowerExpr(l.object as t.Expression, ctx, pre);
    checkLocalRoot(object, l, ctx);
    return { kind: "elem", object, index: lowerExpr(l.property as t.Expression, ctx, pre) };
  }
  if (l.type === "MemberExpression" && !l.computed && l.property.type === "Identifier" && l.property.name === "length") {
    return ctx.rep.error("ADC115", l, "assigning to .length is not supported in differentiated code");
  }
  return ctx.rep.error("ADC115", l, "this assignment target is not supported in differentiated code");
}

/** Writes go through arrays the function can see the whole life of: its parameters and locals. */
export function checkLocalRoot(object: t.Expression, node: t.Node, ctx: LowerCtx): void {
  let o = object;
  while (o.type === "MemberExpression") o = o.object as t.Expression;
  if (o.type !== "Identifier" || !ctx.fn.locals.has(o.name)) {
    ctx.rep.error("ADC115", node, "writing into an array that is not a parameter or local of the function (a module-level array) is not supported");
  }
}

export function targetExpr(target: Target): t.Expression {
  return target.kind === "var" ? t.identifier(target.name) : t.memberExpression(t.cloneNode(target.object), t.cloneNode(target.index), true);
}

/** Identifiers read by a (lowered, pure) expression. */
export function readsOf(e: t.Node, out = new Set<string>()): Set<string> {
  switch (e.type) {
    case "Identifier":
      out.add(e.name);
      break;
    case "MemberExpression":
      readsOf(e.object, out);
      if (e.computed) readsOf(e.property, out);
      break;
    default:
      for (const key of t.VISITOR_KEYS[e.type] ?? []) {
        const v = (e as any)[key];
        if (Array.isArray(v)) v.forEach((c) => c && readsOf(c, out));
        else if (v && typeof v === "object") readsOf(v, out);
      }
  }
  return out;
}
