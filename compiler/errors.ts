// Compile errors: every rejection names the file, line and column, shows a code frame and carries a
// stable code (ADCnnn) that tests and users can match on. Codes are never reused or renumbered.
import { codeFrameColumns } from "@babel/code-frame";
import type * as t from "@babel/types";

export const ErrorCodes = {
  ADC001: "syntax error",
  ADC101: "try/catch/finally is not supported",
  ADC102: "generators are not supported",
  ADC103: "async functions and await are not supported",
  ADC104: "eval is not supported",
  ADC105: "with is not supported",
  ADC110: "an object adc cannot flatten at compile time",
  ADC111: "module function used as a value (other than as a callback or an argument of a local function)",
  ADC112: "a class construct adc does not differentiate",
  ADC113: "holes in array literals, spreads in destructuring are not supported",
  ADC114: "this construct is not supported in differentiated code",
  ADC115: "assignment through an unsupported target",
  ADC116: "side effect inside an expression that also reads the changed variable",
  ADC117: "a call that writes into arrays must be a statement of its own",
  ADC120: "call to a function adc cannot see",
  ADC121: "Math function without a gradient rule",
  ADC122: "array method not supported",
  ADC130: "cannot infer the type of a value",
  ADC140: "grad/valueAndGrad called with an argnum that is not a literal",
  ADC141: "argnum out of range",
  ADC142: "differentiated function must return a number",
  ADC180: "destructuring pattern not supported",
  ADC181: "object literal not supported",
  ADC182: "a value used both as an object and as an array",
  ADC183: "cannot resolve the class of a method call",
  ADC184: "computed property key on an object",
  ADC185: "recursive method on objects",
  ADC186: "object used as a whole value",
  ADC187: "object variable assigned another object (aliasing)",
  ADC188: "assignment to a field of an object passed in",
  ADC189: "object parameter with a default value",
  ADC190: "alias of an object variable that is reassigned",
  ADC191: "recursive function taking an object",
  ADC192: "object field not visible through a literal or spread",
  ADC150: "(no longer raised: calls through the tape may return arrays) a call resolved at run time must return a number",
  ADC193: "callback form over an array of objects not supported",
  ADC250: "object passed to a local function in a form adc cannot flatten",
  ADC251: "object passed to a method in a form adc cannot flatten",
  ADC252: "method of a class declared in another module",
  ADC253: "index with side effects in an object read field by field",
  ADC220: "a closure made by a factory assigns a variable it captures",
  ADC170: "cannot find an imported module",
  ADC171: "differentiated code reads a name its module does not export",
  ADC172: "imported name not exported by its module",
  ADC160: "local function used as a value (it escapes: stored, returned or passed to code adc cannot see)",
  ADC161: "recursive local function",
  ADC162: "callback form not supported",
  ADC163: "spread of an array whose length is not known at compile time",
  ADC164: "local function form not supported",
  // forward mode (transform/tangent)
  ADC200: "jvp: no derivative rule for this expression or array construction",
  ADC201: "jvp through a function known only at run time",
  ADC202: "jvp of a function that does not return a number or an array of numbers",
  ADC203: "jvp called with the wrong arguments",
  ADC204: "jvp of a function with object parameters (no longer raised: they are flattened as for grad)",
  ADC205: "jvp of a function that returns an object",
  ADC260: "vjp or jacobian called with the wrong arguments",
  ADC261: "vjp or jacobian of a function with object parameters (no longer raised: they are flattened as for grad)",
  ADC262: "vjp or jacobian of a function that does not return a number or an array of numbers",
  // second derivatives, forward over reverse (transform/higher)
  ADC230: "hvp/hessian: the gradient code has a construct the tangent pass does not differentiate",
  ADC231: "hvp/hessian/grad(grad(f)) of a function that does not return a number, or with respect to a parameter that is not a number or a flat array of numbers",
  ADC232: "this nesting of derivative transforms is not supported",
  ADC233: "hvp/hessian called with the wrong arguments",
  ADC234: "hvp/hessian of a function with object parameters, a function passed in or a primitive() rule",
  ADC235: "a transform other than grad(h) (one argument, a function with number and array parameters) called inside a differentiated function",
  ADC236: "jvp inside a function differentiated by jvp, with primals or tangents that are not array literals",
  ADC237: "nested grad whose outermost argument is an object (second derivatives through objects: use hvp or hessian)",
} as const;
export type ErrorCode = keyof typeof ErrorCodes;

export class AdcError extends Error {
  readonly code: ErrorCode;
  readonly filename: string;
  readonly line: number;
  readonly column: number; // 1-based, as editors show it
  readonly frame: string;
  readonly detail: string;

  constructor(code: ErrorCode, detail: string, filename: string, source: string, loc: t.SourceLocation | null | undefined) {
    const line = loc?.start.line ?? 1;
    const column = (loc?.start.column ?? 0) + 1;
    const frame = loc ? codeFrameColumns(source, { start: { line, column }, end: loc.end ? { line: loc.end.line, column: loc.end.column + 1 } : undefined }, { highlightCode: false }) : "";
    super(`${filename}:${line}:${column}: error ${code}: ${detail}\n${frame}`);
    this.name = "AdcError";
    this.code = code;
    this.filename = filename;
    this.line = line;
    this.column = column;
    this.frame = frame;
    this.detail = detail;
  }
}

/**
 * Carries the file being compiled so that passes can raise errors with one call. A node parsed
 * from another file (an imported helper: its loc names that file, registered in `files`) is
 * reported in that file, with a frame from that file's source.
 */
export class Reporter {
  /** Sources of the other files whose nodes the passes may see, by filename. */
  readonly files = new Map<string, string>();
  constructor(
    readonly filename: string,
    readonly source: string,
  ) {}
  error(code: ErrorCode, node: t.Node | null | undefined, detail?: string): never {
    const other = this.otherFile(node);
    throw new AdcError(code, detail ?? ErrorCodes[code], other ?? this.filename, other !== undefined ? this.files.get(other)! : this.source, node?.loc);
  }
  /** The source text node was parsed from. */
  sourceOf(node: t.Node): string {
    const other = this.otherFile(node);
    return other !== undefined ? this.files.get(other)! : this.source;
  }
  private otherFile(node: t.Node | null | undefined): string | undefined {
    const f = node?.loc?.filename;
    return f && f !== this.filename && this.files.has(f) ? f : undefined;
  }
}
