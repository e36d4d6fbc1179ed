// The tangent function of one module function under one activity pattern:
//   function f_jvp(x, n, xd) { ...each statement's tangent, then the statement...; return y }
// Parameters in order, then the tangents of the varied number and array parameters. The primal
// result is returned; its tangent goes beside it, a number in $adjoints[0] and an array on $refs,
// read by the caller right after the call. Nothing is recorded: forward mode needs no stacks.
import type { FnIR, Kind } from "../../ir.js";
import type { Activity } from "../../analyze/activity.js";
import type { KindEnv } from "../../analyze/types.js";
import type { Reporter } from "../../errors.js";
import type { Namer } from "../../names.js";
import { Code } from "../adjoint/code.js";
import { emitTangent, type StmtCx, type TangentCallee } from "./statements.js";

export interface TangentSpec {
  fn: FnIR;
  act: Activity;
  env: KindEnv;
  name: string;
  namer: Namer;
  rep: Reporter;
  rt: StmtCx["rt"];
  callee: StmtCx["callee"];
  storeTangent?: StmtCx["storeTangent"];
  innerGrad?: StmtCx["innerGrad"];
  /** Told the kinds of the generated function's locals and parameters (transform/higher differentiates it again). */
  onKinds?: (kinds: Map<string, Kind>, params: Kind[]) => void;
}

/** The varied number and array parameters: those that take a tangent. */
export function tangentSignature(fn: FnIR, act: Activity, name: string): TangentCallee {
  const tangentParams: number[] = [];
  fn.params.forEach((p, i) => {
    const k = fn.locals.get(p)!.kind.k;
    if (act.varied.has(p) && (k === "num" || k === "arr")) tangentParams.push(i);
  });
  return { name, tangentParams, retVaried: act.retVaried, retArray: fn.locals.get(fn.ret)?.kind.k === "arr" };
}

export function generateTangent(spec: TangentSpec): string {
  const { fn, act } = spec;
  const namer = spec.namer.child();
  for (const name of fn.locals.keys()) namer.reserve(name);
  const tangent = new Map<string, string>();
  for (const name of act.varied) {
    const k = fn.locals.get(name)!.kind.k;
    if (k === "num" || k === "arr") tangent.set(name, namer.fresh(`${fn.locals.get(name)!.source}d`));
  }
  const sig = tangentSignature(fn, act, spec.name);
  const body = new Code();
  const cx: StmtCx = { fn, act, env: spec.env, namer, rep: spec.rep, tangent, rt: spec.rt, callee: spec.callee, storeTangent: spec.storeTangent, innerGrad: spec.innerGrad };
  emitTangent(fn.body, cx, body);

  const code = new Code();
  const along = sig.tangentParams.map((i) => tangent.get(fn.params[i])!);
  code.comment(`tangent of ${fn.name}: the primal and, beside it, its derivative along ${along.length ? along.join(", ") : "nothing (no varied argument)"}`);
  code.open(`function ${spec.name}(${[...fn.params, ...along].join(", ")})`);
  const locals = [...fn.locals.values()].filter((l) => l.param < 0);
  const decls = [
    ...locals.map((l) => l.name),
    ...locals.filter((l) => tangent.has(l.name)).map((l) => (l.kind.k === "num" ? `${tangent.get(l.name)} = 0` : tangent.get(l.name)!)),
  ];
  if (decls.length) code.line(`let ${decls.join(", ")};`);
  code.append(body.toString().split("\n").filter((l) => l.length));
  if (sig.retVaried) {
    const rd = tangent.get(fn.ret)!;
    code.line(sig.retArray ? `${spec.rt.refs}.push(${rd});` : `${spec.rt.adjoints}[0] = ${rd};`);
  }
  code.line(`return ${fn.ret};`);
  code.close();
  if (spec.onKinds) {
    const kinds = new Map([...fn.locals].map(([n, l]) => [n, l.kind]));
    for (const [n, d] of tangent) kinds.set(d, fn.locals.get(n)!.kind);
    spec.onKinds(kinds, [...fn.params, ...sig.tangentParams.map((i) => fn.params[i])].map((p) => fn.locals.get(p)!.kind));
  }
  return code.toString();
}
