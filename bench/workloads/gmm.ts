// ADBench GMM objective: log-likelihood of N points under a K-component Gaussian mixture whose
// inverse covariance factors come from icf, plus a Wishart prior (see shared/adbench/README.md).
// Written once as ordinary TypeScript with loops over Float64Arrays; adc derives the gradient.
import { grad } from "adc";

/** log(sum_j exp(v[j])) for j < len, shifted by the maximum for stability. */
export function logsumexp(v: Float64Array, len: number): number {
  let mx = v[0];
  for (let j = 1; j < len; j++) {
    if (v[j] > mx) mx = v[j];
  }
  let s = 0;
  for (let j = 0; j < len; j++) s += Math.exp(v[j] - mx);
  return mx + Math.log(s);
}

/** log Gamma(z) for z >= 0.5: Lanczos approximation (g = 7, 9 terms), about 1e-15 relative. */
function lgammaLanczos(z: number): number {
  const y = z - 1;
  const a =
    0.99999999999980993 +
    676.5203681218851 / (y + 1) -
    1259.1392167224028 / (y + 2) +
    771.32342877765313 / (y + 3) -
    176.61502916214059 / (y + 4) +
    12.507343278686905 / (y + 5) -
    0.13857109526572012 / (y + 6) +
    9.9843695780195716e-6 / (y + 7) +
    1.5056327351493116e-7 / (y + 8);
  const t = y + 7.5;
  return 0.91893853320467274178 + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** log |Gamma(x)|, with the reflection formula below 0.5. */
export function lgamma(x: number): number {
  if (x < 0.5) {
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgammaLanczos(1 - x);
  }
  return lgammaLanczos(x);
}

/** Log of the multivariate gamma function Gamma_p(a). */
export function logGammaDistrib(a: number, p: number): number {
  let out = 0.25 * p * (p - 1) * Math.log(Math.PI);
  for (let j = 1; j <= p; j++) out += lgamma(a + 0.5 * (1 - j));
  return out;
}

export function gmmObjective(
  alphas: Float64Array,
  means: Float64Array,
  icf: Float64Array,
  x: Float64Array,
  d: number,
  k: number,
  n: number,
  gamma: number,
  m: number,
): number {
  const icfSize = (d * (d + 1)) / 2;

  // Diagonals of the Q_k and the sums of their logs.
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

  const xc = new Float64Array(d);
  const qxc = new Float64Array(d);
  const beta = new Float64Array(k);
  let slse = 0;
  for (let i = 0; i < n; i++) {
    for (let ik = 0; ik < k; ik++) {
      for (let j = 0; j < d; j++) xc[j] = x[i * d + j] - means[ik * d + j];
      // qxc = Q_k * xc, Q_k lower triangular: diagonal qdiags, strictly lower part column by column.
      for (let j = 0; j < d; j++) qxc[j] = qdiags[ik * d + j] * xc[j];
      let t = ik * icfSize + d;
      for (let c = 0; c < d; c++) {
        for (let r = c + 1; r < d; r++) {
          qxc[r] += icf[t] * xc[c];
          t++;
        }
      }
      let sq = 0;
      for (let j = 0; j < d; j++) sq += qxc[j] * qxc[j];
      beta[ik] = alphas[ik] + sumQs[ik] - 0.5 * sq;
    }
    slse += logsumexp(beta, k);
  }
  const ll = -n * d * 0.5 * Math.log(2 * Math.PI) + slse - n * logsumexp(alphas, k);

  // Wishart prior.
  const nn = d + m + 1;
  const cst = nn * d * (Math.log(gamma) - 0.5 * Math.log(2)) - logGammaDistrib(0.5 * nn, d);
  let prior = 0;
  for (let ik = 0; ik < k; ik++) {
    let frob = 0;
    for (let j = 0; j < d; j++) frob += qdiags[ik * d + j] * qdiags[ik * d + j];
    for (let t = ik * icfSize + d; t < (ik + 1) * icfSize; t++) frob += icf[t] * icf[t];
    prior += 0.5 * gamma * gamma * frob - m * sumQs[ik];
  }
  prior -= k * cst;
  return ll + prior;
}

export const gmmGrad = grad(gmmObjective, [0, 1, 2]);
