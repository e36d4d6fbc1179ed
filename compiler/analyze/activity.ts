// Activity analysis: which locals carry derivatives of the differentiated inputs ("varied").
// Only varied values get adjoints; everything else (indices, sizes, data) gets no reverse code.
// Arrays are tracked by alias class (union-find): a reference copied, stored in another array or
// passed through a call shares its class, so a write through any alias makes the whole class varied.
// Flow-insensitive and interprocedural through per-(callee, pattern) summaries.
import * as t from "@babel/types";
import type { FnIR, Stmt } from "../ir.js";
import { kindOf, type KindEnv } from "./types.js";
import { visit } from "../ir-walk.js";

export interface Summary {
  retVaried: boolean;
  /** Array parameters whose alias class is varied inside the callee (they need shadows). */
  variedArrays: Set<number>;
}

export interface Activity {
  /** Varied number locals and array locals of varied classes. */
  varied: Set<string>;
  retVaried: boolean;
  /** The alias class representative of every array local. */
  classOf(name: string): string;
  /** Call patterns this function uses: statement -> pattern string ("1" per varied argument). */
  patterns: Map<Stmt, string>;
  /** Does this expression carry a derivative? */
  exprVaried(e: t.Expression): boolean;
  /** Locals of unknown kind that a derivative would flow into (the caller rejects them). */
  untyped: Set<string>;
}

export type SummaryOf = (callee: string, pattern: string) => Summary;

export function rootOf(e: t.Expression): string | null {
  while (e.type === "MemberExpression" && e.computed) e = e.object as t.Expression;
  return e.type === "Identifier" ? e.name : null;
}

/** Array locals an expression may evaluate to a reference of. */
function arrayRoots(e: t.Expression, env: KindEnv, out: string[] = []): string[] {
  if (e.type === "ConditionalExpression") {
    arrayRoots(e.consequent, env, out);
    arrayRoots(e.alternate, env, out);
  } else if (e.type === "LogicalExpression") {
    arrayRoots(e.left, env, out);
    arrayRoots(e.right, env, out);
  } else if (kindOf(e, env).k === "arr") {
    // only a reference aliases: a number read out of an array (st[j] = state[j]) does not
    const r = rootOf(e);
    if (r && env.locals.get(r)?.kind.k === "arr") out.push(r);
  }
  return out;
}

/** Alias classes of array locals: union-find over reference copies, stores and call arguments. */
export function aliasClasses(fn: FnIR, env: KindEnv): (name: string) => string {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let p = parent.get(x) ?? x;
    if (p !== x) {
      p = find(p);
      parent.set(x, p);
    }
    return p;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  const isArr = (n: string) => fn.locals.get(n)?.kind.k === "arr";

  // alias classes
  visit(fn.body, (s) => {
    if (s.kind === "assign") {
      const roots = arrayRoots(s.value, env);
      if (s.target.kind === "var" && isArr(s.target.name)) roots.forEach((r) => union(s.target.kind === "var" ? s.target.name : "", r));
      if (s.target.kind === "elem") {
        const tr = rootOf(s.target.object);
        if (tr) roots.forEach((r) => union(tr, r));
      }
    } else if (s.kind === "push") {
      const tr = rootOf(s.array);
      if (tr) arrayRoots(s.value, env).forEach((r) => union(tr, r));
    } else if (s.kind === "call" && s.via !== "tape") {
      // a callee may return (part of) an argument; a call through the tape returns a copy (runtime/tape.ts)
      const roots = s.args.flatMap((a) => arrayRoots(a, env));
      if (s.target && isArr(s.target)) roots.forEach((r) => union(s.target!, r));
    }
  });
  return find;
}

/** Array parameters whose contents the function may change (directly, through aliases or callees). */
export function mutatedParams(fn: FnIR, env: KindEnv, mutates: (callee: string) => Set<number>): Set<number> {
  const find = aliasClasses(fn, env);
  const written = new Set<string>();
  visit(fn.body, (s) => {
    const r = s.kind === "assign" && s.target.kind === "elem" ? rootOf(s.target.object) : s.kind === "push" ? rootOf(s.array) : null;
    if (r) written.add(find(r));
    if (s.kind === "call" && !s.via) {
      for (const i of mutates(s.callee)) {
        const a = s.args[i] ? rootOf(s.args[i]) : null;
        if (a && fn.locals.has(a)) written.add(find(a));
      }
    }
  });
  const out = new Set<number>();
  fn.params.forEach((p, i) => {
    if (fn.locals.get(p)?.kind.k === "arr" && written.has(find(p))) out.add(i);
  });
  return out;
}

export function analyzeActivity(fn: FnIR, active: Set<number>, env: KindEnv, summaryOf: SummaryOf): Activity {
  const find = aliasClasses(fn, env);
  const isArr = (n: string) => fn.locals.get(n)?.kind.k === "arr";

  const varied = new Set<string>();
  const variedClasses = new Set<string>();
  fn.params.forEach((p, i) => {
    if (!active.has(i)) return;
    if (isArr(p)) variedClasses.add(find(p));
    else varied.add(p);
  });

  const exprVaried = (e: t.Expression): boolean => {
    const k = kindOf(e, env).k;
    if (k === "int" || k === "bool") return false;
    return anyVaried(e);
  };
  const anyVaried = (e: t.Node): boolean => {
    if (e.type === "Identifier") {
      const l = fn.locals.get(e.name);
      if (!l) return false;
      return l.kind.k === "arr" ? variedClasses.has(find(e.name)) : varied.has(e.name);
    }
    if (e.type === "MemberExpression") {
      // .length and Math.PI carry nothing; a method (x.slice) carries what its object does
      if (!e.computed) return (e.property as t.Identifier).name !== "length" && anyVaried(e.object);
      const k = kindOf(e as t.Expression, env).k;
      if (k === "int" || k === "bool") return false;
      const r = rootOf(e as t.Expression);
      // an element of (c ? x : y) carries what x or y does
      return r ? variedClasses.has(find(r)) : anyVaried(e.object);
    }
    if (e.type === "CallExpression" && e.callee.type === "MemberExpression" && e.callee.object.type === "Identifier" && e.callee.object.name === "Math") {
      const m = (e.callee.property as t.Identifier).name;
      if (["floor", "ceil", "round", "trunc", "sign", "random", "clz32", "imul", "fround"].includes(m)) return false;
    }
    if (e.type === "BinaryExpression" && ["==", "!=", "===", "!==", "<", "<=", ">", ">=", "|", "&", "^", "<<", ">>", ">>>"].includes(e.operator)) return false;
    if (e.type === "UnaryExpression" && (e.operator === "!" || e.operator === "~" || e.operator === "typeof")) return false;
    if (e.type === "ConditionalExpression") return anyVaried(e.consequent) || anyVaried(e.alternate);
    for (const key of t.VISITOR_KEYS[e.type] ?? []) {
      const v = (e as any)[key];
      if (Array.isArray(v) ? v.some((c) => c && anyVaried(c)) : v && typeof v === "object" && anyVaried(v)) return true;
    }
    return false;
  };

  const patterns = new Map<Stmt, string>();
  const untyped = new Set<string>();
  let retVaried = false;
  for (let iter = 0; iter < 100; iter++) {
    let changed = false;
    const markVar = (n: string) => {
      if (isArr(n)) {
        const c = find(n);
        if (!variedClasses.has(c)) {
          variedClasses.add(c);
          changed = true;
        }
      } else if (!varied.has(n) && fn.locals.get(n)?.kind.k === "num") {
        varied.add(n);
        changed = true;
      } else if (fn.locals.get(n)?.kind.k === "other") {
        untyped.add(n); // a derivative would flow into a value of unknown kind: never drop it silently
      }
    };
    visit(fn.body, (s) => {
      if (s.kind === "assign") {
        const v = exprVaried(s.value) || (s.op !== "=" && s.target.kind === "var" && varied.has(s.target.name));
        if (!v) return;
        if (s.target.kind === "var") markVar(s.target.name);
        else {
          const r = rootOf(s.target.object);
          if (r) markVar(r);
        }
      } else if (s.kind === "push") {
        if (exprVaried(s.value)) {
          const r = rootOf(s.array);
          if (r) markVar(r);
        }
      } else if (s.kind === "call") {
        const pattern = s.args.map((a) => (exprVaried(a) ? "1" : "0")).join("");
        patterns.set(s, pattern);
        // through the tape (dynamic.ts): the result varies with any varied argument, arguments are not written
        // a value popped from a run-time store of sweep code (transform/higher) may carry a tangent
        const popped = !!s.op && (((s.op.op === "pop" || s.op.op === "get") && s.op.cls !== "control") || ((s.op.op === "sum" || s.op.op === "arrpop") && pattern.includes("1")));
        const sum = s.via ? { retVaried: (s.via === "tape" && pattern.includes("1")) || popped, variedArrays: new Set<number>() } : summaryOf(s.callee, pattern);
        if (sum.retVaried && s.target) markVar(s.target);
        // an array recorded on $refs by sweep code comes back by reference: its tangent must be the same array then
        if (s.op?.op === "push" && s.op.cls === "refs") for (const r of s.args.flatMap((a) => arrayRoots(a, env))) markVar(r);
        // addInto(dst, src) writes src into dst
        if (s.op?.op === "add" && exprVaried(s.args[1])) arrayRoots(s.args[0], env).forEach(markVar);
        for (const i of sum.variedArrays) {
          const r = s.args[i] ? rootOf(s.args[i]) : null;
          if (r) markVar(r);
        }
      }
    });
    if (!changed) break;
  }
  for (const [name, l] of fn.locals) if (l.kind.k === "arr" && variedClasses.has(find(name))) varied.add(name);
  retVaried = varied.has(fn.ret);
  return { varied, retVaried, classOf: find, patterns, exprVaried, untyped };
}
