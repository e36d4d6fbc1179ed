// `adc build`: compile TypeScript modules with the AD compiler and write ESM JavaScript (plus source
// maps) or print it. Kept separate from the argument parsing in adc.ts so that tests can call it.
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "@babel/parser";
import { AdcError, compileModule } from "../compiler/index.js";

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

/** Compile one file. With outDir, the map's `sources` are relative to outDir and `file` is set. */
export function buildFile(input: string, outDir?: string): BuiltModule {
  const source = readSource(input);
  const { code, map } = compileModule(source, { filename: input, sourceMaps: outDir !== undefined });
  const rewritten = rewriteRelativeImports(code);
  if (outDir === undefined) return { input, code: rewritten, map: null };
  const name = outputName(input);
  const output = path.join(outDir, name);
  let sourceMap: SourceMap | null = null;
  if (map) {
    const m = map as SourceMap;
    // one module, one source: the input file, seen from the directory the map is written to
    const sources = [toPosix(path.relative(outDir, input))];
    sourceMap = { ...m, file: name, sources };
  }
  const body = rewritten.replace(/\/\/# sourceMappingURL=.*\s*$/, "").trimEnd();
  const codeOut = sourceMap ? `${body}\n//# sourceMappingURL=${name}.map\n` : `${body}\n`;
  return { input, output, code: codeOut, map: sourceMap };
}

/**
 * Compile every file, then write `<outDir>/<name>.js` and `<name>.js.map` for each; without outDir,
 * return the code only (the caller prints it). Nothing is written unless every file compiles.
 * Throws an AggregateError of AdcError/BuildError failures, one per failing file (a crash of the
 * compiler is reported as a BuildError with its stack).
 */
export function buildFiles(files: string[], outDir?: string): BuiltModule[] {
  if (files.length === 0) throw new BuildError("error: no input files");
  const built: BuiltModule[] = [];
  const errors: Error[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    try {
      const m = buildFile(file, outDir);
      if (m.output !== undefined) {
        const key = path.resolve(m.output);
        if (key === path.resolve(file)) throw new BuildError(`${file}: error: output ${m.output} would overwrite the input`);
        const other = seen.get(key);
        if (other !== undefined) throw new BuildError(`${file}: error: output ${m.output} is also the output of ${other}`);
        seen.set(key, file);
      }
      built.push(m);
    } catch (e) {
      if (e instanceof AdcError || e instanceof BuildError) errors.push(e);
      else errors.push(new BuildError(`${file}: internal compiler error (please report): ${e instanceof Error ? e.stack : String(e)}`));
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, `${errors.length} file(s) failed to compile`);
  if (outDir !== undefined) {
    fs.mkdirSync(outDir, { recursive: true });
    for (const m of built) {
      fs.writeFileSync(m.output!, m.code);
      if (m.map) fs.writeFileSync(`${m.output}.map`, JSON.stringify(m.map));
    }
  }
  return built;
}
