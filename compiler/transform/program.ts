// Driver over the functions of one module: lowers each reachable function once (fence, lower,
// jumps, kinds), solves activity summaries to a fixpoint across calls (recursion included), then
// generates one forward/reverse pair per (function, activity pattern) that a gradient reaches.
import type * as t from "@babel/types";
import type { Reporter } from "../errors.js";
import type { FnIR, Kind } from "../ir.js";
import { Namer } from "../names.js";
import { analyzeActivity, mutatedParams, type Activity, type Summary } from "../analyze/activity.js";
import { fence } from "../analyze/fence.js";
import type { ModuleInfo } from "../analyze/module.js";
import { fromAnnotation, inferKinds, sameKind, type KindEnv } from "../analyze/types.js";
import { lowerFunction } from "./lower/index.js";
import { eliminateJumps } from "./jumps.js";
import { generatePair, signatureOf, type PairSignature, type PairSpec } from "./adjoint/function.js";
import type { CalleeInfo } from "./adjoint/statements.js";

export type RuntimeNames = PairSpec["rt"] & Record<"checkResult" | "checkArg" | "snapshot" | "restore" | "reset" | "gather" | "scatter" | "checkClass" | "register" | "closure" | "withCaptures" | "checkJvp" | "checkTangent" | "store" | "stackTops" | "resetTops" | "checkDirection" | "checkObjectDirection" | "units" | "checkNoAlias" | "primitive" | "vjpArg" | "checkCotangent" | "jacobianOf" | "copyArg" | "scaleGrad" | "vjpOfRule", string>;

interface FnEntry {
  fn: FnIR;
  env: KindEnv;
  mutated: Set<number>;
}

interface PairEntry {
  name: string;
  pattern: string;
  /** Name of the fused one-sweep gradient: requested by a top-level wrapper, null once known not to apply. */
  fused: string | null;
  act: Activity;
  sig: PairSignature;
  fwd: string;
  rev: string;
  code: string | null;
  /** Adjoint variable of each active local, once generated. */
  adjoints?: Map<string, string>;
}

export class Program {
  private fns = new Map<string, FnEntry>();
  private inProgress = new Set<string>();
  private summaries = new Map<string, Summary>();
  private pairs = new Map<string, PairEntry>();
  readonly namer: Namer;

  constructor(
    readonly module: ModuleInfo,
    readonly rep: Reporter,
    readonly source: string,
    readonly rt: RuntimeNames,
  ) {
    this.namer = new Namer(module.names);
    for (const v of Object.values(rt)) this.namer.reserve(v);
  }

  /** The lowered, analyzed form of a module function. */
  /** Return kinds assumed for functions still being analyzed (recursion), checked afterwards. */
  private assumed = new Map<string, Kind>();

  fn(name: string): FnEntry {
    for (let attempt = 0; ; attempt++) {
      const e = this.analyze(name);
      const assumed = this.assumed.get(name);
      this.assumed.delete(name);
      // a recursive call was typed before the function's return kind was known: redo with it
      if (!assumed || sameKind(assumed, e.fn.retKind) || attempt > 2) return e;
      this.fns.delete(name);
      this.known.set(name, e.fn.retKind);
    }
  }

  private known = new Map<string, Kind>();

  /** Is name being lowered or typed right now (a call back into it is recursion)? */
  analyzing(name: string): boolean {
    return this.inProgress.has(name);
  }

  private analyze(name: string): FnEntry {
    let e = this.fns.get(name);
    if (e) return e;
    const node = this.module.functions.get(name)!;
    this.inProgress.add(name);
    fence(node, this.rep);
    const low = lowerFunction(name, node, this.module, this.rep, this.rep.sourceOf(node));
    eliminateJumps(low.fn, new Namer([...this.module.bindings, ...low.fn.locals.keys()]));
    // callees first, so their return kinds are known (recursion falls back to annotations, then number)
    const env: Omit<KindEnv, "locals"> = {
      module: this.module,
      returnKind: (callee: string): Kind => {
        if (this.inProgress.has(callee)) {
          const n = this.module.functions.get(callee)!;
          const k = (n.returnType?.type === "TSTypeAnnotation" && fromAnnotation(n.returnType.typeAnnotation)) || this.known.get(callee) || { k: "num" };
          if (!this.assumed.has(callee)) this.assumed.set(callee, k);
          return k;
        }
        return this.fn(callee).fn.retKind;
      },
      paramKind: (callee: string, i: number): Kind | null => {
        if (this.inProgress.has(callee)) return null;
        const f = this.fn(callee).fn;
        return f.params[i] ? f.locals.get(f.params[i])!.kind : null;
      },
    };
    inferKinds(low, env);
    const full: KindEnv = { ...env, locals: low.fn.locals };
    this.inProgress.delete(name);
    e = { fn: low.fn, env: full, mutated: new Set() };
    this.fns.set(name, e);
    e.mutated = mutatedParams(low.fn, full, (callee) => (this.inProgress.has(callee) || callee === name ? new Set() : this.fn(callee).mutated));
    return e;
  }

  private summaryOf = (callee: string, pattern: string): Summary => {
    const key = `${callee}:${pattern}`;
    let s = this.summaries.get(key);
    if (!s) {
      s = { retVaried: false, variedArrays: new Set() };
      this.summaries.set(key, s);
    }
    return s;
  };

  /** Solve all summaries to a fixpoint (the set of keys grows as patterns are discovered). */
  solve(): void {
    for (let round = 0; round < 100; round++) {
      const before = this.summaries.size;
      let changed = false;
      for (const [key, s] of [...this.summaries]) {
        const [name, pattern] = key.split(":");
        const act = this.activity(name, pattern);
        const varied = new Set<number>();
        const { fn } = this.fn(name);
        fn.params.forEach((p, i) => fn.locals.get(p)!.kind.k === "arr" && act.varied.has(p) && varied.add(i));
        if (act.retVaried !== s.retVaried || varied.size !== s.variedArrays.size) {
          s.retVaried = act.retVaried;
          s.variedArrays = varied;
          changed = true;
        }
      }
      if (!changed && this.summaries.size === before) return;
    }
  }

  activity(name: string, pattern: string): Activity {
    const { fn, env } = this.fn(name);
    const active = new Set<number>();
    [...pattern].forEach((c, i) => c === "1" && active.add(i));
    const act = analyzeActivity(fn, active, env, this.summaryOf);
    for (const v of act.untyped) {
      const l = fn.locals.get(v)!;
      this.rep.error("ADC130", this.module.functions.get(name), `cannot tell whether '${l.source}' in ${name} is a number or an array, and a derivative flows into it; annotate it (: number, : Float64Array, ...)`);
    }
    return act;
  }

  /** Activity of name under pattern with the summaries it reads solved (forward mode, transform/tangent). */
  solvedActivity(name: string, pattern: string): Activity {
    this.summaryOf(name, pattern);
    this.solve();
    return this.activity(name, pattern);
  }

  /** Register (and later generate) the pair for name under pattern; `fused` asks for the one-sweep variant too. */
  pair(name: string, pattern: string, fused = false): PairEntry {
    const key = `${name}:${pattern}`;
    let p = this.pairs.get(key);
    if (p) {
      if (fused && !p.fused && p.code === null) p.fused = this.namer.fresh(`${name}_fused`);
      return p;
    }
    this.summaryOf(name, pattern);
    this.solve();
    const act = this.activity(name, pattern);
    p = {
      name,
      pattern,
      fused: fused ? this.namer.fresh(`${name}_fused`) : null,
      act,
      sig: signatureOf(this.fn(name).fn, act),
      fwd: this.namer.fresh(`${name}_fwd`),
      rev: this.namer.fresh(`${name}_rev`),
      code: null,
    };
    this.pairs.set(key, p);
    return p;
  }

  private callee = (name: string, pattern: string): CalleeInfo => {
    const { mutated } = this.fn(name);
    const inRev = pattern.includes("1") || mutated.size > 0;
    if (!inRev) return { fwd: name, rev: "", sig: { shadowParams: [], scalarParams: [], retVaried: false, retArray: false }, inRev };
    const p = this.pair(name, pattern);
    return { fwd: p.fwd, rev: p.rev, sig: p.sig, inRev };
  };

  /** Where each generated function comes from in the source: its lines map there in the source map. */
  origins(): Map<string, t.SourceLocation> {
    const out = new Map<string, t.SourceLocation>();
    for (const p of this.pairs.values()) {
      const loc = this.module.functions.get(p.name)?.loc;
      if (!loc) continue;
      for (const n of [p.fwd, p.rev, p.fused]) if (n) out.set(n, loc);
    }
    return out;
  }

  /** Every pair generated so far, with its code (forward over reverse differentiates it again: transform/higher). */
  generatedPairs(): { name: string; fwd: string; rev: string; shadowParams: number[]; code: string; adjoints: Map<string, string> }[] {
    return [...this.pairs.values()].flatMap((p) => (p.code === null ? [] : [{ name: p.name, fwd: p.fwd, rev: p.rev, shadowParams: p.sig.shadowParams, code: p.code, adjoints: p.adjoints ?? new Map() }]));
  }

  /** Generate every registered pair, including those their calls register. */
  generate(): string[] {
    const out: string[] = [];
    for (let again = true; again; ) {
      again = false;
      for (const p of [...this.pairs.values()]) {
        if (p.code !== null) continue;
        again = true;
        this.solve();
        p.act = this.activity(p.name, p.pattern);
        p.sig = signatureOf(this.fn(p.name).fn, p.act);
        const { fn, env, mutated } = this.fn(p.name);
        const gen = generatePair({
          fn,
          act: p.act,
          env,
          fwdName: p.fwd,
          revName: p.rev,
          fusedName: p.fused ?? undefined,
          mutates: (callee) => this.fn(callee).mutated.size > 0,
          mutated,
          rt: this.rt,
          callee: this.callee,
          namer: this.namer,
          rep: this.rep,
        });
        p.code = gen.code;
        p.adjoints = gen.adjoints;
        if (!gen.fused) p.fused = null;
        out.push(p.code);
      }
    }
    return out;
  }
}

