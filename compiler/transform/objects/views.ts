// Views: where each leaf of a structured value lives once objects are flattened. A parameter's
// leaves are parameters of their own (p.w -> p_w), a local object literal's leaves are locals
// (o.a -> o_a), and a chain into either (p.layers[i]) is a view whose leaves are the base's leaves
// indexed (p_layers_W[i]).
import * as t from "@babel/types";
import { leavesOf, type Leaf, type Shape } from "./shape.js";

export interface View {
  shape: Shape;
  /** The expression holding the leaf at this path. */
  leaf(path: (string | null)[]): t.Expression;
  /** May a number (or array reference) at this path be assigned? Only for objects the function made. */
  owned: boolean;
}

export const pathKey = (p: (string | null)[]) => JSON.stringify(p);

/** A view whose leaves are named variables (parameters or locals). */
export function namedView(shape: Shape, names: Map<string, string>, owned: boolean): View {
  return {
    shape,
    owned,
    leaf(path) {
      const n = names.get(pathKey(path));
      return n ? t.identifier(n) : t.identifier("undefined");
    },
  };
}

/** The view of base at a sub-path: fields (prefix) and array-of-objects indices (index). */
export function subView(base: View, shape: Shape, prefix: (string | null)[], index: t.Expression[]): View {
  return {
    shape,
    owned: base.owned,
    leaf(path) {
      let e = base.leaf([...prefix, ...path]);
      if (e.type === "Identifier" && e.name === "undefined") return e;
      for (const i of index) e = t.memberExpression(e, t.cloneNode(i, true), true);
      return e;
    },
  };
}

/** Leaves of a view's shape, with their expressions. */
export function viewLeaves(v: View): { leaf: Leaf; expr: t.Expression }[] {
  return leavesOf(v.shape).map((leaf) => ({ leaf, expr: v.leaf(leaf.path) }));
}
