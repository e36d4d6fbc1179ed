// Jump elimination: replaces break, continue and return by boolean flags and guards, so that
// every loop exits only through its test and every statement list runs to its end (Tapenade's
// structured reversal needs nothing else). After a statement that may jump, the rest of the list
// runs under `if (!flag)`; a loop whose body may break or return tests the flags first.
// Contract: the result has no Jump statements and no block pseudo-loops, and computes the same.
import * as t from "@babel/types";
import type { FnIR, Loop, Stmt } from "../ir.js";
import { Namer } from "../names.js";

interface Flags {
  namer: Namer;
  fn: FnIR;
  done: string | null;
  brk: Map<string, string>;
  cont: Map<string, string>;
}

export function eliminateJumps(fn: FnIR, namer: Namer): void {
  const flags: Flags = { namer, fn, done: null, brk: new Map(), cont: new Map() };
  // a return that ends the function needs no flag
  const last = fn.body[fn.body.length - 1];
  if (last?.kind === "jump" && last.type === "return") fn.body.pop();
  const r = process(fn.body, flags);
  fn.body = r.stmts;
  if (flags.done) fn.body.unshift(setFlag(flags.done, false, fn.body[0]?.origin ?? { text: "", node: fn.node }));
}

function flag(f: Flags, map: Map<string, string> | null, key: string, base: string): string {
  if (!map) {
    if (!f.done) f.done = newFlag(f, "done");
    return f.done;
  }
  let name = map.get(key);
  if (!name) map.set(key, (name = newFlag(f, base)));
  return name;
}

function newFlag(f: Flags, base: string): string {
  const name = f.namer.fresh(base);
  f.fn.locals.set(name, { name, source: base, param: -1, kind: { k: "bool" }, loopScoped: false, synthetic: true });
  return name;
}

function setFlag(name: string, value: boolean, origin: Stmt["origin"]): Stmt {
  return { kind: "assign", target: { kind: "var", name }, op: "=", value: t.booleanLiteral(value), origin };
}

function anyOf(names: Iterable<string>): t.Expression {
  let e: t.Expression | null = null;
  for (const n of names) e = e ? t.logicalExpression("||", e, t.identifier(n)) : t.identifier(n);
  return e!;
}

interface Result {
  stmts: Stmt[];
  /** Flags that may be set on leaving this code, and not consumed in it. */
  exits: Set<string>;
}

function process(list: Stmt[], f: Flags): Result {
  const out: Stmt[] = [];
  const exits = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const r = processStmt(list[i], f);
    out.push(...r.stmts);
    if (r.exits.size) {
      r.exits.forEach((x) => exits.add(x));
      const rest = process(list.slice(i + 1), f);
      rest.exits.forEach((x) => exits.add(x));
      if (rest.stmts.length) {
        out.push({ kind: "if", test: t.unaryExpression("!", wrap(anyOf(r.exits))), cons: rest.stmts, alt: [], origin: rest.stmts[0].origin });
      }
      break;
    }
  }
  return { stmts: out, exits };
}

function wrap(e: t.Expression): t.Expression {
  return e.type === "Identifier" ? e : t.parenthesizedExpression(e);
}

function processStmt(s: Stmt, f: Flags): Result {
  switch (s.kind) {
    case "jump": {
      const name =
        s.type === "return" ? flag(f, null, "", "done") : s.type === "break" ? flag(f, f.brk, s.target, `break_${s.target}`) : flag(f, f.cont, s.target, `continue_${s.target}`);
      return { stmts: [setFlag(name, true, s.origin)], exits: new Set([name]) };
    }
    case "if": {
      const c = process(s.cons, f);
      const a = process(s.alt, f);
      return { stmts: [{ ...s, cons: c.stmts, alt: a.stmts }], exits: new Set([...c.exits, ...a.exits]) };
    }
    case "loop":
      return s.block ? processBlock(s, f) : processLoop(s, f);
    default:
      return { stmts: [s], exits: new Set() };
  }
}

/** A switch or labelled block: its breaks end it; the body runs once. */
function processBlock(s: Loop, f: Flags): Result {
  const body = process(s.body, f);
  const brk = f.brk.get(s.label);
  const stmts = body.stmts;
  if (brk) {
    body.exits.delete(brk);
    stmts.unshift(setFlag(brk, false, s.origin));
    // the trailing `break` that closes the block leaves the flag set; nothing reads it after
  }
  return { stmts, exits: body.exits };
}

function processLoop(s: Loop, f: Flags): Result {
  const body = process(s.body, f);
  const brk = f.brk.get(s.label);
  const cont = f.cont.get(s.label);
  const stop = new Set(body.exits);
  if (cont) stop.delete(cont);
  const exits = new Set(stop);
  if (brk) exits.delete(brk);
  const stmts: Stmt[] = [];
  let test = s.test;
  let update = s.update;
  const counter = s.counter;
  if (stop.size) {
    test = t.logicalExpression("&&", t.unaryExpression("!", wrap(anyOf(stop))), test);
    if (!counter && update.length) {
      // the update must not run after a break or return: its variable is visible after the loop
      update = [{ kind: "if", test: t.unaryExpression("!", wrap(anyOf(stop))), cons: update, alt: [], origin: s.origin }];
    }
  }
  if (brk) stmts.push(setFlag(brk, false, s.origin));
  const bodyStmts = body.stmts;
  if (cont) bodyStmts.unshift(setFlag(cont, false, s.origin));
  // a counted loop stays counted: its counter is loop-scoped, so the extra step after a break is invisible
  stmts.push({ ...s, test, body: bodyStmts, update, counter });
  return { stmts, exits };
}
