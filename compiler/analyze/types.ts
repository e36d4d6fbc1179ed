// Kind inference: which locals hold floats (differentiable), integers (indices, counters:
// never differentiated, and restored by inverting ++/+= k instead of recording), booleans or
// arrays (with their nesting depth). TS annotations are taken as given; the rest is a
// flow-insensitive fixpoint over every assignment, falling back on usage (indexed -> array).
import * as t from "@babel/types";
import type { FnIR, Kind, Stmt } from "../ir.js";
import { forEachExpr, visit, walk } from "../ir-walk.js";
import type { Lowered } from "../transform/lower/index.js";
import { unwrapTS, type ModuleInfo } from "./module.js";

const NUM: Kind = { k: "num" };
const INT: Kind = { k: "int" };
const BOOL: Kind = { k: "bool" };
const OTHER: Kind = { k: "other" };
const INT_MATH = new Set(["floor", "ceil", "round", "trunc", "sign", "clz32", "imul"]);

export interface KindEnv {
  module: ModuleInfo;
  /** Return kind of a module function (may be OTHER while unknown, during recursion). */
  returnKind(name: string): Kind;
  /** Kind of a module function's parameter, or null while unknown (recursion). */
  paramKind?(name: string, index: number): Kind | null;
  locals: FnIR["locals"];
}

export function join(a: Kind, b: Kind): Kind {
  if (a.k === "other") return b;
  if (b.k === "other") return a;
  if (a.k === "arr" && b.k === "arr") return { k: "arr", depth: Math.max(a.depth, b.depth), elem: a.elem === b.elem ? a.elem : "plain" };
  if (a.k === "arr") return a;
  if (b.k === "arr") return b;
  if (a.k === "num" || b.k === "num") return NUM;
  if (a.k === "int" || b.k === "int") return INT;
  return BOOL;
}

export function sameKind(a: Kind, b: Kind): boolean {
  return a.k === b.k && (a.k !== "arr" || (b.k === "arr" && a.depth === b.depth && a.elem === b.elem));
}

export function fromAnnotation(tt: t.TSType | null | undefined): Kind | null {
  if (!tt) return null;
  switch (tt.type) {
    case "TSNumberKeyword":
      return NUM;
    case "TSBooleanKeyword":
      return BOOL;
    case "TSStringKeyword":
    case "TSFunctionType":
      return OTHER; // never differentiated
    case "TSLiteralType":
      return tt.literal.type === "NumericLiteral" ? NUM : tt.literal.type === "BooleanLiteral" ? BOOL : OTHER;
    case "TSArrayType": {
      const inner = fromAnnotation(tt.elementType);
      if (inner?.k === "arr") return { k: "arr", depth: inner.depth + 1, elem: inner.elem };
      return { k: "arr", depth: 1, elem: inner?.k === "int" ? "int" : "plain" };
    }
    case "TSTupleType":
      return { k: "arr", depth: 1, elem: "plain" };
    case "TSTypeOperator":
      return fromAnnotation(tt.typeAnnotation);
    case "TSParenthesizedType" as string:
      return fromAnnotation((tt as any).typeAnnotation);
    case "TSUnionType": {
      const ks = tt.types.filter((x) => x.type !== "TSUndefinedKeyword" && x.type !== "TSNullKeyword").map(fromAnnotation);
      return ks.length === 1 ? ks[0] : null;
    }
    case "TSTypeReference": {
      const name = tt.typeName.type === "Identifier" ? tt.typeName.name : "";
      if (name === "Float64Array") return { k: "arr", depth: 1, elem: "f64" };
      if (name === "Float32Array") return { k: "arr", depth: 1, elem: "f32" };
      if (/^(U?Int(8|16|32)|Uint8Clamped)Array$/.test(name)) return { k: "arr", depth: 1, elem: "int" };
      if ((name === "Array" || name === "ReadonlyArray") && tt.typeParameters?.params.length === 1) {
        return fromAnnotation(t.tsArrayType(tt.typeParameters.params[0]));
      }
      return null;
    }
  }
  return null;
}

export function kindOf(e: t.Expression, env: KindEnv): Kind {
  switch (e.type) {
    case "NumericLiteral":
      return Number.isInteger(e.value) ? INT : NUM;
    case "BooleanLiteral":
      return BOOL;
    case "Identifier": {
      const l = env.locals.get(e.name);
      if (l) return l.kind;
      if (e.name === "NaN" || e.name === "Infinity") return NUM;
      if (env.module.constants.has(e.name)) {
        const init = env.module.constants.get(e.name);
        return init ? kindOf(unwrapTS(init), { ...env, locals: new Map() }) : OTHER;
      }
      return OTHER;
    }
    case "UnaryExpression":
      if (e.operator === "!") return BOOL;
      if (e.operator === "~") return INT;
      if (e.operator === "-" || e.operator === "+") {
        const k = kindOf(e.argument, env);
        return k.k === "bool" ? INT : k.k === "arr" || k.k === "other" ? (k.k === "other" ? OTHER : NUM) : k;
      }
      return OTHER;
    case "BinaryExpression": {
      const op = e.operator;
      if (["==", "!=", "===", "!==", "<", "<=", ">", ">=", "in", "instanceof"].includes(op)) return BOOL;
      if (["|", "&", "^", "<<", ">>", ">>>"].includes(op)) return INT;
      const l = kindOf(e.left as t.Expression, env);
      const r = kindOf(e.right, env);
      if (op === "/" || op === "**") return NUM;
      if (l.k === "other" && r.k === "other") return OTHER;
      const intish = (k: Kind) => k.k === "int" || k.k === "bool";
      if ((op === "+" || op === "-" || op === "*" || op === "%") && intish(l) && intish(r)) return INT;
      return NUM;
    }
    case "LogicalExpression":
      return join(kindOf(e.left, env), kindOf(e.right, env));
    case "ConditionalExpression":
      return join(kindOf(e.consequent, env), kindOf(e.alternate, env));
    case "MemberExpression": {
      if (!e.computed) {
        const prop = (e.property as t.Identifier).name;
        if (prop === "length") return INT;
        if (e.object.type === "Identifier" && e.object.name === "Math") return NUM;
        if (e.object.type === "Identifier" && e.object.name === "Number") return NUM;
        return OTHER;
      }
      const o = kindOf(e.object as t.Expression, env);
      if (o.k !== "arr") return OTHER;
      if (o.depth > 1) return { k: "arr", depth: o.depth - 1, elem: o.elem };
      return o.elem === "int" ? INT : NUM;
    }
    case "CallExpression": {
      const c = e.callee;
      if (c.type === "MemberExpression" && c.object.type === "Identifier" && c.property.type === "Identifier") {
        const ns = c.object.name;
        const m = c.property.name;
        if (ns === "Math") return INT_MATH.has(m) ? INT : NUM;
        if (ns === "Number" || ns === "Array") return m === "from" ? { k: "arr", depth: 1, elem: "plain" } : BOOL;
        if (ns === "Float64Array") return { k: "arr", depth: 1, elem: "f64" };
        if (ns === "Float32Array") return { k: "arr", depth: 1, elem: "f32" };
      }
      if (c.type === "MemberExpression" && c.property.type === "Identifier") {
        if (c.property.name === "slice" || c.property.name === "fill") {
          const base = kindOf(c.object as t.Expression, env);
          if (c.property.name === "fill" && base.k === "arr" && e.arguments[0]) {
            const v = kindOf(e.arguments[0] as t.Expression, env);
            if (v.k === "arr") return { k: "arr", depth: v.depth + 1, elem: v.elem };
          }
          return base;
        }
      }
      if (c.type === "Identifier" && (c.name === "isNaN" || c.name === "isFinite" || c.name === "Boolean")) return BOOL;
      if (c.type === "Identifier" && c.name === "Number") return NUM;
      return OTHER;
    }
    case "NewExpression": {
      if (e.callee.type === "MemberExpression") {
        // new a.constructor(n) (map, filter): an array of a's type; a plain one holds what is written into it
        const o = kindOf(e.callee.object as t.Expression, env);
        return o.k === "arr" && o.depth === 1 && o.elem !== "plain" ? o : { k: "arr", depth: 1, elem: "plain" };
      }
      const n = (e.callee as t.Identifier).name;
      if (n === "Error" || n === "TypeError" || n === "RangeError") return OTHER;
      if (n === "Float64Array") return { k: "arr", depth: 1, elem: "f64" };
      if (n === "Float32Array") return { k: "arr", depth: 1, elem: "f32" };
      if (n === "Array") return { k: "arr", depth: 1, elem: "plain" };
      return { k: "arr", depth: 1, elem: "int" };
    }
    case "ArrayExpression": {
      let inner: Kind = OTHER;
      for (const x of e.elements) inner = join(inner, kindOf(x as t.Expression, env));
      if (inner.k === "arr") return { k: "arr", depth: inner.depth + 1, elem: inner.elem };
      return { k: "arr", depth: 1, elem: "plain" };
    }
    case "TemplateLiteral":
    case "StringLiteral":
      return OTHER;
  }
  return OTHER;
}

/** Infer the kinds of all locals of a lowered function, in place; returns the return kind. */
export function inferKinds(low: Lowered, env: Omit<KindEnv, "locals">): Kind {
  const fn = low.fn;
  const full: KindEnv = { ...env, locals: fn.locals };
  const fixed = new Set<string>();
  for (const [name, local] of fn.locals) {
    const ann = low.annotations.get(name);
    const k = fromAnnotation(ann) ?? low.declared.get(name) ?? null;
    if (k) {
      local.kind = k;
      if (ann) fixed.add(name);
    }
  }
  // Unannotated parameters (plain JavaScript) get their kind from use: indexed, iterated, copied,
  // aliased by an array local or passed where a helper takes an array, they are arrays; else numbers.
  const untyped = fn.params.filter((p) => !fixed.has(p));
  const indexed = new Map([...fn.locals.keys()].filter((n) => !fixed.has(n)).map((n) => [n, indexDepth(fn.body, n)]));
  // two rounds: the second starts from untyped parameters settled as numbers when nothing made them
  // arrays (x * x with x unknown is unknown until x is known to be a number)
  for (let round = 0; round < 2; round++) {
  for (let iter = 0; iter < 20; iter++) {
    let changed = false;
    const update = (name: string, k: Kind) => {
      if (fixed.has(name)) return;
      const l = fn.locals.get(name);
      if (!l) return;
      // a parameter holds whatever the caller passes: an integer default (x = 1) does not make it an integer
      if (l.param >= 0 && (k.k === "int" || k.k === "bool")) k = NUM;
      const j = join(l.kind, k);
      if (!sameKind(j, l.kind)) {
        l.kind = j;
        changed = true;
      }
    };
    visit(fn.body, (s) => {
      if (s.kind === "assign") {
        const v = s.op === "=" ? kindOf(s.value, full) : s.op === "/=" || s.op === "**=" ? NUM : kindOf(t.binaryExpression(s.op.slice(0, -1) as "+", targetRead(s.target), s.value), full);
        if (s.target.kind === "var") update(s.target.name, v);
        else if (v.k === "arr") updateRoot(s.target.object, v, 1);
      } else if (s.kind === "call" && s.target) {
        // a call through the tape: as annotated (else a number, checked at run time); zerosLike(a) in sweep code: a's kind
        const k = s.op?.op === "zeros" || s.op?.op === "alloc" ? kindOf(s.args[0], full) : s.op?.op === "arrpop" ? elementOf(kindOf(s.args[0], full)) : s.via ? s.ret : env.returnKind(s.callee);
        if (k) update(s.target, k);
      } else if (s.kind === "push") {
        const v = kindOf(s.value, full);
        updateRoot(s.array, v.k === "arr" ? v : { k: "arr", depth: 0, elem: "plain" }, 1);
      }
    });
    // evidence from use, for what no annotation or assignment fixed: indexing, aliases, helper parameters
    for (const [name, depth] of indexed) if (depth > 0) update(name, { k: "arr", depth, elem: "plain" });
    visit(fn.body, (s) => {
      if (s.kind === "assign" && s.target.kind === "var") {
        const tk = fn.locals.get(s.target.name)?.kind;
        const src = aliasSource(s.value);
        if (tk?.k === "arr" && src) updateRoot(src, tk, 0);
        // sweep code differentiated again: a number popped from $refs (a nullable value) is what it restores
        if (tk?.k === "num" && env.module.runtimeStores && s.value.type === "Identifier" && fn.locals.get(s.value.name)?.kind.k === "other") update(s.value.name, NUM);
      }
      // ... and a row popped from $refs into a matrix is a row of it
      if (s.kind === "assign" && s.target.kind === "elem" && env.module.runtimeStores && s.value.type === "Identifier" && fn.locals.get(s.value.name)?.kind.k === "other") {
        const ek = kindOf(targetRead(s.target), full);
        if (ek.k === "arr" || ek.k === "num") update(s.value.name, ek);
      }
      if (s.kind === "call" && env.paramKind && (!s.via || s.paramsOf)) {
        s.args.forEach((a, i) => {
          const pk = env.paramKind!(s.paramsOf ?? s.callee, i);
          if (pk?.k === "arr") updateRoot(a, { ...pk, depth: pk.depth - 1 }, 1);
        });
      }
    });
    function updateRoot(obj: t.Expression, v: Kind & { k: "arr" }, extra: number) {
      let depth = extra;
      while (obj.type === "MemberExpression" && obj.computed) {
        obj = obj.object as t.Expression;
        depth++;
      }
      if (obj.type === "Identifier") update(obj.name, { k: "arr", depth: v.depth + depth, elem: v.depth === 0 ? "plain" : v.elem });
    }
    if (!changed) break;
  }
  for (const p of untyped) if (fn.locals.get(p)!.kind.k === "other") fn.locals.get(p)!.kind = NUM;
  }
  markNullable(fn);
  // counted loops need an integer counter
  visit(fn.body, (s) => {
    if (s.kind === "loop" && s.counter && fn.locals.get(s.counter.name)?.kind.k !== "int") s.counter = null;
  });
  const rk = fromAnnotation(low.returnAnnotation);
  fn.retKind = rk ?? fn.locals.get(fn.ret)!.kind;
  return fn.retKind;
}

/** The array an array-valued expression copies or aliases: u, u[i], u.slice(), Float64Array.from(u). */
function aliasSource(e: t.Expression): t.Expression | null {
  if (e.type === "Identifier" || (e.type === "MemberExpression" && e.computed)) return e;
  if (e.type === "CallExpression" && e.callee.type === "MemberExpression") {
    const m = (e.callee.property as t.Identifier).name;
    if (m === "slice") return e.callee.object as t.Expression;
    if (m === "from" && e.arguments[0]) return e.arguments[0] as t.Expression;
  }
  return null;
}

function targetRead(tg: Stmt & { kind: "assign" } extends { target: infer T } ? T : never): t.Expression {
  return tg.kind === "var" ? t.identifier(tg.name) : t.memberExpression(tg.object, tg.index, true);
}

/** Numbers that may be null or undefined: assigned a nullish value, or tested with ?? / == null. */
function markNullable(fn: FnIR): void {
  const nullish = (e: t.Node): boolean =>
    (e.type === "Identifier" && e.name === "undefined") ||
    e.type === "NullLiteral" ||
    (e.type === "UnaryExpression" && e.operator === "void") ||
    (e.type === "ConditionalExpression" && (nullish(e.consequent) || nullish(e.alternate))) ||
    (e.type === "LogicalExpression" && (nullish(e.left) || nullish(e.right)));
  const tested = (e: t.Node): void => {
    if (e.type === "LogicalExpression" && e.operator === "??" && e.left.type === "Identifier") mark(e.left.name);
    if (e.type === "BinaryExpression" && ["==", "!=", "===", "!=="].includes(e.operator)) {
      if (nullish(e.right) && e.left.type === "Identifier") mark(e.left.name);
      if (nullish(e.left) && e.right.type === "Identifier") mark(e.right.name);
    }
    for (const key of t.VISITOR_KEYS[e.type] ?? []) {
      const v = (e as any)[key];
      if (Array.isArray(v)) v.forEach((c) => c && tested(c));
      else if (v && typeof v === "object") tested(v);
    }
  };
  const mark = (name: string) => {
    const l = fn.locals.get(name);
    if (l) l.nullable = true;
  };
  visit(fn.body, (s) => {
    if (s.kind === "assign") {
      if (s.target.kind === "var" && nullish(s.value)) mark(s.target.name);
      tested(s.value);
    } else if (s.kind === "if" || s.kind === "loop") tested(s.test);
    else if (s.kind === "call") s.args.forEach(tested);
  });
}

/** How deep a parameter is indexed anywhere in the body (0: never, so a number). */
function indexDepth(body: Stmt[], name: string): number {
  let max = 0;
  forEachExpr(body, (e) =>
    walk(e, (n) => {
      if (n.type !== "MemberExpression") return;
      let d = 0;
      let o: t.Node = n;
      while (o.type === "MemberExpression" && (o.computed || (o.property as t.Identifier).name === "length")) {
        if (o.computed) d++;
        o = o.object;
      }
      if (o.type === "Identifier" && o.name === name) max = Math.max(max, d || 1);
    }),
  );
  return max;
}

/** The kind of an element of an array of kind k (a.pop() in sweep code differentiated again), or null. */
function elementOf(k: Kind): Kind | null {
  if (k.k !== "arr") return null;
  return k.depth > 1 ? { ...k, depth: k.depth - 1 } : k.elem === "int" ? { k: "int" } : NUM;
}
