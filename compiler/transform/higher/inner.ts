// grad(h) called inside a differentiated function (a gradient-norm penalty, gradient steps inside
// a meta-learning objective): reverse over reverse, with the inner pullback by forward over reverse.
//   - lowering asks `innerGrad(name)` for a callee it does not know (ModuleInfo.innerGrad): the
//     wrapper grad(h) was replaced by, or a module const holding it, is a tape call whose result has
//     the kind of h's argument (lower/dynamic.ts, adjoint/dynamic.ts);
//   - its rule is declared with primitive() at the top of the module: for grad(h, k), the gradient
//     of argument i is the derivative of grad(h, i) along the cotangent in argument k (an hvp
//     request of transform/higher with wrt i and along [k]; the Hessian is symmetric);
//   - other transforms called there (jvp, hvp, valueAndGrad, grad with several argnums) are ADC235;
//   - vjp(grad(h), ...args) is the rule itself: [grad(h)(...args), its pullback] (rt.vjpOfRule);
//   - jvp of a function calling grad(h, k): the call's tangent is jvp(grad(h, k)) (`jvpOf`).
import type * as t from "@babel/types";
import type { Kind } from "../../ir.js";
import type { Program } from "../program.js";
import type { WrapperRequest } from "../wrapper.js";
import { ALL, requestHigher, type HigherRequest } from "./index.js";

export class InnerGrads {
  /** Wrappers of grad(h) by name; module consts holding one; every generated transform name, for errors. */
  private wrappers = new Map<string, WrapperRequest>();
  private aliases = new Map<string, string>();
  private transforms = new Map<string, string>();
  private used = new Map<string, { req: WrapperRequest; site: t.Node }>();

  constructor(
    private program: Program,
    private higher: Map<string, HigherRequest>,
    private hasObjects: (fname: string) => boolean,
  ) {}

  /** grad(h) calls whose rules are needed even if no differentiated code calls them (vjp(grad(h), ...)). */
  private ruleSites = new Set<t.Node>();
  wantRules(gradCall: t.Node): void {
    this.ruleSites.add(gradCall);
  }

  /** A transform call (`node`) was replaced by `name`; `what` says which, as the user wrote it. */
  transform(name: string, what: string, req?: WrapperRequest, constName?: string, node?: t.Node): void {
    this.transforms.set(name, what);
    if (req) this.wrappers.set(name, req);
    if (req && node && this.ruleSites.has(node)) this.kindOf(name, node); // checks it, and declares its rules
    if (req && constName) this.aliases.set(constName, name);
    else if (constName) this.transforms.set(constName, what);
  }

  /** For ModuleInfo.innerGrad: the kind of the result of calling `name`, when it is a gradient. */
  kindOf = (name: string, site: t.Node): { kind: Kind; fname: string } | null => {
    const wname = this.wrappers.has(name) ? name : this.aliases.get(name);
    const req = wname ? this.wrappers.get(wname) : undefined;
    const rep = this.program.rep;
    if (!req || !wname) {
      const other = this.transforms.get(name);
      if (!other) return null;
      return rep.error("ADC235", site, `${other} is called inside a differentiated function: only grad(h) can be differentiated there (jvp, hvp, hessian and valueAndGrad inside differentiated code are not supported yet); compute it outside, or write it with grad`);
    }
    const { fname, argnums, asArray } = req;
    if (req.kind !== "grad" || asArray) {
      return rep.error("ADC235", site, `${req.kind}(${fname}${asArray ? ", [...]" : ""}) is called inside a differentiated function: only grad(h) or grad(h, k) (one argument) can be differentiated there`);
    }
    if (this.program.analyzing(fname)) rep.error("ADC235", site, `grad(${fname}) is called while differentiating ${fname} itself (recursion through grad), which is not supported`);
    if (this.hasObjects(fname)) rep.error("ADC235", site, `grad(${fname}) is called inside a differentiated function, and ${fname} has object parameters, which this does not support yet; pass numbers and arrays`);
    const { fn, mutated } = this.program.fn(fname);
    if (fn.retKind.k !== "num") return null; // the wrapper reports it (ADC142)
    // the outer sweeps would not see the write: an error, not a wrong number
    if (mutated.size) rep.error("ADC235", site, `grad(${fname}) is called inside a differentiated function, and ${fname} writes into its argument ${[...mutated].map((i) => `'${fn.params[i]}'`).join(", ")}, which this does not support; let ${fname} work on a copy`);
    if (!this.used.has(wname)) this.used.set(wname, { req, site });
    return { kind: fn.locals.get(fn.params[argnums[0]])!.kind, fname };
  };

  /**
   * For jvp of a function calling grad(h, k) (tangent/statements.ts): the jvp(grad(h, k)) wrapper,
   * [grad(h, k)(...args), its derivative along the arguments' tangents] (forward over reverse).
   */
  jvpOf = (name: string): string | null => {
    const wname = this.wrappers.has(name) ? name : this.aliases.get(name);
    const req = wname ? this.wrappers.get(wname) : undefined;
    if (!req) return null;
    const k = req.argnums[0];
    const key = `jvp:${req.fname}:${k}:${ALL}`;
    let h = this.higher.get(key);
    if (!h) this.higher.set(key, (h = { kind: "jvp", fname: req.fname, wrt: k, along: [ALL], order: 2, name: this.program.namer.fresh(`${req.fname}_grad_jvp`), site: this.used.get(wname!)?.site ?? this.program.module.functions.get(req.fname)! }));
    return h.name;
  };

  /** Request the hvp functions of the rules (before Program.generate); returns the declarations to put at the top of the module. */
  rules(): string[] {
    const { program } = this;
    return [...this.used].map(([wname, { req, site }]) => {
      const { fn } = program.fn(req.fname);
      const k = req.argnums[0];
      const rules = fn.params.map((p, i) => {
        const kind = fn.locals.get(p)!.kind;
        if (!(kind.k === "num" || (kind.k === "arr" && kind.elem !== "int"))) return "null";
        const key = `hvp:${req.fname}:${i}:${k}`;
        let h = this.higher.get(key);
        if (!h) this.higher.set(key, (h = { kind: "hvp", fname: req.fname, wrt: i, along: [k], order: 2, name: program.namer.fresh(`${req.fname}_hvp${i === k ? "" : `_${p}`}`), site }));
        requestHigher(h, program);
        return `(dy, y, ...args) => ${h.name}(...args, dy)`;
      });
      return `// grad(${req.fname}${k ? `, ${k}` : ""}) is called in differentiated code: the gradient of argument i is the derivative of grad(${req.fname}, i) along dy in ${fn.params[k]} (the Hessian is symmetric)\n${program.rt.primitive}(${wname}, ${rules.join(", ")});`;
    });
  }
}
