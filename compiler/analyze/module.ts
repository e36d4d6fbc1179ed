// Module analysis: finds the module-level functions a gradient can reach, the module-level
// constants they may read, and the grad/valueAndGrad bindings imported from "adc".
import type * as t from "@babel/types";

export type FunctionNode = t.FunctionDeclaration | t.ArrowFunctionExpression | t.FunctionExpression;

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
  transforms: Map<string, "grad" | "valueAndGrad">;
  /** Imported names whose module could not be loaded (analyze/imports.ts): calling one raises its error. */
  loadErrors?: Map<string, () => never>;
}

export const ADC_MODULE = "adc";
const TRANSFORMS = new Set(["grad", "valueAndGrad"]);

export function analyzeModule(file: t.File): ModuleInfo {
  const info: ModuleInfo = { functions: new Map(), constants: new Map(), names: new Set(), bindings: new Set(), transforms: new Map() };
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
    if (stmt.type === "ImportDeclaration" && stmt.source.value === ADC_MODULE && stmt.importKind !== "type") {
      for (const s of stmt.specifiers) {
        if (s.type === "ImportSpecifier") {
          const imported = s.imported.type === "Identifier" ? s.imported.name : s.imported.value;
          if (TRANSFORMS.has(imported)) info.transforms.set(s.local.name, imported as "grad" | "valueAndGrad");
        }
      }
    }
  }
  collectNames(file, info.names);
  for (const n of info.functions.keys()) info.bindings.add(n);
  for (const n of info.constants.keys()) info.bindings.add(n);
  return info;
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
