// The function that replaces jvp(f, primals, tangents) (or jvp(f), the same function unapplied):
// checks the arguments and their tangents, runs f's tangent function once, and returns
// [f(...primals), the derivative of f at primals along tangents], the latter shaped like f's result.
// Every number or array parameter is differentiated; the tangents of the others are not read.
import { Code } from "../adjoint/code.js";
import type { Program } from "../program.js";
import type { TangentProgram } from "./program.js";

export interface JvpRequest {
  fname: string;
}

/** "1" for each number or array parameter of f. */
export function jvpPattern(fname: string, program: Program): string {
  const { fn } = program.fn(fname);
  return fn.params.map((p) => (["num", "arr"].includes(fn.locals.get(p)!.kind.k) ? "1" : "0")).join("");
}

export function generateJvpWrapper(req: JvpRequest, name: string, program: Program, tangents: TangentProgram): string {
  const rt = program.rt;
  const { fn, mutated } = program.fn(req.fname);
  const source = program.module.functions.get(req.fname)!;
  const rk = fn.retKind.k;
  if (rk !== "num" && rk !== "arr") program.rep.error("ADC202", source, `${req.fname} returns ${rk === "bool" ? "a boolean" : "a value adc cannot type"}; jvp needs a function that returns a number or an array of numbers (annotate its return type)`);
  const sig = tangents.request(req.fname, jvpPattern(req.fname, program));
  const fq = JSON.stringify(req.fname);
  const names = program.namer.child();
  fn.params.forEach((p) => names.reserve(p));
  const [primals, tans, value] = ["primals", "tangents", "value"].map((b) => names.fresh(b));
  const code = new Code();
  code.comment(`jvp(${req.fname}): [${req.fname}(...primals), its derivative along tangents], in one forward sweep`);
  code.open(`function ${name}(${primals}, ${tans})`);
  code.line(`${rt.checkJvp}(${primals}, ${tans}, ${fq});`);
  if (fn.params.length) code.line(`const ${fn.params.map((p, i) => `${p} = ${primals}[${i}]`).join(", ")};`);
  const along: string[] = [];
  for (const i of sig.tangentParams) {
    const p = fn.params[i];
    const pd = names.fresh(`${fn.locals.get(p)!.source}d`);
    along.push(pd);
    const expect = fn.locals.get(p)!.kind.k === "arr" ? "array" : "number";
    if (mutated.has(i)) code.line(`// ${req.fname} writes ${p}: its tangent is a copy, written alongside`);
    code.line(`const ${pd} = ${rt.checkTangent}(${p}, ${tans}[${i}], ${fq}, ${i}, "${expect}"${mutated.has(i) ? ", true" : ""});`);
  }
  code.line(`const ${value} = ${sig.name}(${[...fn.params, ...along].join(", ")});`);
  const tangent = sig.retVaried ? (sig.retArray ? `${rt.refs}.pop()` : `${rt.adjoints}[0]`) : sig.retArray ? `${rt.zerosLike}(${value})` : "0";
  code.line(`return [${value}, ${tangent}];`);
  code.close();
  return code.toString();
}
