// The arguments of a wrapper over a function whose object parameters may have been flattened
// (transform/objects: f_flat takes one parameter per leaf): which source argument and leaf each
// parameter comes from, the source arguments' names, and the prologue that reads each leaf out of
// its argument (`leafAccess` of transform/wrapper.ts, rt.gather for arrays of objects), checks
// classes whose methods were compiled (ADC_R006) and that arrays f writes into share no storage
// (ADC_R008). The jvp wrapper uses it; any wrapper that takes a direction shaped like an object
// argument (hvp) can read the direction's leaves with `leaf(root, j)` the same way.
import type { FnIR } from "../../ir.js";
import type { Code } from "../adjoint/code.js";
import type { Flat } from "../objects/flatten.js";
import type { RuntimeNames } from "../program.js";
import { paramsOf, type FunctionNode } from "../../analyze/module.js";
import { classNodes, leafAccess, pathText } from "../wrapper.js";

export class FlatArgs {
  /** One name per argument of the source function: the flattened parameter itself, or the object's source name. */
  readonly argNames: string[];

  constructor(
    readonly fn: FnIR,
    readonly flat: Flat | undefined,
    source: FunctionNode,
  ) {
    const srcParams = paramsOf(source);
    this.argNames = Array.from({ length: flat ? flat.shapes.length : fn.params.length }, (_, i) => {
      const p = srcParams[i];
      return (flat?.shapes[i] ? null : fn.params[fn.params.findIndex((_, j) => this.origOf(j) === i)]) ?? (p?.type === "Identifier" ? p.name : `arg${i}`);
    });
  }

  /** The source argument parameter j of the (flattened) function comes from. */
  origOf(j: number): number {
    return this.flat ? this.flat.params[j].orig : j;
  }

  isObject(i: number): boolean {
    return !!this.flat?.shapes[i];
  }

  /** JavaScript reading parameter j's leaf out of root (its argument, or anything of the argument's structure). */
  leaf(root: string, j: number, rt: RuntimeNames): string | null {
    const l = this.flat?.params[j].leaf;
    return l ? leafAccess(root, l, rt.gather) : null;
  }

  /** Parameter j as users name it in messages: p.l1.W, or the parameter. */
  label(j: number): string {
    const l = this.flat?.params[j].leaf;
    return l ? `${this.argNames[this.origOf(j)]}${pathText(l.path)}` : this.fn.params[j];
  }

  /** Where parameter j lies in its argument, for messages (".l1.W"), or undefined. */
  path(j: number): string | undefined {
    const l = this.flat?.params[j].leaf;
    return l ? pathText(l.path) : undefined;
  }

  /** const p_w = p.w; …, the class checks, and the aliasing check of the arrays f writes into. */
  prologue(code: Code, rt: RuntimeNames, fq: string, mutated: Set<number>): void {
    const params = this.fn.params;
    params.forEach((p, j) => {
      const read = this.leaf(this.argNames[this.origOf(j)], j, rt);
      if (read) code.line(`const ${p} = ${read};`);
    });
    // objects whose methods were compiled must be of that class
    this.flat?.shapes.forEach((sh, i) => {
      for (const c of classNodes(sh)) {
        const at = c.path.length ? leafAccess(this.argNames[i], { path: c.path, role: "value", ann: null }, rt.gather) : this.argNames[i];
        code.line(`${rt.checkClass}(${at}, ${c.cls}, ${fq}, ${i}, ${JSON.stringify(pathText(c.path))}${c.path.includes(null) ? ", true" : ""});`);
      }
    });
    // arrays f writes into must not share storage with other array arguments (or fields)
    const arrays = params.map((p, j) => ({ p, j })).filter(({ p }) => this.fn.locals.get(p)!.kind.k === "arr");
    const written = arrays.map((a, k) => (mutated.has(a.j) ? k : -1)).filter((k) => k >= 0);
    if (written.length && arrays.length > 1) {
      code.line(`${rt.checkNoAlias}(${fq}, [${arrays.map((a) => a.p).join(", ")}], ${JSON.stringify(arrays.map((a) => this.label(a.j)))}, [${written.join(", ")}]);`);
    }
  }
}
