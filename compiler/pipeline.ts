// The compiler's passes, in order (see ARCHITECTURE.md):
//   parse -> analyze module -> find grad/valueAndGrad calls -> per reachable function:
//   fence, lower, jumps, kinds, activity -> adjoint pairs -> wrappers -> strip types -> print.
import { parse as babelParse } from "@babel/parser";
import * as t from "@babel/types";
import { Reporter } from "./errors.js";
import type { CompileOptions, CompileResult } from "./index.js";
import { analyzeModule, collectNames, paramsOf, unwrapTS, ADC_MODULE, ADC_RUNTIME_MODULE } from "./analyze/module.js";
import { linkImports } from "./analyze/imports.js";
import { parseModule } from "./parse/parse.js";
import { transpile } from "./parse/transpile.js";
import { Program, type RuntimeNames } from "./transform/program.js";
import { generateWrapper, requestWrapper, type WrapperRequest } from "./transform/wrapper.js";
import { generate, traverse } from "./source.js";
import { Declared } from "./transform/objects/declared.js";
import { ObjectsPass } from "./transform/objects/flatten.js";
import { registerLines, requestRegistrations } from "./transform/register.js";
import { Factories } from "./transform/factories.js";
import { TangentProgram } from "./transform/tangent/program.js";
import { generateJvpWrapper, rejectObjectResult } from "./transform/tangent/wrapper.js";
import { ALL, describe as describeHigher, generateHigher, requestHigher, type HigherRequest } from "./transform/higher/index.js";
import { InnerGrads } from "./transform/higher/inner.js";
import { JvpOfJvp } from "./transform/higher/forward.js";
import { baseStores, storeDeclarations, type StoreClass } from "./transform/higher/stage.js";
import type { NodePath } from "@babel/traverse";
import { VjpRequests } from "./transform/vjp.js";


const RUNTIME_EXPORTS = ["values", "control", "refs", "adjoints", "zerosLike", "sumAll", "addInto", "checkResult", "checkArg", "snapshot", "restore", "reset", "gather", "scatter", "checkClass", "tapeCall", "tapeBack", "register", "closure", "withCaptures", "checkJvp", "checkTangent", "store", "stackTops", "resetTops", "checkDirection", "units", "checkNoAlias", "primitive", "vjpArg", "checkCotangent", "jacobianOf", "copyArg", "scaleGrad", "checkObjectDirection", "vjpOfRule"] as const;
/** Imported only by modules whose generated code uses them (dynamic calls, registrations, objects, closures, jvp). */
const OPTIONAL_EXPORTS = new Set<string>(["tapeCall", "tapeBack", "register", "gather", "scatter", "checkClass", "closure", "withCaptures", "checkJvp", "checkTangent", "store", "stackTops", "resetTops", "checkDirection", "units", "checkNoAlias", "primitive", "vjpArg", "checkCotangent", "jacobianOf", "copyArg", "scaleGrad", "checkObjectDirection", "vjpOfRule"]);

export function compileModule(source: string, options: CompileOptions = {}): CompileResult {
  const filename = options.filename ?? "input.ts";
  const rep = new Reporter(filename, source);
  const file = parseModule(source, rep);
  for (const stmt of file.program.body) {
    if (stmt.type === "TSExportAssignment") rep.error("ADC114", stmt, "export = is CommonJS: adc build writes ES modules; use export default");
    if (stmt.type === "TSImportEqualsDeclaration" && stmt.moduleReference.type === "TSExternalModuleReference") {
      rep.error("ADC114", stmt, "import = require() is CommonJS: adc build writes ES modules; use import");
    }
  }
  // helpers imported from the user's other modules join this module's (only when it differentiates)
  const own = analyzeModule(file);
  const imports = own.transforms.size && options.format !== "function" ? linkImports(file, filename, own, rep, options.readFile) : null;
  const info = imports?.info ?? own;

  const names = new Set(info.names);
  const rt = {} as RuntimeNames;
  for (const e of RUNTIME_EXPORTS) {
    let n = `$${e}`;
    for (let i = 1; names.has(n); i++) n = `$${e}${i}`;
    names.add(n);
    rt[e] = n;
  }
  const program = new Program(info, rep, source, rt);
  const objects = new ObjectsPass(info, new Declared(file), rep, program.namer);
  const factories = new Factories(info, rep, program.namer, rt.closure);

  const tangents = new TangentProgram(program);
  const higher = new Map<string, HigherRequest>(); // hvp, hessian, grad(grad(f)) (transform/higher)
  // jvp(f, primals, tangents) -> f_jvp(primals, tangents), forward mode (transform/tangent)
  const jvps = new Map<string, { name: string; loc: t.SourceLocation | null | undefined; site: t.Node; arity?: number }>();
  const fwd = new JvpOfJvp(program); // jvp of functions that call jvp (transform/higher/forward.ts)
  // find the statically resolvable transform calls
  const wrappers = new Map<string, { name: string; req: WrapperRequest; loc: t.SourceLocation | null | undefined }>();
  // grad(h) called inside differentiated code (transform/higher/inner.ts)
  const inner = new InnerGrads(program, higher, (fname) => !!objects.fn(fname)?.changed);
  info.innerGrad = inner.kindOf;
  tangents.innerGrad = inner.jvpOf;
  /** Replace a transform call by its generated form, keeping its location for errors and source maps. */
  function replaceKeepingLoc(path: NodePath, node: t.Expression, what: string, req?: WrapperRequest): void {
    node.loc = path.node.loc;
    node.start = path.node.start;
    node.end = path.node.end;
    const callee = node.type === "CallExpression" ? node.callee : node;
    if (callee.type === "Identifier" && callee.name !== rt.withCaptures) inner.transform(callee.name, what, req, constNameOf(path), path.node);
    path.replaceWith(node);
  }
  /** `const g = <this call>` at module level: g called inside differentiated code is the transform. */
  function constNameOf(path: NodePath): string | undefined {
    const decl = path.parentPath;
    return decl?.isVariableDeclarator() && decl.node.id.type === "Identifier" && decl.parentPath.isVariableDeclaration({ kind: "const" }) && decl.scope.path.isProgram() ? decl.node.id.name : undefined;
  }
  const vjps = new VjpRequests(program, rep);
  let remainingUses = 0;
  const forced = new Set<string>(); // runtime names the instrumented source uses
  traverse(file, {
    CallExpression(path) {
      const callee = path.node.callee;
      if (callee.type !== "Identifier" || !info.transforms.has(callee.name)) return;
      const binding = path.scope.getBinding(callee.name);
      if (!binding || binding.kind !== "module") return;
      const kind = info.transforms.get(callee.name)!;
      if (kind === "jvp" && isGradCall(path.node.arguments[0], path)) {
        // jvp(grad(f), primals, tangents): forward over reverse (transform/higher)
        const r = jvpOfGrad(path.node, path);
        if (r) replaceKeepingLoc(path, r, "jvp(grad(…))");
        else remainingUses++;
        return;
      }
      if (kind === "vjp" && isGradCall(path.node.arguments[0], path)) {
        // vjp(grad(h), ...args): grad(h)'s value and its rule (an H·v product, transform/higher/inner.ts) as the pullback
        const g = gradCallOf(path.node.arguments[0], path)!;
        if (isGradCall(g.arguments[0], path)) rep.error("ADC232", path.node, "vjp(grad(grad(f))) is not supported: use vjp(grad(f))");
        const h = g.arguments[0];
        if (!(h?.type === "Identifier" && info.functions.has(h.name) && path.scope.getBinding(h.name)?.scope.path.isProgram())) {
          remainingUses++;
          return; // left to the runtime
        }
        const gCall = t.cloneNode(g, true);
        inner.wantRules(gCall);
        const r = t.callExpression(t.identifier(rt.vjpOfRule), [gCall, t.arrayExpression(path.node.arguments.slice(1) as t.Expression[]), t.stringLiteral(`grad(${h.name})`)]);
        r.loc = path.node.loc;
        forced.add("vjpOfRule");
        path.replaceWith(r); // the inner grad(h) is visited next and replaced by its wrapper
        return;
      }
      if (kind === "jacobian" && isGradCall(path.node.arguments[0], path)) {
        // jacobian(grad(f, k)) is hessian(f, k)
        const g = gradCallOf(path.node.arguments[0], path)!;
        const [, j, mode] = path.node.arguments;
        if (mode) rep.error("ADC233", mode, "jacobian(grad(f)) is the Hessian, computed forward over reverse: a mode cannot be chosen");
        const sameArg = (a: t.Node | undefined, b: t.Node | undefined) => (a?.type === "NumericLiteral" ? a.value : 0) === (b?.type === "NumericLiteral" ? b.value : 0);
        if (isGradCall(g.arguments[0], path) || (j && !sameArg(j, g.arguments[1]))) {
          rep.error("ADC232", path.node, "jacobian(grad(f, k), j) is supported for j = k (the Hessian, hessian(f, k)); grad nested in it is not");
        }
        const asHessian = t.callExpression(path.node.callee, g.arguments.slice(0, 2) as t.Expression[]);
        asHessian.loc = path.node.loc;
        const r = higherCall(asHessian, "hessian", path);
        if (r) replaceKeepingLoc(path, r, "jacobian(grad(…))");
        else remainingUses++;
        return;
      }
      if (kind !== "grad" && isGradCall(path.node.arguments[0], path)) {
        rep.error("ADC232", path.node, `${kind}(grad(f)) is not supported: differentiate f (grad(grad(f)), hessian(f), hvp(f), jvp(grad(f)))`);
      }
      if (kind === "hvp" || kind === "hessian" || (kind === "grad" && isGradCall(path.node.arguments[0], path))) {
        const r = higherCall(path.node, kind, path);
        if (r) replaceKeepingLoc(path, r, `${kind}(${(path.node.arguments[0] as t.Identifier)?.name ?? "…"})`);
        else remainingUses++;
        return;
      }
      const [fArg0, argnumArg] = path.node.arguments;
      const fArg = fArg0 && fArg0.type !== "SpreadElement" && fArg0.type !== "ArgumentPlaceholder" ? unwrapTS(fArg0 as t.Expression) : fArg0; // grad(loss as Fn)
      let fname = fArg?.type === "Identifier" && info.functions.has(fArg.name) && path.scope.getBinding(fArg.name)?.scope.path.isProgram() ? fArg.name : null;
      // a closure a module factory returns: its lifted form, given the captured values (transform/factories.ts)
      const lifted = !fname && fArg && t.isExpression(fArg) ? factories.resolve(fArg, path) : null;
      if (lifted) fname = lifted.name;
      if (!fname) {
        remainingUses++;
        return; // not statically known: left to the runtime
      }
      if (kind === "vjp" || kind === "jacobian") {
        // vjp(f, ...args), jacobian(f, k): transform/vjp.ts (a jacobian also uses f's jvp wrapper)
        const jvpName = () => (jvps.get(fname!) ?? jvps.set(fname!, { name: program.namer.fresh(`${fname}_jvp`), loc: path.node.loc, site: path.node, arity: lifted?.arity }).get(fname!)!).name;
        replaceKeepingLoc(path, vjps.replace(path.node, kind, fname, lifted, jvpName), `${kind}(${fname})`);
        if (kind === "jacobian") forced.add("jacobianOf");
        if (lifted) forced.add("withCaptures").add("closure");
        return;
      }
      if (kind === "jvp") {
        let j = jvps.get(fname);
        if (!j) jvps.set(fname, (j = { name: program.namer.fresh(`${fname}_jvp`), loc: path.node.loc, site: path.node, arity: lifted?.arity }));
        const rest = path.node.arguments.slice(1);
        if (rest.length !== 0 && rest.length !== 2) rep.error("ADC203", path.node, "jvp takes (f, primals, tangents), or f alone to get the function of (primals, tangents)");
        // a factory's closure: the wrapper takes (primals, tangents) and then the captured values
        const jf = lifted ? t.callExpression(t.identifier(rt.withCaptures), [fArg as t.Expression, t.identifier(j.name), t.numericLiteral(2), t.stringLiteral(lifted.factory), t.stringLiteral("jvp")]) : t.identifier(j.name);
        if (lifted) forced.add("withCaptures").add("closure");
        else fwd.wrapper(j.name, fname, constNameOf(path));
        replaceKeepingLoc(path, rest.length === 0 ? jf : t.callExpression(jf, rest), `jvp(${fname})`);
        return;
      }
      const nparams = lifted ? lifted.arity : paramsOf(info.functions.get(fname)!).length;
      const { argnums, asArray } = parseArgnum(argnumArg, nparams, rep);
      const key = `${kind}:${fname}:${argnums.join(",")}:${asArray}`;
      let w = wrappers.get(key);
      if (!w) {
        const suffix = kind === "grad" ? "grad" : "valueAndGrad";
        const name = program.namer.fresh(`${fname}_${suffix}`);
        w = { name, req: { kind, fname, argnums, asArray }, loc: path.node.loc };
        wrappers.set(key, w);
      }
      if (!lifted) {
        replaceKeepingLoc(path, t.identifier(w.name), `${kind}(${fname})`, w.req);
        return;
      }
      path.replaceWith(t.callExpression(t.identifier(rt.withCaptures), [fArg as t.Expression, t.identifier(w.name), t.numericLiteral(lifted.arity), t.stringLiteral(lifted.factory)]));
      forced.add("withCaptures").add("closure");
    },
  });

  // hvp(f), hessian(f), grad(grad(f)): forward over reverse (transform/higher)
  /** a is grad(...), or a module const initialised with grad(...) (`const g = grad(f); grad(g)`): that call. */
  function gradCallOf(a: t.Node | undefined, path: NodePath): t.CallExpression | null {
    let e = a && t.isExpression(a) ? unwrapTS(a) : null;
    if (e?.type === "Identifier" && path.scope.getBinding(e.name)?.scope.path.isProgram() && path.scope.getBinding(e.name)?.kind === "const") {
      const init = info.constants.get(e.name);
      e = init ? unwrapTS(init) : null;
    }
    return e?.type === "CallExpression" && e.callee.type === "Identifier" && info.transforms.get(e.callee.name) === "grad" && path.scope.getBinding(e.callee.name)?.kind === "module" ? e : null;
  }
  function isGradCall(a: t.Node | undefined, path: NodePath): boolean {
    return !!gradCallOf(a, path);
  }
  function higherCall(node: t.CallExpression, kind: "grad" | "hvp" | "hessian", path: NodePath): t.Expression | null {
    // grad(grad(f, k), k'): peel the nested grads down to f
    let order = 1;
    let inner: t.CallExpression = node;
    const argnums: (t.Node | undefined)[] = [];
    while (kind === "grad" && isGradCall(inner.arguments[0], path)) {
      argnums.push(inner.arguments[1]);
      inner = gradCallOf(inner.arguments[0], path)!;
      order++;
    }
    if (kind !== "grad") order = 2;
    const [fArg0, argnumArg] = inner.arguments;
    const fArg = fArg0 && t.isExpression(fArg0) ? unwrapTS(fArg0) : null;
    let fname = fArg?.type === "Identifier" && info.functions.has(fArg.name) && path.scope.getBinding(fArg.name)?.scope.path.isProgram() ? fArg.name : null;
    // a closure a module factory returns: its lifted form, given the captured values (as grad and jvp)
    const lifted = !fname && fArg ? factories.resolve(fArg, path) : null;
    if (lifted) fname = lifted.name;
    if (!fname) return null; // not statically known: left to the runtime
    if (kind !== "grad" && node.arguments.length > 2) rep.error("ADC233", node, `${kind} takes (f, argnum?) and returns a function of ${kind === "hvp" ? "(...args, v)" : "f's arguments"}`);
    const nparams = lifted ? lifted.arity : paramsOf(info.functions.get(fname)!).length;
    const { argnums: [k], asArray } = parseArgnum(argnumArg, nparams, rep);
    if (asArray) rep.error("ADC233", argnumArg!, `${kind === "grad" ? "grad(grad(f))" : kind} differentiates with respect to one argument: give argnum as a number`);
    // grad(grad(grad(f, k), a), b): the gradient in b, differentiated along k, then a
    const outer = argnums.reverse().map((a) => {
      const { argnums: [j], asArray: arr } = parseArgnum(a, nparams, rep);
      if (arr) rep.error("ADC233", a!, "grad(grad(f)) differentiates with respect to one argument at each level: give argnum as a number");
      return j;
    });
    const chain = [k, ...outer];
    const wrt = chain[chain.length - 1];
    const along = kind === "grad" ? chain.slice(0, -1) : [k];
    const hkind = kind === "grad" ? "deriv" : kind;
    const key = `${hkind}:${fname}:${wrt}:${along.join(",")}`;
    let h = higher.get(key);
    if (!h) {
      const name = program.namer.fresh(kind === "grad" ? `${fname}_d${order}` : `${fname}_${kind}`);
      higher.set(key, (h = { kind: hkind, fname, wrt, along, order, name, site: node, arity: lifted?.arity }));
    }
    if (!lifted) return t.identifier(h.name);
    forced.add("withCaptures").add("closure"); // hvp's wrapper takes v after the closure's own arguments
    return t.callExpression(t.identifier(rt.withCaptures), [fArg as t.Expression, t.identifier(h.name), t.numericLiteral(lifted.arity + (kind === "hvp" ? 1 : 0)), t.stringLiteral(lifted.factory), t.stringLiteral(kind)]);
  }

  const innerRules: string[] = [];
  function jvpOfGrad(node: t.CallExpression, path: NodePath): t.Expression | null {
    const g = gradCallOf(node.arguments[0], path)!;
    if (isGradCall(g.arguments[0], path)) rep.error("ADC232", node, "jvp(grad(grad(f))) is not supported: use grad(grad(grad(f))) for a number argument, or jvp(grad(f))");
    const fArg = g.arguments[0] && t.isExpression(g.arguments[0]) ? unwrapTS(g.arguments[0]) : null;
    let fname = fArg?.type === "Identifier" && info.functions.has(fArg.name) && path.scope.getBinding(fArg.name)?.scope.path.isProgram() ? fArg.name : null;
    const lifted = !fname && fArg ? factories.resolve(fArg, path) : null; // a factory's closure, as for grad
    if (lifted) fname = lifted.name;
    if (!fname) return null; // left to the runtime
    const { argnums: [k], asArray } = parseArgnum(g.arguments[1], lifted ? lifted.arity : paramsOf(info.functions.get(fname)!).length, rep);
    if (asArray) rep.error("ADC233", g.arguments[1]!, "jvp(grad(f, [..])): give grad one argnum");
    const key = `jvp:${fname}:${k}:${ALL}`;
    let h = higher.get(key);
    if (!h) higher.set(key, (h = { kind: "jvp", fname, wrt: k, along: [ALL], order: 2, name: program.namer.fresh(`${fname}_grad_jvp`), site: node, arity: lifted?.arity }));
    if (lifted) forced.add("withCaptures").add("closure");
    // a closure's wrapper takes (primals, tangents) and then the captured values
    const jf = lifted ? t.callExpression(t.identifier(rt.withCaptures), [fArg as t.Expression, t.identifier(h.name), t.numericLiteral(2), t.stringLiteral(lifted.factory), t.stringLiteral("jvp(grad(…))")]) : t.identifier(h.name);
    const rest = node.arguments.slice(1);
    if (rest.length === 0) return jf;
    if (rest.length === 2) return t.callExpression(jf, rest as t.Expression[]);
    return rep.error("ADC203", node, "jvp takes (f, primals, tangents), or f alone to get the function of (primals, tangents)");
  }

  const generated: string[] = [];
  const registrations = requestRegistrations(file, program);
  const jvpCode: string[] = [];
  const fwdStores = new Map<string, StoreClass>();
  vjps.check(objects);
  if (jvps.size) {
    for (const fname of jvps.keys()) rejectObjectResult(fname, info.functions.get(fname)!, rep);
    // objects, classes and destructuring are flattened first (transform/objects), as for grad
    const flats = new Map([...jvps.keys()].map((fname) => [fname, objects.fn(fname)] as const));
    // jvp of a function that calls jvp inside: forward over forward (transform/higher/forward.ts)
    const plain = [...jvps].filter(([fname, j]) => {
      const reached = fwd.reached(fname);
      if (!reached.size) return true;
      if (flats.get(fname)?.changed) rep.error("ADC236", j.site, `jvp(${fname}): ${fname} calls jvp inside and has object parameters, which this does not support; pass numbers and arrays`);
      const r = fwd.generate(fname, j.name, j.site, reached);
      jvpCode.push(...r.code);
      for (const [n, c] of r.stores) fwdStores.set(n, c);
      return false;
    });
    const wrappersJ = plain.map(([fname, j]) => generateJvpWrapper({ fname, flat: flats.get(fname)?.changed ? flats.get(fname)! : undefined, arity: j.arity }, j.name, program, tangents));
    jvpCode.push(...tangents.generate(), ...wrappersJ);
  }
  for (const h of higher.values()) {
    const flat = objects.fn(h.fname); // object parameters: the chain is on f_flat (transform/higher/objects.ts)
    if (flat?.changed) h.flat = flat;
    requestHigher(h, program);
  }
  if (wrappers.size || registrations.length || higher.size || vjps.size) {
    for (const w of wrappers.values()) {
      // objects, classes and destructuring are flattened first (transform/objects)
      const flat = objects.fn(w.req.fname);
      if (flat?.changed) w.req.flat = flat;
    }
    for (const w of wrappers.values()) requestWrapper(w.req, program);
    innerRules.push(...inner.rules());
    vjps.request();
    const pairs = program.generate();
    generated.push(...pairs, ...[...wrappers.values()].map((w) => generateWrapper(w.req, w.name, program)), ...registerLines(registrations, program), ...vjps.generate());
  }
  const base = baseStores(rt);
  let stores = new Map([...base, ...fwdStores]);
  if (higher.size) {
    const h = generateHigher([...higher.values()], program);
    generated.push(...h.code);
    stores = new Map([...stores, ...h.stores]);
  }
  generated.push(...jvpCode);
  const decls = storeDeclarations(stores, base, rt.store, generated.join("\n"));
  const storeDecls = [...(decls.length ? ["// run-time stores of the tangents of the sweeps' stores (runtime/higher.ts)", ...decls] : []), ...innerRules].join("\n");
  useRuntimeForDeclarers(file, options.runtimeImport ?? `${ADC_MODULE}/runtime`);

  // the transforms imported from "adc" that are no longer used go away
  if (!remainingUses) {
    file.program.body = file.program.body.filter((s) => {
      if (s.type !== "ImportDeclaration" || s.source.value !== ADC_MODULE) return true;
      s.specifiers = s.specifiers.filter((sp) => !(sp.type === "ImportSpecifier" && info.transforms.has(sp.local.name)));
      return s.specifiers.length > 0;
    });
  }


  if (generated.length) {
    const runtimeImport = options.runtimeImport ?? `${ADC_MODULE}/runtime`;
    const text = [...generated, storeDecls].join("\n");
    const used = RUNTIME_EXPORTS.filter((e) => !OPTIONAL_EXPORTS.has(e) || forced.has(e) || new RegExp(`\\${rt[e]}\\b`).test(text));
    const banner =
      options.format === "function"
        ? `const { ${used.map((e) => `${e}: ${rt[e]}`).join(", ")} } = ${RUNTIME_PARAM};`
        : `import { ${used.map((e) => `${e} as ${rt[e]}`).join(", ")} } from ${JSON.stringify(runtimeImport)};`;
    // the names of other modules the generated code uses: imported, or copied when not exported
    const usedNames = new Set<string>();
    collectNames(babelParse(generated.join("\n\n"), { sourceType: "module" }).program, usedNames);
    const links = imports?.links(usedNames, filename) ?? { imports: [], decls: [] };
    const head = babelParse([banner, ...links.imports, storeDecls].join("\n"), { sourceType: "module" }).program.body;
    const rest = babelParse(`// ---- generated by adc: adjoint code ----\n\n${[...links.decls, ...generated].join("\n\n")}\n`, { sourceType: "module", plugins: ["typescript"] }).program.body;
    // functions whose object parameters were flattened, as the adjoint code calls them
    const emitSource = (f: { name: string; node: t.FunctionDeclaration }, what: string) => {
      const node = t.cloneNode(f.node, true);
      if (options.format === "function") stripTypes(node);
      t.addComment(node, "leading", ` ${f.name}: ${what}`, true);
      rest.push(node);
    };
    for (const f of factories.all()) emitSource(f, "the closure a factory returns, taking what it captures as parameters (transform/factories)");
    for (const f of objects.emitted()) emitSource(f, "objects flattened to their fields (transform/objects)");
    // each generated function maps to the function (or grad call) it was generated from, in this file
    const origins = program.origins();
    for (const [n, loc] of origins) if (loc.filename && loc.filename !== filename) origins.delete(n);
    for (const w of wrappers.values()) if (w.loc) origins.set(w.name, w.loc);
    for (const j of jvps.values()) if (j.loc) origins.set(j.name, j.loc);
    for (const [n, fname] of tangents.names()) {
      const loc = info.functions.get(fname)?.loc;
      if (loc && !origins.has(n)) origins.set(n, loc);
    }
    for (const s of rest) {
      const loc = s.type === "FunctionDeclaration" && s.id ? origins.get(s.id.name) : undefined;
      if (loc) setLoc(s, loc);
    }
    const firstNonImport = file.program.body.findIndex((s) => s.type !== "ImportDeclaration");
    file.program.body.splice(firstNonImport < 0 ? file.program.body.length : firstNonImport, 0, ...head);
    file.program.body.push(...rest);
  }

  if (options.format === "function") return { code: asFunctionBody(file), map: null };
  const sourceMaps = options.sourceMaps ?? true;
  const out = generate(file, { sourceMaps, sourceFileName: filename, retainLines: false, comments: true }, source);
  return transpile(out.code, sourceMaps ? (out.map as object) : null, filename);
}

export const RUNTIME_PARAM = "__adc_runtime__";

function stripTypes(n: t.Node): void {
  for (const key of Object.keys(n)) {
    if (key === "typeAnnotation" || key === "returnType" || key === "typeParameters") (n as any)[key] = null;
    const v = (n as any)[key];
    if (Array.isArray(v)) v.forEach((c) => c && typeof c.type === "string" && stripTypes(c));
    else if (v && typeof v.type === "string") stripTypes(v);
  }
}

/**
 * primitive and zerograd imported from "adc" come from the runtime instead: the output imports
 * only the runtime, and the rules land in the registry the generated code reads.
 */
function useRuntimeForDeclarers(file: t.File, runtimeImport: string): void {
  const moved: t.ImportSpecifier[] = [];
  file.program.body = file.program.body.filter((s) => {
    if (s.type !== "ImportDeclaration" || (s.source.value !== ADC_MODULE && s.source.value !== ADC_RUNTIME_MODULE) || s.importKind === "type") return true;
    if (s.source.value === ADC_RUNTIME_MODULE) {
      s.source = t.stringLiteral(runtimeImport);
      return true;
    }
    const before = moved.length;
    const keep = s.specifiers.filter((sp) => {
      const imported = sp.type === "ImportSpecifier" ? (sp.imported.type === "Identifier" ? sp.imported.name : sp.imported.value) : "";
      if (imported !== "primitive" && imported !== "zerograd") return true;
      moved.push(sp as t.ImportSpecifier);
      return false;
    });
    s.specifiers = keep;
    return keep.length > 0 || moved.length === before;
  });
  if (moved.length) file.program.body.unshift(t.importDeclaration(moved, t.stringLiteral(runtimeImport)));
}

function setLoc(n: t.Node, loc: t.SourceLocation): void {
  n.loc = { start: loc.start, end: loc.start, filename: loc.filename, identifierName: undefined } as t.SourceLocation;
  for (const key of t.VISITOR_KEYS[n.type] ?? []) {
    const v = (n as any)[key];
    if (Array.isArray(v)) v.forEach((c) => c && typeof c.type === "string" && setLoc(c, loc));
    else if (v && typeof v.type === "string") setLoc(v, loc);
  }
}

/** ESM -> a function body: exports become the returned object, imports are not allowed. */
function asFunctionBody(file: t.File): string {
  const exported: string[] = [];
  file.program.body = file.program.body.map((s) => {
    if (s.type === "ImportDeclaration") throw new Error("adc: a function compiled without a build step cannot import modules");
    if (s.type === "ExportNamedDeclaration" && s.declaration) {
      const d = s.declaration;
      if (d.type === "FunctionDeclaration" && d.id) exported.push(d.id.name);
      if (d.type === "VariableDeclaration") d.declarations.forEach((x) => x.id.type === "Identifier" && exported.push(x.id.name));
      return d;
    }
    return s;
  });
  return `${generate(file, { comments: true }).code}\nreturn { ${exported.join(", ")} };`;
}

function parseArgnum(arg: t.Node | undefined, nparams: number, rep: Reporter): { argnums: number[]; asArray: boolean } {
  const check = (n: t.Node): number => {
    if (n.type !== "NumericLiteral" || !Number.isInteger(n.value)) return rep.error("ADC140", n, "argnum must be an integer literal or an array of integer literals");
    if (n.value < 0 || n.value >= nparams) return rep.error("ADC141", n, `argnum ${n.value} is out of range: the function has ${nparams} parameter(s)`);
    return n.value;
  };
  if (!arg) {
    if (nparams === 0) rep.error("ADC141", null, "cannot differentiate a function without parameters");
    return { argnums: [0], asArray: false };
  }
  if (arg.type === "ArrayExpression") return { argnums: arg.elements.map((e) => check(e ?? arg)), asArray: true };
  return { argnums: [check(arg)], asArray: false };
}
