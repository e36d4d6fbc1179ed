// Fused gradient: for the common objective `prologue; for (...) { s += term(i) }; return g(s)`,
// where each iteration only adds into accumulators whose adjoints are known before the loop (the
// epilogue is linear in them), the reverse of each iteration can run right after its forward.
// One pass over the data instead of two, nothing recorded across iterations, and no recomputation:
// close to what one writes by hand. Used only by top-level gradients (the seed is known: 1).
//
// Order of the fused function:
//   forward(prologue); reverse(epilogue)  -> adjoints of the accumulators
//   loop { forward(body); snapshot; reverse(body); restore snapshot }
//   forward(epilogue); reverse(prologue)
// Contract: computes exactly what f_fwd followed by f_rev computes, or is not generated at all.
import type { FnIR, Loop, Stmt } from "../../ir.js";
import type { Activity } from "../../analyze/activity.js";
import { readsOf } from "../lower/expressions.js";
import { forEachExpr, visit, walk } from "../../ir-walk.js";
import { print } from "../../source.js";
import { Code } from "./code.js";
import { emitForward, emitReverse, type SweepCx } from "./statements.js";

export interface FusionPlan {
  pre: Stmt[];
  loop: Loop;
  post: Stmt[];
  /** Scalars the loop writes: saved after an iteration's forward, put back after its reverse. */
  snapshot: string[];
}

/** The shape and dependence conditions of the header comment, checked on the IR. */
export function planFusion(fn: FnIR, act: Activity, mutates: (callee: string) => boolean): FusionPlan | null {
  const body = fn.body;
  let li = -1;
  body.forEach((s, i) => s.kind === "loop" && !s.block && (li = i));
  if (li < 0) return null;
  const loop = body[li] as Loop;
  const pre = body.slice(0, li);
  const post = body.slice(li + 1);
  // the epilogue: plain assignments to variables
  if (post.some((s) => s.kind !== "assign" || s.target.kind !== "var")) return null;
  // the loop: no array writes, no calls that write arrays
  let ok = true;
  visit([...loop.body, ...loop.update], (s) => {
    if (s.kind === "push" || (s.kind === "assign" && s.target.kind === "elem")) ok = false;
    if (s.kind === "call" && (s.via ? s.via === "tape" : mutates(s.callee))) ok = false;
    if (s.kind === "assign" && s.target.kind === "var" && fn.locals.get(s.target.name)?.kind.k === "arr") ok = false;
    if (s.kind === "call" && s.target && fn.locals.get(s.target)?.kind.k === "arr") ok = false;
  });
  if (!ok) return null;
  const written = new Set<string>();
  visit([...loop.body, ...loop.update], (s) => {
    if (s.kind === "assign" && s.target.kind === "var") written.add(s.target.name);
    if (s.kind === "call" && s.target) written.add(s.target);
  });
  const loopReads = readsIgnoringAccumulation([...loop.body, ...loop.update]);
  readsOf(loop.test).forEach((r) => loopReads.add(r));
  const postReads = readsIgnoringAccumulation(post);
  const updateWrites = new Set<string>();
  visit(loop.update, (s) => s.kind === "assign" && s.target.kind === "var" && updateWrites.add(s.target.name));
  for (const v of written) {
    if (!act.varied.has(v) || fn.locals.get(v)?.kind.k !== "num") continue;
    if (updateWrites.has(v)) return null;
    if (isAccumulator(v, loop) && !loopReads.has(v)) continue;
    if (isIterationLocal(v, loop) && !postReads.has(v)) continue;
    return null;
  }
  return { pre, loop, post, snapshot: [...written].filter((v) => fn.locals.get(v)?.kind.k !== "arr") };
}

/** Every write of v in the loop is `v += e` or `v -= e`. */
function isAccumulator(v: string, loop: Loop): boolean {
  let only = true;
  visit([...loop.body, ...loop.update], (s) => {
    if (s.kind === "assign" && s.target.kind === "var" && s.target.name === v && s.op !== "+=" && s.op !== "-=") only = false;
    if (s.kind === "call" && s.target === v) only = false;
  });
  return only;
}

/** v is set (`v = e`, at the top of the body) before anything in the iteration reads it. */
function isIterationLocal(v: string, loop: Loop): boolean {
  for (const s of loop.body) {
    if (s.kind === "assign" && s.target.kind === "var" && s.target.name === v && s.op === "=") return !readsOf(s.value).has(v);
    if (s.kind === "call" && s.target === v) return !s.args.some((a) => readsOf(a).has(v)); // v = helper(...)
    let touches = false;
    forEachExpr([s], (e) => walk(e, (n) => n.type === "Identifier" && n.name === v && (touches = true)));
    visit([s], (x) => {
      if ((x.kind === "assign" && x.target.kind === "var" && x.target.name === v) || (x.kind === "call" && x.target === v)) touches = true;
    });
    if (touches) return false;
  }
  return false;
}

/** Variables read by statements, not counting the target of `v += e` / `v -= e` itself. */
function readsIgnoringAccumulation(stmts: Stmt[]): Set<string> {
  const out = new Set<string>();
  forEachExpr(stmts, (e) => readsOf(e, out));
  visit(stmts, (s) => {
    if (s.kind === "assign" && s.target.kind === "var" && s.op !== "=" && s.op !== "+=" && s.op !== "-=") out.add(s.target.name);
  });
  return out;
}

export interface FusedParts {
  /** A sweep context that records and restores as usual, and one that does neither. */
  cx(plain: boolean, reads: Set<string>): SweepCx;
  /** What the reverse sweep restores: only these need putting back after an iteration's reverse. */
  needed: Set<string>;
}

/**
 * The fused sweep's body, or null when the dependence checks that need the generated code fail:
 * the epilogue's reverse and the prologue's reverse must not read what the loop or epilogue write.
 */
export function emitFused(plan: FusionPlan, parts: FusedParts): Code | null {
  const loopWrites = new Set(plan.snapshot);
  visit(plan.post, (s) => s.kind === "assign" && s.target.kind === "var" && loopWrites.add(s.target.name));

  const postRev = new Code();
  const postReads = new Set<string>();
  emitReverse(plan.post, parts.cx(true, postReads), postRev);
  const preRev = new Code();
  const preReads = new Set<string>();
  emitReverse(plan.pre, parts.cx(false, preReads), preRev);
  for (const r of [...postReads, ...preReads]) if (loopWrites.has(r)) return null;

  const code = new Code();
  const fcx = parts.cx(false, new Set());
  emitForward(plan.pre, fcx, code);
  code.comment("the reverse of what follows the loop runs first: it gives the adjoints the loop adds into");
  code.append(postRev.toString().split("\n").filter((l) => l.length));
  const loop = plan.loop;
  code.comment(`${loop.origin.text}: each iteration's reverse right after its forward`);
  const test = print(loop.test);
  if (loop.counter && !loop.post) {
    const c = loop.counter;
    const step = c.step === 1 ? `${c.name}++` : c.step === -1 ? `${c.name}--` : `${c.name} += ${c.step}`;
    code.open(`for (${c.name} = ${print(c.init)}; ${test}; ${step})`);
  } else {
    code.open(loop.post ? "do" : `while (${test})`);
  }
  // values cached by the body's top-level statements stay in their consts for the reverse just below
  const shared = { stmts: new Set(loop.body), names: new Map() };
  const bodyCx = { ...fcx, shared };
  emitForward(loop.body, bodyCx, code);
  const restored = plan.snapshot.filter((v) => parts.needed.has(v) && !fcx.recomputed.has(v) && v !== loop.counter?.name);
  const names = restored.map((v) => [v, fcx.namer.fresh(`${v}_now`)] as const);
  if (names.length) code.line(`const ${names.map(([v, n]) => `${n} = ${v}`).join(", ")};`);
  emitReverse(loop.body, { ...parts.cx(false, new Set()), shared }, code);
  for (const [v, n] of names) code.line(`${v} = ${n};`);
  if (!(loop.counter && !loop.post)) emitForward(loop.update, parts.cx(true, new Set()), code);
  code.close(loop.post ? ` while (${test});` : "");
  emitForward(plan.post, parts.cx(true, new Set()), code);
  code.append(preRev.toString().split("\n").filter((l) => l.length));
  return code;
}
