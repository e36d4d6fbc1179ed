// The bundler plugin (plugin/index.ts) in a real Vite build: a module importing grad from "adc" and a
// helper from a relative module is compiled by adc inside Vite, bundled with the runtime, and the
// bundle's gradient matches finite differences; a compile error fails the build with adc's message.
import { mkdirSync, writeFileSync } from "node:fs";
import { build } from "vite";
import { describe, expect, it } from "vitest";
import { vite as adc } from "../plugin/index.js";
import { expectGradClose, finiteDiff } from "./helpers/fd.js";
import { RUNTIME_PATH } from "./helpers/load.js";

const dir = new URL("./.tmp/plugin-project/", import.meta.url).pathname;

async function bundle(files: Record<string, string>, name: string): Promise<string> {
  mkdirSync(`${dir}${name}`, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(`${dir}${name}/${f}`, text);
  await build({
    configFile: false,
    logLevel: "silent",
    root: `${dir}${name}`,
    plugins: [adc({ runtimeImport: RUNTIME_PATH })],
    build: {
      lib: { entry: `${dir}${name}/loss.ts`, formats: ["es"], fileName: "loss" },
      outDir: `${dir}${name}/dist`,
      minify: false,
      write: true,
    },
  });
  return `${dir}${name}/dist/loss.js`;
}

describe("bundler plugin (Vite)", () => {
  it("compiles grad in a bundled module, following a relative import", async () => {
    const out = await bundle(
      {
        "util.ts": `export function sq(t: number): number { return t * t; }\n`,
        "loss.ts": `import { grad } from "adc";
import { sq } from "./util";
export function loss(w: Float64Array, p: { k: number }): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += sq(w[i] - p.k * i);
  return Math.sqrt(s);
}
export const dloss = grad(loss);
`,
      },
      "ok",
    );
    const m = await import(/* @vite-ignore */ `${out}?t=${Date.now()}`);
    const w = new Float64Array([0.5, -1, 2]);
    expectGradClose(m.dloss(w, { k: 0.3 }), finiteDiff(m.loss, [w, { k: 0.3 }], 0));
  });

  it("fails the build with adc's located error", async () => {
    await expect(
      bundle({ "loss.ts": `import { grad } from "adc";\nexport function loss(x: number): number {\n  try { return x; } catch { return 0; }\n}\nexport const d = grad(loss);\n` }, "bad"),
    ).rejects.toThrow(/loss\.ts:3:3: error ADC101/);
  });
});
