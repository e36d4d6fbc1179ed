// Local functions, immediately invoked functions and inline callbacks, by inlining. A function
// defined inside the differentiated function is never a run-time value: each call is replaced
// by its body, lowered in the scopes the function was defined in (so it reads and reassigns the
// captured variables themselves), with parameters bound to fresh locals and `return` turned into
// an assignment of the result plus a jump out of a one-pass block (IR `loop` with `block: true`).
// Contract: the inlined code computes what the call computes, in the same order. A local function
// used as a value (stored, returned, passed to code adc cannot see) is rejected (ADC160), as is
// recursion between local functions (ADC161).
import * as t from "@babel/types";
import type { Loop, Stmt } from "../../ir.js";
import { unwrapTS } from "../../analyze/module.js";
import type { Closure, LowerCtx } from "./context.js";
import { callModule, lower, lowerInOrder } from "./expressions.js";
import { fence } from "../../analyze/fence.js";
import { lowerBlock } from "./statements.js";

export type FnNode = Closure["node"];

export function isFunctionNode(e: t.Node | null | undefined): e is FnNode {
  return !!e && (e.type === "ArrowFunctionExpression" || e.type === "FunctionExpression" || e.type === "FunctionDeclaration");
}

/** Declare a local function under `name` in the current scope (or the function scope, for var). */
export function declareClosure(name: string, node: FnNode, ctx: LowerCtx, fnScope = false): void {
  const scope = fnScope ? ctx.scopes[ctx.fnScope] : ctx.scopes[ctx.scopes.length - 1];
  const u = ctx.namer.fresh(name);
  scope.set(name, u);
  ctx.closures.set(u, { node, scopes: ctx.scopes.slice(), name });
}

/** Bind `name` in the current scope (or the function scope, for var) to an existing local function. */
export function bindClosure(name: string, c: Closure, ctx: LowerCtx, fnScope = false): void {
  const scope = fnScope ? ctx.scopes[ctx.fnScope] : ctx.scopes[ctx.scopes.length - 1];
  const u = ctx.namer.fresh(name);
  scope.set(name, u);
  ctx.closures.set(u, { ...c, name });
}

/** A call whose callee returns a function (`make(k)`, `((k) => (t) => t * k)(2)`): the callee, else null. */
export function factoryOf(e: t.Expression, ctx: LowerCtx): Closure | null {
  const call = unwrapTS(e);
  if (call.type !== "CallExpression" || call.arguments.some((a) => a.type === "SpreadElement")) return null;
  const callee = call.callee.type === "V8IntrinsicIdentifier" ? null : unwrapTS(call.callee as t.Expression);
  let c: Closure | null = null;
  if (isFunctionNode(callee)) c = { node: callee, scopes: ctx.scopes.slice(), name: "function" };
  else if (callee?.type === "Identifier") {
    const u = ctx.resolve(callee.name);
    if (u) c = ctx.closures.get(u) ?? null;
    else if (ctx.module.functions.has(callee.name)) {
      const node = ctx.module.functions.get(callee.name)! as FnNode;
      if (returnedFunction(node)) fence(node, ctx.rep);
      c = { node, scopes: [], name: callee.name };
    }
  }
  return c && !c.module && returnedFunction(c.node) ? c : null;
}

/** Function declarations are hoisted to the top of their block, as in JavaScript. */
export function hoistFunctions(stmts: t.Statement[], ctx: LowerCtx): void {
  for (const s of stmts) if (s.type === "FunctionDeclaration" && s.id) declareClosure(s.id.name, s, ctx);
}

/** The local function a source name refers to here, if any. */
export function closureOf(name: string, ctx: LowerCtx): Closure | null {
  const u = ctx.resolve(name);
  return u ? ctx.closures.get(u) ?? null : null;
}

/** `const g = (…) => …` / `function g(…) {…}` in a declaration: a local function, not a value. */
export function closureInit(init: t.Expression | null | undefined): FnNode | null {
  const e = init ? unwrapTS(init) : null;
  return e && (e.type === "ArrowFunctionExpression" || e.type === "FunctionExpression") ? e : null;
}

/** A function passed as an argument: a function written here, a local function, a module function. */
export function functionArg(a: t.Node, ctx: LowerCtx): Closure | null {
  const e = a.type === "SpreadElement" || a.type === "ArgumentPlaceholder" ? null : unwrapTS(a as t.Expression);
  if (isFunctionNode(e)) return { node: e, scopes: ctx.scopes.slice(), name: "function" };
  if (e?.type !== "Identifier") return null;
  const u = ctx.resolve(e.name);
  if (u) return ctx.closures.get(u) ?? null;
  const m = ctx.module.functions.get(e.name);
  return m ? { node: m as FnNode, scopes: [], name: e.name, module: e.name } : null;
}

/**
 * Call a local function with source arguments: functions among them are bound to its parameters as
 * local functions (so `twice(g, x)` inlines g where twice calls it), the rest lowered in order.
 */
export function callClosure(c: Closure, args: t.Node[], ctx: LowerCtx, pre: Stmt[], resultName?: string, want = true): t.Expression {
  if (c.module) return callModule(c.module, lowerInOrder(args as t.Expression[], ctx, pre), ctx, pre);
  const fns = args.map((a) => functionArg(a, ctx));
  const lowered = lowerInOrder(args.map((a, i) => (fns[i] ? t.identifier("undefined") : (a as t.Expression))), ctx, pre);
  // a variable nothing can assign while the body runs is the parameter itself (no copy)
  const owned = new Set(lowered.filter((a): a is t.Identifier => a.type === "Identifier" && ctx.fn.locals.has(a.name) && !assignedWhileRunning(ctx.fn.locals.get(a.name)!.source, c.node, ctx)).map((a) => a.name));
  return inlineFunction(c.node, c.scopes, lowered, ctx, pre, { want, resultName, fnArgs: fns, owned });
}

/** May the source variable `name` be assigned while fn's body runs (by it, or by any local function)? */
export function assignedWhileRunning(name: string, fn: FnNode | null, ctx: LowerCtx): boolean {
  if (fn && assignedNames(fn).has(name)) return true;
  for (const c of ctx.closures.values()) if (assignedNames(c.node).has(name)) return true;
  return false;
}

export interface InlineOpts {
  /** Is the result used? If not, `return v` only evaluates v. */
  want: boolean;
  /** Arguments that are fresh temporaries of the caller (an element, an index): a parameter the body never assigns names them directly. */
  owned?: Set<string>;
  /** Name of the result variable, for readable output. */
  resultName?: string;
  /** Functions passed as arguments, by position: bound to the parameter as local functions. */
  fnArgs?: (Closure | null)[];
}

/**
 * Inline a call of `fn` (defined in `scopes`) with already lowered, pure arguments; statements go to
 * `pre`. Returns the call's value: a pure expression for an expression body, else the result variable.
 */
export function inlineFunction(fn: FnNode, scopes: Map<string, string>[], args: t.Expression[], ctx: LowerCtx, pre: Stmt[], opts: InlineOpts): t.Expression {
  return enter(fn, scopes, args, ctx, pre, opts, () => {
    const body = fn.body;
    if (body.type !== "BlockStatement") {
      const v = lower(body, ctx, pre);
      return opts.want ? v : t.identifier("undefined");
    }
    const res = opts.want ? ctx.temp(opts.resultName ?? "result") : null;
    const label = ctx.namer.fresh("fn");
    ctx.returnTo = { value: res, label };
    ctx.targets.push({ label, sourceLabel: null, kind: "block" });
    ctx.pushScope();
    const stmts = lowerBlock(body.body, ctx);
    ctx.popScope();
    // a return that ends the body needs no jump
    stripTrailing(stmts, label);
    if (res && !alwaysReturns(body.body)) pre.push(ctx.setVar(res, t.identifier("undefined")));
    if (jumpsTo(stmts, label)) {
      // a one-pass block for the returns to leave (transform/jumps flattens it)
      pre.push({ kind: "loop", label, test: t.booleanLiteral(true), post: true, body: stmts, update: [], counter: null, origin: ctx.origin, block: true } as Loop);
    } else {
      pre.push(...stmts);
    }
    return res ? t.identifier(res) : t.identifier("undefined");
  });
}

/** The function a factory returns: its body is `(…) => function`, or ends in its only return of a function. */
export function returnedFunction(fn: FnNode): FnNode | null {
  const body = fn.body;
  if (body.type !== "BlockStatement") {
    const e = unwrapTS(body);
    return isFunctionNode(e) ? e : null;
  }
  const last = body.body[body.body.length - 1];
  if (last?.type !== "ReturnStatement" || !last.argument) return null;
  const e = unwrapTS(last.argument);
  if (!isFunctionNode(e)) return null;
  let returns = 0;
  const count = (n: t.Node) => {
    if (n.type === "ReturnStatement") returns++;
    if (isFunctionNode(n) && n !== fn) return; // returns of inner functions are theirs
    for (const key of t.VISITOR_KEYS[n.type] ?? []) {
      const v = (n as any)[key];
      if (Array.isArray(v)) v.forEach((c) => c && typeof c.type === "string" && count(c));
      else if (v && typeof v === "object" && typeof v.type === "string") count(v);
    }
  };
  count(body);
  return returns === 1 ? e : null;
}

/**
 * `const h = make(k)` where make returns a function: make's body runs here (inlined) and h becomes a
 * local function that sees make's parameters and locals, as the returned closure would.
 */
export function inlineFactory(c: Closure, args: t.Node[], ctx: LowerCtx, pre: Stmt[], name: string): Closure {
  const inner = returnedFunction(c.node)!;
  const fns = args.map((a) => functionArg(a, ctx));
  const lowered = lowerInOrder(args.map((a, i) => (fns[i] ? t.identifier("undefined") : (a as t.Expression))), ctx, pre);
  return enter(c.node, c.scopes, lowered, ctx, pre, { want: false, fnArgs: fns }, () => {
    const body = c.node.body;
    if (body.type === "BlockStatement") {
      ctx.pushScope();
      pre.push(...lowerBlock(body.body.slice(0, -1), ctx));
    }
    return { node: inner, scopes: ctx.scopes.slice(), name };
  });
}

/** Run `inner` with fn's parameters bound in a new scope over `scopes`; the caller's scopes are restored after. */
function enter<T>(fn: FnNode, scopes: Map<string, string>[], args: t.Expression[], ctx: LowerCtx, pre: Stmt[], opts: InlineOpts, inner: () => T): T {
  const what = fn.type === "FunctionDeclaration" && fn.id ? `'${fn.id.name}'` : "this function";
  if (ctx.inlining.has(fn)) ctx.rep.error("ADC161", fn, `${what} calls itself: recursive local functions are not supported; move it to module level`);
  if (fn.async) ctx.rep.error("ADC103", fn, "async functions cannot be differentiated");
  if (fn.generator) ctx.rep.error("ADC102", fn, "generator functions cannot be differentiated");
  const saved = { scopes: ctx.scopes.splice(0), targets: ctx.targets.splice(0), inline: ctx.inline.splice(0), returnTo: ctx.returnTo, fnScope: ctx.fnScope };
  ctx.scopes.push(...scopes, new Map());
  ctx.fnScope = ctx.scopes.length - 1;
  ctx.returnTo = null;
  ctx.inlining.add(fn);
  // a named function expression sees its own name (a call of it is recursion, rejected above)
  if (fn.type === "FunctionExpression" && fn.id) declareClosure(fn.id.name, fn, ctx);
  try {
    const assigned = assignedNames(fn.body);
    fn.params.forEach((p, i) => {
      const f = opts.fnArgs?.[i];
      if (f && p.type === "Identifier") {
        if (assigned.has(p.name)) ctx.rep.error("ADC164", p, `parameter '${p.name}' receives a function and is reassigned: not supported`);
        const u = ctx.namer.fresh(p.name);
        ctx.scopes[ctx.scopes.length - 1].set(p.name, u);
        ctx.closures.set(u, { ...f, name: p.name });
      } else bindParam(p, args[i], assigned, ctx, pre, opts.owned);
    });
    return inner();
  } finally {
    ctx.inlining.delete(fn);
    ctx.scopes.splice(0, ctx.scopes.length, ...saved.scopes);
    ctx.targets.splice(0, ctx.targets.length, ...saved.targets);
    ctx.inline.splice(0, ctx.inline.length, ...saved.inline);
    ctx.returnTo = saved.returnTo;
    ctx.fnScope = saved.fnScope;
  }
}

function bindParam(p: t.Node, arg: t.Expression | undefined, assigned: Set<string>, ctx: LowerCtx, pre: Stmt[], owned?: Set<string>): void {
  if (p.type === "Identifier") {
    if (arg?.type === "Identifier" && owned?.has(arg.name) && !assigned.has(p.name)) {
      ctx.scopes[ctx.scopes.length - 1].set(p.name, arg.name); // the caller's fresh temporary is the parameter
      return;
    }
    const ann = p.typeAnnotation?.type === "TSTypeAnnotation" ? p.typeAnnotation.typeAnnotation : null;
    const name = ctx.declare(p.name, { annotation: ann });
    pre.push(ctx.setVar(name, arg ?? t.identifier("undefined")));
    return;
  }
  if (p.type === "AssignmentPattern" && p.left.type === "Identifier") {
    const name = ctx.declare(p.left.name);
    const dflt: Stmt[] = [];
    const v = lower(p.right, ctx, dflt);
    dflt.push(ctx.setVar(name, v));
    if (!arg || (arg.type === "Identifier" && arg.name === "undefined")) {
      pre.push(...dflt);
      return;
    }
    pre.push(ctx.setVar(name, arg));
    if (arg.type === "NumericLiteral") return;
    pre.push({ kind: "if", test: t.binaryExpression("===", t.identifier(name), t.identifier("undefined")), cons: dflt, alt: [], origin: ctx.origin });
    return;
  }
  if (p.type === "ArrayPattern") {
    // ([a, b]) => …: the argument is read once, then its elements
    const whole = ctx.temp("destructured");
    pre.push(ctx.setVar(whole, arg ?? t.identifier("undefined")));
    p.elements.forEach((el, i) => {
      if (!el) return;
      if (el.type !== "Identifier") ctx.rep.error("ADC164", el, "nested, rest and default destructuring in parameters of local functions are not supported");
      pre.push(ctx.setVar(ctx.declare(el.name), t.memberExpression(t.identifier(whole), t.numericLiteral(i), true)));
    });
    return;
  }
  ctx.rep.error("ADC164", p, "local functions take plain parameters, with defaults or array destructuring: object and rest parameters are not supported");
}

/** Names assigned anywhere in a function body (conservatively: in nested functions too). */
export function assignedNames(n: t.Node, out = new Set<string>()): Set<string> {
  if (n.type === "AssignmentExpression") collectLVal(n.left, out);
  if (n.type === "UpdateExpression" && n.argument.type === "Identifier") out.add(n.argument.name);
  if ((n.type === "ForOfStatement" || n.type === "ForInStatement") && n.left.type !== "VariableDeclaration") collectLVal(n.left, out);
  for (const key of t.VISITOR_KEYS[n.type] ?? []) {
    if (key === "typeAnnotation" || key === "returnType" || key === "typeParameters") continue;
    const v = (n as any)[key];
    if (Array.isArray(v)) v.forEach((c) => c && typeof c.type === "string" && assignedNames(c, out));
    else if (v && typeof v === "object" && typeof v.type === "string") assignedNames(v, out);
  }
  return out;
}

function collectLVal(l: t.Node, out: Set<string>): void {
  if (l.type === "Identifier") out.add(l.name);
  else if (l.type === "ArrayPattern") l.elements.forEach((e) => e && collectLVal(e, out));
  else if (l.type === "TSAsExpression" || l.type === "TSNonNullExpression") collectLVal(l.expression, out);
}

/** Does every path through these statements end in return or throw? (Conservative.) */
function alwaysReturns(stmts: t.Statement[]): boolean {
  const last = stmts[stmts.length - 1];
  if (!last) return false;
  if (last.type === "ReturnStatement" || last.type === "ThrowStatement") return true;
  if (last.type === "BlockStatement") return alwaysReturns(last.body);
  if (last.type === "IfStatement") return !!last.alternate && alwaysReturns([last.consequent]) && alwaysReturns([last.alternate]);
  return false;
}

function stripTrailing(stmts: Stmt[], label: string): void {
  const last = stmts[stmts.length - 1];
  if (!last) return;
  if (last.kind === "jump" && last.type === "break" && last.target === label) stmts.pop();
  else if (last.kind === "if") {
    stripTrailing(last.cons, label);
    stripTrailing(last.alt, label);
  }
}

function jumpsTo(stmts: Stmt[], label: string): boolean {
  return stmts.some((s) =>
    s.kind === "jump" ? s.target === label : s.kind === "if" ? jumpsTo(s.cons, label) || jumpsTo(s.alt, label) : s.kind === "loop" ? jumpsTo(s.body, label) || jumpsTo(s.update, label) : false,
  );
}
