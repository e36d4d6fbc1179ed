// Walking the IR: every statement (nested ifs and loops included), every expression a statement
// holds, and every node of an expression. Passes use these instead of their own recursions.
import * as t from "@babel/types";
import type { Stmt } from "./ir.js";

/** f on every statement, parents before children. */
export function visit(stmts: Stmt[], f: (s: Stmt) => void): void {
  for (const s of stmts) {
    f(s);
    if (s.kind === "if") {
      visit(s.cons, f);
      visit(s.alt, f);
    } else if (s.kind === "loop") {
      visit(s.body, f);
      visit(s.update, f);
    }
  }
}

/** f on every expression the statements hold: values, targets (as element reads), arguments, tests. */
export function forEachExpr(stmts: Stmt[], f: (e: t.Expression) => void): void {
  visit(stmts, (s) => {
    switch (s.kind) {
      case "assign":
        f(s.value);
        if (s.target.kind === "elem") f(t.memberExpression(s.target.object, s.target.index, true));
        return;
      case "call":
        return s.args.forEach(f);
      case "push":
        f(s.array);
        return f(s.value);
      case "if":
      case "loop":
        return f(s.test);
      case "effect":
        return f(s.expr);
    }
  });
}

/** f on every node of an expression, parents first. Non-computed property names are not visited. */
export function walk(n: t.Node, f: (n: t.Node) => void): void {
  f(n);
  for (const key of t.VISITOR_KEYS[n.type] ?? []) {
    if (n.type === "MemberExpression" && key === "property" && !n.computed) continue;
    const v = (n as any)[key];
    if (Array.isArray(v)) v.forEach((c) => c && walk(c, f));
    else if (v && typeof v === "object") walk(v, f);
  }
}
