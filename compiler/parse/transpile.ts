// Strip types: the transformed module, still TypeScript, goes through TypeScript's own transpiler
// (ts.transpileModule, per file, no type checking), so that everything TypeScript means at run time
// (enums, namespaces, parameter properties, decorators, type-only imports) comes out exactly as tsc
// would emit it. The two source maps (ours, then TypeScript's) are composed into one.
import remapping from "@jridgewell/remapping";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let ts: typeof import("typescript") | null = null;

export interface Transpiled {
  code: string;
  map: object | null;
}

/** code (TypeScript, with `map` from it back to `filename`) -> JavaScript with a map to `filename`. */
export function transpile(code: string, map: object | null, filename: string): Transpiled {
  ts ??= require("typescript") as typeof import("typescript");
  const intermediate = `${filename}.adc-intermediate.ts`;
  const out = ts.transpileModule(code, {
    fileName: intermediate,
    reportDiagnostics: false,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      sourceMap: map !== null,
      removeComments: false,
      useDefineForClassFields: true,
      isolatedModules: true,
    },
  });
  const js = out.outputText.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n");
  if (!map || !out.sourceMapText) return { code: js, map: null };
  const composed = remapping(out.sourceMapText, (file) => (file.endsWith(".adc-intermediate.ts") ? (map as any) : null));
  return { code: js, map: { ...composed, file: undefined } as object };
}

/** The first syntax error TypeScript's parser finds in source (0-based column), or null. */
export function syntaxErrorOf(source: string, filename: string): { line: number; column: number; message: string } | null {
  ts ??= require("typescript") as typeof import("typescript");
  const file = ts.createSourceFile(filename, source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const d = (file as unknown as { parseDiagnostics?: import("typescript").DiagnosticWithLocation[] }).parseDiagnostics?.[0];
  if (!d) return null;
  const { line, character } = file.getLineAndCharacterOfPosition(d.start);
  return { line: line + 1, column: character, message: ts.flattenDiagnosticMessageText(d.messageText, "\n") };
}
