// Public entry of the compiler: source in, source with every statically known grad/valueAndGrad
// call replaced by generated adjoint code out. See ARCHITECTURE.md for the passes.
export { AdcError, ErrorCodes } from "./errors.js";
export type { ErrorCode } from "./errors.js";

export interface CompileOptions {
  /** Shown in errors and source maps. */
  filename?: string;
  /** Module specifier the generated code imports the runtime from (default "adc/runtime"). */
  runtimeImport?: string;
  /** Produce a source map (default true). */
  sourceMaps?: boolean;
  /**
   * "module" (default): ESM that imports the runtime. "function": a function body for
   * `new Function(runtimeParam, body)` that reads the runtime from its parameter and returns the
   * module's exports as an object (used by grad() on uncompiled functions).
   */
  format?: "module" | "function";
  /**
   * Reads the modules reached by relative imports (resolved from `filename`), whose functions
   * differentiated code may call; returns undefined when there is no such file. Default: node:fs.
   */
  readFile?: (file: string) => string | undefined;
}

export interface CompileResult {
  code: string;
  map: object | null;
}

export { compileModule } from "./pipeline.js";
