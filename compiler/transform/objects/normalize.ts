// Before objects are analysed, syntax that only names parts of a value is made explicit:
//   ({ w, b }, x) => …         becomes  (arg0, x) => { const { w, b } = arg0; … }
//   const { w, b: c = 1 } = p  becomes  const w = p.w, c = p.b === undefined ? 1 : p.b
//   const [a, b] = t           becomes  const a = t[0], b = t[1]
//   for (const { x } of pts)    becomes  for (const item of pts) { const { x } = item; … }
//   (({ x, w }, i) => x * w)    becomes  ((arg0, i) => { const { x, w } = arg0; return x * w; })
//                               in inner functions and callbacks too (pts.map(({ x, w }) => …))
//   this (in a method)         becomes  the method's first parameter, self
// A destructured value that is not a name or a property chain is first bound to a temporary.
import * as t from "@babel/types";
import type { Reporter } from "../../errors.js";
import type { Namer } from "../../names.js";

export function normalizeParams(fn: t.FunctionDeclaration, namer: Namer): void {
  const prologue: t.Statement[] = [];
  fn.params = fn.params.map((p, i) => {
    if (p.type === "ObjectPattern" || p.type === "ArrayPattern") {
      const id = t.identifier(namer.fresh(`arg${i}`));
      id.loc = p.loc;
      if (p.typeAnnotation) id.typeAnnotation = p.typeAnnotation;
      const pat = t.cloneNode(p, true);
      pat.typeAnnotation = null;
      prologue.push(t.variableDeclaration("const", [t.variableDeclarator(pat, t.identifier(id.name))]));
      return id;
    }
    return p;
  });
  if (prologue.length) fn.body.body.unshift(...prologue);
}

/**
 * Pattern parameters of functions inside `body` (callbacks, local closures, IIFEs) become names
 * destructured at the start of their body, so that objects passed to them are seen field by field
 * like any object variable. Left as they are when a later parameter has a default value (it could
 * read the names the pattern binds).
 */
export function normalizeInnerParams(body: t.BlockStatement, namer: Namer): void {
  const visit = (n: t.Node): void => {
    if ((n.type === "ArrowFunctionExpression" || n.type === "FunctionExpression" || n.type === "FunctionDeclaration") && n.params.some(isPattern)) {
      const last = n.params.reduce((k, p, i) => (isPattern(p) ? i : k), -1);
      if (!n.params.slice(last + 1).some((p) => p.type === "AssignmentPattern")) {
        const prologue: t.Statement[] = [];
        n.params = n.params.map((p, i) => {
          if (!isPattern(p)) return p;
          const pat = (p.type === "AssignmentPattern" ? p.left : p) as t.ObjectPattern | t.ArrayPattern;
          const id = t.identifier(namer.fresh(`arg${i}`));
          id.loc = p.loc;
          if (pat.typeAnnotation) id.typeAnnotation = pat.typeAnnotation;
          const copy = t.cloneNode(pat, true);
          copy.typeAnnotation = null;
          // a default for the whole pattern applies when the argument is undefined
          const init = p.type === "AssignmentPattern" ? t.conditionalExpression(t.binaryExpression("===", t.identifier(id.name), t.identifier("undefined")), p.right, t.identifier(id.name)) : t.identifier(id.name);
          prologue.push(t.variableDeclaration("const", [t.variableDeclarator(copy, init)]));
          return id;
        });
        if (n.body.type !== "BlockStatement") {
          const ret = t.returnStatement(n.body);
          ret.loc = n.body.loc;
          n.body = t.blockStatement([ret]);
        }
        n.body.body.unshift(...prologue);
      }
    }
    for (const key of t.VISITOR_KEYS[n.type] ?? []) {
      const v = (n as any)[key];
      if (Array.isArray(v)) v.forEach((c) => c && typeof c.type === "string" && visit(c));
      else if (v && typeof v.type === "string") visit(v);
    }
  };
  visit(body);
}

const isPattern = (p: t.Node): boolean => p.type === "ObjectPattern" || p.type === "ArrayPattern" || (p.type === "AssignmentPattern" && (p.left.type === "ObjectPattern" || p.left.type === "ArrayPattern"));

/** Expand destructuring declarations, anywhere in the body, into one declarator per name. */
export function expandPatterns(body: t.BlockStatement, namer: Namer, rep: Reporter): boolean {
  let any = false;
  const visit = (n: t.Node): void => {
    // for (const { x, w } of pts) body  ->  for (const tmp of pts) { const { x, w } = tmp; body }
    if (n.type === "ForOfStatement" && n.left.type === "VariableDeclaration" && n.left.declarations[0].id.type !== "Identifier") {
      const d = n.left.declarations[0];
      const tmp = namer.fresh("item");
      n.body = t.blockStatement([t.variableDeclaration(n.left.kind, [t.variableDeclarator(d.id, t.identifier(tmp))]), n.body]);
      d.id = t.identifier(tmp);
    }
    if (n.type === "VariableDeclaration") {
      const out: t.VariableDeclarator[] = [];
      for (const d of n.declarations) {
        if (d.id.type === "Identifier" || !d.init) {
          out.push(d);
          continue;
        }
        any = true;
        let src = d.init;
        if (!isChain(src)) {
          const tmp = namer.fresh("destructured");
          out.push(t.variableDeclarator(t.identifier(tmp), src));
          src = t.identifier(tmp);
        }
        expand(d.id as t.LVal, src, out, namer, rep);
      }
      n.declarations = out;
    }
    for (const key of t.VISITOR_KEYS[n.type] ?? []) {
      const v = (n as any)[key];
      if (Array.isArray(v)) v.forEach((c) => c && typeof c.type === "string" && visit(c));
      else if (v && typeof v.type === "string") visit(v);
    }
  };
  visit(body);
  return any;
}

function expand(pat: t.LVal, src: t.Expression, out: t.VariableDeclarator[], namer: Namer, rep: Reporter): void {
  if (pat.type === "Identifier") {
    out.push(t.variableDeclarator(t.identifier(pat.name), src));
    return;
  }
  if (pat.type === "AssignmentPattern") {
    // a default applies when the value is undefined
    const value = t.conditionalExpression(t.binaryExpression("===", t.cloneNode(src, true), t.identifier("undefined")), pat.right, t.cloneNode(src, true));
    return expand(pat.left, value, out, namer, rep);
  }
  if (pat.type === "ObjectPattern") {
    for (const p of pat.properties) {
      if (p.type === "RestElement") rep.error("ADC180", p, "rest in object destructuring ({ a, ...rest }) is not supported; name the fields");
      const key = p.key.type === "Identifier" && !p.computed ? p.key.name : p.key.type === "StringLiteral" ? p.key.value : null;
      if (key === null) rep.error("ADC181", p.key, "computed keys in destructuring are not supported");
      expand(p.value as t.LVal, t.memberExpression(t.cloneNode(src, true), t.identifier(key), false), out, namer, rep);
    }
    return;
  }
  if (pat.type === "ArrayPattern") {
    pat.elements.forEach((e, i) => {
      if (!e) return;
      if (e.type === "RestElement") rep.error("ADC180", e, "rest in array destructuring ([a, ...rest]) is not supported; use slice");
      expand(e as t.LVal, t.memberExpression(t.cloneNode(src, true), t.numericLiteral(i), true), out, namer, rep);
    });
    return;
  }
  rep.error("ADC180", pat, "this destructuring pattern is not supported");
}

/** A name or a chain of property reads (p.a[0].b): safe to repeat. */
export function isChain(e: t.Node): boolean {
  while (e.type === "MemberExpression" || e.type === "TSNonNullExpression") {
    if (e.type === "TSNonNullExpression") {
      e = e.expression;
      continue;
    }
    if (e.computed && !t.isLiteral(e.property) && e.property.type !== "Identifier") return false;
    e = e.object;
  }
  return e.type === "Identifier" || e.type === "ThisExpression";
}

/** this -> self, except inside nested non-arrow functions (which have their own this). */
export function replaceThis(n: t.Node, self: string): void {
  for (const key of t.VISITOR_KEYS[n.type] ?? []) {
    const v = (n as any)[key];
    const fix = (c: any, set: (x: t.Node) => void) => {
      if (!c || typeof c.type !== "string") return;
      if (c.type === "ThisExpression") {
        const id = t.identifier(self);
        id.loc = c.loc;
        set(id);
        return;
      }
      if (c.type === "FunctionExpression" || c.type === "FunctionDeclaration" || c.type === "ClassMethod") return;
      replaceThis(c, self);
    };
    if (Array.isArray(v)) v.forEach((c, i) => fix(c, (x) => (v[i] = x)));
    else fix(v, (x) => ((n as any)[key] = x));
  }
}
