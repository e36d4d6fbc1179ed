// One corpus case: a TypeScript module exporting `f`, `df = grad(f, argnum)` and
// `vdf = valueAndGrad(f, argnum)`, with a factory of fresh inputs.

export interface Case {
  /** unique within the corpus; also names the generated file and snapshot */
  name: string;
  /** the module as the user would write it */
  source: string;
  /**
   * fresh inputs for f (called once per use: tests may mutate them); gets the module under test, so
   * that class instances can be made with its own classes (compiled methods check the class)
   */
  args: (m: Record<string, any>) => any[];
  /** as passed to grad (undefined: grad's default, 0) */
  argnum?: number | number[];
}

/** Removes the common indentation of a template literal, and surrounding blank lines. */
export function dedent(text: string): string {
  const lines = text.replace(/^\s*\n/, "").replace(/\s+$/, "").split("\n");
  const indents = lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join("\n");
}

/**
 * Builds a case from the code defining `f` (and any helpers): adds the import of grad/valueAndGrad
 * and `export const df = grad(f[, argnum])`, `export const vdf = valueAndGrad(f[, argnum])`.
 */
export function mk(name: string, code: string, args: (m: Record<string, any>) => any[], argnum?: number | number[]): Case {
  const an = argnum === undefined ? "" : `, ${JSON.stringify(argnum).replace(/,/g, ", ")}`;
  const source = [
    `import { grad, valueAndGrad } from "adc";`,
    ``,
    dedent(code),
    ``,
    `export const df = grad(f${an});`,
    `export const vdf = valueAndGrad(f${an});`,
    ``,
  ].join("\n");
  return { name, source, args, argnum };
}

/** A one-line body `return <expr>;` of f(x: number). */
export function scalar(name: string, expr: string, x: number): Case {
  return mk(name, `export function f(x: number): number {\n  return ${expr};\n}`, () => [x]);
}

/** A one-line body `return <expr>;` of f(x: number, y: number), differentiated w.r.t. both. */
export function scalar2(name: string, expr: string, x: number, y: number, argnum: number | number[] = [0, 1]): Case {
  return mk(name, `export function f(x: number, y: number): number {\n  return ${expr};\n}`, () => [x, y], argnum);
}
