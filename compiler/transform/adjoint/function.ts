// Adjoint generation for one function and one activity pattern: a forward sweep `f_fwd`
// (the primal plus the pushes the reverse sweep needs) and a reverse sweep `f_rev` (the
// adjoint statements in reverse order, popping what was pushed). Split this way, a helper's
// sweeps run inside its caller's sweeps on the same LIFO stacks, so helpers, recursion and
// top-level gradients share one mechanism. The rules for each statement kind are in
// statements.ts; this file decides what must be recorded and assembles the two functions.
import type { Assign, FnIR, Loop, Stmt } from "../../ir.js";
import type { Activity } from "../../analyze/activity.js";
import type { KindEnv } from "../../analyze/types.js";
import { forEachExpr, visit, walk } from "../../ir-walk.js";
import { Namer } from "../../names.js";
import { Code } from "./code.js";
import { emitForward, emitReverse, type SweepCx, type CalleeInfo } from "./statements.js";
import { findRecomputable } from "./recompute.js";
import { emitFused, planFusion } from "./fused.js";
import type { Reporter } from "../../errors.js";

export interface PairSpec {
  fn: FnIR;
  act: Activity;
  env: KindEnv;
  fwdName: string;
  revName: string;
  /** Array parameters whose contents this function changes: restored for callers. */
  mutated: Set<number>;
  /** Also generate a fused one-sweep gradient under this name, when fused.ts applies. */
  fusedName?: string;
  /** Does this module function write into array arguments (directly or through calls)? */
  mutates(callee: string): boolean;
  /** Runtime bindings, by role. */
  rt: Record<"values" | "control" | "refs" | "adjoints" | "zerosLike" | "sumAll" | "addInto" | "tapeCall" | "tapeBack", string>;
  callee(name: string, pattern: string): CalleeInfo;
  namer: Namer;
  rep: Reporter;
}

export interface PairSignature {
  /** Parameters in order, then shadows of varied array parameters. */
  shadowParams: number[];
  /** Scalar parameters whose adjoints the reverse sweep returns. */
  scalarParams: number[];
  retVaried: boolean;
  retArray: boolean;
}

export function signatureOf(fn: FnIR, act: Activity): PairSignature {
  const shadowParams: number[] = [];
  const scalarParams: number[] = [];
  fn.params.forEach((p, i) => {
    const k = fn.locals.get(p)!.kind.k;
    if (!act.varied.has(p)) return;
    if (k === "arr") shadowParams.push(i);
    else if (k === "num") scalarParams.push(i);
  });
  return { shadowParams, scalarParams, retVaried: act.retVaried, retArray: fn.locals.get(fn.ret)?.kind.k === "arr" };
}

/** The pair's code; `adjoints` names the adjoint variable of each active local (transform/higher reads their kinds). */
export function generatePair(spec: PairSpec): { code: string; fused: boolean; adjoints: Map<string, string> } {
  const { fn, act } = spec;
  const namer = spec.namer.child();
  for (const name of fn.locals.keys()) namer.reserve(name);
  const adjoint = new Map<string, string>();
  for (const name of act.varied) adjoint.set(name, namer.fresh(`${fn.locals.get(name)!.source}b`));
  const sig = signatureOf(fn, act);

  // How often each variable is assigned, and whether inside a loop: a variable assigned once,
  // outside loops, is never overwritten and never needs recording.
  const assigns = new Map<string, number>();
  const countAssigns = (stmts: Stmt[], inLoop: boolean) => {
    for (const s of stmts) {
      const tgt = s.kind === "assign" && s.target.kind === "var" ? s.target.name : s.kind === "call" ? s.target : null;
      if (tgt) assigns.set(tgt, (assigns.get(tgt) ?? 0) + (inLoop ? 2 : 1));
      if (s.kind === "if") {
        countAssigns(s.cons, inLoop);
        countAssigns(s.alt, inLoop);
      } else if (s.kind === "loop") {
        countAssigns(s.body, true);
        countAssigns(s.update, true);
      }
    }
  };
  countAssigns(fn.body, false);
  const counters = new Set<string>();
  visit(fn.body, (s) => s.kind === "loop" && s.counter && counters.add(s.counter.name));
  const indexVars = collectIndexVars(fn.body);
  const recompute = findRecomputable(fn, act);
  const recomputed = new Set<string>();
  for (const list of recompute.values()) list.forEach((s) => s.target.kind === "var" && recomputed.add(s.target.name));

  // Needed: what the reverse sweep reads. Grows to a fixpoint, since restoring a value read by
  // the reverse sweep (a[i] = pop()) itself reads (i).
  const needed = new Set<string>();
  const neededClasses = new Set<string>();
  // a helper restores every array parameter it changes: its callers may read them
  fn.params.forEach((p, i) => {
    if (spec.mutated.has(i)) neededClasses.add(act.classOf(p));
  });
  let rev = new Code();
  let inRev = new Set<Stmt>();
  let cx!: SweepCx;
  for (let iter = 0; iter < 50; iter++) {
    const reads = new Set<string>();
    rev = new Code();
    inRev = new Set<Stmt>();
    cx = makeCx(spec, namer.child(), adjoint, needed, neededClasses, assigns, counters, reads, inRev, sig, indexVars, recompute, recomputed);
    emitReverse(fn.body, cx, rev);
    let grew = false;
    for (const r of reads) {
      const l = fn.locals.get(r);
      if (!l) continue;
      if (l.kind.k === "arr") {
        const c = act.classOf(r);
        if (!neededClasses.has(c)) {
          neededClasses.add(c);
          grew = true;
        }
      }
      if (!needed.has(r)) {
        needed.add(r);
        grew = true;
      }
    }
    if (!grew) break;
  }

  // Final state handed from the forward to the reverse sweep: what the reverse reads (or, for
  // arrays, whose shadows it writes) that the forward sweep set.
  const handoff: { name: string; arr: boolean; primal: boolean; shadow: boolean }[] = [];
  for (const [name, l] of fn.locals) {
    if (counters.has(name) && l.loopScoped) continue;
    if (recomputed.has(name)) continue; // recomputed inside its loop before any read
    const isParam = l.param >= 0;
    const written = assigns.has(name);
    if (isParam && !written) continue;
    const isArr = l.kind.k === "arr";
    const primal = needed.has(name);
    const shadow = isArr && act.varied.has(name) && !(isParam && !written);
    // a reassigned array parameter hands over its current shadow too (its original one is restored where it was reassigned)
    if (primal || shadow) handoff.push({ name, arr: isArr || l.kind.k === "other" || !!l.nullable, primal, shadow });
  }

  // ---- forward sweep
  const fwd = new Code();
  const params = fn.params.join(", ");
  const shadowParamNames = sig.shadowParams.map((i) => adjoint.get(fn.params[i])!);
  fwd.comment(`forward sweep of ${fn.name}: the primal, recording what ${spec.revName} needs`);
  fwd.open(`function ${spec.fwdName}(${[params, ...shadowParamNames].filter(Boolean).join(", ")})`);
  const localDecls = [...fn.locals.values()].filter((l) => l.param < 0).map((l) => l.name);
  const fwdShadows = [...fn.locals.values()].filter((l) => l.param < 0 && l.kind.k === "arr" && act.varied.has(l.name)).map((l) => adjoint.get(l.name)!);
  if (localDecls.length || fwdShadows.length) fwd.line(`let ${[...localDecls, ...fwdShadows].join(", ")};`);
  const fcx = makeCx(spec, namer.child(), adjoint, needed, neededClasses, assigns, counters, new Set(), inRev, sig, indexVars, recompute, recomputed);
  emitForward(fn.body, fcx, fwd);
  if (handoff.length) {
    fwd.comment(`hand the final state to ${spec.revName}`);
    for (const h of handoff) {
      if (h.primal) fwd.line(h.arr ? `${spec.rt.refs}.push(${h.name});` : pushScalar(spec, fn, h.name));
      if (h.shadow) fwd.line(`${spec.rt.refs}.push(${adjoint.get(h.name)});`);
    }
  }
  if (sig.retArray && sig.retVaried) fwd.line(`${spec.rt.refs}.push(${adjoint.get(fn.ret)});`);
  fwd.line(`return ${fn.ret};`);
  fwd.close();

  // ---- reverse sweep
  const out = new Code();
  const retb = sig.retVaried && !sig.retArray ? adjoint.get(fn.ret)! : null;
  out.comment(`reverse sweep of ${fn.name}: adjoints in reverse order${sig.scalarParams.length ? `; returns d/d(${sig.scalarParams.map((i) => fn.params[i]).join(", ")})` : ""}`);
  out.open(`function ${spec.revName}(${[params, ...shadowParamNames, ...(retb ? [retb] : [])].filter(Boolean).join(", ")})`);
  // the reverse sweep declares only the primal locals it uses
  const revText = rev.toString().replace(/\/\/.*$/gm, "") + handoff.map((h) => `${h.name} ${h.shadow ? adjoint.get(h.name) : ""}`).join(" ");
  const used = (n: string) => new RegExp(`(^|[^\\w$])${n.replace(/\$/g, "\\$")}([^\\w$]|$)`).test(revText);
  const revDecls = [...localDecls, ...fwdShadows].filter(used);
  if (revDecls.length) out.line(`let ${revDecls.join(", ")};`);
  for (let i = handoff.length - 1; i >= 0; i--) {
    const h = handoff[i];
    if (h.shadow) out.line(`${adjoint.get(h.name)} = ${spec.rt.refs}.pop();`);
    if (h.primal) out.line(h.arr ? `${h.name} = ${spec.rt.refs}.pop();` : popScalar(spec, fn, h.name));
  }
  const scalarAdjoints = [...act.varied].filter((n) => fn.locals.get(n)!.kind.k === "num" && !(retb && n === fn.ret));
  if (scalarAdjoints.length) out.line(`let ${scalarAdjoints.map((n) => `${adjoint.get(n)} = 0`).join(", ")};`);
  out.append(rev.toString().split("\n").filter((l) => l.length));
  const rets = sig.scalarParams.map((i) => adjoint.get(fn.params[i])!);
  if (rets.length === 1) out.line(`return ${rets[0]};`);
  else if (rets.length > 1) rets.forEach((r, k) => out.line(`${spec.rt.adjoints}[${k}] = ${r};`));
  out.close();

  // ---- fused one-sweep gradient (fused.ts), for top-level use
  let fused = "";
  const plan = spec.fusedName && spec.mutated.size === 0 && sig.retVaried && !sig.retArray ? planFusion(fn, act, spec.mutates) : null;
  const fusedBody = plan
    ? emitFused(plan, {
        cx: (plain, reads) => ({ ...makeCx(spec, namer.child(), adjoint, needed, neededClasses, assigns, counters, reads, inRev, sig, indexVars, recompute, recomputed), plain }),
        needed,
      })
    : null;
  if (fusedBody) {
    const f = new Code();
    f.comment(`gradient of ${fn.name} in one sweep: each loop iteration's reverse runs right after it (fused.ts)`);
    f.open(`function ${spec.fusedName}(${[params, ...shadowParamNames].filter(Boolean).join(", ")})`);
    if (localDecls.length || fwdShadows.length) f.line(`let ${[...localDecls, ...fwdShadows].join(", ")};`);
    const adj = [...act.varied].filter((n) => fn.locals.get(n)!.kind.k === "num");
    f.line(`let ${adj.map((n) => `${adjoint.get(n)} = ${n === fn.ret ? 1 : 0}`).join(", ")};`);
    f.append(fusedBody.toString().split("\n").filter((l) => l.length));
    rets.forEach((r, k) => f.line(`${spec.rt.adjoints}[${k}] = ${r};`));
    f.line(`return ${fn.ret};`);
    f.close();
    fused = `\n\n${f}`;
  }
  return { code: `${fwd}\n\n${out}${fused}`, fused: !!fusedBody, adjoints: adjoint };
}

function pushScalar(spec: PairSpec, fn: FnIR, name: string): string {
  return fn.locals.get(name)!.kind.k === "bool" ? `${spec.rt.values}.push(${name} ? 1 : 0);` : `${spec.rt.values}.push(${name});`;
}
function popScalar(spec: PairSpec, fn: FnIR, name: string): string {
  return fn.locals.get(name)!.kind.k === "bool" ? `${name} = ${spec.rt.values}.pop() !== 0;` : `${name} = ${spec.rt.values}.pop();`;
}

function makeCx(
  spec: PairSpec,
  namer: Namer,
  adjoint: Map<string, string>,
  needed: Set<string>,
  neededClasses: Set<string>,
  assigns: Map<string, number>,
  counters: Set<string>,
  reads: Set<string>,
  inRev: Set<Stmt>,
  sig: PairSignature,
  indexVars: Set<string>,
  recompute: Map<Loop, Assign[]>,
  recomputed: Set<string>,
): SweepCx {
  return { spec, namer, adjoint, needed, neededClasses, assigns, counters, reads, inRev, sig, indexVars, recompute, recomputed };
}

function collectIndexVars(body: Stmt[]): Set<string> {
  const out = new Set<string>();
  forEachExpr(body, (e) =>
    walk(e, (n) => {
      if (n.type === "MemberExpression" && n.computed && n.property.type === "Identifier") out.add(n.property.name);
    }),
  );
  return out;
}
