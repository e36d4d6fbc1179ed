// ADBench's diagonal LSTM objective (see shared/adbench/README.md), quirks kept: the forget and
// output gates read the layer input v, the input gate and the candidate read the previous hidden
// state, and the log-sum-exp is log(sum exp(y) + 2) without a max shift.
// Written once as ordinary TypeScript with loops over Float64Arrays; adc derives the gradient.
import { grad } from "adc";

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export function lstmObjective(
  mainParams: Float64Array,
  extraParams: Float64Array,
  state: Float64Array,
  sequence: Float64Array,
  l: number,
  c: number,
  b: number,
): number {
  // The state is copied fresh at every call: [h_0, s_0, h_1, s_1, ...], b numbers each.
  const st = new Float64Array(2 * l * b);
  for (let j = 0; j < 2 * l * b; j++) st[j] = state[j];

  const v = new Float64Array(b);
  const y = new Float64Array(b);
  let total = 0;
  for (let t = 0; t < c - 1; t++) {
    for (let j = 0; j < b; j++) v[j] = sequence[t * b + j] * extraParams[j];
    for (let i = 0; i < l; i++) {
      const w = 2 * i * 4 * b; // weights of layer i: [forget | ingate | outgate | change]
      const bi = w + 4 * b; // biases of layer i, same layout
      const h = 2 * i * b; // hidden state of layer i in st
      const s = h + b; // cell state of layer i in st
      for (let j = 0; j < b; j++) {
        const f = sigmoid(v[j] * mainParams[w + j] + mainParams[bi + j]);
        const ig = sigmoid(st[h + j] * mainParams[w + b + j] + mainParams[bi + b + j]);
        const o = sigmoid(v[j] * mainParams[w + 2 * b + j] + mainParams[bi + 2 * b + j]);
        const g = Math.tanh(st[h + j] * mainParams[w + 3 * b + j] + mainParams[bi + 3 * b + j]);
        st[s + j] = st[s + j] * f + ig * g;
        st[h + j] = o * Math.tanh(st[s + j]);
        v[j] = st[h + j];
      }
    }
    let sumExp = 0;
    for (let j = 0; j < b; j++) {
      y[j] = v[j] * extraParams[b + j] + extraParams[2 * b + j];
      sumExp += Math.exp(y[j]);
    }
    const lse = Math.log(sumExp + 2);
    for (let j = 0; j < b; j++) total += sequence[(t + 1) * b + j] * (y[j] - lse);
  }
  return -total / ((c - 1) * b);
}

export const lstmGrad = grad(lstmObjective, [0, 1]);
