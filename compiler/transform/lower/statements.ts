// Lowering of statements, one small visitor per statement type: hoists every binding to
// function scope under a unique name and rewrites loops, switch and destructuring into the
// IR's few statement forms. Jumps stay as Jump statements for transform/jumps.
import { lowerRuntimeCall } from "./runtime-ops.js";
import * as t from "@babel/types";
import type { Loop, Stmt } from "../../ir.js";
import { originText } from "../../source.js";
import type { LowerCtx } from "./context.js";
import { unwrapTS } from "../../analyze/module.js";
import { lowerPushAll } from "./spread.js";
import { bindClosure, callClosure, closureInit, closureOf, declareClosure, factoryOf, hoistFunctions, inlineFactory, isFunctionNode } from "./closures.js";
import { checkLocalRoot, fitArity, stableArgs, lowerArrayPatternAssign, lowerAssignment, lowerExpr, lowerTarget, readsOf } from "./expressions.js";

export function lowerBlock(stmts: t.Statement[], ctx: LowerCtx): Stmt[] {
  const out: Stmt[] = [];
  hoistFunctions(stmts, ctx);
  for (const s of stmts) lowerStmt(s, ctx, out, null);
  return out;
}

function lowerStmt(s: t.Statement, ctx: LowerCtx, out: Stmt[], label: string | null): void {
  const saved = ctx.origin;
  ctx.origin = { text: originText(s, ctx.source), node: s };
  const visit = visitors[s.type] as ((s: t.Statement, ctx: LowerCtx, out: Stmt[], label: string | null) => void) | undefined;
  if (!visit) ctx.rep.error("ADC114", s, `${s.type} is not supported in differentiated code`);
  else visit(s, ctx, out, label);
  ctx.origin = saved;
}

type Visitor<T extends t.Statement> = (s: T, ctx: LowerCtx, out: Stmt[], label: string | null) => void;
const visitors: { [K in t.Statement["type"]]?: Visitor<Extract<t.Statement, { type: K }>> } = {
  EmptyStatement() {},
  DebuggerStatement() {},
  TSTypeAliasDeclaration() {},
  TSInterfaceDeclaration() {},

  BlockStatement(s, ctx, out) {
    ctx.pushScope();
    hoistFunctions(s.body, ctx);
    for (const x of s.body) lowerStmt(x, ctx, out, null);
    ctx.popScope();
  },

  FunctionDeclaration(s, ctx) {
    // hoisted by the enclosing block; one elsewhere (a case clause) is declared where it stands
    if (s.id && ![...ctx.closures.values()].some((c) => c.node === s)) declareClosure(s.id.name, s, ctx);
  },

  VariableDeclaration(s, ctx, out) {
    for (const d of s.declarations) {
      const fnScope = s.kind === "var";
      const local = closureInit(d.init);
      const factory = d.id.type === "Identifier" && d.init && !local ? factoryOf(d.init, ctx) : null;
      if (d.id.type === "Identifier" && local) {
        declareClosure(d.id.name, local, ctx, fnScope); // a local function: inlined where it is called
      } else if (d.id.type === "Identifier" && factory) {
        // const h = make(k): make's body runs here, h is the function it returns
        const pre: Stmt[] = [];
        const made = inlineFactory(factory, (unwrapTS(d.init!) as t.CallExpression).arguments, ctx, pre, d.id.name);
        out.push(...pre);
        bindClosure(d.id.name, made, ctx, fnScope);
      } else if (d.id.type === "Identifier") {
        const pre: Stmt[] = [];
        // the initializer is evaluated before the new binding exists (and may read an outer one)
        const value = d.init ? lowerExpr(d.init, ctx, pre) : null;
        const name = ctx.declare(d.id.name, { fnScope, annotation: d.id.typeAnnotation?.type === "TSTypeAnnotation" ? d.id.typeAnnotation.typeAnnotation : null });
        out.push(...pre);
        if (value) out.push(ctx.setVar(name, value));
      } else if (d.id.type === "ArrayPattern" && d.init) {
        const pre: Stmt[] = [];
        const stmts = lowerArrayPatternAssign(d.id, d.init, ctx, pre, (id) => ctx.declare(id.name, { fnScope }));
        out.push(...pre, ...stmts);
      } else {
        ctx.rep.error(d.id.type === "ObjectPattern" ? "ADC110" : "ADC114", d.id, "this declaration form is not supported in differentiated code");
      }
    }
  },

  ExpressionStatement(s, ctx, out) {
    const e = s.expression.type === "ParenthesizedExpression" ? s.expression.expression : s.expression;
    const pre: Stmt[] = [];
    if (e.type === "AssignmentExpression") {
      const stmts = lowerAssignment(e, ctx, pre);
      out.push(...pre, ...stmts);
      return;
    }
    if (e.type === "UpdateExpression") {
      const target = lowerTarget(e.argument as t.LVal, ctx, pre);
      out.push(...pre, ctx.assign(target, t.numericLiteral(1), e.operator === "++" ? "+=" : "-="));
      return;
    }
    if (e.type === "CallExpression" && e.callee.type === "MemberExpression" && !e.callee.computed && e.callee.property.type === "Identifier") {
      const method = e.callee.property.name;
      const obj = e.callee.object;
      if (method === "push" && lowerRuntimeCall(e, ctx, pre)) {
        out.push(...pre); // $values.push(x) in sweep code differentiated again (lower/runtime-ops.ts)
        return;
      }
      if (method === "push") {
        const array = lowerExpr(obj as t.Expression, ctx, pre);
        checkLocalRoot(array, e, ctx);
        if (e.arguments.length > 1 || e.arguments.some((a) => a.type === "SpreadElement")) {
          // several values or spreads: all evaluated before the first push (lower/spread.ts)
          out.push(...pre);
          lowerPushAll(array, e.arguments, ctx, out);
          return;
        }
        for (const a of e.arguments) {
          const value = lowerExpr(a as t.Expression, ctx, pre);
          out.push(...pre.splice(0), { kind: "push", array, value, origin: ctx.origin });
        }
        return;
      }
      if (obj.type === "Identifier" && obj.name === "console" && !ctx.resolve("console")) {
        const args = e.arguments.map((a) => (a.type === "SpreadElement" ? t.spreadElement(lowerExpr(a.argument, ctx, pre)) : lowerExpr(a as t.Expression, ctx, pre)));
        out.push(...pre, { kind: "effect", expr: t.callExpression(t.memberExpression(t.identifier("console"), t.identifier(method)), args), origin: ctx.origin });
        return;
      }
    }
    if (e.type === "CallExpression" && e.callee.type === "Identifier" && ctx.module.functions.has(e.callee.name) && !ctx.resolve(e.callee.name) && !ctx.module.primitives.has(e.callee.name) && !e.arguments.some((a) => a.type === "SpreadElement")) {
      const args = stableArgs(fitArity(e.arguments.map((a) => lowerExpr(a as t.Expression, ctx, pre)), e.callee.name, ctx), ctx, pre);
      out.push(...pre, { kind: "call", target: null, callee: e.callee.name, args, origin: ctx.origin });
      return;
    }
    if (e.type === "CallExpression" && !e.arguments.some((a) => a.type === "SpreadElement")) {
      // a local function or IIFE called for its effects: its result is not kept
      const callee = e.callee.type === "V8IntrinsicIdentifier" ? null : unwrapTS(e.callee as t.Expression);
      const c = isFunctionNode(callee) ? { node: callee, scopes: ctx.scopes.slice(), name: "function" } : callee?.type === "Identifier" ? closureOf(callee.name, ctx) : null;
      if (c && !c.module) {
        callClosure(c, e.arguments, ctx, pre, undefined, false);
        out.push(...pre);
        return;
      }
    }
    // any other expression: evaluate it for its effects (calls are moved into pre)
    lowerExpr(e, ctx, pre);
    out.push(...pre);
  },

  ReturnStatement(s, ctx, out) {
    const to = ctx.returnTo;
    if (to) {
      // inside an inlined local function: store the result and leave its block
      const pre: Stmt[] = [];
      const v = s.argument ? lowerExpr(s.argument, ctx, pre) : t.identifier("undefined");
      out.push(...pre);
      if (to.value) out.push(ctx.setVar(to.value, v));
      out.push({ kind: "jump", type: "break", target: to.label, origin: ctx.origin });
      return;
    }
    if (s.argument) {
      const pre: Stmt[] = [];
      const v = lowerExpr(s.argument, ctx, pre);
      out.push(...pre, ctx.setVar(ctx.fn.ret, v));
    }
    out.push({ kind: "jump", type: "return", target: "", origin: ctx.origin });
  },

  ThrowStatement(s, ctx, out) {
    const pre: Stmt[] = [];
    const v = lowerExpr(s.argument, ctx, pre);
    out.push(...pre, { kind: "effect", expr: v, throws: true, origin: ctx.origin });
  },

  IfStatement(s, ctx, out) {
    const pre: Stmt[] = [];
    const test = lowerExpr(s.test, ctx, pre);
    const cons = lowerBranch(s.consequent, ctx);
    const alt = s.alternate ? lowerBranch(s.alternate, ctx) : [];
    out.push(...pre, { kind: "if", test, cons, alt, origin: ctx.origin });
  },

  LabeledStatement(s, ctx, out) {
    const body = s.body;
    if (body.type === "ForStatement" || body.type === "WhileStatement" || body.type === "DoWhileStatement" || body.type === "ForOfStatement") {
      lowerStmt(body, ctx, out, s.label.name);
      return;
    }
    // a labelled block: only `break label` can target it
    const target = { label: ctx.namer.fresh(s.label.name), sourceLabel: s.label.name, kind: "block" as const };
    ctx.targets.push(target);
    const inner: Stmt[] = [];
    lowerStmt(body, ctx, inner, null);
    ctx.targets.pop();
    out.push({ kind: "loop", label: target.label, test: t.booleanLiteral(true), post: true, body: [...inner, jump("break", target.label, ctx)], update: [], counter: null, origin: ctx.origin, block: true } as Loop);
  },

  BreakStatement(s, ctx, out) {
    out.push(jump("break", findTarget(s, ctx, "break"), ctx));
  },
  ContinueStatement(s, ctx, out) {
    out.push(jump("continue", findTarget(s, ctx, "continue"), ctx));
  },

  WhileStatement(s, ctx, out, label) {
    lowerLoop(ctx, out, label, { test: s.test, body: s.body, post: false });
  },
  DoWhileStatement(s, ctx, out, label) {
    lowerLoop(ctx, out, label, { test: s.test, body: s.body, post: true });
  },

  ForStatement(s, ctx, out, label) {
    ctx.pushScope();
    const init: Stmt[] = [];
    let counterName: string | null = null;
    if (s.init?.type === "VariableDeclaration") {
      const d = s.init.declarations;
      const loopScoped = s.init.kind !== "var";
      for (const decl of d) {
        if (decl.id.type !== "Identifier") return ctx.rep.error("ADC114", decl.id, "destructuring in a for head is not supported");
        const pre: Stmt[] = [];
        const value = decl.init ? lowerExpr(decl.init, ctx, pre) : null;
        const name = ctx.declare(decl.id.name, { loopScoped, fnScope: !loopScoped });
        init.push(...pre);
        if (value) init.push(ctx.setVar(name, value));
        if (d.length === 1 && loopScoped && value) counterName = name;
      }
    } else if (s.init) {
      visitors.ExpressionStatement!(t.expressionStatement(s.init), ctx, init, null);
    }
    out.push(...init);
    const update: Stmt[] = [];
    if (s.update) visitors.ExpressionStatement!(t.expressionStatement(s.update), ctx, update, null);
    const loop = lowerLoop(ctx, out, label, { test: s.test ?? t.booleanLiteral(true), body: s.body, post: false, update });
    ctx.popScope();
    if (loop && counterName) loop.counter = countedLoop(counterName, init, update, loop);
  },

  ForOfStatement(s, ctx, out, label) {
    if (s.await) ctx.rep.error("ADC103", s, "for await cannot be differentiated");
    ctx.pushScope();
    const pre: Stmt[] = [];
    const arr = ctx.temp("of_array");
    const iterable = lowerExpr(s.right, ctx, pre);
    out.push(...pre, ctx.setVar(arr, iterable));
    const k = ctx.temp("k", { k: "int" }, true);
    out.push(ctx.setVar(k, t.numericLiteral(0)));
    const elem = t.memberExpression(t.identifier(arr), t.identifier(k), true);
    // the loop variable is declared inside the body scope, re-bound every iteration
    const head: Stmt[] = [];
    ctx.pushScope();
    const left = s.left;
    if (left.type === "VariableDeclaration") {
      const id = left.declarations[0].id as t.LVal;
      if (id.type === "Identifier") head.push(ctx.setVar(ctx.declare(id.name, { fnScope: left.kind === "var" }), elem));
      else if (id.type === "ArrayPattern") head.push(...lowerArrayPatternAssign(id, elem, ctx, head, (x) => ctx.declare(x.name)));
      else ctx.rep.error("ADC110", id, "object destructuring in this position is not supported; use const { … } = … on a parameter or a local object");
    } else {
      head.push(ctx.assign(lowerTarget(left as t.LVal, ctx, head), elem));
    }
    const update: Stmt[] = [ctx.assign({ kind: "var", name: k }, t.numericLiteral(1), "+=")];
    const loop = lowerLoop(ctx, out, label, { test: t.binaryExpression("<", t.identifier(k), t.memberExpression(t.identifier(arr), t.identifier("length"))), body: s.body, post: false, update, head, lowered: true });
    ctx.popScope();
    ctx.popScope();
    if (loop) loop.counter = { name: k, init: t.numericLiteral(0), step: 1 };
  },

  SwitchStatement(s, ctx, out, label) {
    const pre: Stmt[] = [];
    const disc = ctx.temp("switch_v");
    const value = lowerExpr(s.discriminant, ctx, pre);
    out.push(...pre, ctx.setVar(disc, value));
    // index of the case control enters at: the first matching test, else default, else past the end
    const n = s.cases.length;
    const defaultIndex = s.cases.findIndex((c) => c.test == null);
    let entry: t.Expression = t.numericLiteral(defaultIndex >= 0 ? defaultIndex : n);
    for (let i = n - 1; i >= 0; i--) {
      const c = s.cases[i];
      if (!c.test) continue;
      const casePre: Stmt[] = [];
      const test = lowerExpr(c.test, ctx, casePre);
      if (casePre.length) ctx.rep.error("ADC117", c.test, "case tests must not call functions");
      entry = t.conditionalExpression(t.binaryExpression("===", t.identifier(disc), test), t.numericLiteral(i), entry);
    }
    const k = ctx.temp("case_index", { k: "int" });
    out.push(ctx.setVar(k, entry));
    const target = { label: ctx.namer.fresh(label ?? "switch"), sourceLabel: label, kind: "switch" as const };
    ctx.targets.push(target);
    ctx.pushScope();
    const body: Stmt[] = [];
    s.cases.forEach((c, i) => {
      const stmts: Stmt[] = [];
      for (const x of c.consequent) lowerStmt(x, ctx, stmts, null);
      if (stmts.length) body.push({ kind: "if", test: t.binaryExpression("<=", t.identifier(k), t.numericLiteral(i)), cons: stmts, alt: [], origin: ctx.origin });
    });
    ctx.popScope();
    ctx.targets.pop();
    // a one-pass "loop" gives break its target; transform/jumps flattens it
    out.push({ kind: "loop", label: target.label, test: t.booleanLiteral(true), post: true, body: [...body, jump("break", target.label, ctx)], update: [], counter: null, origin: ctx.origin, block: true } as Loop);
  },
};

function lowerBranch(s: t.Statement, ctx: LowerCtx): Stmt[] {
  const out: Stmt[] = [];
  ctx.pushScope();
  lowerStmt(s, ctx, out, null);
  ctx.popScope();
  return out;
}

function jump(type: "break" | "continue", target: string, ctx: LowerCtx): Stmt {
  return { kind: "jump", type, target, origin: ctx.origin };
}

function findTarget(s: t.BreakStatement | t.ContinueStatement, ctx: LowerCtx, type: "break" | "continue"): string {
  for (let i = ctx.targets.length - 1; i >= 0; i--) {
    const tg = ctx.targets[i];
    if (s.label) {
      if (tg.sourceLabel === s.label.name) {
        if (type === "continue" && tg.kind !== "loop") ctx.rep.error("ADC114", s, "continue must target a loop");
        return tg.label;
      }
    } else if (tg.kind === "loop" || (type === "break" && tg.kind === "switch")) {
      return tg.label;
    }
  }
  return ctx.rep.error("ADC114", s, `${type} outside of a loop`);
}

interface LoopParts {
  test: t.Expression;
  body: t.Statement;
  post: boolean;
  update?: Stmt[];
  head?: Stmt[];
  lowered?: boolean;
}

function lowerLoop(ctx: LowerCtx, out: Stmt[], label: string | null, parts: LoopParts): Loop {
  const origin = ctx.origin;
  const target = { label: ctx.namer.fresh(label ?? "loop"), sourceLabel: label, kind: "loop" as const };
  ctx.targets.push(target);
  const testPre: Stmt[] = [];
  let test = parts.lowered ? parts.test : lowerExpr(parts.test, ctx, testPre);
  const body: Stmt[] = [...(parts.head ?? [])];
  ctx.pushScope();
  lowerStmt(parts.body, ctx, body, null);
  ctx.popScope();
  ctx.targets.pop();
  let post = parts.post;
  if (testPre.length) {
    // the test calls a function: evaluate it at the top of each iteration, then break on false
    const exit: Stmt = { kind: "if", test: t.unaryExpression("!", test), cons: [jump("break", target.label, ctx)], alt: [], origin };
    if (parts.post) {
      // do { B } while (c) as: first = true; while (true) { if (!first) { c? else break } first = false; B }
      // so that `continue` in B still reaches the test
      const first = ctx.temp("first", { k: "bool" });
      out.push(ctx.setVar(first, t.booleanLiteral(true)));
      body.unshift({ kind: "if", test: t.unaryExpression("!", t.identifier(first)), cons: [...testPre, exit], alt: [], origin }, ctx.setVar(first, t.booleanLiteral(false)));
      post = false;
    } else {
      body.unshift(...testPre, exit);
    }
    test = t.booleanLiteral(true);
  }
  const loop: Loop = { kind: "loop", label: target.label, test, post, body, update: parts.update ?? [], counter: null, origin };
  out.push(loop);
  return loop;
}

/** `for (let i = a; ...; i += c)` with i never written elsewhere: a counted loop. */
function countedLoop(name: string, init: Stmt[], update: Stmt[], loop: Loop): Loop["counter"] {
  const last = init[init.length - 1];
  if (!last || last.kind !== "assign" || last.target.kind !== "var" || last.target.name !== name) return null;
  if (update.length !== 1) return null;
  const u = update[0];
  if (u.kind !== "assign" || u.target.kind !== "var" || u.target.name !== name) return null;
  let step: number | null = null;
  if ((u.op === "+=" || u.op === "-=") && u.value.type === "NumericLiteral" && Number.isInteger(u.value.value)) step = u.op === "+=" ? u.value.value : -u.value.value;
  if (step === null || step === 0) return null;
  if (writes(loop.body).has(name) || readsOf(loop.test).size === 0) return null;
  // the reverse sweep re-evaluates the initial value: it must not depend on anything the loop writes
  const written = writes(loop.body);
  for (const r of readsOf(last.value)) if (written.has(r)) return null;
  return { name, init: last.value, step };
}

/** Variables assigned anywhere in stmts (element writes count as writes of nothing here). */
export function writes(stmts: Stmt[], out = new Set<string>()): Set<string> {
  for (const s of stmts) {
    if (s.kind === "assign" && s.target.kind === "var") out.add(s.target.name);
    else if (s.kind === "call" && s.target) out.add(s.target);
    else if (s.kind === "if") {
      writes(s.cons, out);
      writes(s.alt, out);
    } else if (s.kind === "loop") {
      writes(s.body, out);
      writes(s.update, out);
    }
  }
  return out;
}
