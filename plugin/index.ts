// adc as a bundler plugin (Vite, Rollup, Rolldown, esbuild, webpack), through unplugin: every module
// that imports a transform from "adc" (grad, valueAndGrad, jvp) is compiled as `adc build` compiles
// it, before the bundler's own TypeScript transform (enforce: "pre"), with its source map.
//
//   // vite.config.ts
//   import { vite as adc } from "adc/plugin";
//   export default { plugins: [adc()] };
import { createUnplugin } from "unplugin";
import { compileModule } from "../compiler/index.js";

export interface AdcPluginOptions {
  /** Which module ids to look at (default: .ts .mts .cts .js .mjs .cjs outside node_modules). */
  include?: RegExp;
  /** Where generated code imports the runtime from (default "adc/runtime"). */
  runtimeImport?: string;
}

const DEFAULT_INCLUDE = /\.[cm]?[jt]s$/;
const IMPORTS_ADC = /from\s*["']adc["']/;

export const adc = createUnplugin((options: AdcPluginOptions | undefined) => ({
  name: "adc",
  enforce: "pre" as const,
  transformInclude(id: string) {
    const path = id.split("?")[0];
    return (options?.include ?? DEFAULT_INCLUDE).test(path) && !path.includes("/node_modules/");
  },
  transform(code: string, id: string) {
    if (!IMPORTS_ADC.test(code)) return null;
    const out = compileModule(code, { filename: id.split("?")[0], runtimeImport: options?.runtimeImport });
    return { code: out.code, map: out.map as any };
  },
}));

export const vite = adc.vite;
export const rollup = adc.rollup;
export const rolldown = adc.rolldown;
export const esbuild = adc.esbuild;
export const webpack = adc.webpack;
