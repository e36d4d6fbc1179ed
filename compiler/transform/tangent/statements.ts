// Tangent code for each normalized statement kind: the statement's tangent first (its value may
// read the variable it overwrites), then the statement itself.
//   v op= e      vd = ė (vd += ė, vd -= ė; v·e for *=, /=, ...); v op= e
//   a[i] op= e   ad[i] = ė;  a[i] op= e
//   a = <array>  ad = its tangent storage (an alias's tangent, a literal of tangents, a copy of tangents, zeros)
//   v = h(x)     const r = h_jvp(x, xd); vd = the tangent h returned; v = r
//   a.push(e)    ad.push(ė); a.push(e)
//   if, loops    as they are: the tangents follow the same path, nothing is recorded
import * as t from "@babel/types";
import type { Assign, Call, FnIR, Stmt } from "../../ir.js";
import type { Activity } from "../../analyze/activity.js";
import { rootOf } from "../../analyze/activity.js";
import { kindOf, type KindEnv } from "../../analyze/types.js";
import type { Reporter } from "../../errors.js";
import type { Namer } from "../../names.js";
import { print } from "../../source.js";
import type { Code } from "../adjoint/code.js";
import { canonical, inlineTangent, prepare, type TanCx } from "./expr.js";
import { emitRuntimeOp } from "./runtime-ops.js";

/** What a caller needs of a callee's tangent function. */
export interface TangentCallee {
  name: string;
  /** Parameters that take a tangent, in order (numbers and arrays). */
  tangentParams: number[];
  retVaried: boolean;
  retArray: boolean;
}

export interface StmtCx {
  fn: FnIR;
  act: Activity;
  env: KindEnv;
  namer: Namer;
  rep: Reporter;
  /** Tangent variable of every varied local. */
  tangent: Map<string, string>;
  rt: { adjoints: string; refs: string; zerosLike: string };
  /** Forward over reverse (transform/higher): the tangent store of a run-time store of sweep code. */
  storeTangent?: (store: string) => string;
  /** The tangent function of a callee under a pattern, or null when the call carries no tangent. */
  callee(name: string, pattern: string): TangentCallee | null;
  /** grad(h, k) called inside (transform/higher/inner.ts): the jvp(grad(h, k)) wrapper giving its value and tangent. */
  innerGrad?: (callee: string) => string | null;
}

const kindName = (cx: StmtCx, name: string) => cx.fn.locals.get(name)?.kind.k;
const activeNum = (cx: StmtCx, name: string) => cx.act.varied.has(name) && kindName(cx, name) === "num";
const activeArr = (cx: StmtCx, name: string | null) => !!name && cx.act.varied.has(name) && kindName(cx, name) === "arr";

export function shadowOf(cx: StmtCx, e: t.Expression): t.Expression {
  if (e.type === "Identifier") {
    const s = cx.tangent.get(e.name);
    if (!s) return cx.rep.error("ADC200", cx.fn.node, `internal: no tangent for array '${e.name}'`);
    return t.identifier(s);
  }
  if (e.type === "MemberExpression" && e.computed) return t.memberExpression(shadowOf(cx, e.object as t.Expression), e.property as t.Expression, true);
  if (e.type === "ConditionalExpression") return t.conditionalExpression(e.test, shadowOf(cx, e.consequent), shadowOf(cx, e.alternate));
  return cx.rep.error("ADC200", cx.fn.node, `internal: no tangent for ${print(e)}`);
}

export function tanCx(cx: StmtCx, code: Code): TanCx {
  return {
    code,
    namer: cx.namer,
    isActive: (e) => cx.act.exprVaried(e),
    tangentOf: (name) => cx.tangent.get(name)!,
    shadowOf: (e) => shadowOf(cx, e),
    unsupported: (e, why) => cx.rep.error("ADC200", cx.fn.node, `jvp: ${why}: ${print(e)}`),
  };
}

export function emitTangent(stmts: Stmt[], cx: StmtCx, code: Code): void {
  let last = "";
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i];
    const next = stmts[i + 1];
    if (s.kind === "assign" && s.target.kind === "var" && next?.kind === "loop" && next.counter?.name === s.target.name) continue; // printed in the loop header
    if (s.origin.text !== last) code.comment(s.origin.text);
    last = s.origin.text;
    rules[s.kind](s as never, cx, code);
  }
}

const rules: { [K in Stmt["kind"]]: (s: Extract<Stmt, { kind: K }>, cx: StmtCx, code: Code) => void } = {
  assign(s, cx, code) {
    const target = s.target.kind === "var" ? t.identifier(s.target.name) : t.memberExpression(s.target.object, s.target.index, true);
    const isArr = kindOf(target, cx.env).k === "arr";
    const root = s.target.kind === "var" ? s.target.name : rootOf(s.target.object);
    const active = s.target.kind === "var" ? (isArr ? activeArr(cx, root) : activeNum(cx, root!)) : activeArr(cx, root);
    if (!active) {
      code.line(`${print(target)} ${s.op} ${print(s.value)};`);
      return;
    }
    if (isArr) return arrayAssign(s, target, cx, code);
    const tgtd = print(s.target.kind === "var" ? t.identifier(cx.tangent.get(s.target.name)!) : shadowOf(cx, target));
    const value = canonical(s.value);
    const tcx = tanCx(cx, code);
    if (s.op === "=" || s.op === "+=" || s.op === "-=") {
      const p = prepare(value, tcx);
      if (p.tangent) code.line(`${tgtd} ${s.op} ${print(p.tangent)};`);
      else if (s.op === "=") code.line(`${tgtd} = 0;`);
      code.line(`${print(target)} ${s.op} ${print(p.value)};`);
      return;
    }
    // v *= e is v = v * e: the tangent of the product, then the update with the bound values
    const p = prepare(t.binaryExpression(s.op.slice(0, -1) as "*", target, value), tcx);
    code.line(`${tgtd} = ${p.tangent ? print(p.tangent) : "0"};`);
    // the product itself may have been bound (its partial reads it): then assign it
    if (p.value.type === "BinaryExpression") code.line(`${print(target)} ${s.op} ${print(p.value.right)};`);
    else code.line(`${print(target)} = ${print(p.value)};`);
  },

  call(s, cx, code) {
    emitCall(s, cx, code);
  },

  push(s, cx, code) {
    const root = rootOf(s.array);
    if (activeArr(cx, root)) {
      const isArr = kindOf(s.value, cx.env).k === "arr";
      if (isArr) {
        const tv = arrayTangent(s.value, cx, code);
        if (!tv && cx.act.exprVaried(s.value)) cx.rep.error("ADC200", s.origin.node, `jvp cannot differentiate through this array construction yet: ${print(s.value)}`);
        code.line(`${print(shadowOf(cx, s.array))}.push(${tv ?? `${cx.rt.zerosLike}(${print(s.value)})`});`);
        code.line(`${print(s.array)}.push(${print(s.value)});`);
        return;
      }
      const p = prepare(canonical(s.value), tanCx(cx, code));
      code.line(`${print(shadowOf(cx, s.array))}.push(${p.tangent ? print(p.tangent) : "0"});`);
      code.line(`${print(s.array)}.push(${print(p.value)});`);
      return;
    }
    code.line(`${print(s.array)}.push(${print(s.value)});`);
  },

  if(s, cx, code) {
    code.open(`if (${print(s.test)})`);
    emitTangent(s.cons, cx, code);
    if (s.alt.length) {
      code.orElse();
      emitTangent(s.alt, cx, code);
    }
    code.close();
  },

  loop(s, cx, code) {
    const test = print(s.test);
    if (s.counter && !s.post) {
      const i = s.counter.name;
      const step = s.counter.step === 1 ? `${i}++` : s.counter.step === -1 ? `${i}--` : `${i} += ${s.counter.step}`;
      code.open(`for (${i} = ${print(s.counter.init)}; ${test}; ${step})`);
      emitTangent(s.body, cx, code);
      code.close();
      return;
    }
    code.open(s.post ? "do" : `while (${test})`);
    emitTangent(s.body, cx, code);
    emitTangent(s.update, cx, code);
    code.close(s.post ? ` while (${test});` : "");
  },

  jump() {
    throw new Error("adc internal: jump left after jump elimination");
  },

  effect(s, _cx, code) {
    code.line(s.throws ? `throw ${print(s.expr)};` : `${print(s.expr)};`);
  },
};

/** a = <array expression> (or a[i] = <row>): the tangent storage first, then the assignment. */
function arrayAssign(s: Assign, target: t.Expression, cx: StmtCx, code: Code): void {
  const tgtd = print(shadowOf(cx, target));
  const tv = cx.act.exprVaried(s.value) ? arrayTangent(s.value, cx, code) : null;
  if (tv) {
    code.line(`${tgtd} = ${tv};`);
    code.line(`${print(target)} = ${print(s.value)};`);
    return;
  }
  if (cx.act.exprVaried(s.value)) cx.rep.error("ADC200", s.origin.node, `jvp cannot differentiate through this array construction yet: ${print(s.value)}`);
  // new storage made of constants: zero tangents of its shape
  code.line(`${print(target)} = ${print(s.value)};`);
  code.line(`${tgtd} = ${cx.rt.zerosLike}(${print(target)});`);
}

/** The tangent of an array-valued expression, or null when adc cannot form it. */
function arrayTangent(e: t.Expression, cx: StmtCx, code: Code): string | null {
  if (e.type === "Identifier" || (e.type === "MemberExpression" && e.computed)) {
    const r = rootOf(e);
    return r && cx.tangent.has(r) ? print(shadowOf(cx, e)) : null;
  }
  if (e.type === "ConditionalExpression") {
    const a = arrayTangent(e.consequent, cx, code);
    const b = arrayTangent(e.alternate, cx, code);
    return a && b ? `${print(e.test)} ? ${a} : ${b}` : null;
  }
  if (e.type === "ArrayExpression") {
    const parts: string[] = [];
    for (const el of e.elements) {
      if (!el || el.type === "SpreadElement") return null;
      const x = el as t.Expression;
      if (kindOf(x, cx.env).k === "arr") {
        const r = arrayTangent(x, cx, code) ?? (cx.act.exprVaried(x) ? null : `${cx.rt.zerosLike}(${print(x)})`);
        if (!r) return null;
        parts.push(r);
      } else parts.push(cx.act.exprVaried(x) ? print(inlineTangent(x, tanCx(cx, code))) : "0");
    }
    return `[${parts.join(", ")}]`;
  }
  if (e.type === "NewExpression") {
    const a0 = e.arguments[0] as t.Expression | undefined;
    const ctor = print(e.callee);
    if (a0?.type === "ArrayExpression") {
      const inner = arrayTangent(a0, cx, code);
      return inner ? `new ${ctor}(${inner})` : null;
    }
    if (a0 && kindOf(a0, cx.env).k === "arr") {
      const inner = arrayTangent(a0, cx, code);
      return inner ? `new ${ctor}(${inner})` : null;
    }
    return print(e); // new storage of a size: zeros (or holes, as the primal's)
  }
  if (e.type === "CallExpression" && e.callee.type === "MemberExpression" && !e.callee.computed) {
    const method = (e.callee.property as t.Identifier).name;
    const obj = e.callee.object as t.Expression;
    const rest = (e.arguments as t.Expression[]).map((a) => print(a));
    if (method === "slice") {
      const inner = arrayTangent(obj, cx, code);
      return inner ? `${inner}.slice(${rest.join(", ")})` : null;
    }
    if (method === "from" && e.arguments.length === 1) {
      const inner = arrayTangent(e.arguments[0] as t.Expression, cx, code);
      return inner ? `${print(obj)}.from(${inner})` : null;
    }
    if (method === "fill" && e.arguments[0]) {
      const inner = cx.act.exprVaried(obj) ? arrayTangent(obj, cx, code) : print(obj);
      if (!inner) return null;
      const v = e.arguments[0] as t.Expression;
      const dv = cx.act.exprVaried(v) ? print(inlineTangent(v, tanCx(cx, code))) : "0";
      return `${inner}.fill(${[dv, ...rest.slice(1)].join(", ")})`;
    }
  }
  return null;
}

function emitCall(s: Call, cx: StmtCx, code: Code): void {
  if (s.via === "rt") return emitRuntimeOp(s, cx, code);
  const args = s.args.map((a) => print(a));
  const tgt = s.target;
  const plain = `${s.callee}(${args.join(", ")})`;
  const zeroTarget = () => {
    if (tgt && activeNum(cx, tgt)) code.line(`${cx.tangent.get(tgt)} = 0;`);
    else if (tgt && activeArr(cx, tgt)) code.line(`${cx.tangent.get(tgt)} = ${cx.rt.zerosLike}(${tgt});`);
  };
  const jvpOfGrad = s.via === "tape" && s.paramsOf && (cx.act.patterns.get(s) ?? "").includes("1") ? cx.innerGrad?.(s.callee) : null;
  if (jvpOfGrad) return emitInnerGrad(s, jvpOfGrad, cx, code);
  if (s.via === "tape" && (cx.act.patterns.get(s) ?? "").includes("1")) {
    cx.rep.error("ADC201", s.origin.node, `jvp does not yet go through a function known only at run time (a parameter, a function value or one declared with primitive()): call ${s.callee} by name`);
  }
  const info = s.via ? null : cx.callee(s.callee, cx.act.patterns.get(s) ?? "");
  if (!info) {
    code.line(tgt ? `${tgt} = ${plain};` : `${plain};`);
    zeroTarget();
    return;
  }
  // (zeroTarget runs after the assignment: an array's zero tangent is shaped like the new value)
  const tcx = tanCx(cx, code);
  const tangents = info.tangentParams.map((i) => {
    const a = s.args[i];
    if (kindOf(a, cx.env).k === "arr") return print(shadowOf(cx, a));
    return print(inlineTangent(a, tcx));
  });
  const call = `${info.name}(${[...args, ...tangents].join(", ")})`;
  const r = cx.namer.fresh("_r");
  code.line(`const ${r} = ${call};`);
  // the tangent of the result comes back beside it: a number in $adjoints[0], an array on $refs
  const back = info.retVaried ? (info.retArray ? `${cx.rt.refs}.pop()` : `${cx.rt.adjoints}[0]`) : null;
  const carried = !!tgt && !!back && (activeNum(cx, tgt) || activeArr(cx, tgt));
  if (carried) code.line(`${cx.tangent.get(tgt)} = ${back};`);
  else if (back && info.retArray) code.line(`${back};`);
  if (tgt) code.line(`${tgt} = ${r};`);
  if (!carried) zeroTarget();
}

/**
 * g = grad(h, k)(args) inside the function: its tangent is the derivative of grad(h, k) along the
 * arguments' tangents, H·ẋ by forward over reverse: `const _r = h_grad_jvp([args], [tangents])`.
 */
function emitInnerGrad(s: Call, jvpOfGrad: string, cx: StmtCx, code: Code): void {
  const tcx = tanCx(cx, code);
  const tangents = s.args.map((a) => {
    const k = kindOf(a, cx.env).k;
    if (k !== "num" && k !== "arr") return "null";
    if (!cx.act.exprVaried(a)) return k === "arr" ? `${cx.rt.zerosLike}(${print(a)})` : "0";
    return k === "arr" ? print(shadowOf(cx, a)) : print(inlineTangent(a, tcx));
  });
  const r = cx.namer.fresh("_r");
  code.line(`const ${r} = ${jvpOfGrad}([${s.args.map((a) => print(a)).join(", ")}], [${tangents.join(", ")}]);`);
  const tgt = s.target;
  if (!tgt) return;
  if (cx.act.varied.has(tgt)) code.line(`${cx.tangent.get(tgt)} = ${r}[1];`);
  code.line(`${tgt} = ${r}[0];`);
}
