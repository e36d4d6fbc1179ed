// Module analysis: finds the module-level functions a gradient can reach, the module-level
// constants they may read, and the grad/valueAndGrad bindings imported from "adc".
import type * as t from "@babel/types";

export type FunctionNode = t.FunctionDeclaration | t.ArrowFunctionExpression | t.FunctionExpression;

export type Transform = "grad" | "valueAndGrad" | "jvp" | "hvp" | "hessian" | "vjp" | "jacobian";

export interface ModuleInfo {
  /** Module-level functions and const arrows, by name. */
  functions: Map<string, FunctionNode>;
  /** Module-level variables (not functions): name -> initializer, if any. */
  constants: Map<string, t.Expression | null>;
  /** Every identifier name in the file: module-level generated names avoid all of them. */
  names: Set<string>;
  /** Names bound at module level (functions, variables, imports, classes): locals hoisted to function scope avoid them. */
  bindings: Set<string>;
  /** Local names of the transforms imported from "adc". */
  transforms: Map<string, Transform>;
  /** Functions declared at top level with primitive(h, ...rules) or zerograd(h): calls use the rule (transform/adjoint/dynamic.ts). */
  primitives: Map<string, DeclaredPrimitive>;
  /** Local names of namespace imports (`import * as lib`): `lib.f(x)` goes through the tape. */
  namespaces: Set<string>;
  /** Local names of primitive/zerograd imported from "adc" or "adc/runtime". */
  declarers: Map<string, "primitive" | "zerograd">;
  /** Imported names whose module could not be loaded (analyze/imports.ts): calling one raises its error. */
  loadErrors?: Map<string, () => never>;
  /** Generated sweep code differentiated again (transform/higher): the run-time stores it names, by identifier. */
  runtimeStores?: Map<string, import("../ir.js").RuntimeOp["cls"]>;
  /**
   * A gradient called inside differentiated code (`grad(h)(x)`, or `g(x)` with a module const
   * `g = grad(h)`): the kind of its result and h, or null when `name` is not one (set by
   * pipeline.ts). Such calls go through the tape, where the gradient's rule is an H·v product
   * (transform/higher); their arguments have the kinds of h's parameters.
   */
  innerGrad?: (name: string, site: t.Node) => { kind: import("../ir.js").Kind; fname: string } | null;
  /**
   * In a function differentiated by jvp that calls jvp inside (transform/higher/forward.ts): the
   * driver a call of the jvp wrapper `name` becomes, `pair(...primals, ...tangents)`.
   */
  innerJvp?: (name: string) => { pair: string; arity: number } | null;
}

export interface DeclaredPrimitive {
  zero: boolean;
  /** The function's definition when the module has it (for its return type), else null (an import). */
  node: FunctionNode | null;
}

export const ADC_MODULE = "adc";
export const ADC_RUNTIME_MODULE = "adc/runtime";
const DECLARERS = new Set(["primitive", "zerograd"]);
const TRANSFORMS = new Set(["grad", "valueAndGrad", "jvp", "hvp", "hessian", "vjp", "jacobian"]);

export function analyzeModule(file: t.File): ModuleInfo {
  const info: ModuleInfo = { functions: new Map(), constants: new Map(), names: new Set(), bindings: new Set(), transforms: new Map(), primitives: new Map(), declarers: new Map(), namespaces: new Set() };
  for (let stmt of file.program.body) {
    if ((stmt.type === "ExportNamedDeclaration" || stmt.type === "ExportDefaultDeclaration") && stmt.declaration) {
      stmt = stmt.declaration as t.Statement;
    }
    if (stmt.type === "FunctionDeclaration" && stmt.id) info.functions.set(stmt.id.name, stmt);
    if (stmt.type === "VariableDeclaration") {
      for (const d of stmt.declarations) {
        if (d.id.type !== "Identifier") continue;
        const init = d.init ? unwrapTS(d.init) : null;
        if (init && (init.type === "ArrowFunctionExpression" || init.type === "FunctionExpression") && stmt.kind === "const") {
          info.functions.set(d.id.name, init);
        } else {
          info.constants.set(d.id.name, init);
        }
      }
    }
    if (stmt.type === "ClassDeclaration" && stmt.id) info.bindings.add(stmt.id.name);
    if (stmt.type === "ImportDeclaration") for (const s of stmt.specifiers) info.bindings.add(s.local.name);
    if (stmt.type === "ImportDeclaration" && stmt.importKind !== "type") for (const s of stmt.specifiers) if (s.type === "ImportNamespaceSpecifier") info.namespaces.add(s.local.name);
    if (stmt.type === "ImportDeclaration" && stmt.source.value === ADC_MODULE && stmt.importKind !== "type") {
      for (const s of stmt.specifiers) {
        if (s.type === "ImportSpecifier") {
          const imported = s.imported.type === "Identifier" ? s.imported.name : s.imported.value;
          if (TRANSFORMS.has(imported)) info.transforms.set(s.local.name, imported as Transform);
        }
      }
    }
    if (stmt.type === "ImportDeclaration" && (stmt.source.value === ADC_MODULE || stmt.source.value === ADC_RUNTIME_MODULE) && stmt.importKind !== "type") {
      for (const s of stmt.specifiers) {
        const imported = s.type === "ImportSpecifier" ? (s.imported.type === "Identifier" ? s.imported.name : s.imported.value) : "";
        if (DECLARERS.has(imported)) info.declarers.set(s.local.name, imported as "primitive" | "zerograd");
      }
    }
  }
  collectPrimitives(file, info);
  collectNames(file, info.names);
  for (const n of info.functions.keys()) info.bindings.add(n);
  for (const n of info.constants.keys()) info.bindings.add(n);
  return info;
}

/** Top-level `primitive(h, ...)`, `zerograd(h)` and `const h = primitive(function ..., ...)`. */
function collectPrimitives(file: t.File, info: ModuleInfo): void {
  const declaration = (e: t.Expression | null | undefined): { zero: boolean; fn: t.Expression } | null => {
    const c = e ? unwrapTS(e) : null;
    if (c?.type !== "CallExpression" || c.callee.type !== "Identifier" || !info.declarers.has(c.callee.name)) return null;
    const fn = c.arguments[0];
    if (!fn || fn.type === "SpreadElement" || fn.type === "ArgumentPlaceholder") return null;
    return { zero: info.declarers.get(c.callee.name) === "zerograd", fn: unwrapTS(fn as t.Expression) };
  };
  for (let stmt of file.program.body) {
    if ((stmt.type === "ExportNamedDeclaration" || stmt.type === "ExportDefaultDeclaration") && stmt.declaration) stmt = stmt.declaration as t.Statement;
    if (stmt.type === "ExpressionStatement") {
      const d = declaration(stmt.expression);
      if (d?.fn.type === "Identifier") info.primitives.set(d.fn.name, { zero: d.zero, node: info.functions.get(d.fn.name) ?? null });
    }
    if (stmt.type === "VariableDeclaration" && stmt.kind === "const") {
      for (const v of stmt.declarations) {
        const d = declaration(v.init);
        if (!d || v.id.type !== "Identifier") continue;
        const node = d.fn.type === "FunctionExpression" || d.fn.type === "ArrowFunctionExpression" ? d.fn : d.fn.type === "Identifier" ? info.functions.get(d.fn.name) ?? null : null;
        info.primitives.set(v.id.name, { zero: d.zero, node });
        if (d.fn.type === "Identifier") info.primitives.set(d.fn.name, { zero: d.zero, node });
      }
    }
  }
}

/** A function's parameters without TypeScript's `this` parameter (a type annotation, not an argument). */
export function paramsOf(fn: FunctionNode): FunctionNode["params"] {
  const first = fn.params[0];
  return first?.type === "Identifier" && first.name === "this" ? fn.params.slice(1) : fn.params;
}

export function unwrapTS(e: t.Expression): t.Expression {
  while (
    e.type === "TSAsExpression" ||
    e.type === "TSNonNullExpression" ||
    e.type === "TSSatisfiesExpression" ||
    e.type === "TSTypeAssertion" ||
    e.type === "ParenthesizedExpression"
  ) {
    e = e.expression;
  }
  return e;
}

export function collectNames(node: unknown, out: Set<string>): void {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const n of node) collectNames(n, out);
    return;
  }
  const n = node as Record<string, unknown>;
  if (n.type === "Identifier" && typeof n.name === "string") out.add(n.name);
  for (const key in n) {
    if (key === "loc" || key === "start" || key === "end" || key === "extra" || key.endsWith("Comments")) continue;
    const v = n[key];
    if (v && typeof v === "object") collectNames(v, out);
  }
}
