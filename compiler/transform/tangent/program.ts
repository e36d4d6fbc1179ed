// The tangent functions a module needs: one per (function, activity pattern) that a jvp reaches,
// registered on demand as calls are met (recursion included) and generated once each. Lowering,
// kinds and activity are the reverse mode's (transform/program.ts): the same IR, read forwards.
import type { Program } from "../program.js";
import type { Kind } from "../../ir.js";
import { generateTangent, tangentSignature } from "./function.js";
import type { StmtCx, TangentCallee } from "./statements.js";

interface Entry {
  fname: string;
  pattern: string;
  name: string;
  code: string | null;
}

export class TangentProgram {
  private entries = new Map<string, Entry>();

  /**
   * `higher` is set when the module is sweep code differentiated again (transform/higher): its
   * tangent stores, the channel that returns a result's tangent, and every call of a module
   * function goes to its tangent function (so tangent stores see every operation of their stores).
   */
  constructor(
    readonly program: Program,
    readonly higher?: { storeTangent: (store: string) => string; rt: StmtCx["rt"] },
  ) {}

  /** Set by pipeline.ts: the jvp(grad(h, k)) wrapper for a grad(h, k) called inside (transform/higher/inner.ts). */
  innerGrad?: (callee: string) => string | null;

  /** The tangent function of fname under pattern ("1" per varied argument), registered once. */
  request(fname: string, pattern: string): TangentCallee {
    const key = `${fname}:${pattern}`;
    let e = this.entries.get(key);
    if (!e) {
      e = { fname, pattern, name: this.program.namer.fresh(`${fname}_d`), code: null };
      this.entries.set(key, e);
    }
    const { fn } = this.program.fn(fname);
    return tangentSignature(fn, this.program.solvedActivity(fname, pattern), e.name);
  }

  /** A call with no tangent to pass and none to return is a plain call. */
  private callee = (fname: string, pattern: string): TangentCallee | null => {
    const sig = tangentSignature(this.program.fn(fname).fn, this.program.solvedActivity(fname, pattern), "");
    return sig.tangentParams.length || this.higher ? this.request(fname, pattern) : null;
  };

  /** Generate every registered tangent function, including those their calls register. */
  generate(): string[] {
    const out: string[] = [];
    for (let again = true; again; ) {
      again = false;
      for (const e of [...this.entries.values()]) {
        if (e.code !== null) continue;
        again = true;
        const { fn, env } = this.program.fn(e.fname);
        const act = this.program.solvedActivity(e.fname, e.pattern);
        e.code = generateTangent({ fn, act, env, name: e.name, namer: this.program.namer, rep: this.program.rep, rt: this.higher?.rt ?? this.program.rt, callee: this.callee, storeTangent: this.higher?.storeTangent, innerGrad: this.innerGrad, onKinds: (kinds, params) => this.kinds.set(e.name, { kinds, params }) });
        out.push(e.code);
      }
    }
    return out;
  }

  /** Kinds of the variables of each generated tangent function (transform/higher: for the next level). */
  readonly kinds = new Map<string, { kinds: Map<string, Kind>; params: Kind[] }>();

  /** Generated name -> source function, for the source map. */
  names(): Map<string, string> {
    return new Map([...this.entries.values()].map((e) => [e.name, e.fname]));
  }
}
