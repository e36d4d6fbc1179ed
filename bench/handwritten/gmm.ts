// Hand-derived reverse-mode gradient of the ADBench GMM objective (bench/workloads/gmm.ts): the
// "Manual" column of ADBench. Returns [d alphas, d means, d icf].
//
// With xc = x_i - mu_k, z = Q_k xc, beta_ik = alpha_k + sum_j q_kj - |z|^2/2 and
// w_ik = softmax_k(beta_i.):
//   d/d alpha_k = sum_i w_ik - N softmax(alpha)_k
//   d/d mu_k    = sum_i w_ik Q_k^T z
//   d/d q_kj    = sum_i w_ik (1 - z_j e^{q_kj} xc_j) + gamma^2 e^{2 q_kj} - m
//   d/d l_t     = -sum_i w_ik z_r xc_c + gamma^2 l_t        (t <-> (r, c), r > c)
export function gmmGradHand(
  alphas: Float64Array,
  means: Float64Array,
  icf: Float64Array,
  x: Float64Array,
  d: number,
  k: number,
  n: number,
  gamma: number,
  m: number,
): [Float64Array, Float64Array, Float64Array] {
  const icfSize = (d * (d + 1)) / 2;
  const dAlphas = new Float64Array(k);
  const dMeans = new Float64Array(k * d);
  const dIcf = new Float64Array(k * icfSize);

  const qdiags = new Float64Array(k * d);
  const sumQs = new Float64Array(k);
  for (let ik = 0; ik < k; ik++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const q = icf[ik * icfSize + j];
      s += q;
      qdiags[ik * d + j] = Math.exp(q);
    }
    sumQs[ik] = s;
  }

  const xc = new Float64Array(k * d); // x_i - mu_k for every k
  const z = new Float64Array(k * d); // Q_k xc for every k
  const beta = new Float64Array(k);
  const wsum = new Float64Array(k); // sum_i w_ik
  for (let i = 0; i < n; i++) {
    const xo = i * d;
    let mx = -Infinity;
    for (let ik = 0; ik < k; ik++) {
      const ko = ik * d;
      for (let j = 0; j < d; j++) {
        const v = x[xo + j] - means[ko + j];
        xc[ko + j] = v;
        z[ko + j] = qdiags[ko + j] * v;
      }
      let t = ik * icfSize + d;
      for (let c = 0; c < d; c++) {
        const xcc = xc[ko + c];
        for (let r = c + 1; r < d; r++) z[ko + r] += icf[t++] * xcc;
      }
      let sq = 0;
      for (let j = 0; j < d; j++) sq += z[ko + j] * z[ko + j];
      const bk = alphas[ik] + sumQs[ik] - 0.5 * sq;
      beta[ik] = bk;
      if (bk > mx) mx = bk;
    }
    let se = 0;
    for (let ik = 0; ik < k; ik++) {
      const e = Math.exp(beta[ik] - mx);
      beta[ik] = e;
      se += e;
    }
    const inv = 1 / se;
    for (let ik = 0; ik < k; ik++) {
      const w = beta[ik] * inv;
      wsum[ik] += w;
      const ko = ik * d;
      const io = ik * icfSize;
      for (let j = 0; j < d; j++) {
        const wz = w * z[ko + j];
        dIcf[io + j] -= wz * qdiags[ko + j] * xc[ko + j];
        dMeans[ko + j] += wz * qdiags[ko + j];
      }
      let t = io + d;
      for (let c = 0; c < d; c++) {
        const wxc = w * xc[ko + c];
        let acc = 0;
        for (let r = c + 1; r < d; r++) {
          const zr = z[ko + r];
          dIcf[t] -= wxc * zr;
          acc += icf[t] * zr;
          t++;
        }
        dMeans[ko + c] += w * acc;
      }
    }
  }

  // -N logsumexp(alphas)
  let amx = -Infinity;
  for (let ik = 0; ik < k; ik++) if (alphas[ik] > amx) amx = alphas[ik];
  let ase = 0;
  for (let ik = 0; ik < k; ik++) ase += Math.exp(alphas[ik] - amx);
  const g2 = gamma * gamma;
  for (let ik = 0; ik < k; ik++) {
    dAlphas[ik] = wsum[ik] - (n * Math.exp(alphas[ik] - amx)) / ase;
    const io = ik * icfSize;
    for (let j = 0; j < d; j++) {
      const q = qdiags[ik * d + j];
      dIcf[io + j] += wsum[ik] + g2 * q * q - m;
    }
    for (let t = io + d; t < io + icfSize; t++) dIcf[t] += g2 * icf[t];
  }
  return [dAlphas, dMeans, dIcf];
}
