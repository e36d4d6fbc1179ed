// Small helpers over source text and Babel nodes shared by the passes.
import _generate from "@babel/generator";
import _traverse from "@babel/traverse";
import type * as t from "@babel/types";

// @babel/generator and @babel/traverse are CommonJS: under Node's ESM their default export
// arrives as the module object, under bundlers as the function itself.
type GenerateFn = typeof import("@babel/generator").default;
type TraverseFn = typeof import("@babel/traverse").default;
const generate: GenerateFn = ((_generate as any).default ?? _generate) as GenerateFn;
export const traverse: TraverseFn = ((_traverse as any).default ?? _traverse) as TraverseFn;

/** An expression or statement as compact JavaScript text. */
export function print(node: t.Node): string {
  return generate(node, { comments: false, compact: false, retainLines: false }).code;
}

/** The first line of a statement's source, for the comment above its generated code. */
export function originText(node: t.Node, source: string): string {
  if (node.start == null || node.end == null) return print(node).split("\n")[0];
  let text = source.slice(node.start, node.end);
  const brace = /^(if|for|while|do|switch|else)\b/.test(text) ? text.indexOf("{") : -1;
  if (brace > 0) text = text.slice(0, brace);
  text = text.split("\n")[0].trim().replace(/;$/, "");
  return text.length > 100 ? text.slice(0, 97) + "..." : text;
}

/** A deep copy of an AST node that keeps start/end, so comments in generated code still quote the source. */
export function copyWithPositions<T>(node: T): T {
  return JSON.parse(JSON.stringify(node));
}

export { generate };
