// Compile a TypeScript module with adc and import the result, so tests can call the generated code.
// The output goes to test/.tmp/<name>-<hash>.mjs (git-ignored); the hash is of the generated code, so
// a changed compiler never hits a stale module, and identical output is imported from vitest's cache.
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { compileModule } from "../../compiler/index.js";

/** Absolute path of the runtime entry; the generated code imports it instead of "adc/runtime". */
export const RUNTIME_PATH = new URL("../../runtime/index.ts", import.meta.url).pathname;
const TMP_DIR = new URL("../.tmp/", import.meta.url).pathname;

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]+/g, "_").slice(0, 80) || "case";
}

/** compileModule with the runtime pointing at the repository's runtime sources. */
export function compileForTest(source: string, name = "case"): { code: string; map: object | null } {
  return compileModule(source, { filename: `${safeName(name)}.ts`, runtimeImport: RUNTIME_PATH });
}

/** Writes generated code to test/.tmp and imports it. */
export async function importCode(code: string, name = "case"): Promise<Record<string, any>> {
  mkdirSync(TMP_DIR, { recursive: true });
  const hash = createHash("sha256").update(code).digest("hex").slice(0, 12);
  const file = `${TMP_DIR}${safeName(name)}-${hash}.mjs`;
  writeFileSync(file, code);
  return (await import(/* @vite-ignore */ file)) as Record<string, any>;
}

/**
 * Imports the uncompiled module: `source` without its import from "adc" and without the
 * `export const name = grad(...)` / `valueAndGrad(...)` lines, as a .ts file that vitest transforms.
 * Independent of the compiler, so the corpus itself can be checked.
 */
export async function importReference(source: string, name = "case"): Promise<Record<string, any>> {
  const ref = source
    .split("\n")
    .filter((l) => !/^import .* from "adc";\s*$/.test(l) && !/^export const \w+ = (grad|valueAndGrad)\(.*\);\s*$/.test(l))
    .map((l) => l.replace(/ from "adc\/runtime";\s*$/, ` from ${JSON.stringify(RUNTIME_PATH)};`)) // primitive(), zerograd()
    .join("\n");
  mkdirSync(TMP_DIR, { recursive: true });
  const hash = createHash("sha256").update(ref).digest("hex").slice(0, 12);
  const file = `${TMP_DIR}${safeName(name)}-ref-${hash}.ts`;
  writeFileSync(file, ref);
  return (await import(/* @vite-ignore */ file)) as Record<string, any>;
}

/** Compiles `source` (a TS module using grad/valueAndGrad from "adc") and imports the result. */
export async function compileAndImport(source: string, name = "case"): Promise<Record<string, any>> {
  const { code } = compileForTest(source, name);
  return importCode(code, name);
}
