// Gradient rules as templates. The rules live once, in runtime/primitives.ts, as arrows; here
// their source text is parsed and each partial becomes a template whose parameters (dy, y and the
// arguments) are substituted by expressions, then folded (dy * 1 -> dy, 2 - 1 -> 1) so that the
// inlined code reads like the maths.
import { parseExpression } from "@babel/parser";
import * as t from "@babel/types";
import { math, operators, zeroGrad, type Rule } from "../../../runtime/primitives.js";

interface Template {
  params: string[];
  body: t.Expression;
}

const cache = new Map<Function, Template>();

function template(fn: Function): Template {
  let tpl = cache.get(fn);
  if (!tpl) {
    const e = parseExpression(fn.toString());
    if (e.type !== "ArrowFunctionExpression" || e.body.type === "BlockStatement") throw new Error(`adc: gradient rule is not an expression-bodied arrow: ${fn}`);
    tpl = { params: e.params.map((p) => (p as t.Identifier).name), body: stripLoc(e.body) };
    cache.set(fn, tpl);
  }
  return tpl;
}

function stripLoc<T extends t.Node>(n: T): T {
  return t.cloneNode(n, true, true);
}

export function ruleFor(kind: "op" | "math", name: string): Rule | null {
  return (kind === "op" ? operators[name] : math[name]) ?? null;
}

export function isZeroGrad(name: string): boolean {
  return zeroGrad.has(name);
}

/** Which of (y, args...) the partial for argument i reads. */
export function partialReads(rule: Rule, i: number): { y: boolean; args: boolean[] } {
  const tpl = template(rule.grads[i]);
  const used = new Set<string>();
  collect(tpl.body, used);
  const [, y, ...args] = tpl.params;
  return { y: used.has(y), args: args.map((a) => used.has(a)) };
}

function collect(n: t.Node, out: Set<string>): void {
  if (n.type === "Identifier") out.add(n.name);
  for (const key of t.VISITOR_KEYS[n.type] ?? []) {
    if (n.type === "MemberExpression" && key === "property" && !n.computed) continue;
    const v = (n as any)[key];
    if (Array.isArray(v)) v.forEach((c) => c && collect(c, out));
    else if (v && typeof v === "object") collect(v, out);
  }
}

/** The partial for argument i with dy, y and the arguments replaced by the given expressions. */
export function instantiate(rule: Rule, i: number, dy: t.Expression, y: t.Expression | null, args: t.Expression[]): t.Expression {
  const tpl = template(rule.grads[i]);
  const map = new Map<string, t.Expression>();
  map.set(tpl.params[0], dy);
  if (y) map.set(tpl.params[1], y);
  tpl.params.slice(2).forEach((p, k) => map.set(p, args[k]));
  return fold(subst(tpl.body, map));
}

function subst(n: t.Expression, map: Map<string, t.Expression>): t.Expression {
  const rec = (x: t.Node): t.Node => {
    if (x.type === "Identifier") {
      const r = map.get(x.name);
      return r ? t.cloneNode(r, true) : t.cloneNode(x);
    }
    const copy: any = { ...x };
    for (const key of t.VISITOR_KEYS[x.type] ?? []) {
      if (x.type === "MemberExpression" && key === "property" && !x.computed) continue;
      const v = (x as any)[key];
      if (Array.isArray(v)) copy[key] = v.map((c) => (c ? rec(c) : c));
      else if (v && typeof v === "object") copy[key] = rec(v);
    }
    return copy;
  };
  return rec(n) as t.Expression;
}

const num = (e: t.Node): number | null => {
  if (e.type === "NumericLiteral") return e.value;
  if (e.type === "UnaryExpression" && e.operator === "-" && e.argument.type === "NumericLiteral") return -e.argument.value;
  return null;
};
const lit = (v: number): t.Expression => (v < 0 || Object.is(v, -0) ? t.unaryExpression("-", t.numericLiteral(-v)) : t.numericLiteral(v));

/** Constant folding and the identities that keep inlined rules short. Never changes a value. */
export function fold(e: t.Expression): t.Expression {
  switch (e.type) {
    case "BinaryExpression": {
      const l = fold(e.left as t.Expression);
      const r = fold(e.right);
      const a = num(l);
      const b = num(r);
      const op = e.operator;
      if (a !== null && b !== null) {
        const v = evalBinary(op, a, b);
        if (typeof v === "number" && Number.isFinite(v) && Number.isInteger(v)) return lit(v);
        if (typeof v === "boolean") return t.booleanLiteral(v);
      }
      if (op === "*" && b === 1) return l;
      if (op === "*" && a === 1) return r;
      if (op === "*" && b === -1) return fold(t.unaryExpression("-", l));
      if (op === "*" && a === -1) return fold(t.unaryExpression("-", r));
      if (op === "/" && b === 1) return l;
      if (op === "**" && b === 1) return l;
      if (op === "**" && b === 2 && (l.type === "Identifier")) return t.binaryExpression("*", l, t.cloneNode(l));
      if ((op === "+" || op === "-") && b === 0) return l;
      if (op === "+" && a === 0) return r;
      return t.binaryExpression(op, l, r);
    }
    case "UnaryExpression": {
      const x = fold(e.argument);
      if (e.operator === "-" && x.type === "UnaryExpression" && x.operator === "-") return x.argument;
      if (e.operator === "-" && x.type === "NumericLiteral") return lit(-x.value);
      return t.unaryExpression(e.operator, x);
    }
    case "ConditionalExpression": {
      const test = fold(e.test);
      if (test.type === "BooleanLiteral") return fold(test.value ? e.consequent : e.alternate);
      return t.conditionalExpression(test, fold(e.consequent), fold(e.alternate));
    }
    case "CallExpression":
      return t.callExpression(e.callee, e.arguments.map((a) => fold(a as t.Expression)));
    default:
      return e;
  }
}

function evalBinary(op: string, a: number, b: number): number | boolean | null {
  switch (op) {
    case "+": return a + b;
    case "-": return a - b;
    case "*": return a * b;
    case "**": return a ** b;
    case "===": case "==": return a === b;
    case "!==": case "!=": return a !== b;
    case "<": return a < b;
    case ">": return a > b;
    case "<=": return a <= b;
    case ">=": return a >= b;
  }
  return null;
}
