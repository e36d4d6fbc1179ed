// Shapes of structured values (objects, tuples, class instances, arrays of objects), as the objects
// pass sees them: a tree whose leaves are what the core differentiates (numbers, arrays of numbers,
// anything else it ignores). Shapes come from TypeScript types where the module declares them and
// from how the code uses a value (p.w[i] makes p an object with a field w).
import type * as t from "@babel/types";

export interface ObjShape {
  t: "obj";
  fields: Map<string, Shape>;
  /** The class of the instance, when methods or getters are called on it. */
  cls: string | null;
  /** Fields that may be missing (declared `k?:` or read as `o.k?.x`): their leaves are read with `?.`. */
  optional?: Set<string>;
}
/** An array of objects, flattened as one array per leaf (structure of arrays). */
export interface SoaShape {
  t: "soa";
  elem: ObjShape;
  /** .length is read: it becomes a leaf of its own. */
  length: boolean;
}
export interface LeafShape {
  t: "leaf";
  ann: t.TSType | null;
}
export type Shape = ObjShape | SoaShape | LeafShape;

/** One leaf of a shape: its path (field names, null where an array of objects is indexed). */
export interface Leaf {
  path: (string | null)[];
  /** "length" leaves hold array lengths: never differentiated. */
  role: "value" | "length";
  ann: t.TSType | null;
  /** opt[k]: the value at path[k] may be missing, so the step after it reads with `?.`. */
  opt?: boolean[];
}

export const leaf = (ann: t.TSType | null = null): LeafShape => ({ t: "leaf", ann });
export const obj = (cls: string | null = null): ObjShape => ({ t: "obj", fields: new Map(), cls });

export function leavesOf(s: Shape, prefix: (string | null)[] = []): Leaf[] {
  if (s.t === "leaf") return [{ path: prefix, role: "value", ann: s.ann }];
  if (s.t === "obj")
    return [...s.fields].flatMap(([k, f]) =>
      leavesOf(f, [...prefix, k]).map((l) => {
        if (!s.optional?.has(k)) return l;
        const opt = l.opt ?? [];
        opt[prefix.length] = true;
        return { ...l, opt };
      }),
    );
  const out = leavesOf(s.elem, [...prefix, null]).map((l) => ({ ...l, ann: l.ann && arrayOf(l.ann) }));
  if (s.length) out.unshift({ path: [...prefix, "length"], role: "length", ann: null });
  return out;
}

function arrayOf(ann: t.TSType): t.TSType {
  return { type: "TSArrayType", elementType: ann } as t.TSArrayType;
}

/** a := a ∪ b (fields of b added to a); returns the merged shape. */
export function merge(a: Shape, b: Shape): Shape {
  if (a.t === "leaf" && b.t === "leaf") return a.ann ? a : b;
  if (a.t === "leaf") return b.t === "obj" ? { ...b, fields: new Map(b.fields) } : b;
  if (b.t === "leaf") return a;
  if (a.t === "obj" && b.t === "obj") {
    for (const [k, f] of b.fields) a.fields.set(k, a.fields.has(k) ? merge(a.fields.get(k)!, f) : f);
    a.cls ??= b.cls;
    return a;
  }
  if (a.t === "soa" && b.t === "soa") {
    a.elem = merge(a.elem, b.elem) as ObjShape;
    a.length ||= b.length;
    return a;
  }
  return a; // an object and an array of objects: the caller reports the conflict
}

/** A readable flat name for a leaf path: p, ["l1", "W"] -> p_l1_W. */
export function leafName(base: string, path: (string | null)[]): string {
  return [base, ...path.filter((s): s is string => s !== null)].join("_");
}
