// One level of forward over reverse: generated sweep code (or tangent code of a lower level) is
// parsed back as module functions and differentiated by the tangent pass (transform/tangent), the
// run-time store operations it contains being primitives with tangent rules
// (lower/runtime-ops.ts, tangent/runtime-ops.ts). Level L gives every store S a tangent store S_L
// and returns a result's tangent in $ret_L[0]. The same lowering, kinds and activity as for user
// code apply, so loops, branches, calls and recursion in the sweeps need nothing special.
import { parse as babelParse } from "@babel/parser";
import { AdcError, type Reporter } from "../../errors.js";
import type { ModuleInfo } from "../../analyze/module.js";
import { analyzeModule } from "../../analyze/module.js";
import { traverse } from "../../source.js";
import * as t from "@babel/types";
import type { Kind, RuntimeOp } from "../../ir.js";
import type { Namer } from "../../names.js";
import { Program, type RuntimeNames } from "../program.js";
import { TangentProgram } from "../tangent/program.js";
import type { TangentCallee } from "../tangent/statements.js";

export type StoreClass = RuntimeOp["cls"];

/** The stores generated code of a level below L names, and the kind of each. */
export function baseStores(rt: RuntimeNames): Map<string, StoreClass> {
  return new Map<string, StoreClass>([
    [rt.values, "values"],
    [rt.control, "control"],
    [rt.refs, "refs"],
    [rt.adjoints, "scalars"],
    [rt.zerosLike, "zerosLike"],
    [rt.addInto, "addInto"],
    [rt.sumAll, "sumAll"],
  ]);
}

export interface StageResult {
  /** The tangent functions, as source. */
  code: string[];
  /** The tangent function of each requested driver. */
  sigs: TangentCallee[];
  /** The stores after this level: those before, their tangent stores and $ret_L. */
  stores: Map<string, StoreClass>;
  /** Kinds of the variables of the tangent functions, for the next level. */
  hints: KindHints;
  /** This level's channel: a tangent function's result tangent is in channel[0]. */
  channel: string;
  /** The program the level was analyzed in (its view of the drivers' parameters). */
  program: Program;
}

/** Kinds of the variables of generated functions, by function: locals by name, parameters by position. */
export type KindHints = Map<string, { kinds: Map<string, Kind>; params: Kind[] }>;

export interface StageInput {
  hints: KindHints;
  level: number;
  /** Everything the drivers reach: sweep code, or the previous level's tangent functions. */
  code: string[];
  /** Functions of user-visible results (the gradient, a lower derivative) to differentiate. */
  drivers: { name: string; source: string; pattern: string | ((program: Program) => string) }[];
  stores: Map<string, StoreClass>;
  info: ModuleInfo;
  rep: Reporter;
  rt: RuntimeNames;
  namer: Namer;
  /** Where to report a failure: the hvp/hessian/grad call. */
  site: import("@babel/types").Node;
  what: string;
}

export function differentiateAgain(input: StageInput): StageResult {
  const { level, rep, rt } = input;
  const filename = `<adc: generated sweep code, derivative level ${level}>`;
  const text = [...input.code, ...input.drivers.map((d) => d.source)].join("\n\n");
  rep.files.set(filename, text);
  const file = babelParse(text, { sourceType: "module", sourceFilename: filename, plugins: ["typescript"] });
  annotate(file, input.hints);
  const own = analyzeModule(file);
  const known = new Map(input.stores).set(NEW_LIKE, "newLike");
  const tangentOf = (s: string) => `${s}_${level}`;
  const channel = `$ret_${level}`; // shared by every function of the level
  input.namer.reserve(channel);
  const info: ModuleInfo = {
    ...input.info,
    functions: new Map([...input.info.functions, ...own.functions]),
    names: new Set([...input.info.names, ...own.names, ...input.namer.all()]),
    bindings: new Set([...input.info.bindings, ...own.functions.keys(), ...known.keys()]),
    transforms: new Map(),
    runtimeStores: known,
  };
  const program = new Program(info, rep, text, rt);
  const tangents = new TangentProgram(program, {
    storeTangent: tangentOf,
    rt: { adjoints: channel, refs: rt.refs, zerosLike: rt.zerosLike },
  });
  let code: string[];
  let sigs: TangentCallee[];
  try {
    sigs = input.drivers.map((d) => tangents.request(d.name, typeof d.pattern === "string" ? d.pattern : d.pattern(program)));
    code = tangents.generate();
  } catch (e) {
    if (!(e instanceof AdcError) || e.filename !== filename) throw e;
    if (e.detail.includes(`'${rt.tapeCall}'`) || e.detail.includes(`'${rt.tapeBack}'`)) {
      return rep.error("ADC234", input.site, `${input.what}: the gradient calls through the run-time call tape (a function passed in, or one declared with primitive()), which forward over reverse does not differentiate yet; call module functions by name`);
    }
    // a construct of the generated code the tangent pass does not handle: reported where it was asked for
    return rep.error("ADC230", input.site, `${input.what}: adc cannot differentiate its own gradient code here (${e.code}: ${e.detail}; at '${e.frame.split("\n").find((l) => l.startsWith(">"))?.replace(/^>\s*\d+\s*\|\s*/, "") ?? "?"}')`);
  }
  for (const n of tangents.names().keys()) input.namer.reserve(n);
  const stores = new Map(input.stores);
  for (const [s, cls] of input.stores) if (cls === "values" || cls === "refs" || cls === "scalars") stores.set(tangentOf(s), cls);
  stores.set(channel, "scalars");
  return { code, sigs, stores, channel, hints: tangents.kinds, program };
}

/** Declarations of the stores a level's code names beyond the runtime's own: `const $values_1 = $store("values", "values_1");`. */
export function storeDeclarations(stores: Map<string, StoreClass>, base: Map<string, StoreClass>, storeFn: string, text: string): string[] {
  const out: string[] = [];
  for (const [name, cls] of stores) {
    if (base.has(name) || !new RegExp(`\\${name}\\b`).test(text)) continue;
    out.push(`const ${name} = ${storeFn}(${JSON.stringify(cls)}, ${JSON.stringify(name.replace(/^\$/, ""))});`);
  }
  return out;
}

/** `new a.constructor(n)` is read as this store function (lower/runtime-ops.ts); it is printed back as written. */
const NEW_LIKE = "$newLike";

/**
 * Type annotations from the hints on the parameters and `let` declarations of generated functions;
 * `new a.constructor(n)` (map and filter allocate so) becomes `$newLike(a, n)`.
 */
function annotate(file: t.File, hints: KindHints): void {
  traverse(file, {
    NewExpression(path) {
      const c = path.node.callee;
      if (c.type === "MemberExpression" && !c.computed && c.property.type === "Identifier" && c.property.name === "constructor" && c.object.type === "Identifier") {
        path.replaceWith(t.callExpression(t.identifier(NEW_LIKE), [c.object, ...(path.node.arguments as t.Expression[])]));
      }
    },
  });
  const typeOf = (k: Kind | undefined): t.TSType | null => {
    if (!k) return null;
    if (k.k === "num") return t.tsNumberKeyword();
    if (k.k !== "arr") return null;
    let ty: t.TSType = t.tsNumberKeyword();
    let depth = k.depth;
    if (k.elem === "f64" || k.elem === "f32") {
      ty = t.tsTypeReference(t.identifier(k.elem === "f64" ? "Float64Array" : "Float32Array"));
      depth--;
    }
    for (let i = 0; i < depth; i++) ty = t.tsArrayType(ty);
    return ty;
  };
  const set = (id: t.Identifier, k: Kind | undefined) => {
    const ty = !id.typeAnnotation && typeOf(k);
    if (ty) id.typeAnnotation = t.tsTypeAnnotation(ty);
  };
  for (const s of file.program.body) {
    if (s.type !== "FunctionDeclaration" || !s.id) continue;
    const h = hints.get(s.id.name);
    if (!h) continue;
    s.params.forEach((p, i) => p.type === "Identifier" && set(p, h.params[i]));
    for (const st of s.body.body) {
      if (st.type !== "VariableDeclaration" || st.kind !== "let") continue;
      for (const d of st.declarations) if (d.id.type === "Identifier") set(d.id, h.kinds.get(d.id.name));
    }
  }
}
