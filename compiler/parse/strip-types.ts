// Strip types: removes TypeScript-only syntax so the output is plain ESM JavaScript.
// TypeScript constructs with run-time meaning (enums, namespaces, parameter properties) are
// rejected rather than guessed at.
import type { NodePath } from "@babel/traverse";
import * as t from "@babel/types";
import type { Reporter } from "../errors.js";
import { traverse } from "../source.js";


export function stripTypes(file: t.File, rep: Reporter): void {
  traverse(file, {
    TSTypeAliasDeclaration: remove,
    TSInterfaceDeclaration: remove,
    TSDeclareFunction: remove,
    TSDeclareMethod: remove,
    TSIndexSignature: remove,
    TSImportEqualsDeclaration: (p) => rep.error("ADC114", p.node, "import = require is not supported; use ESM imports"),
    TSEnumDeclaration: (p) => (p.node.declare ? p.remove() : rep.error("ADC114", p.node, "enums are not supported by adc build; use a const object or literals")),
    TSModuleDeclaration: (p) => (p.node.declare ? p.remove() : rep.error("ADC114", p.node, "namespaces are not supported by adc build")),
    TSParameterProperty: (p) => rep.error("ADC114", p.node, "constructor parameter properties are not supported by adc build; assign the fields explicitly"),
    TSAsExpression: unwrap,
    TSSatisfiesExpression: unwrap,
    TSNonNullExpression: unwrap,
    TSTypeAssertion: unwrap,
    TSInstantiationExpression: unwrap,
    TSExportAssignment: (p) => rep.error("ADC114", p.node, "export = is not supported; use ESM exports"),
    ImportDeclaration(p) {
      if (p.node.importKind === "type") return p.remove();
      p.node.specifiers = p.node.specifiers.filter((s) => !(s.type === "ImportSpecifier" && s.importKind === "type"));
    },
    ExportNamedDeclaration(p) {
      if (p.node.exportKind === "type") return p.remove();
      p.node.specifiers = p.node.specifiers.filter((s) => !(s.type === "ExportSpecifier" && s.exportKind === "type"));
      if (p.node.declaration === null && p.node.specifiers.length === 0 && !p.node.source) p.remove();
    },
    ClassProperty(p) {
      if (p.node.declare || p.node.abstract) return p.remove();
    },
    ClassMethod(p) {
      if ((p.node as any).abstract) p.remove();
    },
    enter(p) {
      const n = p.node as any;
      if (n.typeAnnotation && n.type !== "TSTypeAnnotation" && !n.type.startsWith("TS")) n.typeAnnotation = null;
      if (n.returnType) n.returnType = null;
      if (n.typeParameters) n.typeParameters = null;
      if (n.superTypeParameters) n.superTypeParameters = null;
      if (n.typeArguments) n.typeArguments = null;
      if (n.implements) n.implements = null;
      if (n.optional !== undefined && n.type === "Identifier") n.optional = false;
      if (n.definite) n.definite = false;
      if (n.accessibility) n.accessibility = null;
      if (n.readonly) n.readonly = false;
      if (n.override) n.override = false;
      if (n.declare && n.type === "VariableDeclaration") p.remove();
    },
  });
}

function remove(p: NodePath): void {
  p.remove();
}

function unwrap(p: NodePath<t.TSAsExpression | t.TSSatisfiesExpression | t.TSNonNullExpression | t.TSTypeAssertion | t.TSInstantiationExpression>): void {
  p.replaceWith(p.node.expression);
}
