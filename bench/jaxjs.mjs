// Optional comparison with jax-js (@jax-js/jax, its Wasm CPU backend, float64): the same objectives
// written as jax.numpy-style array programs and differentiated with jit(grad(f)), as one would in
// JAX. Each timed call includes what a user of Float64Arrays pays: copying the inputs into jax-js
// arrays, the jitted gradient, and reading the gradients back (dataSync). Loaded by run.mjs only
// if the package is installed.
//
// Node 20 notes (jax-js 0.1.25 targets browsers; its README lists Node.js as "CPU (Wasm) only"):
//   - init() with no argument probes WebGPU through `navigator.gpu` and throws
//     "ReferenceError: navigator is not defined" on Node 20, so only init("wasm") is called;
//   - np.array(Float64Array) tests `data instanceof Float16Array` before Float64Array and throws
//     "ReferenceError: Float16Array is not defined" on Node 20, which has no Float16Array; an
//     empty placeholder class is installed if (and only if) the global is missing. jax-js only
//     uses it for float16 arrays, which this file never creates;
//   - the Wasm backend evaluates exp, log, sin, ... of float64 arrays in float32 (it demotes to
//     f32, calls an f32 polynomial, promotes back): GMM values and gradients agree with the
//     float64 ones only to about 1e-7, rosenbrock (only + and *) to rounding;
//   - the Wasm backend runs single-threaded here: its worker pool needs a global `Worker`, which
//     Node does not have.
// jax-js arrays are reference-counted: every operation consumes its array arguments, `x.ref` adds
// a reference for a second use, dataSync() releases the array it reads.

/** Returns null if @jax-js/jax is not installed, else { version, rosenbrock(x), gmm(instance) }. */
export async function loadJaxjs() {
  let jax;
  try {
    jax = await import("@jax-js/jax");
  } catch (e) {
    if (e && (e.code === "ERR_MODULE_NOT_FOUND" || e.code === "MODULE_NOT_FOUND")) return null;
    throw e;
  }
  if (typeof globalThis.Float16Array === "undefined") {
    globalThis.Float16Array = class Float16Array {}; // see the note above: never instantiated
  }
  const { numpy: np, nn, grad, jit, init, defaultDevice } = jax;
  const devices = await init("wasm");
  if (!devices.includes("wasm")) throw new Error(`jax-js has no wasm backend (devices: ${devices.join(", ")})`);
  defaultDevice("wasm");
  let version = "?";
  try {
    const { createRequire } = await import("node:module");
    const require = createRequire(import.meta.url);
    const { readFileSync } = await import("node:fs");
    const { dirname, join } = await import("node:path");
    // the package's "exports" does not list package.json: find it next to its entry point
    const entry = require.resolve("@jax-js/jax");
    version = JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8")).version;
  } catch {
    /* version stays "?" */
  }

  const f64 = (a) => np.array(a instanceof Float64Array ? a : Float64Array.from(a), { dtype: np.float64 });

  return {
    version,

    /** { grad: () => Float64Array, value: () => number } for rosenbrock at x. */
    rosenbrock(x) {
      const n = x.length;
      const f = (xt) => {
        const a = xt.ref.slice([0, n - 1]);
        const b = xt.slice([1, n]);
        const t1 = b.sub(np.square(a.ref));
        const t2 = np.subtract(1, a);
        return np.square(t1).mul(100).add(np.square(t2)).sum();
      };
      const g = jit(grad(f));
      return {
        grad: () => g(f64(x)).dataSync(),
        value: () => f(f64(x)).item(),
      };
    },

    /** { grad: () => [dalphas, dmeans, dicf] (Float64Array), value: () => number }, ADBench GMM. */
    gmm(p) {
      const { d, k, n, gamma, m } = p;
      const icfSize = (d * (d + 1)) / 2;
      const xT = f64(p.x).reshape([n, d]);
      // constants of the objective (they do not change the gradient; kept so the value matches)
      const nn1 = d + m + 1;
      const cst = nn1 * d * (Math.log(gamma) - 0.5 * Math.log(2)) - logGammaDistrib(0.5 * nn1, d);
      const constant = -n * d * 0.5 * Math.log(2 * Math.PI) - k * cst;

      const f = (alphas, means, icf, x) => {
        const qs = icf.ref.slice([], [0, d]); // [k, d]
        const ls = icf.slice([], [d, icfSize]); // [k, L]
        const qdiag = np.exp(qs.ref);
        // Q_k (lower triangular): column c is [0 (c rows), exp(q_c), l_t..l_{t+d-c-2}]. Built from
        // slices and concatenations, which jit fuses; the gather formulation (np.take of the icf row
        // by a constant [d, d] index) fails under jit in 0.1.25, see README.md.
        const cols = [];
        let t = 0;
        for (let c = 0; c < d; c++) {
          const parts = [];
          if (c > 0) parts.push(np.zeros([k, c], { dtype: np.float64 }));
          parts.push(qdiag.ref.slice([], [c, c + 1]));
          if (c < d - 1) parts.push(ls.ref.slice([], [t, t + d - 1 - c]));
          t += d - 1 - c;
          cols.push(parts.length > 1 ? np.concatenate(parts, 1) : parts[0]);
        }
        const Q = np.stack(cols, 2); // [k, row, col]
        const xc = np.expandDims(x, 0).sub(np.expandDims(means, 1)); // [k, n, d]
        const qxc = np.matmul(xc, np.matrixTranspose(Q)); // [k, n, d]
        const sumQs = qs.sum(1); // [k]
        const beta = np.expandDims(alphas.ref.add(sumQs.ref), 1).sub(np.square(qxc).sum(2).mul(0.5)); // [k, n]
        const ll = nn.logsumexp(beta, 0).sum().sub(nn.logsumexp(alphas).mul(n));
        const frob = np.square(qdiag).sum().add(np.square(ls).sum());
        const prior = frob.mul(0.5 * gamma * gamma).sub(sumQs.sum().mul(m));
        return ll.add(prior);
      };
      const g = jit(grad(f, { argnums: [0, 1, 2] }));
      const inputs = () => [f64(p.alphas), f64(p.means).reshape([k, d]), f64(p.icf).reshape([k, icfSize]), xT.ref];
      return {
        grad: () => g(...inputs()).map((gt) => gt.dataSync()),
        value: () => f(...inputs()).item() + constant,
      };
    },
  };
}

// log Gamma for the GMM constant (same Lanczos approximation as bench/workloads/gmm.ts)
function lgamma(x) {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const y = x - 1;
  const c = [676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  let a = 0.99999999999980993;
  for (let i = 0; i < 8; i++) a += c[i] / (y + i + 1);
  const t = y + 7.5;
  return 0.91893853320467274178 + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

function logGammaDistrib(a, p) {
  let out = 0.25 * p * (p - 1) * Math.log(Math.PI);
  for (let j = 1; j <= p; j++) out += lgamma(a + 0.5 * (1 - j));
  return out;
}
