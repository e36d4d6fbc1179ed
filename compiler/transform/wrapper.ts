// The functions that replace grad(f, argnum) and valueAndGrad(f, argnum): check the arguments,
// allocate gradients shaped like them, run f's forward and reverse sweeps, put mutated
// arguments back as f leaves them, and return the gradient(s).
import { Code } from "./adjoint/code.js";
import type { Program } from "./program.js";

export interface WrapperRequest {
  kind: "grad" | "valueAndGrad";
  fname: string;
  argnums: number[];
  /** argnum was an array: return an array of gradients. */
  asArray: boolean;
}

/** Register the sweeps a wrapper needs (before Program.generate), so that it can use the fused one. */
export function requestWrapper(req: WrapperRequest, program: Program): void {
  const { fn } = program.fn(req.fname);
  program.pair(req.fname, patternOf(req, fn.params.length), true);
}

function patternOf(req: WrapperRequest, n: number): string {
  return Array.from({ length: n }, (_, i) => (req.argnums.includes(i) ? "1" : "0")).join("");
}

export function generateWrapper(req: WrapperRequest, name: string, program: Program): string {
  const rt = program.rt;
  const { fn, mutated } = program.fn(req.fname);
  const rk = fn.retKind.k;
  if (rk === "arr" || rk === "bool") program.rep.error("ADC142", program.module.functions.get(req.fname), `${req.fname} returns ${rk === "arr" ? "an array" : "a boolean"}; ${req.kind} needs a function that returns a number`);
  for (const i of req.argnums) {
    const k = fn.locals.get(fn.params[i])!.kind.k;
    if (k !== "num" && k !== "arr") program.rep.error("ADC141", program.module.functions.get(req.fname)!.params[i], `cannot differentiate with respect to parameter '${fn.params[i]}': it is not a number or an array of numbers`);
  }
  const pair = program.pair(req.fname, patternOf(req, fn.params.length));
  const params = fn.params;
  const code = new Code();
  const wrt = req.argnums.map((i) => params[i]).join(", ");
  code.comment(`${req.kind}(${req.fname}${req.asArray || req.argnums[0] !== 0 ? `, ${req.asArray ? `[${req.argnums.join(", ")}]` : req.argnums[0]}` : ""}): d${req.fname}/d(${wrt})`);
  code.open(`function ${name}(${params.join(", ")})`);
  const fq = JSON.stringify(req.fname);
  for (const i of req.argnums) {
    const expect = fn.locals.get(params[i])!.kind.k === "arr" ? "array" : "number";
    code.line(`${rt.checkArg}(${params[i]}, ${fq}, ${i}, "${expect}");`);
  }
  const names = program.namer.child();
  params.forEach((p) => names.reserve(p));
  const shadow = new Map<number, string>();
  for (const i of pair.sig.shadowParams) {
    const s = names.fresh(`${params[i]}b`);
    shadow.set(i, s);
    code.line(`const ${s} = ${rt.zerosLike}(${params[i]});`);
  }
  const [v0, c0, r0, value, err] = ["v0", "c0", "r0", "value", "e"].map((b) => names.fresh(b));
  const emitReturn = (scalar: Map<number, string>) => {
    // a parameter the result does not depend on has a zero gradient of its shape
    const gradOf = (i: number) => shadow.get(i) ?? scalar.get(i) ?? (fn.locals.get(params[i])!.kind.k === "arr" ? `${rt.zerosLike}(${params[i]})` : "0");
    const grads = req.asArray ? `[${req.argnums.map(gradOf).join(", ")}]` : gradOf(req.argnums[0]);
    code.line(req.kind === "grad" ? `return ${grads};` : `return [${value}, ${grads}];`);
  };
  code.line(`const ${v0} = ${rt.values}.top, ${c0} = ${rt.control}.top, ${r0} = ${rt.refs}.top;`);
  code.open("try");
  const args = params.join(", ");
  const shadowArgs = pair.sig.shadowParams.map((i) => shadow.get(i)!);
  const scalars = pair.sig.scalarParams;
  // scalar adjoints come back in the runtime's adjoints array (or as the result, when there is one)
  const readAdjoints = (scalar: Map<number, string>) =>
    scalars.forEach((i, k) => {
      const s = names.fresh(`${params[i]}b`);
      scalar.set(i, s);
      code.line(`const ${s} = ${rt.adjoints}[${k}];`);
    });
  const scalar = new Map<number, string>();
  if (pair.fused) {
    // one sweep (fused.ts): value, shadows filled, scalar adjoints in the adjoints array
    code.line(`const ${value} = ${rt.checkResult}(${pair.fused}(${[args, ...shadowArgs].filter(Boolean).join(", ")}), ${fq});`);
    readAdjoints(scalar);
  } else {
    code.line(`const ${value} = ${rt.checkResult}(${pair.fwd}(${[args, ...shadowArgs].filter(Boolean).join(", ")}), ${fq});`);
    const after = new Map<number, string>();
    for (const i of mutated) {
      const a = names.fresh(`${params[i]}_after`);
      after.set(i, a);
      code.line(`// ${req.fname} writes ${params[i]}: leave it as ${req.fname} does`);
      code.line(`const ${a} = ${rt.snapshot}(${params[i]});`);
    }
    const seed = pair.sig.retVaried ? ["1"] : [];
    const call = `${pair.rev}(${[args, ...shadowArgs, ...seed].filter(Boolean).join(", ")})`;
    if (scalars.length === 1) {
      const s = names.fresh(`${params[scalars[0]]}b`);
      scalar.set(scalars[0], s);
      code.line(`const ${s} = ${call};`);
    } else {
      code.line(`${call};`);
      readAdjoints(scalar);
    }
    for (const [i, a] of after) code.line(`${rt.restore}(${params[i]}, ${a});`);
  }
  emitReturn(scalar);
  code.close();
  code.open(`catch (${err})`);
  code.line(`${rt.reset}(${v0}, ${c0}, ${r0});`);
  code.line(`throw ${err};`);
  code.close();
  code.close();
  return code.toString();
}
