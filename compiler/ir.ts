// The normalized program the analyses and the adjoint generator work on.
// Lowering (transform/lower) turns a differentiated function's Babel AST into this form:
// every binding is hoisted to function scope under a unique name, statements are simple
// assignments, helper calls, pushes, ifs and loops, and all expressions are pure Babel
// expressions (no assignments, updates or user calls inside them). Jumps (break, continue,
// return) exist only until transform/jumps replaces them by flags and guards.
import type * as t from "@babel/types";

export type AssignOp = "=" | "+=" | "-=" | "*=" | "/=" | "%=" | "**=";

/** Where a value is stored: a variable, or an element of an array expression. */
export type Target = { kind: "var"; name: string } | { kind: "elem"; object: t.Expression; index: t.Expression };

/** The source statement a normalized statement came from, for comments and errors. */
export interface Origin {
  text: string;
  node: t.Node;
}

export type Stmt = Assign | Call | Push | If | Loop | Jump | Effect;

/** target op= value. */
export interface Assign {
  kind: "assign";
  target: Target;
  op: AssignOp;
  value: t.Expression;
  origin: Origin;
}

/** [target =] callee(args): a call of a user function of the module, args pure. */
export interface Call {
  kind: "call";
  target: string | null;
  callee: string;
  args: t.Expression[];
  origin: Origin;
  /**
   * Set for a callee adc does not compile here (transform/adjoint/dynamic.ts): "tape" calls through
   * the run-time call tape (a function known only at run time, or one declared with primitive());
   * "zero" is a function declared with zerograd(). `callee` is then the name of the variable
   * holding the function, and `ret` the kind of the result when an annotation says it.
   */
  via?: "tape" | "zero" | "rt";
  /** A via call whose arguments have the kinds of this module function's parameters (grad(h) called inside: h). */
  paramsOf?: string;
  /** via "rt": an operation on a run-time store of generated code (transform/lower/runtime-ops.ts), when that code is differentiated again. */
  op?: RuntimeOp;
  ret?: Kind | null;
  /** A call through the tape of a function declared with primitive(): the rule wins. */
  declared?: boolean;
}

/** An operation on a store of the runtime in generated sweep code: `store.push(x)`, `v = store.pop()`, `store[k] = x`, `v = store[k]`, `v = zerosLike(a)`. */
export interface RuntimeOp {
  store: string;
  cls: "values" | "control" | "refs" | "scalars" | "zerosLike" | "addInto" | "sumAll" | "array" | "newLike";
  /** add: addInto(dst, src); sum: v = sumAll(a); arrpop: [v =] a.pop() on an array of the sweep code */
  op: "push" | "pop" | "set" | "get" | "zeros" | "add" | "sum" | "arrpop" | "alloc";
}

/** array.push(value). */
export interface Push {
  kind: "push";
  array: t.Expression;
  value: t.Expression;
  origin: Origin;
}

export interface If {
  kind: "if";
  test: t.Expression;
  cons: Stmt[];
  alt: Stmt[];
  origin: Origin;
}

/**
 * A loop: `while (test) { body; update }`, or with `post` set, `do { body; update } while (test)`.
 * `counter` marks a counted loop (`for (let i = init; ...; i += step)` with i not written in the
 * body): its reverse replays i from the trip count instead of recording it.
 */
export interface Loop {
  kind: "loop";
  label: string;
  test: t.Expression;
  post: boolean;
  body: Stmt[];
  update: Stmt[];
  counter: { name: string; init: t.Expression; step: number } | null;
  origin: Origin;
  /** A one-pass block that only gives `break` a target (switch, labelled block); flattened by jumps. */
  block?: boolean;
}

/** break / continue / return, before flag lowering. `target` is the loop or switch label. */
export interface Jump {
  kind: "jump";
  type: "break" | "continue" | "return";
  target: string;
  origin: Origin;
}

/** A statement with no effect on numbers (console.log): kept in the forward sweep only. */
export interface Effect {
  kind: "effect";
  expr: t.Expression;
  /** `throw expr` rather than `expr;` */
  throws?: boolean;
  origin: Origin;
}

/** Kinds of values, inferred by analyze/types. */
export type Kind =
  | { k: "num" } // a float that may carry a derivative
  | { k: "int" } // an integer-valued number (counters, indices): never differentiated
  | { k: "bool" }
  | { k: "arr"; depth: number; elem: "f64" | "f32" | "plain" | "int" }
  | { k: "other" };

export interface Local {
  name: string; // unique within the function
  source: string; // the name in the source, for readable output
  param: number; // parameter index, or -1
  kind: Kind;
  /** Declared in a loop head (`for (let i ...)`): its value outside the loop is never read. */
  loopScoped: boolean;
  /** Introduced by lowering (temporaries, flags), not written by the user. */
  synthetic: boolean;
  /** A number that may also hold null or undefined: recorded on the reference stack, not as a float. */
  nullable?: boolean;
}

/** A differentiable function in normalized form. */
export interface FnIR {
  name: string;
  params: string[];
  locals: Map<string, Local>;
  body: Stmt[];
  /** Name of the variable holding the return value. */
  ret: string;
  node: t.Function;
  /** The return kind. */
  retKind: Kind;
}
