// Optional comparison with TensorFlow.js (@tensorflow/tfjs, pure-JS CPU backend, float32 only):
// the same objectives written as tensor programs, differentiated with tf.grads. Each timed call
// includes what a user of Float64Arrays pays: building the input tensors, the gradient, and
// reading the gradients back (dataSync). Loaded by run.mjs only if the package is installed.

/** Returns null if @tensorflow/tfjs is not installed, else { rosenbrock(x), gmm(instance) } factories. */
export async function loadTfjs() {
  let tf;
  try {
    tf = await import("@tensorflow/tfjs");
  } catch (e) {
    if (e && (e.code === "ERR_MODULE_NOT_FOUND" || e.code === "MODULE_NOT_FOUND")) return null;
    throw e;
  }
  tf = tf.default ?? tf;
  // silence the "install tfjs-node" banner and make sure the pure-JS CPU backend is used
  const warn = console.warn;
  const log = console.log;
  console.warn = () => {};
  console.log = () => {};
  try {
    await tf.setBackend("cpu");
    await tf.ready();
    tf.tensor1d([0]).dispose(); // the CPU backend prints its banner at its first write
  } finally {
    console.warn = warn;
    console.log = log;
  }
  if (tf.getBackend() !== "cpu") throw new Error(`tfjs backend is ${tf.getBackend()}, expected cpu`);

  return {
    version: tf.version?.tfjs ?? "?",

    /** () => Float32Array gradient of rosenbrock at x. */
    rosenbrock(x) {
      const n = x.length;
      const f = (xt) => {
        const a = xt.slice(0, n - 1);
        const b = xt.slice(1, n - 1);
        const t1 = b.sub(a.square());
        const t2 = tf.scalar(1).sub(a);
        return t1.square().mul(100).add(t2.square()).sum();
      };
      const g = tf.grad(f);
      return () =>
        tf.tidy(() => {
          const xt = tf.tensor1d(Float32Array.from(x), "float32");
          return g(xt).dataSync();
        });
    },

    /** () => [dalphas, dmeans, dicf] (Float32Array) of the ADBench GMM objective. */
    gmm(p) {
      const { d, k, n, gamma, m } = p;
      const icfSize = (d * (d + 1)) / 2;
      const L = icfSize - d;
      const xT = tf.tensor2d(Float32Array.from(p.x), [n, d], "float32");
      const f = (alphas, means, icf) => {
        const qs = icf.slice([0, 0], [k, d]);
        const qdiag = qs.exp();
        const ls = icf.slice([0, d], [k, L]);
        // Q_k, lower triangular, built column by column: [0 (c rows), exp(q_c), l_t..l_{t+d-c-2}]
        // (slices and concatenations: tfjs's CPU gradient of gather is far too slow here)
        const cols = [];
        let t = 0;
        for (let c = 0; c < d; c++) {
          const parts = [];
          if (c > 0) parts.push(tf.zeros([k, c]));
          parts.push(qdiag.slice([0, c], [k, 1]));
          if (c < d - 1) parts.push(ls.slice([0, t], [k, d - 1 - c]));
          t += d - 1 - c;
          cols.push(parts.length > 1 ? tf.concat(parts, 1) : parts[0]);
        }
        const Q = tf.stack(cols, 2); // [k, row, col]
        const xc = xT.expandDims(0).sub(means.expandDims(1)); // [k, n, d]
        const qxc = tf.matMul(xc, Q, false, true); // [k, n, d]
        const sumQs = qs.sum(1); // [k]
        const beta = alphas.add(sumQs).expandDims(1).sub(qxc.square().sum(2).mul(0.5)); // [k, n]
        const slse = tf.logSumExp(beta, 0).sum();
        const ll = slse.sub(tf.logSumExp(alphas).mul(n));
        const frob = qdiag.square().sum().add(ls.square().sum());
        const prior = frob.mul(0.5 * gamma * gamma).sub(sumQs.sum().mul(m));
        return ll.add(prior); // constants (-N D/2 log 2 pi, -K C) do not change the gradient
      };
      const g = tf.grads(f);
      return () =>
        tf.tidy(() => {
          const a = tf.tensor1d(Float32Array.from(p.alphas), "float32");
          const mu = tf.tensor2d(Float32Array.from(p.means), [k, d], "float32");
          const ic = tf.tensor2d(Float32Array.from(p.icf), [k, icfSize], "float32");
          return g([a, mu, ic]).map((gt) => gt.dataSync());
        });
    },
  };
}
