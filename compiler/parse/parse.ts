// Parse: TypeScript (or JavaScript) source -> Babel AST, with syntax errors reported as ADC001.
import { parse as babelParse } from "@babel/parser";
import type * as t from "@babel/types";
import type { Reporter } from "../errors.js";
import { syntaxErrorOf } from "./transpile.js";

export function parseModule(source: string, rep: Reporter): t.File {
  // TypeScript's parser has the last word: its output is what runs, and it reads some code
  // differently from Babel (`a < (b) > (c)` is a call with type arguments there)
  const tsError = /\.[cm]?tsx?$/.test(rep.filename) ? syntaxErrorOf(source, rep.filename) : null;
  if (tsError) {
    const loc = { start: { line: tsError.line, column: tsError.column, index: 0 }, end: { line: tsError.line, column: tsError.column + 1, index: 0 }, filename: rep.filename, identifierName: undefined };
    return rep.error("ADC001", { loc } as t.Node, tsError.message);
  }
  try {
    return babelParse(source, { sourceType: "module", plugins: ["typescript", ["decorators", { allowCallParenthesized: true }], "decoratorAutoAccessors"], sourceFilename: rep.filename });
  } catch (e) {
    const err = e as SyntaxError & { loc?: { line: number; column: number } };
    const loc = err.loc ? { start: { line: err.loc.line, column: err.loc.column, index: 0 }, end: { line: err.loc.line, column: err.loc.column + 1, index: 0 }, filename: rep.filename, identifierName: undefined } : null;
    const message = err.message.replace(/\s*\(\d+:\d+\)$/, "");
    // modules are strict, so the parser rejects `with` before the fence can name it
    if (/'with' in strict mode/.test(message)) return rep.error("ADC105", loc ? ({ loc } as t.Node) : null, "with cannot be differentiated (and is not allowed in modules)");
    return rep.error("ADC001", loc ? ({ loc } as t.Node) : null, message);
  }
}
