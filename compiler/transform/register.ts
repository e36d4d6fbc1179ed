// Registration of compiled functions for dynamic calls: a module-level function this module uses
// as a value (passes it as an argument, stores it) may be called where adc cannot see the callee,
// through the run-time tape (runtime/tape.ts). For each such function that adc can differentiate
// with respect to all its number and array parameters, the module gets that forward/reverse pair
// and a line `$register(h, h_fwd, h_rev, {...})` so that the tape finds it (runtime/registry.ts).
// A function declared with primitive()/zerograd() is not registered: its rule wins.
import type * as t from "@babel/types";
import { AdcError } from "../errors.js";
import type { ModuleInfo } from "../analyze/module.js";
import { traverse } from "../source.js";
import { Program } from "./program.js";

export interface Registration {
  name: string;
  pattern: string;
}

/** Module functions referenced other than by calling them. */
function usedAsValues(file: t.File, info: ModuleInfo): string[] {
  const out = new Set<string>();
  traverse(file, {
    Identifier(path) {
      const name = path.node.name;
      if (!info.functions.has(name) || info.primitives.has(name) || !path.isReferencedIdentifier()) return;
      if (path.parentPath.isCallExpression() && path.parentPath.node.callee === path.node) return;
      if (path.findParent((p) => p.isTSType() || p.isTSTypeQuery())) return;
      if (path.parentPath.isExportSpecifier() || path.parentPath.isTSDeclareFunction()) return;
      if (!path.scope.getBinding(name)?.scope.path.isProgram()) return;
      out.add(name);
    },
  });
  return [...out];
}

/** Asks `program` for the pairs of the functions to register; returns what `registerLines` prints. */
export function requestRegistrations(file: t.File, program: Program): Registration[] {
  const out: Registration[] = [];
  for (const name of usedAsValues(file, program.module)) {
    // a probe on its own program: a function adc cannot differentiate is simply not registered
    const probe = new Program(program.module, program.rep, program.source, program.rt);
    let pattern: string;
    try {
      const { fn } = probe.fn(name);
      if (fn.retKind.k !== "num") continue;
      pattern = fn.params.map((p) => (["num", "arr"].includes(fn.locals.get(p)!.kind.k) ? "1" : "0")).join("");
      probe.pair(name, pattern);
      probe.generate();
    } catch (e) {
      if (e instanceof AdcError) continue;
      throw e;
    }
    program.pair(name, pattern);
    out.push({ name, pattern });
  }
  return out;
}

export function registerLines(regs: Registration[], program: Program): string[] {
  return regs.map(({ name, pattern }) => {
    const p = program.pair(name, pattern);
    const { fn, mutated } = program.fn(name);
    const sig = `{ n: ${fn.params.length}, scalars: [${p.sig.scalarParams.join(", ")}], shadows: [${p.sig.shadowParams.join(", ")}], seeded: ${p.sig.retVaried && !p.sig.retArray}, mutates: ${mutated.size > 0} }`;
    return `// ${name} may be called where adc cannot see the callee: the call tape finds its adjoint here\n${program.rt.register}(${name}, ${p.fwd}, ${p.rev}, ${sig});`;
  });
}
