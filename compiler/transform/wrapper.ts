// The functions that replace grad(f, argnum) and valueAndGrad(f, argnum): check the arguments,
// allocate gradients shaped like them, run f's forward and reverse sweeps, put mutated
// arguments back as f leaves them, and return the gradient(s).
import { Code } from "./adjoint/code.js";
import type { Program } from "./program.js";
import { paramsOf } from "../analyze/module.js";
import type { Flat } from "./objects/flatten.js";
import type { Leaf, Shape } from "./objects/shape.js";

export interface WrapperRequest {
  kind: "grad" | "valueAndGrad";
  fname: string;
  argnums: number[];
  /** argnum was an array: return an array of gradients. */
  asArray: boolean;
  /** The source function's flattened form, when its parameters are objects (objects/flatten.ts). */
  flat?: Flat;
}

/** Register the sweeps a wrapper needs (before Program.generate), so that it can use the fused one. */
export function requestWrapper(req: WrapperRequest, program: Program): void {
  program.pair(target(req), patternOf(req, program), true);
}

const target = (req: WrapperRequest) => req.flat?.name ?? req.fname;

/** A leaf of an object argument is differentiated when the argument is and the leaf holds numbers. */
export function patternOf(req: WrapperRequest, program: Program): string {
  const { fn } = program.fn(target(req));
  return fn.params
    .map((p, j) => {
      const fp = req.flat?.params[j];
      const orig = fp ? fp.orig : j;
      if (!req.argnums.includes(orig)) return "0";
      if (!fp?.leaf) return "1";
      const k = fn.locals.get(p)!.kind.k;
      return fp.leaf.role === "value" && (k === "num" || k === "arr") ? "1" : "0";
    })
    .join("");
}

/** JavaScript reading a leaf out of its argument: p.l1.W, or rt.gather for arrays of objects. */
export function leafAccess(arg: string, leaf: Leaf, gather: string): string {
  // a field that may be missing (p.extra?.k, or declared extra?:) is read with ?., as f reads it
  const step = (s: string, k: number) => {
    const q = k > 0 && leaf.opt?.[k - 1] ? "?." : "";
    return /^[A-Za-z_$][\w$]*$/.test(s) ? `${q || "."}${s}` : `${q}[${JSON.stringify(s)}]`;
  };
  if (!leaf.path.includes(null)) return arg + leaf.path.map((s, k) => step(s!, k)).join("");
  return `${gather}(${arg}, ${JSON.stringify(leaf.path)})`;
}

export function generateWrapper(req: WrapperRequest, name: string, program: Program): string {
  const rt = program.rt;
  const { fn, mutated } = program.fn(target(req));
  const flat = req.flat;
  const source = program.module.functions.get(req.fname)!;
  const rk = fn.retKind.k;
  if (rk === "arr" || rk === "bool") program.rep.error("ADC142", source, `${req.fname} returns ${rk === "arr" ? "an array" : "a boolean"}; ${req.kind} needs a function that returns a number`);
  const params = fn.params;
  // the wrapper takes the source function's arguments; a flattened one reads their leaves
  const origOf = (j: number) => (flat ? flat.params[j].orig : j);
  const leafOf = (j: number) => flat?.params[j].leaf ?? null;
  const nOrig = flat ? flat.shapes.length : params.length;
  const sourceParam = (i: number) => {
    const p = paramsOf(source)[i];
    return p?.type === "Identifier" ? p.name : `arg${i}`;
  };
  const argNames = Array.from({ length: nOrig }, (_, i) => (flat?.shapes[i] ? sourceParam(i) : params[params.findIndex((_, j) => origOf(j) === i)] ?? `arg${i}`));
  for (const i of req.argnums) {
    if (flat?.shapes[i]) continue;
    const k = fn.locals.get(params[params.findIndex((_, j) => origOf(j) === i)])!.kind.k;
    if (k !== "num" && k !== "arr") program.rep.error("ADC141", (source.params[i] ?? source) as never, `cannot differentiate with respect to parameter '${argNames[i]}': it is not a number, an array of numbers or an object of those`);
  }
  const pair = program.pair(target(req), patternOf(req, program));
  const code = new Code();
  const wrt = req.argnums.map((i) => argNames[i]).join(", ");
  code.comment(`${req.kind}(${req.fname}${req.asArray || req.argnums[0] !== 0 ? `, ${req.asArray ? `[${req.argnums.join(", ")}]` : req.argnums[0]}` : ""}): d${req.fname}/d(${wrt})`);
  code.open(`function ${name}(${argNames.join(", ")})`);
  const fq = JSON.stringify(req.fname);
  const names = program.namer.child();
  argNames.forEach((p) => names.reserve(p));
  params.forEach((p) => names.reserve(p));
  // objects: one variable per leaf, and the gradient built as a zero of the argument's shape
  const objGrad = new Map<number, string>();
  params.forEach((p, j) => {
    const l = leafOf(j);
    if (l) code.line(`const ${p} = ${leafAccess(argNames[origOf(j)], l, rt.gather)};`);
  });
  // objects whose methods were compiled must be of that class
  flat?.shapes.forEach((sh, i) => {
    for (const c of classNodes(sh)) {
      const where = pathText(c.path);
      const at = c.path.length ? leafAccess(argNames[i], { path: c.path, role: "value", ann: null }, rt.gather) : argNames[i];
      code.line(`${rt.checkClass}(${at}, ${c.cls}, ${fq}, ${i}, ${JSON.stringify(where)}${c.path.includes(null) ? ", true" : ""});`);
    }
  });
  for (const i of req.argnums) {
    if (!flat?.shapes[i]) continue;
    const g = names.fresh(`${argNames[i]}b`);
    objGrad.set(i, g);
    code.line(`const ${g} = ${rt.zerosLike}(${argNames[i]});`);
  }
  const wrtParam = (j: number) => pair.sig.shadowParams.includes(j) || pair.sig.scalarParams.includes(j);
  params.forEach((p, j) => {
    if (!req.argnums.includes(origOf(j))) return;
    const l = leafOf(j);
    if (l && !wrtParam(j)) return;
    const expect = fn.locals.get(p)!.kind.k === "arr" ? "array" : "number";
    const where = l ? `, ${JSON.stringify(pathText(l.path))}` : "";
    code.line(`${rt.checkArg}(${p}, ${fq}, ${origOf(j)}, "${expect}"${where});`);
  });
  // arrays f writes into must not share storage with other array arguments (or fields)
  const arrays = params.map((p, j) => ({ p, j })).filter(({ p }) => fn.locals.get(p)!.kind.k === "arr");
  const written = arrays.map((a, k) => (mutated.has(a.j) ? k : -1)).filter((k) => k >= 0);
  if (written.length && arrays.length > 1) {
    const label = (j: number) => {
      const l = leafOf(j);
      return l ? `${argNames[origOf(j)]}${pathText(l.path)}` : params[j];
    };
    code.line(`${rt.checkNoAlias}(${fq}, [${arrays.map((a) => a.p).join(", ")}], ${JSON.stringify(arrays.map((a) => label(a.j)))}, [${written.join(", ")}]);`);
  }
  const shadow = new Map<number, string>();
  const scatterAfter: string[] = [];
  for (const j of pair.sig.shadowParams) {
    const s = names.fresh(`${params[j]}b`);
    shadow.set(j, s);
    const l = leafOf(j);
    const g = objGrad.get(origOf(j));
    if (l && g) {
      // the shadow of an array leaf is that leaf of the gradient; numbers gathered from objects go back after
      code.line(`const ${s} = ${leafAccess(g, l, rt.gather)};`);
      if (l.path.includes(null) && !isArrayLeaf(fn, params[j], l)) scatterAfter.push(`${rt.scatter}(${g}, ${JSON.stringify(l.path)}, ${s});`);
    } else code.line(`const ${s} = ${rt.zerosLike}(${params[j]});`);
  }
  const [v0, c0, r0, value, err] = ["v0", "c0", "r0", "value", "e"].map((b) => names.fresh(b));
  const emitReturn = (scalar: Map<number, string>) => {
    for (const line of scatterAfter) code.line(line);
    for (const [j, s] of scalar) {
      const l = leafOf(j);
      const g = objGrad.get(origOf(j));
      if (l && g) code.line(`${rt.scatter}(${g}, ${JSON.stringify(l.path)}, ${s});`);
    }
    // a parameter the result does not depend on has a zero gradient of its shape
    const gradOf = (i: number) => {
      if (objGrad.has(i)) return objGrad.get(i)!;
      const j = params.findIndex((_, k) => origOf(k) === i);
      return shadow.get(j) ?? scalar.get(j) ?? (fn.locals.get(params[j])!.kind.k === "arr" ? `${rt.zerosLike}(${params[j]})` : "0");
    };
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

/** A leaf path as users read it in messages: .layers[i].W */
export function pathText(path: (string | null)[]): string {
  return path.map((s) => (s === null ? "[i]" : `.${s}`)).join("");
}

/** The objects inside a shape whose class was used (methods, getters), with their paths. */
export function classNodes(s: Shape | null, path: (string | null)[] = []): { cls: string; path: (string | null)[] }[] {
  if (!s || s.t === "leaf") return [];
  if (s.t === "soa") return classNodes(s.elem, [...path, null]);
  const here = s.cls ? [{ cls: s.cls, path }] : [];
  return [...here, ...[...s.fields].flatMap(([k, f]) => classNodes(f, [...path, k]))];
}

/**
 * Does a gathered leaf hold arrays (shared with the gradient), not numbers (copied back after)? A
 * leaf under n arrays of objects (n nulls in its path) is gathered into n levels of new arrays:
 * it holds arrays of the gradient only when its kind is deeper than that.
 */
export function isArrayLeaf(fn: import("../ir.js").FnIR, p: string, leaf: Leaf): boolean {
  const k = fn.locals.get(p)!.kind;
  return k.k === "arr" && k.depth > leaf.path.filter((s) => s === null).length;
}
