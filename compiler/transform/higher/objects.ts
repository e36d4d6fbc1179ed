// The user-facing functions of hvp(f, k), hessian(f, k), grad(grad(f)) and jvp(grad(f)) when f has object
// parameters (the chain is on f_flat, transform/objects) or is a factory's closure (its captured
// values are parameters after its own, passed by rt.withCaptures after the wrapper's arguments):
//   - arguments are read leaf by leaf as grad reads them (tangent/args.ts FlatArgs: class checks,
//     aliasing checks); arguments not differentiated are constants (zero tangents);
//   - hvp's direction v for an object argument k has the argument's structure (ADC_R231) and is read
//     leaf by leaf like the argument; H·v is a plain object shaped like argument k (zerosLike), its
//     leaves the tangents of the driver's outputs (index.ts objectGradientDriver): array leaves are
//     written in place, number leaves scattered in;
//   - jvp(grad(f, k)): every leaf of every argument has a tangent (read as the jvp wrapper reads
//     them); returns [the gradient, its derivative], the outputs' values beside their tangents;
//   - hessian(f, k) of an object: row r is H·e_r, e_r the r-th number of the argument in depth-first
//     order of its own keys (rt.units), each row shaped like the argument.
import { Code } from "../adjoint/code.js";
import type { Program } from "../program.js";
import { FlatArgs } from "../tangent/args.js";
import { isArrayLeaf, leafAccess } from "../wrapper.js";
import { describe, guarded, isObjectArg, targetOf, zeroTangent, type HigherRequest, type Level } from "./index.js";

export function objectWrapper(req: HigherRequest, l: Level, program: Program): string {
  const rt = program.rt;
  const target = targetOf(req);
  const { fn, mutated } = program.fn(target);
  const args = new FlatArgs(fn, req.flat, program.module.functions.get(req.fname)!);
  const argNames = args.argNames;
  const arity = req.arity ?? argNames.length;
  const own = argNames.slice(0, arity);
  const captured = argNames.slice(arity);
  const names = program.namer.child();
  fn.params.forEach((p) => names.reserve(p));
  argNames.forEach((a) => names.reserve(a));
  const sig = l.sigs[0];
  const fq = JSON.stringify(req.fname);
  const w = req.wrt;
  const k = req.along[req.along.length - 1];
  const along = req.fa![req.fa!.length - 1];
  const expect = (j: number) => (fn.locals.get(fn.params[j])!.kind.k === "arr" ? "array" : "number");
  const [v, vd, tops, v0, c0, r0, err, hv, primals, tans, gv] = ["v", `${argNames[k] ?? "v"}d`, "tops", "v0", "c0", "r0", "e", "hv", "primals", "tangents", "g"].map((b) => names.fresh(b));
  const jvpMode = req.kind === "jvp";
  const tangentVar = new Map<number, string>(); // jvp: the checked tangent of each parameter along which it differentiates
  const code = new Code();
  const grad = `grad(${req.fname}${w ? `, ${w}` : ""})`;

  /** The function of (own arguments, [v], captured values): checks, then the tangent function once. */
  const body = (name: string, direction: string | null) => {
    code.open(`function ${name}(${[...(jvpMode ? [primals, tans] : own), ...(direction === v ? [v] : []), ...captured].join(", ")})`);
    if (jvpMode) jvpPrologue();
    if (direction === v) {
      if (isObjectArg(req, k)) code.line(`const ${vd} = ${rt.checkObjectDirection}(${argNames[k]}, ${v}, ${fq}, ${k});`);
      else code.line(`const ${vd} = ${rt.checkDirection}(${argNames[k]}, ${v}, ${fq}, ${k}, "${expect(along[0])}");`);
    }
    args.prologue(code, rt, fq, mutated);
    if (jvpMode) jvpTangents();
    for (const j of new Set([...req.fw!, ...(jvpMode ? [] : req.fa!.flat())])) {
      if (direction === v && !isObjectArg(req, k) && j === along[0]) continue; // checked with the direction
      const path = args.path(j);
      code.line(`${rt.checkArg}(${fn.params[j]}, ${fq}, ${args.origOf(j)}, "${expect(j)}"${path ? `, ${JSON.stringify(path)}` : ""});`);
    }
    const saved = [...mutated].map((j) => {
      const s = names.fresh(`${fn.params[j]}_given`);
      code.line(`const ${s} = ${rt.snapshot}(${fn.params[j]}); // ${req.fname} writes ${args.label(j)}: put back as given`);
      return [fn.params[j], s];
    });
    // an object's H·v: the tangents of the driver's outputs, array leaves in place in hv
    const outs = l.outs;
    const extra: string[] = [];
    const extraTangents: string[] = [];
    const after: string[] = [];
    if (outs) {
      code.line(`const ${hv} = ${rt.zerosLike}(${argNames[w]});`);
      if (jvpMode) code.line(`const ${gv} = ${rt.zerosLike}(${argNames[w]}); // the gradient, beside its derivative hv`);
      for (const o of outs.arrays) {
        const p = fn.params[o.j];
        const leaf = req.flat!.params[o.j].leaf!;
        const [b, d] = [names.fresh(`${p}b`), names.fresh(`${p}bd`)];
        extra.push(b);
        extraTangents.push(d);
        // a field the argument lacks (p.extra?.w): no shadow, as grad
        const zero = leaf.opt?.some(Boolean) ? `${p} === undefined ? undefined : ${rt.zerosLike}(${p})` : `${rt.zerosLike}(${p})`;
        if (!leaf.path.includes(null) || isArrayLeaf(fn, p, leaf)) {
          code.line(`const ${b} = ${jvpMode ? leafAccess(gv, leaf, rt.gather) : zero};`);
          code.line(`const ${d} = ${leafAccess(hv, leaf, rt.gather)};`);
        } else {
          code.line(`const ${b} = ${zero}, ${d} = ${zero};`);
          after.push(`${rt.scatter}(${hv}, ${JSON.stringify(leaf.path)}, ${d});`);
          if (jvpMode) after.push(`${rt.scatter}(${gv}, ${JSON.stringify(leaf.path)}, ${b});`);
        }
      }
      if (outs.nums) {
        const [b, d] = [names.fresh("nums"), names.fresh("numsd")];
        extra.push(b);
        extraTangents.push(d);
        code.line(`const ${b} = new Array(${outs.numbers.length}).fill(0), ${d} = new Array(${outs.numbers.length}).fill(0);`);
        outs.numbers.forEach((j, i) => after.push(`${rt.scatter}(${hv}, ${JSON.stringify(req.flat!.params[j].leaf!.path)}, ${d}[${i}]);`));
        if (jvpMode) outs.numbers.forEach((j, i) => after.push(`${rt.scatter}(${gv}, ${JSON.stringify(req.flat!.params[j].leaf!.path)}, ${b}[${i}]);`));
      }
    }
    const n = fn.params.length;
    const tangentOf = (j: number) => {
      if (j >= n) return extraTangents[j - n];
      if (jvpMode) return tangentVar.get(j) ?? zeroTangent(program, target, j);
      if (!along.includes(j)) return zeroTangent(program, target, j);
      if (!direction) return "1";
      if (direction !== v) return direction;
      return isObjectArg(req, k) ? args.leaf(vd, j, rt)! : vd;
    };
    guarded(code, rt, { tops, v0, c0, r0, err }, saved, () => {
      const call = `${sig.name}(${[...fn.params, ...extra, ...sig.tangentParams.map(tangentOf)].join(", ")})`;
      const value = names.fresh("value");
      code.line(jvpMode && !outs ? `const ${value} = ${call};` : `${call};`);
      if (outs) {
        after.forEach((a) => code.line(a));
        code.line(`return ${jvpMode ? `[${gv}, ${hv}]` : hv};`);
      } else {
        const wp = fn.params[req.fw![0]];
        const d = sig.retVaried ? (sig.retArray ? `${rt.refs}.pop()` : `${l.channel}[0]`) : expect(req.fw![0]) === "array" ? `${rt.zerosLike}(${wp})` : "0";
        code.line(`return ${jvpMode ? `[${value}, ${d}]` : d};`);
      }
    });
    code.close();
  };

  /** jvp(grad(f)): the arguments out of primals, each object's tangent checked whole (ADC_R205)… */
  const objTangent = new Map<number, string>();
  function jvpPrologue() {
    code.line(`${rt.checkJvp}(${primals}, ${tans}, ${fq});`);
    const read = own.map((a, i) => ({ a, i })).filter(({ a, i }) => args.isObject(i) || fn.params.includes(a));
    if (read.length) code.line(`const ${read.map(({ a, i }) => `${a} = ${primals}[${i}]`).join(", ")};`);
    own.forEach((a, i) => {
      if (!args.isObject(i)) return;
      const d = names.fresh(`${a}d`);
      objTangent.set(i, d);
      code.line(`const ${d} = ${rt.checkTangent}(${a}, ${tans}[${i}], ${fq}, ${i}, "object");`);
    });
  }
  /** …then the tangent of each parameter differentiated along, read leaf by leaf like the argument. */
  function jvpTangents() {
    for (const j of along) {
      const i = args.origOf(j);
      const p = fn.params[j];
      const t = names.fresh(`${fn.locals.get(p)!.source}d`);
      tangentVar.set(j, t);
      const leaf = objTangent.has(i) ? args.leaf(objTangent.get(i)!, j, rt) : null;
      const path = args.path(j);
      const copy = mutated.has(j) || (mutated.size && expect(j) === "array") ? ", true" : path ? ", false" : "";
      code.line(`const ${t} = ${rt.checkTangent}(${p}, ${leaf ?? `${tans}[${i}]`}, ${fq}, ${i}, "${expect(j)}"${copy}${path ? `, ${JSON.stringify(path)}` : ""});`);
    }
  }

  if (req.kind === "jvp") {
    code.comment(`${describe(req)}: [${grad}(...primals), its derivative along tangents] (forward over reverse, arguments read leaf by leaf)`);
    body(req.name, null);
  } else if (req.kind === "deriv") {
    code.comment(`${describe(req)}: the derivative of order ${req.order} of ${req.fname}, forward over reverse (arguments read leaf by leaf)`);
    body(req.name, null);
  } else if (req.kind === "hvp") {
    code.comment(`${describe(req)}: the derivative of ${grad} along ${v} (shaped like ${argNames[k]}), forward over reverse`);
    body(req.name, v);
  } else if (!isObjectArg(req, k) && expect(along[0]) === "number") {
    code.comment(`${describe(req)}: the derivative of ${grad} along 1 (forward over reverse)`);
    body(req.name, "1");
  } else {
    // row r is H·e_r, e_r the r-th number of the argument (depth first, in the order of its own keys)
    const row = program.namer.fresh(`${req.fname}_hessianRow`); // module-wide: two hessians, two rows
    const [rows, r, e] = ["rows", "r", "e"].map((b) => names.fresh(b));
    code.comment(`${describe(req)}: row r is H·e_r, the derivative of ${grad} along the r-th number of ${argNames[k]} (depth first)`);
    code.open(`function ${req.name}(${[...own, ...captured].join(", ")})`);
    if (!isObjectArg(req, k)) code.line(`${rt.checkArg}(${argNames[k]}, ${fq}, ${k}, "array");`);
    code.line(`const ${e} = ${rt.units}(${argNames[k]}); // e[r]: 1 at the r-th number, shaped like ${argNames[k]}`);
    code.line(`const ${rows} = new Array(${e}.length);`);
    code.line(`for (let ${r} = 0; ${r} < ${e}.length; ${r}++) ${rows}[${r}] = ${row}(${[...own, `${e}[${r}]`, ...captured].join(", ")});`);
    code.line(`return ${rows};`);
    code.close();
    body(row, v);
  }
  return code.toString();
}
