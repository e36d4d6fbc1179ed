// Readers for the ADBench input files (GMM and LSTM), formats as in shared/adbench/README.md.
// The files live in <repo>/../shared/adbench (override with ADBENCH_DIR).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: the nearest folder above this file holding the package.json of "adc". */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = join(dir, "package.json");
    if (existsSync(pj)) {
      try {
        if (JSON.parse(readFileSync(pj, "utf8")).name === "adc") return dir;
      } catch {
        // not a package.json we can read: keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error("bench/data: cannot find the adc repository root above " + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** Folder of the ADBench files: $ADBENCH_DIR, else <repo>/../shared/adbench. */
export function adbenchDir(): string {
  const env = process.env.ADBENCH_DIR;
  return env ? resolve(env) : resolve(repoRoot(), "..", "shared", "adbench");
}

function numbers(path: string): Float64Array {
  const text = readFileSync(path, "utf8");
  const toks = text.split(/\s+/).filter((s) => s.length > 0);
  const out = new Float64Array(toks.length);
  for (let i = 0; i < toks.length; i++) {
    const v = Number(toks[i]);
    if (Number.isNaN(v)) throw new Error(`${path}: token ${i} is not a number: ${JSON.stringify(toks[i])}`);
    out[i] = v;
  }
  return out;
}

export interface GmmInstance {
  d: number;
  k: number;
  n: number;
  alphas: Float64Array; // k
  means: Float64Array; // k*d
  icf: Float64Array; // k*d(d+1)/2
  x: Float64Array; // n*d
  gamma: number;
  m: number;
}

export function gmmPath(d: number, k: number, size: "1k" | "10k" = "1k"): string {
  return join(adbenchDir(), "gmm", size, `gmm_d${d}_K${k}.txt`);
}

/** Parse a GMM file: `D K N`, K alphas, K*D means, K*D(D+1)/2 icf, N*D points, `gamma m`. */
export function parseGmm(path: string): GmmInstance {
  const a = numbers(path);
  const d = a[0], k = a[1], n = a[2];
  const icfSize = (d * (d + 1)) / 2;
  let p = 3;
  const take = (len: number): Float64Array => {
    if (p + len > a.length) throw new Error(`${path}: file ends early (need ${p + len} numbers, have ${a.length})`);
    const out = a.slice(p, p + len);
    p += len;
    return out;
  };
  const alphas = take(k);
  const means = take(k * d);
  const icf = take(k * icfSize);
  const x = take(n * d);
  const [gamma, m] = take(2);
  if (p !== a.length) throw new Error(`${path}: ${a.length - p} unexpected trailing numbers`);
  return { d, k, n, alphas, means, icf, x, gamma, m };
}

/** Read gmm_d{d}_K{k}.txt; with nLimit, keep only the first nLimit points. */
export function readGmm(d: number, k: number, opts: { size?: "1k" | "10k"; nLimit?: number } = {}): GmmInstance {
  const inst = parseGmm(gmmPath(d, k, opts.size ?? "1k"));
  if (opts.nLimit !== undefined && opts.nLimit < inst.n) {
    inst.n = opts.nLimit;
    inst.x = inst.x.slice(0, inst.n * inst.d);
  }
  return inst;
}

export interface LstmInstance {
  l: number; // layers
  c: number; // characters (sequence length)
  b: number; // bits per character
  mainParams: Float64Array; // 2l rows of 4b
  extraParams: Float64Array; // 3 rows of b: in_weight, out_weight, out_bias
  state: Float64Array; // 2l rows of b: h_0, s_0, h_1, s_1, ...
  sequence: Float64Array; // c rows of b
}

export function lstmPath(l: number, c: number): string {
  return join(adbenchDir(), "lstm", `lstm_l${l}_c${c}.txt`);
}

/** Parse an LSTM file: `l c b`, 2l*4b main params, 3b extra params, 2l*b state, c*b sequence. */
export function parseLstm(path: string): LstmInstance {
  const a = numbers(path);
  const l = a[0], c = a[1], b = a[2];
  let p = 3;
  const take = (len: number): Float64Array => {
    if (p + len > a.length) throw new Error(`${path}: file ends early (need ${p + len} numbers, have ${a.length})`);
    const out = a.slice(p, p + len);
    p += len;
    return out;
  };
  const mainParams = take(2 * l * 4 * b);
  const extraParams = take(3 * b);
  const state = take(2 * l * b);
  const sequence = take(c * b);
  if (p !== a.length) throw new Error(`${path}: ${a.length - p} unexpected trailing numbers`);
  return { l, c, b, mainParams, extraParams, state, sequence };
}

/** Read lstm_l{l}_c{c}.txt; with cLimit, keep only the first cLimit characters of the sequence. */
export function readLstm(l: number, c: number, opts: { cLimit?: number } = {}): LstmInstance {
  const inst = parseLstm(lstmPath(l, c));
  if (opts.cLimit !== undefined && opts.cLimit < inst.c) {
    inst.c = opts.cLimit;
    inst.sequence = inst.sequence.slice(0, inst.c * inst.b);
  }
  return inst;
}
