// `adc build`: compile TypeScript modules with the AD compiler and write ESM JavaScript (plus source
// maps) or print it. Kept separate from the argument parsing in adc.ts so that tests can call it.
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "@babel/parser";
import { AdcError, compileModule } from "../compiler/index.js";
import { resolveRelative } from "../compiler/analyze/modfiles.js";

export interface BuiltModule {
  /** the input file, as given */
  input: string;
  /** where the module is written (undefined when printing to stdout) */
  output?: string;
  code: string;
  map: SourceMap | null;
}

interface SourceMap {
  version: number;
  file?: string;
  sources: string[];
  [key: string]: unknown;
}

/** A failure the CLI reports as one message on stderr (no stack trace). */
export class BuildError extends Error {
  override name = "BuildError";
}

const toPosix = (p: string) => p.split(path.sep).join("/");

/** `name.ts` -> `name.js` (also .mts/.cts/.tsx/.js inputs: the extension is replaced). */
export function outputName(input: string): string {
  return path.basename(input).replace(/\.(d\.)?[mc]?[jt]sx?$/, "") + ".js";
}

/**
 * Point relative imports at the compiled siblings: `./util`, `./util.ts` and `./util.js` all become
 * `./util.js`. Only the string literals of import/export declarations and of `import("...")` change,
 * so line numbers (and the source map) stay valid.
 */
export function rewriteRelativeImports(code: string): string {
  const ast = parse(code, { sourceType: "module", errorRecovery: true });
  const edits: { start: number; end: number; text: string }[] = [];
  const visit = (node: any): void => {
    if (!node || typeof node.type !== "string") return;
    let source: any = null;
    if (node.type === "ImportDeclaration" || node.type === "ExportAllDeclaration" || node.type === "ExportNamedDeclaration") source = node.source;
    else if (node.type === "CallExpression" && node.callee.type === "Import") source = node.arguments[0];
    else if (node.type === "ImportExpression") source = node.source;
    if (source?.type === "StringLiteral") {
      const spec = rewriteSpecifier(source.value);
      if (spec !== source.value) edits.push({ start: source.start, end: source.end, text: JSON.stringify(spec) });
    }
    for (const key of Object.keys(node)) {
      if (key === "loc" || key === "leadingComments" || key === "trailingComments" || key === "innerComments") continue;
      const child = node[key];
      if (Array.isArray(child)) child.forEach(visit);
      else if (child && typeof child === "object") visit(child);
    }
  };
  visit(ast.program);
  edits.sort((a, b) => b.start - a.start);
  for (const e of edits) code = code.slice(0, e.start) + e.text + code.slice(e.end);
  return code;
}

export function rewriteSpecifier(spec: string): string {
  if (!spec.startsWith("./") && !spec.startsWith("../")) return spec;
  if (/\.[mc]?js$|\.json$|\.node$/.test(spec)) return spec;
  const m = /\.([mc]?)tsx?$/.exec(spec);
  if (m) return spec.slice(0, m.index) + `.${m[1]}js`;
  return spec + ".js";
}

function readSource(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e: any) {
    if (e?.code === "ENOENT") throw new BuildError(`${file}: error: file not found`);
    if (e?.code === "EISDIR") throw new BuildError(`${file}: error: is a directory, expected a .ts file`);
    throw new BuildError(`${file}: error: cannot read file: ${e?.message ?? e}`);
  }
}

/**
 * Compile one file. With outDir, it is written to `<outDir>/<outputPath>` (default: its base name
 * with .js), the map's `sources` are relative to that directory and `file` is set.
 */
export function buildFile(input: string, outDir?: string, outputPath = outputName(input)): BuiltModule {
  const source = readSource(input);
  const { code, map } = compileModule(source, { filename: input, sourceMaps: outDir !== undefined });
  const rewritten = rewriteRelativeImports(code);
  if (outDir === undefined) return { input, code: rewritten, map: null };
  const output = path.join(outDir, outputPath);
  const name = path.basename(output);
  let sourceMap: SourceMap | null = null;
  if (map) {
    const m = map as SourceMap;
    // one module, one source: the input file, seen from the directory the map is written to
    const sources = [toPosix(path.relative(path.dirname(output), input))];
    sourceMap = { ...m, file: name, sources };
  }
  const body = rewritten.replace(/\/\/# sourceMappingURL=.*\s*$/, "").trimEnd();
  const codeOut = sourceMap ? `${body}\n//# sourceMappingURL=${name}.map\n` : `${body}\n`;
  return { input, output, code: codeOut, map: sourceMap };
}

/** Specifiers of the static imports and re-exports of a TypeScript module (none if it does not parse). */
function importedSpecifiers(source: string): string[] {
  let ast;
  try {
    ast = parse(source, { sourceType: "module", plugins: ["typescript"], errorRecovery: true });
  } catch {
    return [];
  }
  return ast.program.body.flatMap((s) =>
    (s.type === "ImportDeclaration" && s.importKind !== "type") || s.type === "ExportAllDeclaration" || (s.type === "ExportNamedDeclaration" && s.exportKind !== "type")
      ? s.source ? [s.source.value] : []
      : [],
  );
}

/**
 * The entries, then every module they reach by relative imports (transitively), each once: the
 * compiled entries import them, so they are built too. A file that cannot be read is left to the
 * build to report.
 */
export function withDependencies(entries: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    const key = path.resolve(f);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(f);
  };
  entries.forEach(add);
  for (let i = 0; i < out.length; i++) {
    let source: string;
    try {
      source = fs.readFileSync(out[i], "utf8");
    } catch {
      continue;
    }
    for (const spec of importedSpecifiers(source)) {
      const dep = resolveRelative(out[i], spec);
      if (dep) add(dep);
    }
  }
  return out;
}

/** The deepest directory containing every file. */
function commonDir(files: string[]): string {
  const dirs = files.map((f) => path.resolve(path.dirname(f)).split(path.sep));
  const first = dirs[0];
  let n = first.length;
  for (const d of dirs) {
    let k = 0;
    while (k < n && k < d.length && d[k] === first[k]) k++;
    n = k;
  }
  return first.slice(0, n).join(path.sep) || path.sep;
}

/**
 * Compile every file, then write `<outDir>/<name>.js` and `<name>.js.map` for each (and for every
 * module they reach by relative imports, at its place relative to the others); without outDir,
 * return the code only (the caller prints it). Nothing is written unless every file compiles.
 * Throws an AggregateError of AdcError/BuildError failures, one per failing file (a crash of the
 * compiler is reported as a BuildError with its stack).
 */
export function buildFiles(files: string[], outDir?: string): BuiltModule[] {
  if (files.length === 0) throw new BuildError("error: no input files");
  const built: BuiltModule[] = [];
  const errors: Error[] = [];
  const seen = new Map<string, string>();
  // with --out-dir, the modules the entries import are built too, laid out as they are relative to
  // the deepest directory holding them all (so the rewritten relative imports still point at them)
  const all = outDir === undefined ? files : withDependencies(files);
  const root = commonDir(all);
  for (const file of all) {
    try {
      const rel = path.relative(root, path.resolve(file));
      const m = buildFile(file, outDir, path.join(path.dirname(rel), outputName(file)));
      if (m.output !== undefined) {
        const key = path.resolve(m.output);
        if (key === path.resolve(file)) throw new BuildError(`${file}: error: output ${m.output} would overwrite the input`);
        const other = seen.get(key);
        if (other !== undefined) throw new BuildError(`${file}: error: output ${m.output} is also the output of ${other}`);
        seen.set(key, file);
      }
      built.push(m);
    } catch (e) {
      // an error inside an imported module is raised by its importer's build and by its own: once
      if (e instanceof AdcError || e instanceof BuildError) {
        if (!errors.some((x) => x.message === e.message)) errors.push(e);
      }
      else errors.push(new BuildError(`${file}: internal compiler error (please report): ${e instanceof Error ? e.stack : String(e)}`));
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, `${errors.length} file(s) failed to compile`);
  if (outDir !== undefined) {
    for (const m of built) {
      fs.mkdirSync(path.dirname(m.output!), { recursive: true });
      fs.writeFileSync(m.output!, m.code);
      if (m.map) fs.writeFileSync(`${m.output}.map`, JSON.stringify(m.map));
    }
  }
  return built;
}
