// f_vjp of a function whose parameters are objects (classes, tuples, arrays of objects,
// destructured parameters) and which returns an array (transform/vjp.ts generates the rest). The
// flattened f_flat (transform/objects) is differentiated in every number leaf of every argument:
// vjp(f, ...args) checks and deep-copies the arguments as given and calls f once for the value;
// each pullback(ct) reads the leaves (FlatArgs: leafAccess, rt.gather, class checks, aliasing)
// out of fresh copies, builds each object's gradient as a zero of its shape (null at leaves
// without numbers) whose array leaves are the shadows, runs f_flat's sweeps with ct added into the
// result's shadow, scatters the number leaves back, and returns one gradient per argument.
import { Code } from "./adjoint/code.js";
import type { Program } from "./program.js";
import type { Flat } from "./objects/flatten.js";
import { FlatArgs } from "./tangent/args.js";
import { endPullback, pullbackSweeps } from "./vjp.js";
import { classNodes, isArrayLeaf, leafAccess, pathText, patternOf, type WrapperRequest } from "./wrapper.js";

export function generateVjpFlat(fname: string, name: string, req: WrapperRequest, flat: Flat, arity: number, program: Program): string {
  const rt = program.rt;
  const { fn, mutated } = program.fn(flat.name);
  const source = program.module.functions.get(fname)!;
  const args = new FlatArgs(fn, flat, source);
  const params = fn.params;
  const argNames = args.argNames;
  const leafOf = (j: number) => flat.params[j].leaf ?? null;
  const kindOf = (j: number) => fn.locals.get(params[j])!.kind.k;
  const pat = patternOf(req, program);
  const pair = program.pair(flat.name, pat);
  const sig = pair.sig;
  const fq = JSON.stringify(fname);
  const names = program.namer.child();
  params.forEach((p) => names.reserve(p));
  argNames.forEach((a) => names.reserve(a));
  const optional = (i: number) => {
    const p = source.params[i];
    return p?.type === "AssignmentPattern" || (p?.type === "Identifier" && !!p.optional);
  };
  // the parameter of a source argument that is not an object (numbers, arrays, strings, ...)
  const plainParam = (i: number) => params.findIndex((_, j) => args.origOf(j) === i && !leafOf(j));
  const code = new Code();
  code.comment(`vjp(${fname}): [${fname}(${argNames.join(", ")}), the pullback ct -> the gradient of each argument against ct]; objects are read leaf by leaf into ${flat.name}'s sweeps, on copies of the arguments as given`);
  code.open(`function ${name}(${argNames.join(", ")})`);
  const given = argNames.map((a, i) => {
    const g = names.fresh(`${a}0`);
    const j = plainParam(i);
    const differentiated = !args.isObject(i) && j >= 0 && pat[j] === "1";
    const read = differentiated ? `${rt.vjpArg}(${a}, ${fq}, ${i}, "${kindOf(j) === "arr" ? "array" : "number"}"${optional(i) ? ", true" : ""})` : `${rt.copyArg}(${a})`;
    code.line(`const ${g} = ${read};`);
    return g;
  });
  // the differentiated leaves of objects hold what f was compiled for (checked once, at vjp time)
  params.forEach((p, j) => {
    const l = leafOf(j);
    if (!l || pat[j] !== "1") return;
    const i = args.origOf(j);
    code.line(`${rt.checkArg}(${leafAccess(given[i], l, rt.gather)}, ${fq}, ${i}, "${kindOf(j) === "arr" ? "array" : "number"}", ${JSON.stringify(pathText(l.path))});`);
  });
  // objects whose methods were compiled must be of that class (the pullback's prologue checks its copies again)
  flat.shapes.forEach((sh, i) => {
    for (const c of classNodes(sh)) {
      const at = c.path.length ? leafAccess(given[i], { path: c.path, role: "value", ann: null }, rt.gather) : given[i];
      code.line(`${rt.checkClass}(${at}, ${c.cls}, ${fq}, ${i}, ${JSON.stringify(pathText(c.path))}${c.path.includes(null) ? ", true" : ""});`);
    }
  });
  // arrays f writes into must not share storage with other arrays (arguments or fields) as given:
  // the pullback's copies would not share it, so the derivative would silently differ from f's
  const arrays = params.map((p, j) => ({ p, j })).filter(({ j }) => kindOf(j) === "arr");
  const written = arrays.map((a, k) => (mutated.has(a.j) ? k : -1)).filter((k) => k >= 0);
  if (written.length && arrays.length > 1) {
    const read = (j: number) => args.leaf(argNames[args.origOf(j)], j, rt) ?? argNames[args.origOf(j)];
    code.line(`${rt.checkNoAlias}(${fq}, [${arrays.map((a) => read(a.j)).join(", ")}], ${JSON.stringify(arrays.map((a) => args.label(a.j)))}, [${written.join(", ")}]);`);
  }
  const [value, shape, ct, v0, c0, r0, err] = ["value", "shape", "ct", "v0", "c0", "r0", "e"].map((b) => names.fresh(b));
  code.line(`const ${value} = ${fname}(${argNames.join(", ")});`);
  code.line(`const ${shape} = ${rt.snapshot}(${value});`);
  const pullback = names.fresh("pullback");
  code.open(`const ${pullback} = (${ct}) =>`);
  code.line(`${rt.checkCotangent}(${shape}, ${ct}, ${fq});`);
  code.line(`// fresh copies of the arguments as given: ${flat.name}'s sweeps may write into them`);
  code.line(`const ${argNames.map((a, i) => `${a} = ${rt.copyArg}(${given[i]})`).join(", ")};`);
  args.prologue(code, rt, fq, mutated);
  const objGrad = new Map<number, string>();
  argNames.forEach((a, i) => {
    if (!args.isObject(i)) return;
    const g = names.fresh(`${a}b`);
    objGrad.set(i, g);
    code.line(`const ${g} = ${optional(i) ? `${a} === undefined ? null : ` : ""}${rt.zerosLike}(${a});`);
  });
  const shadow = new Map<number, string>();
  const scatterAfter: string[] = [];
  for (const j of sig.shadowParams) {
    const b = names.fresh(`${params[j]}b`);
    shadow.set(j, b);
    const l = leafOf(j);
    const g = objGrad.get(args.origOf(j));
    if (l && g) {
      // the shadow of an array leaf is that leaf of the gradient; numbers gathered from objects go back after
      code.line(`const ${b} = ${leafAccess(g, l, rt.gather)};`);
      if (l.path.includes(null) && !isArrayLeaf(fn, params[j], l)) scatterAfter.push(`${rt.scatter}(${g}, ${JSON.stringify(l.path)}, ${b});`);
    } else code.line(`const ${b} = ${optional(args.origOf(j)) ? `${params[j]} === undefined ? undefined : ` : ""}${rt.zerosLike}(${params[j]});`);
  }
  code.line(`const ${v0} = ${rt.values}.top, ${c0} = ${rt.control}.top, ${r0} = ${rt.refs}.top;`);
  code.open("try");
  const shadows = sig.shadowParams.map((j) => shadow.get(j)!);
  const scalar = pullbackSweeps(code, names, rt, pair, fname, params, shadows, ct, params);
  for (const line of scatterAfter) code.line(line);
  for (const [j, b] of scalar) {
    const l = leafOf(j);
    const g = objGrad.get(args.origOf(j));
    if (l && g) code.line(`${rt.scatter}(${g}, ${JSON.stringify(l.path)}, ${b});`);
  }
  // an argument the value does not depend on has a zero gradient; one holding no numbers, null
  const gradOf = (i: number) => {
    if (objGrad.has(i)) return objGrad.get(i)!;
    const j = plainParam(i);
    if (j < 0 || pat[j] !== "1") return "null";
    const b = shadow.get(j) ?? scalar.get(j) ?? (kindOf(j) === "arr" ? `${rt.zerosLike}(${params[j]})` : "0");
    return optional(i) ? `${params[j]} === undefined ? null : ${b}` : b;
  };
  endPullback(code, rt, { v0, c0, r0, err }, argNames.slice(0, arity).map((_, i) => gradOf(i)), value, pullback);
  return code.toString();
}
