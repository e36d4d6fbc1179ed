// Fence: rejects, before any transformation, the syntax adc does not differentiate, pointing at the
// construct with a stable error code. What passes the fence is either supported or rejected later
// with a more specific message (unknown callees, unsupported array methods) by transform/lower.
import * as t from "@babel/types";
import type { Reporter } from "../errors.js";
import { paramsOf, type FunctionNode } from "./module.js";

/** Allowed non-computed property reads: array length, Math constants and functions, console. */
const NAMESPACES = new Set(["Math", "console", "Number", "Float64Array", "Float32Array", "Array", "Int32Array"]);

export function fence(fn: FunctionNode, rep: Reporter): void {
  if (fn.generator) rep.error("ADC102", fn, "generator functions cannot be differentiated");
  if (fn.async) rep.error("ADC103", fn, "async functions cannot be differentiated");
  const locals = declaredNames(fn);
  for (const p of paramsOf(fn)) {
    if (p.type === "Identifier") continue;
    if (p.type === "ObjectPattern") rep.error("ADC110", p, "destructured object parameters are not supported yet");
    if (p.type === "AssignmentPattern" && p.left.type === "Identifier") {
      walk(p.right, p, rep, locals); // a default value is code like any other
      continue;
    }
    if (p.type === "AssignmentPattern") rep.error("ADC110", p, "destructured parameters are not supported yet");
    if (p.type === "RestElement") rep.error("ADC114", p, "rest parameters are not supported in differentiated functions");
    rep.error("ADC114", p, "this kind of parameter is not supported in differentiated functions");
  }
  walk(fn.body, null, rep, locals);
}

/** Names the function declares (parameters, variables, functions): other names are module-level or global. */
function declaredNames(fn: FunctionNode): Set<string> {
  const out = new Set<string>();
  const bind = (p: t.Node | null | undefined): void => {
    if (!p) return;
    if (p.type === "Identifier") out.add(p.name);
    else if (p.type === "AssignmentPattern") bind(p.left);
    else if (p.type === "RestElement") bind(p.argument);
    else if (p.type === "ArrayPattern") p.elements.forEach(bind);
    else if (p.type === "ObjectPattern") p.properties.forEach((q) => bind(q.type === "RestElement" ? q : (q.value as t.Node)));
  };
  fn.params.forEach(bind);
  const scan = (n: t.Node): void => {
    if (n.type === "VariableDeclarator") bind(n.id);
    if ((n.type === "FunctionDeclaration" || n.type === "FunctionExpression" || n.type === "ArrowFunctionExpression") && n !== fn) {
      if (n.type === "FunctionDeclaration" && n.id) out.add(n.id.name);
      n.params.forEach(bind);
    }
    if (n.type === "CatchClause") bind(n.param);
    for (const key of t.VISITOR_KEYS[n.type] ?? []) {
      const v = (n as any)[key];
      if (Array.isArray(v)) v.forEach((c) => c && typeof c.type === "string" && scan(c));
      else if (v && typeof v.type === "string") scan(v);
    }
  };
  scan(fn.body);
  return out;
}

/** The name a chain of property reads starts from (CONFIG in CONFIG.opt.lr), if any. */
function rootName(e: t.Node): string | null {
  while (e.type === "MemberExpression" || e.type === "OptionalMemberExpression") e = e.object;
  return e.type === "Identifier" ? e.name : null;
}

function walk(node: t.Node, parent: t.Node | null, rep: Reporter, locals: Set<string>): void {
  check(node, parent, rep, locals);
  for (const key of t.VISITOR_KEYS[node.type] ?? []) {
    if (key === "typeAnnotation" || key === "returnType" || key === "typeParameters" || key === "typeArguments") continue;
    const v = (node as any)[key] as unknown;
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c === "object" && typeof (c as t.Node).type === "string") walk(c as t.Node, node, rep, locals);
    } else if (v && typeof v === "object" && typeof (v as t.Node).type === "string") {
      walk(v as t.Node, node, rep, locals);
    }
  }
}

function check(node: t.Node, parent: t.Node | null, rep: Reporter, locals: Set<string>): void {
  switch (node.type) {
    case "TryStatement":
      return rep.error("ADC101", node, "try/catch/finally cannot be differentiated");
    case "YieldExpression":
      return rep.error("ADC102", node, "yield (generators) cannot be differentiated");
    case "AwaitExpression":
      return rep.error("ADC103", node, "await cannot be differentiated");
    case "WithStatement":
      return rep.error("ADC105", node, "with cannot be differentiated");
    case "CallExpression":
      if (node.callee.type === "Identifier" && node.callee.name === "eval") rep.error("ADC104", node, "eval cannot be differentiated");
      // spread arguments: lowered (transform/lower/spread.ts) or rejected there
      return;
    case "NewExpression":
      if (node.callee.type === "Identifier" && node.callee.name === "Function") rep.error("ADC104", node, "new Function (eval) cannot be differentiated");
      if (node.callee.type === "Identifier" && node.callee.name === "Array" && node.arguments.length !== 1) {
        rep.error("ADC122", node, "new Array(a, b, ...) is not supported; use an array literal [a, b, ...]");
      }
      return;
    case "ObjectExpression":
      // Array.from({ length: n }, fn): lowered as a loop (transform/lower/callbacks.ts)
      if (parent?.type === "CallExpression" && parent.arguments[0] === node && parent.arguments.length > 1 && parent.callee.type === "MemberExpression" && !parent.callee.computed && (parent.callee.property as t.Identifier).name === "from") return;
      return rep.error("ADC110", node, "an object literal here (not assigned to a variable, e.g. an accumulator of reduce or an argument) cannot be flattened at compile time; assign it to a const first");
    case "ObjectPattern":
      return rep.error("ADC110", node, "object destructuring in this position (an assignment, not a declaration) is not supported; use const { … } = …");
    case "OptionalMemberExpression":
    case "OptionalCallExpression":
      return rep.error("ADC110", node, "optional chaining on a value that is not an object adc flattens (an array or a call result) is not supported");
    case "MemberExpression": {
      if (node.computed) return;
      const prop = node.property.type === "Identifier" ? node.property.name : "";
      if (prop === "length") return;
      if (node.object.type === "Identifier" && NAMESPACES.has(node.object.name)) return;
      const isCall = parent?.type === "CallExpression" && parent.callee === node;
      if (isCall) return; // array methods and callbacks: checked by lowering (push, fill, slice, map, ...)
      // a field of a module-level (or global) value, such as CONFIG.lr: data read as it is, not differentiated
      const root = rootName(node);
      if (root && !locals.has(root) && !(parent?.type === "AssignmentExpression" && parent.left === node) && parent?.type !== "UpdateExpression") return;
      return rep.error("ADC110", node, `property .${prop} of a value adc cannot flatten at compile time: objects must be parameters, local object literals, parts of them, or module-level values (read as data)`);
    }
    case "FunctionDeclaration":
    case "FunctionExpression":
    case "ArrowFunctionExpression":
      // local functions, callbacks, IIFEs: inlined by lowering (transform/lower/closures.ts), which
      // rejects those that escape; their bodies are fenced like any code
      return;
    case "ClassDeclaration":
    case "ClassExpression":
      return rep.error("ADC112", node, "a class declared inside a differentiated function is not supported; declare it at module level");
    case "Identifier":
      if (node.name === "arguments" && !(parent?.type === "MemberExpression" && parent.property === node && !parent.computed)) {
        return rep.error("ADC114", node, "arguments is not supported in differentiated code; name the parameters");
      }
      return;
    case "ThisExpression":
    case "Super":
      return rep.error("ADC112", node, "this/super outside a method adc flattens (a method of a module-level class called on an object it can see) is not supported");
    case "SpreadElement":
      return; // array and call spreads: transform/lower/spread.ts (object literals are rejected above)
    case "ForInStatement":
      return rep.error("ADC114", node, "for...in is not supported in differentiated code; loop over indices");
    case "TaggedTemplateExpression":
      return rep.error("ADC114", node, "tagged templates are not supported in differentiated code");
    case "UnaryExpression":
      if (node.operator === "delete") rep.error("ADC114", node, "delete is not supported in differentiated code");
      return;
    case "MetaProperty":
      return rep.error("ADC114", node, "new.target / import.meta are not supported in differentiated code");
    case "TSEnumDeclaration":
    case "TSModuleDeclaration":
      return rep.error("ADC114", node, "enums and namespaces are not supported in differentiated code");
    case "ImportExpression":
      return rep.error("ADC114", node, "dynamic import is not supported in differentiated code");
    case "RegExpLiteral":
    case "BigIntLiteral":
      return rep.error("ADC114", node, "this literal cannot appear in differentiated code");
  }
}
