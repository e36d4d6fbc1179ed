// How a function uses each of its bindings as a structured value: the fields it reads and
// writes (p.a.b), the arrays of objects it indexes (p.layers[i].W), the methods and getters it
// calls (p.l1.forward(x)), the helpers it passes parts to (h(p.l1)), the aliases it makes
// (const l = p.l1; for (const l of p.layers)) and the object literals it builds. The result is a
// use tree per binding, turned into a shape by resolve().
import type { NodePath } from "@babel/traverse";
import type * as t from "@babel/types";
import type { Shape } from "./shape.js";
import type { Binding } from "@babel/traverse";

/** Array methods and properties: using them does not make a value an object. */
export const ARRAYISH = new Set(
  "length push pop shift unshift fill slice map reduce reduceRight forEach filter some every find findIndex findLast findLastIndex set subarray indexOf lastIndexOf includes join at concat reverse sort splice flatMap flat keys values entries copyWithin".split(" "),
);

export class Use {
  fields = new Map<string, Use>();
  each: Use | null = null;
  length = false;
  /** Names used as p.name(...) calls. */
  calls = new Set<string>();
  /** Where each method is first called, for errors. */
  callSites = new Map<string, t.Node>();
  /** Passed as argument `param` of module function `callee`. */
  passed: { callee: string; param: number }[] = [];
  /** Built here by an object literal (its keys) or spread from other structured values. */
  literal = false;
  spreads: Step[][] = [];
  /** Read as o?.x somewhere: may be missing. */
  optional = false;

  field(name: string): Use {
    let u = this.fields.get(name);
    if (!u) this.fields.set(name, (u = new Use()));
    return u;
  }
  elem(): Use {
    return (this.each ??= new Use());
  }
  /** Add everything `other` records into this node. */
  absorb(other: Use): void {
    for (const [k, f] of other.fields) this.field(k).absorb(f);
    if (other.each) this.elem().absorb(other.each);
    this.length ||= other.length;
    other.calls.forEach((c) => this.calls.add(c));
    for (const [k, n] of other.callSites) if (!this.callSites.has(k)) this.callSites.set(k, n);
    this.passed.push(...other.passed);
    this.literal ||= other.literal;
    this.optional ||= other.optional;
    this.spreads.push(...other.spreads);
  }
}

/** A step of a property chain: a field name, or an index (its expression kept for the rewrite). */
export type Step = ({ name: string } | { index: t.Expression }) & { optional?: boolean };

/** A property chain rooted at a binding: p.a[i].b -> (p, [a, [i], b]). */
export interface Chain {
  binding: Binding;
  steps: Step[];
  /** The outermost member expression of the chain (or the identifier). */
  path: NodePath<t.Expression>;
}

/**
 * The chain that `id` starts, climbing member expressions. Numeric literal indexes are fields when
 * the declared shape says the value there is a tuple. `.length` ends the chain (it is not a field).
 */
export function chainFrom(id: NodePath<t.Identifier>, binding: Binding): Chain {
  const steps: Step[] = [];
  let path: NodePath<t.Expression> = id;
  for (;;) {
    let parent = path.parentPath!;
    while (parent.node.type === "TSNonNullExpression" || parent.node.type === "TSAsExpression") {
      path = parent as NodePath<t.Expression>;
      parent = path.parentPath!;
    }
    const n = parent.node;
    if ((n.type !== "MemberExpression" && n.type !== "OptionalMemberExpression") || n.object !== path.node) break;
    const optional = n.type === "OptionalMemberExpression" && n.optional;
    if (n.computed) {
      const p = n.property;
      if (p.type === "StringLiteral" && p.value === "length") break;
      if (p.type === "StringLiteral") steps.push({ name: p.value, optional });
      else if (p.type === "NumericLiteral") steps.push({ index: p, optional });
      else steps.push({ index: p as t.Expression, optional });
    } else {
      const name = (n.property as t.Identifier).name;
      if (name === "length") break;
      steps.push({ name, optional });
    }
    path = parent as NodePath<t.Expression>;
  }
  return { binding, steps, path };
}

/** A step as a field name, when it is one: p.a, p["a"], or t[0] where t is declared a tuple. */
export function fieldName(s: Step, declared: Shape | null): string | null {
  if ("name" in s) return s.name;
  if (s.index.type === "NumericLiteral" && declared?.t === "obj") return String(s.index.value);
  return null;
}

/** The use node at a chain's end, creating nodes on the way (declared: the declared shape at root). */
export function useAt(root: Use, steps: Step[], declared: Shape | null): Use {
  let u = root;
  let d = declared;
  for (const s of steps) {
    if (s.optional) u.optional = true;
    const f = fieldName(s, d);
    if (f !== null) {
      u = u.field(f);
      d = d?.t === "obj" ? d.fields.get(f) ?? null : null;
    } else {
      u = u.elem();
      d = d?.t === "soa" ? d.elem : null;
    }
  }
  return u;
}
