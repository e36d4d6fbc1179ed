// Imports of the user's other modules. Given the module being compiled, loads (through an injectable
// readFile) every module it reaches by relative imports, transitively, and resolves each imported
// name (named, default, namespace members `m.f`, re-exports, `export *`) to the function or constant
// that declares it. The result is one merged ModuleInfo in which imported functions and constants
// look exactly like helpers of the module being compiled:
//  - every top-level binding of an imported module is renamed in place (that module's AST is ours,
//    never printed as a whole) to a name unique in the compiled module: the local name under which
//    the compiled module imports it, else its own name, else `<module>_<name>`;
//  - the compiled module's own functions that read `m.f` are analyzed from a copy where it is `f`.
// After generation, `links` says how the generated code reaches the names it uses that the compiled
// module does not bind: an added import when the declaring module exports it, else a copy (private
// functions, private literal constants), else ADC171.
// Failures (file not found, syntax error in the imported file, missing export) do not fail the
// compile: they are raised (ADC170, ADC172, or the imported file's own error) where differentiated
// code calls the name. Bare package imports stay unresolved. Module cycles are loaded once.
import * as path from "node:path";
import * as t from "@babel/types";
import type { NodePath } from "@babel/traverse";
import { AdcError, Reporter } from "../errors.js";
import { Namer } from "../names.js";
import { parseModule } from "../parse/parse.js";
import { print, traverse } from "../source.js";
import { collectNames, unwrapTS, type ModuleInfo } from "./module.js";
import { candidates, isRelative, readFileFromDisk, scan, type Decl, type Imp, type Mod, type ReadFile } from "./modfiles.js";

export type { ReadFile } from "./modfiles.js";

/** What a name resolves to. Names are assigned once per symbol. */
type Sym =
  | { kind: "decl"; mod: Mod; local: string; decl: Decl; name?: string }
  | { kind: "external"; spec: string; imported: string; from: Mod; name?: string }
  | { kind: "error"; error: AdcError; name?: string };
type Target = Sym | { kind: "ns"; mod: Mod };

export interface Imports {
  info: ModuleInfo;
  /** Declarations that make the names the generated code uses (and the entry does not bind) available. */
  links(used: Set<string>, entryFile: string): { imports: string[]; decls: string[] };
}

export function linkImports(file: t.File, filename: string, entry: ModuleInfo, rep: Reporter, readFile: ReadFile = readFileFromDisk): Imports | null {
  const entryMod = scan(file, filename, "");
  const relative = [...entryMod.imports.values(), ...entryMod.stars].some((i) => isRelative(i.spec));
  if (!relative) return null;
  return new Linker(entryMod, entry, rep, readFile).run();
}

class Linker implements Imports {
  private mods = new Map<string, Mod | AdcError | null>();
  private syms = new Map<string, Sym>();
  private byName = new Map<string, Sym>();
  private names: Namer;
  readonly info: ModuleInfo;

  constructor(
    private entryMod: Mod,
    entry: ModuleInfo,
    private rep: Reporter,
    private readFile: ReadFile,
  ) {
    this.names = new Namer(entry.names);
    this.info = { ...entry, functions: new Map(entry.functions), constants: new Map(entry.constants), names: new Set(entry.names), bindings: new Set(entry.bindings), loadErrors: new Map() };
  }

  run(): Imports {
    const entry = this.entryMod;
    // the entry's own import bindings keep their local names
    const entryBound = new Map<string, Target>();
    for (const [local, imp] of entry.imports) {
      if (!isRelative(imp.spec)) continue;
      const tg = this.resolveImport(entry, imp);
      entryBound.set(local, tg);
      if (tg.kind !== "ns" && !tg.name) tg.name = local;
      if (tg.kind !== "ns") this.define(local, tg);
    }
    // every loaded module: rename its top-level bindings, rewrite namespace members
    const loaded = [...this.mods.values()].filter((m): m is Mod => !!m && !(m instanceof AdcError));
    const plans = loaded.map((m) => ({ m, plan: this.planRenames(m) }));
    const finals = new Set(this.byName.keys());
    const inner = new Namer([...this.info.names, ...finals, ...loaded.flatMap((m) => [...namesOf(m.ast)])]);
    for (const { m, plan } of plans) this.rename(m, plan, finals, inner);
    for (const m of loaded) collectNames(m.ast, this.info.names);
    for (const n of this.byName.keys()) {
      this.info.names.add(n);
      this.info.bindings.add(n);
    }
    // the entry's functions that read `m.f`: analyzed from a copy where it is `f`
    this.rewriteEntryNamespaces(entryBound);
    return this;
  }

  /** A symbol's merged name, assigned on first use; the symbol is then visible to the analysis under it. */
  private nameOf(s: Sym): string {
    if (s.name) return s.name;
    const own = s.kind === "decl" ? s.local : s.kind === "external" ? s.imported : "import";
    const base = s.kind === "decl" ? moduleBase(s.mod.file) : "import";
    const wanted = own === "default" ? `${base}_default` : own;
    const name = this.names.has(wanted) || this.byName.has(wanted) ? this.names.fresh(`${base}_${wanted}`) : this.names.fresh(wanted);
    s.name = name;
    this.define(name, s);
    return name;
  }

  private define(name: string, s: Sym): void {
    this.names.reserve(name);
    if (!this.byName.has(name)) this.byName.set(name, s);
    if (s.kind === "decl" && s.decl.kind === "function") this.info.functions.set(name, s.decl.node);
    if (s.kind === "decl" && s.decl.kind === "constant") this.info.constants.set(name, s.decl.init);
    if (s.kind === "error") this.info.loadErrors!.set(name, () => {
      throw s.error;
    });
  }

  private load(importer: Mod, spec: string, at: t.Node): Mod | AdcError | null {
    if (!isRelative(spec)) return null;
    const files = candidates(importer.file, spec);
    if (!files) return null;
    for (const f of files) {
      if (this.mods.has(f)) return this.mods.get(f)!;
      const source = this.readFile(f);
      if (source === undefined) continue;
      const style = /\.[mc]?tsx?$/.test(spec) ? path.extname(f) : /\.[mc]?jsx?$/.test(spec) ? path.extname(spec) : "";
      let m: Mod | AdcError;
      try {
        const rep = new Reporter(f, source);
        this.rep.files.set(f, source);
        m = scan(parseModule(source, rep), f, style);
      } catch (e) {
        if (!(e instanceof AdcError)) throw e;
        m = e;
      }
      this.mods.set(f, m);
      if (!(m instanceof AdcError)) {
        for (const i of [...m.imports.values(), ...m.stars]) this.load(m, i.spec, i.at);
        for (const x of m.exports.values()) if ("spec" in x) this.load(m, x.spec, x.at);
      }
      return m;
    }
    return this.fail(importer, "ADC170", at, `cannot find the module '${spec}' imported by ${importer.file} (looked for ${files.map((f) => path.basename(f)).join(", ")})`);
  }

  private fail(mod: Mod, code: "ADC170" | "ADC172", at: t.Node, detail: string): AdcError {
    try {
      return this.rep.error(code, at, detail);
    } catch (e) {
      if (e instanceof AdcError) return e;
      throw e;
    }
  }

  private errorSym(error: AdcError): Sym {
    return { kind: "error", error };
  }

  private resolveImport(mod: Mod, imp: Imp): Target {
    const key = `${mod.file}\0import\0${imp.spec}\0${imp.name}`;
    const target = this.load(mod, imp.spec, imp.at);
    if (target instanceof AdcError) return this.memo(key, () => this.errorSym(target));
    if (!target) return this.memo(key, () => ({ kind: "external", spec: imp.spec, imported: imp.name, from: mod }));
    if (imp.name === "*") return { kind: "ns", mod: target };
    return this.resolveExport(target, imp.name, imp.at, mod, new Set());
  }

  private memo(key: string, make: () => Sym): Sym {
    let s = this.syms.get(key);
    if (!s) this.syms.set(key, (s = make()));
    return s;
  }

  private resolveExport(mod: Mod, name: string, at: t.Node, importer: Mod, seen: Set<string>): Target {
    const key = `${mod.file}\0${name}`;
    if (seen.has(key)) return this.memo(`${key}\0cycle`, () => this.errorSym(this.fail(importer, "ADC172", at, `'${name}' is re-exported in a cycle of modules and never declared`)));
    seen.add(key);
    const x = mod.exports.get(name);
    if (x && "local" in x) return this.resolveLocal(mod, x.local, at, importer, seen);
    if (x) {
      const next = this.load(mod, x.spec, x.at);
      if (next instanceof AdcError) return this.memo(`${key}\0err`, () => this.errorSym(next));
      if (!next) return this.memo(key, () => ({ kind: "external", spec: x.spec, imported: x.name, from: mod }));
      if (x.name === "*") return { kind: "ns", mod: next };
      return this.resolveExport(next, x.name, x.at, mod, seen);
    }
    if (name !== "default") {
      for (const star of mod.stars) {
        const next = this.load(mod, star.spec, star.at);
        if (!next || next instanceof AdcError) continue;
        if (next.exports.has(name) || next.stars.length) {
          const r = this.resolveExport(next, name, star.at, mod, seen);
          if (r.kind !== "error") return r;
        }
      }
    }
    return this.memo(`${key}\0missing`, () => this.errorSym(this.fail(importer, "ADC172", at, `${mod.file} does not export '${name}'`)));
  }

  private resolveLocal(mod: Mod, local: string, at: t.Node, importer: Mod, seen: Set<string>): Target {
    const d = mod.decls.get(local);
    if (d) return this.memo(`${mod.file}\0local\0${local}`, () => ({ kind: "decl", mod, local, decl: d }));
    const imp = mod.imports.get(local);
    if (imp) {
      const target = this.load(mod, imp.spec, imp.at);
      if (target && !(target instanceof AdcError) && imp.name !== "*") return this.resolveExport(target, imp.name, imp.at, mod, seen);
      return this.resolveImport(mod, imp);
    }
    return this.memo(`${mod.file}\0missing-local\0${local}`, () => this.errorSym(this.fail(importer, "ADC172", at, `${mod.file} exports '${local}', which it does not declare`)));
  }

  /** New names of a module's top-level bindings, and the `ns.f` member reads to replace. */
  private planRenames(m: Mod): Map<string, string> {
    const plan = new Map<string, string>();
    for (const local of m.decls.keys()) plan.set(local, this.nameOf(this.resolveLocal(m, local, m.ast, m, new Set()) as Sym));
    for (const [local, imp] of m.imports) {
      const tg = this.resolveImport(m, imp);
      plan.set(local, tg.kind === "ns" ? this.names.fresh(local) : this.nameOf(tg));
    }
    return plan;
  }

  private memberTarget(m: Mod, ns: string, prop: string, at: t.Node): string | null {
    const imp = m.imports.get(ns);
    if (!imp || imp.name !== "*") return null;
    const tg = this.resolveImport(m, imp);
    if (tg.kind === "external") return null;
    if (tg.kind === "error") return this.nameOf(tg);
    if (tg.kind !== "ns") return null;
    const r = this.resolveExport(tg.mod, prop, at, m, new Set());
    return r.kind === "ns" ? null : this.nameOf(r);
  }

  private rename(m: Mod, plan: Map<string, string>, finals: Set<string>, inner: Namer): void {
    const inserted = new WeakSet<t.Node>();
    const innerNames = new Map<object, string>();
    traverse(m.ast, {
      MemberExpression: (p) => {
        const { object, property } = p.node;
        if (p.node.computed || object.type !== "Identifier" || property.type !== "Identifier") return;
        if (!p.scope.getBinding(object.name)?.scope.path.isProgram()) return;
        const name = this.memberTarget(m, object.name, property.name, p.node);
        if (!name) return;
        const id = t.identifier(name);
        id.loc = p.node.loc;
        inserted.add(id);
        p.replaceWith(id);
        p.skip();
      },
      Identifier: (p: NodePath<t.Identifier>) => {
        if (inserted.has(p.node)) return;
        if (!p.isReferencedIdentifier() && !(p as NodePath).isBindingIdentifier()) return;
        const b = p.scope.getBinding(p.node.name);
        if (!b) return;
        if (b.scope.path.isProgram()) {
          const n = plan.get(p.node.name);
          if (n) p.node.name = n;
        } else if (finals.has(p.node.name)) {
          // a local that would hide a renamed top-level name gets a fresh name
          let n = innerNames.get(b);
          if (!n) innerNames.set(b, (n = inner.fresh(p.node.name)));
          p.node.name = n;
        }
      },
    });
  }

  private rewriteEntryNamespaces(entryBound: Map<string, Target>): void {
    const nsLocals = new Set([...entryBound].filter(([l, tg]) => tg.kind === "ns" || (tg.kind === "error" && this.entryMod.imports.get(l)!.name === "*")).map(([l]) => l));
    if (!nsLocals.size) return;
    const fnNodes = new Set<t.Node>(this.info.functions.values());
    const replace = new Map<t.Node, Map<t.Node, t.Node>>();
    traverse(this.entryMod.ast, {
      MemberExpression: (p) => {
        const { object, property } = p.node;
        if (p.node.computed || object.type !== "Identifier" || property.type !== "Identifier" || !nsLocals.has(object.name)) return;
        if (!p.scope.getBinding(object.name)?.scope.path.isProgram()) return;
        const fn = p.findParent((q) => fnNodes.has(q.node));
        if (!fn) return;
        const name = this.memberTarget(this.entryMod, object.name, property.name, p.node);
        if (!name) return;
        const id = t.identifier(name);
        id.loc = p.node.loc;
        let r = replace.get(fn.node);
        if (!r) replace.set(fn.node, (r = new Map()));
        r.set(p.node, id);
      },
    });
    for (const [name, node] of this.info.functions) {
      const r = replace.get(node);
      if (r) this.info.functions.set(name, cloneReplacing(node, r));
    }
  }

  links(used: Set<string>, entryFile: string): { imports: string[]; decls: string[] } {
    const byModule = new Map<string, string[]>();
    const decls: string[] = [];
    const done = new Set<string>();
    const work = [...used];
    const addImport = (spec: string, imported: string, name: string) => {
      const list = byModule.get(spec) ?? [];
      list.push(imported === "default" ? `default as ${name}` : imported === name ? name : `${imported} as ${name}`);
      byModule.set(spec, list);
    };
    while (work.length) {
      const name = work.pop()!;
      const s = this.byName.get(name);
      if (!s || done.has(name) || this.entryMod.imports.has(name)) continue;
      done.add(name);
      if (s.kind === "error") throw s.error;
      if (s.kind === "external") {
        addImport(isRelative(s.spec) ? specFrom(entryFile, path.join(path.dirname(s.from.file), s.spec), "keep") : s.spec, s.imported, name);
        continue;
      }
      const exported = [...s.mod.exports].find(([, x]) => "local" in x && x.local === s.local)?.[0];
      if (exported !== undefined) {
        addImport(specFrom(entryFile, s.mod.file, s.mod.style), exported, name);
        continue;
      }
      const d = s.decl;
      let text: string;
      if (d.kind === "function") text = d.node.type === "FunctionDeclaration" ? print(d.node) : `const ${name} = ${print(d.node)};`;
      else if (d.declKind === "const" && d.init && literal(d.init)) text = `const ${name} = ${print(d.init)};`;
      else return this.rep.error("ADC171", d.at, `differentiated code reads '${s.local}', which ${s.mod.file} does not export${d.declKind === "let" || d.declKind === "var" ? " and may change" : ""}: export it so that the generated code can import it`);
      decls.push(`// ${s.local}, copied from ${s.mod.file} (not exported there)\n${text}`);
      for (const n of namesOf(d.kind === "function" ? d.node : d.init!)) work.push(n);
    }
    const imports = [...byModule].map(([spec, list]) => `import { ${list.join(", ")} } from ${JSON.stringify(spec)};`);
    return { imports, decls };
  }
}

function moduleBase(file: string): string {
  const b = path.basename(file).replace(/\.[^.]*$/, "");
  return (b === "index" ? path.basename(path.dirname(file)) : b).replace(/[^A-Za-z0-9_$]/g, "_") || "module";
}

/** The specifier for `file` as seen from `entryFile`, spelled in the style its first import used. */
function specFrom(entryFile: string, file: string, style: string): string {
  let rel = path.relative(path.dirname(entryFile), file).split(path.sep).join("/");
  if (!rel.startsWith(".")) rel = `./${rel}`;
  if (style === "keep") return rel;
  const ext = /\.[mc]?[jt]sx?$/.exec(rel);
  if (!ext) return rel;
  return rel.slice(0, ext.index) + (style === "" ? "" : style === ".js" || style === ".mjs" || style === ".cjs" ? style : ext[0]);
}

/** A constant whose value is a literal (numbers, strings, booleans and arithmetic on them): safe to copy. */
function literal(e: t.Expression): boolean {
  e = unwrapTS(e);
  if (e.type === "NumericLiteral" || e.type === "StringLiteral" || e.type === "BooleanLiteral" || e.type === "NullLiteral") return true;
  if (e.type === "UnaryExpression") return literal(e.argument);
  if (e.type === "BinaryExpression") return e.left.type !== "PrivateName" && literal(e.left) && literal(e.right);
  return false;
}

function namesOf(node: t.Node): Set<string> {
  const out = new Set<string>();
  collectNames(node, out);
  return out;
}

/** A deep copy of node (locations kept) in which the nodes of `replace` are swapped for their values. */
function cloneReplacing<T>(node: T, replace: Map<t.Node, t.Node>): T {
  const r = replace.get(node as t.Node);
  if (r) return r as T;
  if (Array.isArray(node)) return node.map((c) => cloneReplacing(c, replace)) as T;
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === "loc" || k.endsWith("Comments") ? v : cloneReplacing(v, replace);
  return out as T;
}
