// Module files and their top-level names, for analyze/imports.ts and `adc build`: which file a
// relative specifier names (tried in TypeScript's order, read through an injectable readFile), and
// what a parsed module declares, imports and exports. No resolution across modules here.
import * as fs from "node:fs";
import * as path from "node:path";
import * as t from "@babel/types";
import { unwrapTS, type FunctionNode } from "./module.js";

/** Reads a file; undefined when there is none. */
export type ReadFile = (file: string) => string | undefined;

export const readFileFromDisk: ReadFile = (file) => {
  try {
    return fs.statSync(file).isFile() ? fs.readFileSync(file, "utf8") : undefined;
  } catch {
    return undefined;
  }
};

export const isRelative = (spec: string) => spec.startsWith("./") || spec.startsWith("../") || spec === "." || spec === "..";

/** The files a relative specifier may name, in the order TypeScript's bundler resolution tries them. */
export function candidates(importer: string, spec: string): string[] | null {
  const p = path.join(path.dirname(importer), spec);
  if (/\.[mc]?tsx?$/.test(spec)) return [p];
  const js = /\.([mc]?)jsx?$/.exec(p);
  if (js) return [`${p.slice(0, js.index)}.${js[1]}ts`, p];
  if (/\.(json|node|css|wasm)$/.test(spec)) return null; // not code adc reads
  return [`${p}.ts`, `${p}.tsx`, `${p}.mts`, `${p}.js`, `${p}.mjs`, path.join(p, "index.ts"), path.join(p, "index.js")];
}

/** The file a relative import resolves to, or null (not found, or not code). */
export function resolveRelative(importer: string, spec: string, readFile: ReadFile = readFileFromDisk): string | null {
  if (!isRelative(spec)) return null;
  for (const c of candidates(importer, spec) ?? []) if (readFile(c) !== undefined) return c;
  return null;
}

export type Decl = { kind: "function"; node: FunctionNode; at: t.Node } | { kind: "constant"; init: t.Expression | null; declKind: string; at: t.Node };
export interface Imp {
  spec: string;
  /** imported name, "default", or "*" for a namespace */
  name: string;
  at: t.Node;
}
export type Export = { local: string } | { spec: string; name: string; at: t.Node };

export interface Mod {
  file: string;
  /** how the first import naming it was spelled: "" (no extension), ".js", or the file's own */
  style: string;
  ast: t.File;
  decls: Map<string, Decl>;
  imports: Map<string, Imp>;
  exports: Map<string, Export>;
  stars: { spec: string; at: t.Node }[];
}

/** Top-level declarations, imports and exports of one module. */
export function scan(ast: t.File, file: string, style: string): Mod {
  const m: Mod = { file, style, ast, decls: new Map(), imports: new Map(), exports: new Map(), stars: [] };
  for (const stmt of ast.program.body) {
    if (stmt.type === "ImportDeclaration") {
      if (stmt.importKind === "type") continue;
      for (const s of stmt.specifiers) {
        if ((s as t.ImportSpecifier).importKind === "type") continue;
        const name = s.type === "ImportNamespaceSpecifier" ? "*" : s.type === "ImportDefaultSpecifier" ? "default" : nameOfExport(s.imported);
        m.imports.set(s.local.name, { spec: stmt.source.value, name, at: stmt.source });
      }
      continue;
    }
    if (stmt.type === "ExportAllDeclaration") {
      if (stmt.exportKind !== "type") m.stars.push({ spec: stmt.source.value, at: stmt.source });
      continue;
    }
    if (stmt.type === "ExportDefaultDeclaration") {
      const d = stmt.declaration;
      if ((d.type === "FunctionDeclaration" || d.type === "FunctionExpression" || d.type === "ArrowFunctionExpression") && !(d.type === "FunctionDeclaration" && d.id)) {
        m.decls.set("default", { kind: "function", node: d as FunctionNode, at: d });
        m.exports.set("default", { local: "default" });
      } else if (d.type === "FunctionDeclaration" && d.id) {
        declare(m, d);
        m.exports.set("default", { local: d.id.name });
      } else if (d.type === "Identifier") m.exports.set("default", { local: d.name });
      else if (t.isExpression(d)) {
        m.decls.set("default", { kind: "constant", init: d, declKind: "const", at: d });
        m.exports.set("default", { local: "default" });
      }
      continue;
    }
    if (stmt.type === "ExportNamedDeclaration") {
      if (stmt.exportKind === "type") continue;
      if (stmt.declaration) {
        for (const n of declare(m, stmt.declaration)) m.exports.set(n, { local: n });
        continue;
      }
      for (const s of stmt.specifiers) {
        const exported = nameOfExport(s.exported);
        if (s.type === "ExportNamespaceSpecifier") m.exports.set(exported, { spec: stmt.source!.value, name: "*", at: stmt.source! });
        else if (s.type === "ExportSpecifier" && s.exportKind !== "type") {
          if (stmt.source) m.exports.set(exported, { spec: stmt.source.value, name: nameOfExport(s.local), at: stmt.source });
          else m.exports.set(exported, { local: s.local.name });
        } else if (s.type === "ExportDefaultSpecifier") m.exports.set(exported, { spec: stmt.source!.value, name: "default", at: stmt.source! });
      }
      continue;
    }
    declare(m, stmt);
  }
  return m;
}

/** Records a top-level function or variable declaration; returns the names it declares. */
function declare(m: Mod, stmt: t.Statement | t.Declaration): string[] {
  if (stmt.type === "FunctionDeclaration" && stmt.id) {
    m.decls.set(stmt.id.name, { kind: "function", node: stmt, at: stmt });
    return [stmt.id.name];
  }
  if ((stmt.type === "ClassDeclaration" || stmt.type === "TSEnumDeclaration") && stmt.id) {
    // not numbers adc differentiates: visible as opaque values (objects are rejected where used)
    m.decls.set(stmt.id.name, { kind: "constant", init: null, declKind: stmt.type === "ClassDeclaration" ? "class" : "enum", at: stmt });
    return [stmt.id.name];
  }
  if (stmt.type !== "VariableDeclaration") return [];
  const out: string[] = [];
  for (const d of stmt.declarations) {
    if (d.id.type !== "Identifier") continue;
    const init = d.init ? unwrapTS(d.init) : null;
    if (init && (init.type === "ArrowFunctionExpression" || init.type === "FunctionExpression") && stmt.kind === "const") m.decls.set(d.id.name, { kind: "function", node: init, at: d });
    else m.decls.set(d.id.name, { kind: "constant", init, declKind: stmt.kind, at: d });
    out.push(d.id.name);
  }
  return out;
}

const nameOfExport = (n: t.Identifier | t.StringLiteral) => (n.type === "Identifier" ? n.name : n.value);
