// Forward over forward: jvp(g) where g calls jvp(h, [a, b], [ta, tb]) inside.
//   1. h's tangent function h_d is generated as for jvp (level 0, transform/tangent);
//   2. a driver `h_pair(a, b, ta, tb)` returns [h(a, b), its derivative along (ta, tb)] as an
//      array, and lowering rewrites the inner call to it (ModuleInfo.innerJvp, lower/expressions.ts):
//      the primals and tangents must be array literals, one entry per parameter of h;
//   3. stage.ts differentiates g itself (the user's function) together with h_d and h_pair in
//      forward mode (level 1): the tangent of h_d is the second-order term ∂²h[ta, ȧ] + ∂h·ṫa;
//   4. the wrapper `g_jvp(primals, tangents)` calls g's level-1 tangent function.
import type * as t from "@babel/types";
import { Code } from "../adjoint/code.js";
import { collectNames, type ModuleInfo } from "../../analyze/module.js";
import type { Kind } from "../../ir.js";
import type { Program } from "../program.js";
import { TangentProgram } from "../tangent/program.js";
import { baseStores, differentiateAgain, type KindHints, type StoreClass } from "./stage.js";
import { ALL, patternOf } from "./index.js";

export class JvpOfJvp {
  /** jvp wrappers by name (and module consts holding one): the function they differentiate. */
  private wrappers = new Map<string, string>();

  constructor(private program: Program) {}

  wrapper(name: string, fname: string, constName?: string): void {
    this.wrappers.set(name, fname);
    if (constName) this.wrappers.set(constName, fname);
  }

  /** The jvp wrappers g calls, itself or through the module functions it calls. */
  reached(g: string): Set<string> {
    const info = this.program.module;
    const seen = new Set<string>();
    const found = new Set<string>();
    const visit = (fname: string): void => {
      if (seen.has(fname)) return;
      seen.add(fname);
      const node = info.functions.get(fname);
      if (!node) return;
      const used = new Set<string>();
      collectNames(node, used);
      for (const n of used) {
        if (this.wrappers.has(n)) found.add(n);
        else if (n !== fname && info.functions.has(n)) visit(n);
      }
    };
    visit(g);
    return found;
  }

  /** The tangent code and wrapper of jvp(g), named `name`, given the jvp wrappers g reaches; the stores it uses. */
  generate(g: string, name: string, site: t.Node, reached: Set<string>): { code: string[]; stores: Map<string, StoreClass> } {
    const { program } = this;
    const rt = program.rt;
    const level0 = new TangentProgram(program);
    const pairs = new Map<string, { pair: string; arity: number }>();
    const pairSources: string[] = [];
    const hints: KindHints = new Map();
    for (const h of new Set([...reached].map((w) => this.wrappers.get(w)!))) {
      if (this.reached(h).size) program.rep.error("ADC236", site, `jvp(${g}): ${g} calls jvp(${h}), and ${h} calls jvp too: forward mode nests two levels deep at most`);
      const { fn } = program.fn(h);
      const sig = level0.request(h, patternOf(program, h, ALL));
      const pair = program.namer.fresh(`${h}_pair`);
      pairs.set(h, { pair, arity: fn.params.length });
      const names = program.namer.child();
      fn.params.forEach((p) => names.reserve(p));
      const tans = fn.params.map((p) => names.fresh(`${p}d`));
      const [value, tangent] = [names.fresh("value"), names.fresh("tangent")];
      const code = new Code();
      code.comment(`jvp(${h}, primals, tangents) inside code differentiated by jvp: [value, tangent] as an array`);
      code.open(`function ${pair}(${[...fn.params, ...tans].join(", ")})`);
      code.line(`let ${value}, ${tangent};`);
      code.line(`${value} = ${sig.name}(${[...fn.params, ...sig.tangentParams.map((i) => tans[i])].join(", ")});`);
      code.line(`${tangent} = ${sig.retVaried ? (sig.retArray ? `${rt.refs}.pop()` : `${rt.adjoints}[0]`) : sig.retArray ? `${rt.zerosLike}(${value})` : "0"};`);
      code.line(`return [${value}, ${tangent}];`);
      code.close();
      pairSources.push(code.toString());
      const kinds = fn.params.map((p) => fn.locals.get(p)!.kind);
      hints.set(pair, { kinds: new Map<string, Kind>([[value, fn.retKind], [tangent, fn.retKind]]), params: [...kinds, ...kinds] });
    }
    const code0 = level0.generate();
    for (const [n, k] of level0.kinds) hints.set(n, k);
    const byName = new Map([...reached].map((w) => [w, pairs.get(this.wrappers.get(w)!)!]));
    const info: ModuleInfo = { ...program.module, innerJvp: (n) => byName.get(n) ?? null };
    const stage = differentiateAgain({
      level: 1,
      code: [...code0, ...pairSources],
      drivers: [{ name: g, source: "", pattern: (p) => patternOf(p, g, ALL) }],
      stores: baseStores(rt),
      hints,
      info,
      rep: program.rep,
      rt,
      namer: program.namer,
      site,
      what: `jvp(${g})`,
    });
    return { code: [...code0, ...pairSources, ...stage.code, this.wrapperOf(stage.program, g, name, stage.sigs[0], stage.channel)], stores: stage.stores };
  }

  /** `program` is the stage's: it analyzed g with the inner jvp calls rewritten. */
  private wrapperOf(program: Program, g: string, name: string, sig: { name: string; tangentParams: number[]; retVaried: boolean; retArray: boolean }, channel: string): string {
    const rt = program.rt;
    const { fn, mutated } = program.fn(g);
    const fq = JSON.stringify(g);
    const names = this.program.namer.child();
    fn.params.forEach((p) => names.reserve(p));
    const [primals, tans, value] = ["primals", "tangents", "value"].map((b) => names.fresh(b));
    const code = new Code();
    code.comment(`jvp(${g}): [${g}(...primals), its derivative along tangents]; ${g} calls jvp inside (forward over forward)`);
    code.open(`function ${name}(${primals}, ${tans})`);
    code.line(`${rt.checkJvp}(${primals}, ${tans}, ${fq});`);
    if (fn.params.length) code.line(`const ${fn.params.map((p, i) => `${p} = ${primals}[${i}]`).join(", ")};`);
    const along = sig.tangentParams.map((i) => {
      const pd = names.fresh(`${fn.params[i]}d`);
      code.line(`const ${pd} = ${rt.checkTangent}(${fn.params[i]}, ${tans}[${i}], ${fq}, ${i}, "${fn.locals.get(fn.params[i])!.kind.k === "arr" ? "array" : "number"}"${mutated.has(i) ? ", true" : ""});`);
      return pd;
    });
    code.line(`const ${value} = ${sig.name}(${[...fn.params, ...along].join(", ")});`);
    code.line(`return [${value}, ${sig.retVaried ? (sig.retArray ? `${rt.refs}.pop()` : `${channel}[0]`) : sig.retArray ? `${rt.zerosLike}(${value})` : "0"}];`);
    code.close();
    return code.toString();
  }
}
