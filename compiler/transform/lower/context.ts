// State of the lowering pass for one function: scopes for renaming, jump targets, the
// function being built, and helpers to make synthetic locals and statements.
import * as t from "@babel/types";
import type { Reporter } from "../../errors.js";
import type { FnIR, Kind, Local, Origin, Stmt, Target } from "../../ir.js";
import { Namer } from "../../names.js";
import type { ModuleInfo } from "../../analyze/module.js";

export interface JumpTarget {
  label: string; // unique
  sourceLabel: string | null;
  kind: "loop" | "switch" | "block";
}

/** A local function (closure): inlined at each call, its names resolved in the scopes it was defined in. */
export interface Closure {
  node: t.FunctionDeclaration | t.FunctionExpression | t.ArrowFunctionExpression;
  scopes: Map<string, string>[];
  name: string;
  /** A module function passed to a local function's parameter: called, not inlined. */
  module?: string;
}

export class LowerCtx {
  readonly scopes: Map<string, string>[] = [];
  readonly targets: JumpTarget[] = [];
  origin!: Origin;
  /** Kinds that lowering knows for sure (synthetic temporaries); the rest is inferred later. */
  readonly declared = new Map<string, Kind | null>();
  /** TS type annotations of user locals, by unique name, for type inference. */
  readonly annotations = new Map<string, t.TSType>();

  /** Local functions in scope, by unique name (not locals: they hold no value at run time). */
  readonly closures = new Map<string, Closure>();
  /** Function bodies being inlined (recursion check). */
  readonly inlining = new Set<t.Node>();
  /** Inside an inlined function body: where `return` stores its value (null: dropped) and the block it leaves. */
  returnTo: { value: string | null; label: string } | null = null;
  /** Index in scopes of the scope `var` declarations go to (the innermost function's). */
  fnScope = 0;

  constructor(
    readonly fn: FnIR,
    readonly module: ModuleInfo,
    readonly rep: Reporter,
    readonly source: string,
    readonly namer: Namer,
  ) {}

  pushScope(): void {
    this.scopes.push(new Map());
  }
  popScope(): void {
    this.scopes.pop();
  }

  /** Declare a source binding in the innermost scope (function scope for var); returns its unique name. */
  declare(sourceName: string, opts: { param?: number; loopScoped?: boolean; fnScope?: boolean; annotation?: t.TSType | null } = {}): string {
    const scope = opts.fnScope ? this.scopes[this.fnScope] : this.scopes[this.scopes.length - 1];
    const existing = scope.get(sourceName);
    if (existing && opts.fnScope) return existing; // var redeclared
    const name = this.namer.fresh(sourceName);
    scope.set(sourceName, name);
    this.addLocal({ name, source: sourceName, param: opts.param ?? -1, kind: { k: "other" }, loopScoped: !!opts.loopScoped, synthetic: false });
    if (opts.annotation) this.annotations.set(name, opts.annotation);
    return name;
  }

  /** A synthetic local (temporary, flag, counter). */
  temp(base: string, kind: Kind | null = null, loopScoped = false): string {
    const name = this.namer.fresh(base);
    this.addLocal({ name, source: base, param: -1, kind: kind ?? { k: "other" }, loopScoped, synthetic: true });
    this.declared.set(name, kind);
    return name;
  }

  private addLocal(l: Local): void {
    this.fn.locals.set(l.name, l);
  }

  /** The unique name a source identifier refers to, or null for module-level and global names. */
  /** Parameters of helpers being inlined, innermost last: name -> the caller's (lowered) argument. */
  readonly inline: { fn: string; params: Map<string, t.Expression> }[] = [];

  resolve(name: string): string | null {
    // inside an inlined helper's body only its parameters (substituted) and module names are visible
    if (this.inline.length) return null;
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const u = this.scopes[i].get(name);
      if (u) return u;
    }
    return null;
  }

  assign(target: Target, value: t.Expression, op: "=" | "+=" | "-=" | "*=" | "/=" | "%=" | "**=" = "="): Stmt {
    return { kind: "assign", target, op, value, origin: this.origin };
  }
  setVar(name: string, value: t.Expression): Stmt {
    return this.assign({ kind: "var", name }, value);
  }
}
