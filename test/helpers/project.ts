// Multi-module projects for tests: the files are compiled from a virtual file system (the
// compiler's readFile option) and written to test/.tmp/<name>-<hash>/, where the compiled entry
// (entry.compiled.mjs) and the uncompiled entry (entry.ref.ts, without its grad lines) both import
// the other modules as they are, uncompiled, so the reference is independent of the compiler.
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { compileModule, type CompileOptions } from "../../compiler/index.js";
import { expect } from "vitest";
import { RUNTIME_PATH } from "./load.js";
import { deepCopy, exactMismatches, expectGradClose, finiteDiff } from "./fd.js";

const TMP_DIR = new URL("../.tmp/", import.meta.url).pathname;
/** Where the virtual files live: errors name files under it. */
export const ROOT = "/project";

export type Files = Record<string, string>;

/** compileModule on files[entry], reading the other files from `files` (paths relative to ROOT). */
export function compileProject(files: Files, entry = "main.ts", options: CompileOptions = {}): { code: string } {
  const read = (f: string) => (f.startsWith(`${ROOT}/`) ? files[f.slice(ROOT.length + 1)] : undefined);
  return compileModule(files[entry], { filename: `${ROOT}/${entry}`, runtimeImport: RUNTIME_PATH, sourceMaps: false, readFile: read, ...options });
}

/** Compiles the entry, writes the project, and imports the compiled and the uncompiled entry. */
export async function importProject(files: Files, name: string, entry = "main.ts"): Promise<{ compiled: Record<string, any>; reference: Record<string, any>; code: string }> {
  const { code } = compileProject(files, entry);
  const hash = createHash("sha256").update(JSON.stringify([files, code])).digest("hex").slice(0, 12);
  const dir = path.join(TMP_DIR, `${name.replace(/[^A-Za-z0-9_.-]+/g, "_")}-${hash}`);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  const base = entry.replace(/\.ts$/, "");
  const ref = files[entry]
    .split("\n")
    .filter((l) => !/^import .* from "adc";\s*$/.test(l) && !/^export const \w+ = (grad|valueAndGrad)\(.*\);\s*$/.test(l))
    .join("\n");
  writeFileSync(path.join(dir, `${base}.compiled.mjs`), code);
  writeFileSync(path.join(dir, `${base}.ref.ts`), ref);
  const compiled = (await import(/* @vite-ignore */ path.join(dir, `${base}.compiled.mjs`))) as Record<string, any>;
  const reference = (await import(/* @vite-ignore */ path.join(dir, `${base}.ref.ts`))) as Record<string, any>;
  return { compiled, reference, code };
}

/**
 * The compiled df(...args) against central differences of the uncompiled f, with the arguments left
 * exactly as the uncompiled f leaves them; returns the gradient for further checks.
 */
export function checkProjectGradient(p: { compiled: Record<string, any>; reference: Record<string, any>; code: string }, name: string, args: unknown[], argnum: number | number[] = 0): unknown {
  const fd = finiteDiff(p.reference.f, args, argnum);
  const gradArgs = deepCopy(args);
  const g = p.compiled.df(...gradArgs);
  expectGradClose(g, fd, { rtol: 1e-5, atol: 1e-7 }, `${name}\n${p.code}`);
  const refArgs = deepCopy(args);
  p.reference.f(...refArgs);
  expect(exactMismatches(gradArgs, refArgs, "arguments"), name).toEqual([]);
  return g;
}
