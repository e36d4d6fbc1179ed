// What the module declares about structured values: interfaces, type aliases and classes (their
// fields, methods and getters), and the shape a TypeScript type annotation describes.
import type * as t from "@babel/types";
import { leaf, obj, type Shape } from "./shape.js";

export interface ClassInfo {
  name: string;
  node: t.ClassDeclaration;
  /** Declared fields (class properties, constructor parameter properties, this.x = … in the constructor). */
  fields: Map<string, t.TSType | null>;
  methods: Map<string, t.ClassMethod>;
  getters: Map<string, t.ClassMethod>;
}

export class Declared {
  readonly classes = new Map<string, ClassInfo>();
  private types = new Map<string, t.TSType | t.TSInterfaceBody>();

  constructor(file: t.File) {
    for (let s of file.program.body) {
      if ((s.type === "ExportNamedDeclaration" || s.type === "ExportDefaultDeclaration") && s.declaration) s = s.declaration as t.Statement;
      if (s.type === "TSInterfaceDeclaration") this.types.set(s.id.name, s.body);
      if (s.type === "TSTypeAliasDeclaration") this.types.set(s.id.name, s.typeAnnotation);
      if (s.type === "ClassDeclaration" && s.id) this.classes.set(s.id.name, classInfo(s));
    }
  }

  /** The shape a type annotation describes (depth-limited: recursive types end in leaves). */
  shapeOf(tt: t.TSType | null | undefined, depth = 0): Shape {
    if (!tt || depth > 8) return leaf(tt ?? null);
    switch (tt.type) {
      case "TSTypeLiteral":
        return this.members(tt.members, depth);
      case "TSTupleType": {
        const s = obj();
        tt.elementTypes.forEach((e, i) => s.fields.set(String(i), this.shapeOf(e.type === "TSNamedTupleMember" ? e.elementType : (e as t.TSType), depth + 1)));
        return s;
      }
      case "TSArrayType": {
        const e = this.shapeOf(tt.elementType, depth + 1);
        return e.t === "obj" ? { t: "soa", elem: e, length: false } : leaf(tt);
      }
      case "TSTypeOperator":
        return this.shapeOf(tt.typeAnnotation, depth);
      case "TSParenthesizedType" as string:
        return this.shapeOf((tt as any).typeAnnotation, depth);
      case "TSUnionType": {
        const ks = tt.types.filter((x) => x.type !== "TSUndefinedKeyword" && x.type !== "TSNullKeyword");
        return ks.length === 1 ? this.shapeOf(ks[0], depth) : leaf(null);
      }
      case "TSTypeReference": {
        const name = tt.typeName.type === "Identifier" ? tt.typeName.name : "";
        const arg = tt.typeParameters?.params[0];
        if ((name === "Array" || name === "ReadonlyArray") && arg) return this.shapeOf({ type: "TSArrayType", elementType: arg } as t.TSArrayType, depth);
        if ((name === "Readonly" || name === "Required") && arg) return this.shapeOf(arg, depth);
        const cls = this.classes.get(name);
        if (cls) {
          const s = obj(name);
          for (const [f, ann] of cls.fields) s.fields.set(f, this.shapeOf(ann, depth + 1));
          return s;
        }
        const decl = this.types.get(name);
        if (decl?.type === "TSInterfaceBody") return this.members(decl.body, depth);
        if (decl) return this.shapeOf(decl, depth + 1);
        return leaf(tt);
      }
    }
    return leaf(tt);
  }

  private members(ms: t.TSTypeElement[], depth: number): Shape {
    const s = obj();
    for (const m of ms) {
      if (m.type !== "TSPropertySignature") continue;
      const k = m.key.type === "Identifier" ? m.key.name : m.key.type === "StringLiteral" ? m.key.value : m.key.type === "NumericLiteral" ? String(m.key.value) : null;
      if (k !== null) s.fields.set(k, this.shapeOf(m.typeAnnotation?.typeAnnotation, depth + 1));
      if (k !== null && m.optional) (s.optional ??= new Set()).add(k);
    }
    return s;
  }

  /** The only class of the module with a method or getter of this name (for untyped code). */
  classWith(member: string): string | null {
    const hits = [...this.classes.values()].filter((c) => c.methods.has(member) || c.getters.has(member));
    return hits.length === 1 ? hits[0].name : null;
  }
}

function classInfo(node: t.ClassDeclaration): ClassInfo {
  const info: ClassInfo = { name: node.id!.name, node, fields: new Map(), methods: new Map(), getters: new Map() };
  for (const m of node.body.body) {
    if (m.type === "ClassProperty" && m.key.type === "Identifier" && !m.static) {
      info.fields.set(m.key.name, m.typeAnnotation?.type === "TSTypeAnnotation" ? m.typeAnnotation.typeAnnotation : null);
    }
    if (m.type !== "ClassMethod" || m.static || m.key.type !== "Identifier") continue;
    if (m.kind === "method") info.methods.set(m.key.name, m);
    if (m.kind === "get") info.getters.set(m.key.name, m);
    if (m.kind === "constructor") {
      for (const p of m.params) {
        if (p.type === "TSParameterProperty" && p.parameter.type === "Identifier") {
          const ann = p.parameter.typeAnnotation;
          info.fields.set(p.parameter.name, ann?.type === "TSTypeAnnotation" ? ann.typeAnnotation : null);
        }
      }
      // this.x = param: the field has the parameter's type
      const paramTypes = new Map<string, t.TSType>();
      for (const p of m.params) {
        const id = p.type === "TSParameterProperty" ? p.parameter : p;
        if (id.type === "Identifier" && id.typeAnnotation?.type === "TSTypeAnnotation") paramTypes.set(id.name, id.typeAnnotation.typeAnnotation);
      }
      for (const s of m.body.body) {
        if (s.type !== "ExpressionStatement" || s.expression.type !== "AssignmentExpression") continue;
        const l = s.expression.left;
        if (l.type !== "MemberExpression" || l.object.type !== "ThisExpression" || l.property.type !== "Identifier" || l.computed) continue;
        if (info.fields.get(l.property.name)) continue;
        const r = s.expression.right;
        let ann: t.TSType | null = r.type === "Identifier" ? paramTypes.get(r.name) ?? null : null;
        if (!ann && r.type === "NewExpression" && r.callee.type === "Identifier") ann = { type: "TSTypeReference", typeName: r.callee } as t.TSTypeReference;
        info.fields.set(l.property.name, ann);
      }
    }
  }
  return info;
}
