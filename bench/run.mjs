#!/usr/bin/env node
// The adc benchmark suite: `npm run bench` (after `npm run build`).
//
// For every workload it times, side by side in one run, the plain objective (primal), the gradient
// adc compiles from it, and a hand-written gradient, and prints R = gradient time / primal time,
// the figure ADBench/GradBench publish. Nothing here asserts on time: the machine is noisy, so
// all columns of a row are measured interleaved and only ratios are meant to be read.
//
// Build steps (all outputs in bench/.build/, git-ignored):
//   - bench/data.ts and bench/handwritten/*.ts: types stripped with typescript's transpileModule;
//   - bench/workloads/*.ts, plain: types stripped, `import ... from "adc"` pointed at a stub (the
//     primal never needs adc);
//   - bench/workloads/*.ts, adc: compileModule() from dist/compiler/index.js, then types stripped.
//     A workload that fails to compile, load or run shows its error in its row; the others go on.
//
// Options: `npm run bench -- [filter...] [--quick] [--no-tfjs] [--no-jaxjs]`; a filter keeps the rows whose
// name contains it (e.g. `gmm`, `lstm`, `rosen`). Env: BENCH_TARGET (seconds per timed batch,
// default 0.2), BENCH_REPS (batches per column, default 7), ADBENCH_DIR (data folder),
// ADC_COMPILER (path of another module exporting compileModule, instead of dist/compiler).
// The TensorFlow.js columns (bench/tfjs.mjs) appear only if @tensorflow/tfjs is installed, the
// jax-js ones (bench/jaxjs.mjs) only if @jax-js/jax is.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(benchDir, "..");
const buildDir = join(benchDir, ".build");

// ------------------------------------------------------------------------------------------------
// options

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const noTfjs = argv.includes("--no-tfjs");
const noJaxjs = argv.includes("--no-jaxjs");
const filters = argv.filter((a) => !a.startsWith("--")).map((a) => a.toLowerCase());
const TARGET = Number(process.env.BENCH_TARGET ?? (quick ? 0.05 : 0.2)); // seconds per batch
const REPS = Math.max(1, Math.floor(Number(process.env.BENCH_REPS ?? (quick ? 3 : 7))));
const WARMUP = quick ? 0.05 : 0.3; // seconds of warm-up per column
const SLOW_TFJS = 0.5; // seconds: a TensorFlow.js (or jax-js) call slower than this is timed once

// ------------------------------------------------------------------------------------------------
// build

function stripTypes(source, fileName) {
  const out = ts.transpileModule(source, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      sourceMap: false,
      removeComments: false,
    },
  });
  const errs = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errs.length) throw new Error(`${fileName}: ${ts.flattenDiagnosticMessageText(errs[0].messageText, "\n")}`);
  return out.outputText;
}

/** Point `from "adc"` / `import("adc")` at another module specifier. */
function redirectAdc(code, spec) {
  return code.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])adc\2/g, (_m, pre, q) => `${pre}${q}${spec}${q}`);
}

/** Write atomically (temp file + rename), so that concurrent runs never import a half-written file. */
function write(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
  return path;
}

const importFile = (path) => import(pathToFileURL(path).href);

mkdirSync(buildDir, { recursive: true });
write(
  join(buildDir, "adc-stub.js"),
  `// Stand-in for "adc" in the plain (uncompiled) workload builds: only the primal is used there.
const stub = (name) => () => () => { throw new Error(name + "() was not compiled by adc (plain build)"); };
export const grad = stub("grad");
export const valueAndGrad = stub("valueAndGrad");
export const hvp = stub("hvp");
`,
);

// data readers and hand-written gradients: plain TypeScript, types stripped
for (const rel of ["data.ts", ...readdirSync(join(benchDir, "handwritten")).filter((f) => f.endsWith(".ts")).map((f) => `handwritten/${f}`)]) {
  const src = readFileSync(join(benchDir, rel), "utf8");
  write(join(buildDir, rel.replace(/\.ts$/, ".js")), stripTypes(src, rel));
}
const data = await importFile(join(buildDir, "data.js"));
const hand = {
  ...(await importFile(join(buildDir, "handwritten/rosenbrock.js"))),
  ...(await importFile(join(buildDir, "handwritten/mathloop.js"))),
  ...(await importFile(join(buildDir, "handwritten/gmm.js"))),
  ...(await importFile(join(buildDir, "handwritten/lstm.js"))),
};

// the adc compiler, if it is built
let compileModule = null;
let compilerError = null;
// ADC_COMPILER: another module exporting compileModule (to test this runner, or another build)
const compilerPath = process.env.ADC_COMPILER ? resolve(process.env.ADC_COMPILER) : join(root, "dist/compiler/index.js");
try {
  if (!existsSync(compilerPath)) throw new Error(`${relative(root, compilerPath)} not found: run \`npm run build\` first`);
  ({ compileModule } = await importFile(compilerPath));
  if (typeof compileModule !== "function") throw new Error(`${relative(root, compilerPath)} does not export compileModule`);
} catch (e) {
  compileModule = null;
  compilerError = e;
}

function errorText(e) {
  if (e && typeof e === "object") {
    const code = e.code ? `${e.code}: ` : "";
    const msg = e.detail ?? String(e.message ?? e).split("\n")[0];
    const where = e.filename && e.line ? ` (${e.filename}:${e.line}:${e.column})` : "";
    return `${code}${msg}${where}`;
  }
  return String(e);
}

/** Build one workload twice: plain (for the primal) and compiled by adc (for the gradient). */
async function buildWorkload(name) {
  const rel = `workloads/${name}.ts`;
  const src = readFileSync(join(benchDir, rel), "utf8");
  const plainPath = write(join(buildDir, `${name}.plain.js`), redirectAdc(stripTypes(src, rel), "./adc-stub.js"));
  const plain = await importFile(plainPath);
  let adc = null;
  let adcError = null;
  if (!compileModule) {
    adcError = "compiler unavailable (see above)";
  } else {
    let stage = "compile";
    try {
      const out = compileModule(src, { filename: `bench/${rel}`, runtimeImport: "../../dist/runtime/index.js" });
      const code = typeof out === "string" ? out : out.code;
      stage = "strip types";
      const js = stripTypes(code, `${name}.adc.ts`);
      const adcPath = write(join(buildDir, `${name}.adc.js`), js);
      stage = "load";
      adc = await importFile(adcPath);
    } catch (e) {
      adcError = `${stage}: ${errorText(e)}`;
    }
  }
  return { plain, adc, adcError };
}

const workloads = {};
for (const name of ["rosenbrock", "mathloop", "gmm", "lstm", "hvp"]) workloads[name] = await buildWorkload(name);

// optional TensorFlow.js comparison
let tfjs = null;
let tfjsNote = null;
if (noTfjs) tfjsNote = "TensorFlow.js column skipped (--no-tfjs)";
else {
  try {
    tfjs = await import("./tfjs.mjs").then((m) => m.loadTfjs());
    if (!tfjs) tfjsNote = "TensorFlow.js column skipped: @tensorflow/tfjs is not installed (npm i -D -E @tensorflow/tfjs@4.22.0)";
  } catch (e) {
    tfjs = null;
    tfjsNote = `TensorFlow.js column skipped: ${errorText(e)}`;
  }
}

// optional jax-js comparison
let jaxjs = null;
let jaxjsNote = null;
if (noJaxjs) jaxjsNote = "jax-js column skipped (--no-jaxjs)";
else {
  try {
    jaxjs = await import("./jaxjs.mjs").then((m) => m.loadJaxjs());
    if (!jaxjs) jaxjsNote = "jax-js column skipped: @jax-js/jax is not installed (npm i -D -E @jax-js/jax@0.1.25)";
  } catch (e) {
    jaxjs = null;
    jaxjsNote = `jax-js column skipped: ${errorText(e)}`;
  }
}

// ------------------------------------------------------------------------------------------------
// timing

let sink = 0;
function consume(r) {
  if (typeof r === "number") sink += r;
  else if (r && r.length) sink += typeof r[0] === "number" ? r[0] : r[0][0];
}

// With `node --expose-gc` (as `npm run bench` runs it), every batch starts on a collected heap, so
// that one column's garbage is not charged to the next.
const gc = typeof globalThis.gc === "function" ? globalThis.gc : () => {};

function runBatch(fn, iters) {
  gc();
  const t0 = performance.now();
  for (let i = 0; i < iters; i++) consume(fn());
  return (performance.now() - t0) / 1000;
}

/** Warm up fn for about WARMUP seconds and size a batch to about TARGET seconds. */
function calibrate(fn) {
  const until = performance.now() + WARMUP * 1000;
  let calls = 0;
  let last = 0;
  do {
    last = runBatch(fn, 1);
    calls++;
  } while (performance.now() < until || calls < 2);
  // the per-call time of a small batch after warm-up
  let iters = Math.max(1, Math.min(1e7, Math.round((0.02 * TARGET) / Math.max(last, 1e-9))));
  const t = runBatch(fn, iters) / iters;
  return Math.max(1, Math.round(TARGET / Math.max(t, 1e-9)));
}

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

/**
 * Time several functions side by side: after warm-up, REPS rounds in each of which every column
 * runs one batch (in rotating order). Returns the median seconds per call of each column, or the
 * error a column threw (that column is then left out of the later rounds).
 */
function timeColumns(cols) {
  const res = cols.map(() => ({ times: [], error: null, iters: 0 }));
  cols.forEach((fn, c) => {
    if (!fn) return;
    try {
      res[c].iters = calibrate(fn);
    } catch (e) {
      res[c].error = e;
    }
  });
  for (let r = 0; r < REPS; r++) {
    for (let j = 0; j < cols.length; j++) {
      const c = (j + r) % cols.length;
      if (!cols[c] || res[c].error) continue;
      try {
        res[c].times[r] = runBatch(cols[c], res[c].iters) / res[c].iters;
      } catch (e) {
        res[c].error = e;
      }
    }
  }
  return res.map((x) => (x.error ? { error: x.error } : x.times.length ? { t: median(x.times.filter((v) => v !== undefined)), times: x.times } : null));
}

/**
 * Ratio of two columns timed by timeColumns: the median over rounds of the ratio of their batches
 * in the same round (robust to the load of a shared machine drifting during a row).
 */
function ratio(num, den) {
  if (!num?.t || !den?.t) return NaN;
  if (!num.times || !den.times) return num.t / den.t;
  const rs = [];
  for (let r = 0; r < Math.min(num.times.length, den.times.length); r++) {
    if (num.times[r] !== undefined && den.times[r] !== undefined) rs.push(num.times[r] / den.times[r]);
  }
  return rs.length ? median(rs) : num.t / den.t;
}

// ------------------------------------------------------------------------------------------------
// gradient comparison

function flatten(g) {
  if (typeof g === "number") return Float64Array.of(g);
  if (g instanceof Float64Array || g instanceof Float32Array) return Float64Array.from(g);
  if (Array.isArray(g)) {
    const parts = g.map(flatten);
    const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
  throw new Error(`gradient is ${g === null ? "null" : typeof g === "object" ? g.constructor?.name : typeof g}`);
}

function shapeOf(g) {
  if (typeof g === "number") return "number";
  if (g instanceof Float64Array || g instanceof Float32Array) return `${g.constructor.name}(${g.length})`;
  if (Array.isArray(g)) return `[${g.map(shapeOf).join(", ")}]`;
  return String(g);
}

/** Norm-wise relative difference max|a-b| / max|b|, after checking the shapes agree. */
function gradDiff(a, b, { sameTypes = true } = {}) {
  if (sameTypes && shapeOf(a) !== shapeOf(b)) throw new Error(`gradient shape ${shapeOf(a)}, expected ${shapeOf(b)}`);
  const fa = flatten(a);
  const fb = flatten(b);
  if (fa.length !== fb.length) throw new Error(`gradient has ${fa.length} entries, expected ${fb.length}`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < fa.length; i++) {
    const d = Math.abs(fa[i] - fb[i]);
    num = d > num || Number.isNaN(d) ? d : num;
    den = Math.max(den, Math.abs(fb[i]));
  }
  return Number.isNaN(num) ? NaN : num / (den || 1);
}

// ------------------------------------------------------------------------------------------------
// rows

function randArray(n, seed, lo, hi) {
  let a = seed >>> 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + ((hi - lo) * ((t ^ (t >>> 14)) >>> 0)) / 4294967296;
  }
  return out;
}

const rows = [];
// Each row: name, group, and a setup() giving { primal, adc, hand } thunks (and tf, jx factories).
for (const n of [1e3, 1e5]) {
  rows.push({
    name: `rosenbrock n=${n.toExponential(0).replace("+", "")}`,
    group: "rosenbrock",
    setup() {
      const x = randArray(n, 1, -1.5, 1.5);
      const w = workloads.rosenbrock;
      return {
        primal: () => w.plain.rosenbrock(x),
        adc: w.adc && (() => w.adc.rosenbrockGrad(x)),
        hand: () => hand.rosenbrockGradHand(x),
        tf: tfjs && (() => tfjs.rosenbrock(x)),
        jx: jaxjs && (() => jaxjs.rosenbrock(x)),
      };
    },
  });
}
rows.push({
  name: "mathloop n=1e5",
  group: "mathloop",
  setup() {
    const x = randArray(1e5, 2, -3, 3);
    const w = workloads.mathloop;
    return {
      primal: () => w.plain.mathloop(x),
      adc: w.adc && (() => w.adc.mathloopGrad(x)),
      hand: () => hand.mathloopGradHand(x),
    };
  },
});
for (const [d, k] of [[2, 5], [2, 10], [10, 5], [10, 25], [20, 10], [32, 10], [64, 10]]) {
  rows.push({
    name: `GMM d=${d} K=${k} N=1k`,
    group: "gmm",
    setup() {
      const p = data.readGmm(d, k);
      const args = [p.alphas, p.means, p.icf, p.x, p.d, p.k, p.n, p.gamma, p.m];
      const w = workloads.gmm;
      return {
        primal: () => w.plain.gmmObjective(...args),
        adc: w.adc && (() => w.adc.gmmGrad(...args)),
        hand: () => hand.gmmGradHand(...args),
        tf: tfjs && (() => tfjs.gmm(p)),
        jx: jaxjs && (() => jaxjs.gmm(p)),
      };
    },
  });
}
for (const l of [2, 4]) {
  rows.push({
    name: `LSTM l=${l} c=1024`,
    group: "lstm",
    setup() {
      const p = data.readLstm(l, 1024);
      const args = [p.mainParams, p.extraParams, p.state, p.sequence, p.l, p.c, p.b];
      const w = workloads.lstm;
      return {
        primal: () => w.plain.lstmObjective(...args),
        adc: w.adc && (() => w.adc.lstmGrad(...args)),
        hand: () => hand.lstmGradHand(...args),
      };
    },
  });
}

// ------------------------------------------------------------------------------------------------
// run and print

const fmtT = (s) => (s >= 1 ? `${s.toFixed(2)} s` : s >= 1e-3 ? `${(s * 1e3).toPrecision(3)} ms` : `${(s * 1e6).toPrecision(3)} µs`);
const fmtR = (r) => (Number.isFinite(r) ? r.toFixed(2) : "-");
const fmtD = (d) => (d === null || d === undefined ? "-" : Number.isNaN(d) ? "NaN" : d.toExponential(1));
const notes = [];
function note(text) {
  const i = notes.indexOf(text);
  if (i >= 0) return `[${i + 1}]`;
  notes.push(text);
  return `[${notes.length}]`;
}

const header = ["workload", "primal", "adc grad", "R adc", "hand grad", "R hand", "adc/hand", "|adc-hand|"];
if (tfjs) header.push("tfjs grad", "tfjs/hand", "tfjs/adc");
if (jaxjs) header.push("jax-js grad", "jax/hand", "jax/adc", "|jax-adc|");
const table = [];
const warnings = [];
const rsAdc = { gmm: [], lstm: [] };
const rsHand = { gmm: [], lstm: [] };

const cpu = cpus();
console.log(`adc benchmark: node ${process.version}, ${cpu.length} x ${cpu[0]?.model ?? "?"}; median of ${REPS} batches of ~${TARGET} s per column, columns interleaved.`);
console.log("R = time of one gradient / time of one objective evaluation (median over rounds of the ratio of batches timed side by side).");
console.log("|adc-hand| = max|g_adc - g_hand| / max|g_hand|, checked once per row before timing.");
if (!compileModule) console.log(`adc column unavailable: ${errorText(compilerError)}`);
if (tfjsNote) console.log(tfjsNote);
else if (tfjs) console.log(`TensorFlow.js ${tfjs.version} (pure-JS CPU backend, float32; input tensors and dataSync included in its time) on rosenbrock and GMM.`);
if (jaxjsNote) console.log(jaxjsNote);
else if (jaxjs) {
  console.log(`jax-js ${jaxjs.version} (Wasm backend, single-threaded, float64 with float32 exp/log; jit(grad(f)); input arrays and dataSync included in its time) on rosenbrock and GMM.`);
  console.log("|jax-adc| = max|g_jax - g_adc| / max|g_adc| (g_hand if adc is unavailable); jax-js's value is also checked against the primal.");
}
console.log("");

const selected = rows.filter((r) => !filters.length || filters.some((f) => r.name.toLowerCase().includes(f) || r.group.includes(f)));
const started = performance.now();
for (const row of selected) {
  const cells = [row.name];
  let fns;
  try {
    fns = row.setup();
  } catch (e) {
    table.push([row.name, `setup failed ${note(errorText(e))}`]);
    continue;
  }
  const adcBuildError = workloads[row.group]?.adcError;

  // correctness check once per row, before timing: adc against hand-written
  let diff = null;
  let adcFn = fns.adc;
  if (adcFn) {
    try {
      const gA = adcFn();
      const gH = fns.hand();
      diff = gradDiff(gA, gH);
      if (!(diff <= 1e-8)) warnings.push(`!!! ${row.name}: adc gradient differs from the hand-written one: max rel diff ${fmtD(diff)} (> 1e-8) !!!`);
    } catch (e) {
      adcFn = null;
      cells.adcErr = `run: ${errorText(e)}`;
    }
  }
  const [p, a, h] = timeColumns([fns.primal, adcFn, fns.hand]);

  // TensorFlow.js is timed after the others (its garbage would disturb them); a call slower than
  // SLOW_TFJS seconds is timed once.
  let t = null;
  let tfDiff = null;
  if (fns.tf) {
    try {
      const tfFn = fns.tf(); // builds the tensor program
      const t0 = performance.now();
      tfDiff = gradDiff(tfFn(), fns.hand(), { sameTypes: false });
      if ((performance.now() - t0) / 1000 > SLOW_TFJS) t = { t: runBatch(tfFn, 1), once: true };
      else [t] = timeColumns([tfFn]);
    } catch (e) {
      t = { error: e };
    }
  }
  // jax-js likewise, after the others; checked once against the primal's value and adc's gradient
  // (the first call also traces and compiles the jitted gradient).
  let jt = null;
  let jxDiff = null;
  if (fns.jx) {
    try {
      const jx = fns.jx();
      const v = jx.value();
      const v0 = fns.primal();
      const vDiff = Math.abs(v - v0) / Math.max(Math.abs(v0), 1e-300);
      if (!(vDiff < 1e-5)) warnings.push(`${row.name}: jax-js objective value ${v} differs from the primal's ${v0}: rel diff ${fmtD(vDiff)}`);
      jx.grad();
      const t0 = performance.now();
      jxDiff = gradDiff(jx.grad(), adcFn ? adcFn() : fns.hand(), { sameTypes: false });
      if ((performance.now() - t0) / 1000 > SLOW_TFJS) jt = { t: runBatch(jx.grad, 1), once: true };
      else [jt] = timeColumns([jx.grad]);
    } catch (e) {
      jt = { error: e };
    }
  }
  const tP = p?.t;
  cells.push(p?.error ? `error ${note(errorText(p.error))}` : fmtT(tP));
  if (a?.t) {
    cells.push(fmtT(a.t), fmtR(ratio(a, p)));
    if (rsAdc[row.group]) rsAdc[row.group].push(ratio(a, p));
  } else {
    const why = a?.error ? `run: ${errorText(a.error)}` : cells.adcErr ?? adcBuildError ?? "no adc gradient";
    cells.push(compileModule ? `error ${note(`${row.group}: ${why}`)}` : "n/a", "-");
  }
  if (h?.t) {
    cells.push(fmtT(h.t), fmtR(ratio(h, p)));
    if (rsHand[row.group]) rsHand[row.group].push(ratio(h, p));
  } else cells.push(h?.error ? `error ${note(errorText(h.error))}` : "-", "-");
  cells.push(a?.t && h?.t ? fmtR(ratio(a, h)) : "-");
  cells.push(diff === null ? "-" : fmtD(diff) + (diff <= 1e-8 ? "" : " !!!"));
  if (tfjs) {
    if (t?.t) {
      cells.push(fmtT(t.t) + (t.once ? " (1 run)" : ""), h?.t ? fmtR(t.t / h.t) : "-", a?.t ? fmtR(t.t / a.t) : "-");
      if (tfDiff !== null && !(tfDiff < 1e-3)) warnings.push(`${row.name}: TensorFlow.js gradient (float32) differs from the hand-written one: ${fmtD(tfDiff)}`);
    } else if (t?.error) cells.push(`error ${note(`tfjs ${row.name}: ${errorText(t.error)}`)}`, "-", "-");
    else cells.push("-", "-", "-");
  }
  if (jaxjs) {
    if (jt?.t) {
      cells.push(fmtT(jt.t) + (jt.once ? " (1 run)" : ""), h?.t ? fmtR(jt.t / h.t) : "-", a?.t ? fmtR(jt.t / a.t) : "-", fmtD(jxDiff));
      if (jxDiff !== null && !(jxDiff < 1e-5)) warnings.push(`${row.name}: jax-js gradient differs from adc's: ${fmtD(jxDiff)}`);
    } else if (jt?.error) cells.push(`error ${note(`jax-js ${row.name}: ${errorText(jt.error)}`)}`, "-", "-", "-");
    else cells.push("-", "-", "-", "-");
  }
  table.push(cells);
  process.stderr.write(`  done ${row.name} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
}

// print the table
const widths = header.map((hd, i) => Math.max(hd.length, ...table.map((r) => (r[i] ?? "").length)));
const line = (cells) => cells.map((c, i) => (i === 0 ? (c ?? "").padEnd(widths[i]) : (c ?? "").padStart(widths[i]))).join("  ");
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const r of table) console.log(line(r));
console.log("");

const geo = (a) => (a.length ? Math.exp(a.reduce((s, x) => s + Math.log(x), 0) / a.length) : NaN);
const gm = (a) => (a.length ? `${fmtR(geo(a))} (${a.length} sizes)` : "-");
if (selected.some((r) => r.group === "gmm")) {
  console.log(`GMM  geometric mean R: adc ${gm(rsAdc.gmm)}, hand-written TS ${gm(rsHand.gmm)}`);
  console.log("     published (GradBench, N=1000): hand-written C++ 2.4, Tapenade 3.5, Enzyme 3.9, PyTorch 4.1");
}
if (selected.some((r) => r.group === "lstm")) {
  console.log(`LSTM geometric mean R: adc ${gm(rsAdc.lstm)}, hand-written TS ${gm(rsHand.lstm)}`);
  console.log("     published: Enzyme 3.0, Tapenade ~3.2");
}
// second derivatives (forward over reverse): hvp time / gradient time, side by side
if (!filters.length || filters.some((f) => "hvp rosenbrock".includes(f))) {
  const w = workloads.hvp;
  const n = 1e4;
  const x = randArray(n, 3, -1.5, 1.5);
  const v = randArray(n, 4, -1, 1);
  if (!w.adc) console.log(`hvp n=1e4: adc error: ${w.adcError}`);
  else {
    let diff = NaN;
    try {
      diff = gradDiff(w.adc.rosenHvp(x, v), hand.rosenbrockHvpHand(x, v));
      if (!(diff <= 1e-8)) warnings.push(`!!! hvp n=1e4: adc H·v differs from the hand-written one: ${fmtD(diff)} !!!`);
      const [g, hv, hh] = timeColumns([() => w.adc.rosenGrad(x), () => w.adc.rosenHvp(x, v), () => hand.rosenbrockHvpHand(x, v)]);
      console.log("Second derivatives (forward over reverse), Rosenbrock n=1e4:");
      console.log(`  adc grad ${fmtT(g.t)}, adc hvp ${fmtT(hv.t)}, hand-written hvp ${fmtT(hh.t)}; hvp/grad ${fmtR(ratio(hv, g))}, adc hvp/hand hvp ${fmtR(ratio(hv, hh))}, |adc-hand| ${fmtD(diff)}`);
      // grad of |grad f|^2 = 2 H grad f: by hand, one gradient and one H·v
      const penHand = (x) => {
        const gx = hand.rosenbrockGradHand(x);
        for (let i = 0; i < gx.length; i++) gx[i] *= 2;
        return hand.rosenbrockHvpHand(x, gx);
      };
      const pdiff = gradDiff(w.adc.gradNorm2Grad(x), penHand(x));
      if (!(pdiff <= 1e-6)) warnings.push(`!!! grad of |grad f|^2: adc differs from the hand-written one: ${fmtD(pdiff)} !!!`);
      const [g2, pa, ph] = timeColumns([() => w.adc.rosenGrad(x), () => w.adc.gradNorm2Grad(x), () => penHand(x)]);
      console.log(`Gradient of a gradient (grad of |grad f|^2, the inner pullback by forward over reverse), Rosenbrock n=1e4:`);
      console.log(`  adc ${fmtT(pa.t)}, hand-written (2 H·grad f) ${fmtT(ph.t)}; adc/grad ${fmtR(ratio(pa, g2))}, adc/hand ${fmtR(ratio(pa, ph))}, |adc-hand| ${fmtD(pdiff)}`);
    } catch (e) {
      console.log(`hvp n=1e4: run error: ${errorText(e)}`);
    }
  }
}

if (notes.length) {
  console.log("");
  notes.forEach((n, i) => console.log(`[${i + 1}] ${n}`));
}
if (warnings.length) {
  console.log("");
  console.log("!".repeat(100));
  for (const w of warnings) console.log(w);
  console.log("!".repeat(100));
}
console.log(`\n(${((performance.now() - started) / 1000).toFixed(0)} s of timing; checksum ${sink === sink ? "ok" : "NaN"})`);
