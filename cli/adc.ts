#!/usr/bin/env node
// The `adc` command: argument parsing only; the work is in build.ts.
import * as fs from "node:fs";
import { Command } from "commander";
import { buildFiles } from "./build.js";

function packageVersion(): string {
  // dist/cli/adc.js or cli/adc.ts: the package.json is one or two levels up
  for (const rel of ["../../package.json", "../package.json"]) {
    try {
      const pkg = JSON.parse(fs.readFileSync(new URL(rel, import.meta.url), "utf8"));
      if (pkg.name === "adc") return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return "unknown";
}

const program = new Command()
  .name("adc")
  .description("Automatic differentiation compiler for TypeScript: compiles grad(f) / valueAndGrad(f) into adjoint code")
  .version(packageVersion())
  .showHelpAfterError();

program
  .command("build")
  .description("compile TypeScript modules to JavaScript (ESM), printing the code to stdout unless --out-dir is given")
  .argument("<files...>", "TypeScript files to compile")
  .option("-d, --out-dir <dir>", "write <dir>/<name>.js and <dir>/<name>.js.map for each <name>.ts and each module it reaches by relative imports")
  .action((files: string[], opts: { outDir?: string }) => {
    try {
      const built = buildFiles(files, opts.outDir);
      if (opts.outDir === undefined) {
        for (const m of built) process.stdout.write(built.length > 1 ? `// ${m.input}\n${m.code}\n` : m.code.endsWith("\n") ? m.code : `${m.code}\n`);
      }
    } catch (e) {
      const errors = e instanceof AggregateError ? e.errors : [e];
      for (const err of errors) process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      if (errors.length > 1) process.stderr.write(`adc: ${errors.length} files failed to compile\n`);
      process.exitCode = 1;
    }
  });

await program.parseAsync();
