// Hand-written reverse-mode gradient of ADBench's diagonal LSTM objective (bench/workloads/lstm.ts).
// Forward sweep records every gate per (step, layer, element); reverse sweep runs back in time
// carrying the adjoints of the hidden and cell states. Returns [d mainParams, d extraParams].
export function lstmGradHand(
  mainParams: Float64Array,
  extraParams: Float64Array,
  state: Float64Array,
  sequence: Float64Array,
  l: number,
  c: number,
  b: number,
): [Float64Array, Float64Array] {
  const T = c - 1;
  const st = new Float64Array(2 * l * b);
  for (let j = 0; j < 2 * l * b; j++) st[j] = state[j];

  const N = T * l * b;
  const tVin = new Float64Array(N);
  const tHprev = new Float64Array(N);
  const tSprev = new Float64Array(N);
  const tF = new Float64Array(N);
  const tI = new Float64Array(N);
  const tO = new Float64Array(N);
  const tG = new Float64Array(N);
  const tTs = new Float64Array(N); // tanh(new cell state)
  const tVout = new Float64Array(T * b); // last layer's output
  const tP = new Float64Array(T * b); // exp(y_j) / (sum exp(y) + 2)

  const v = new Float64Array(b);
  const y = new Float64Array(b);
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < b; j++) v[j] = sequence[t * b + j] * extraParams[j];
    for (let i = 0; i < l; i++) {
      const w = 8 * i * b;
      const bi = w + 4 * b;
      const h = 2 * i * b;
      const s = h + b;
      const base = (t * l + i) * b;
      for (let j = 0; j < b; j++) {
        const vin = v[j];
        const hp = st[h + j];
        const sp = st[s + j];
        const f = 1 / (1 + Math.exp(-(vin * mainParams[w + j] + mainParams[bi + j])));
        const ig = 1 / (1 + Math.exp(-(hp * mainParams[w + b + j] + mainParams[bi + b + j])));
        const o = 1 / (1 + Math.exp(-(vin * mainParams[w + 2 * b + j] + mainParams[bi + 2 * b + j])));
        const g = Math.tanh(hp * mainParams[w + 3 * b + j] + mainParams[bi + 3 * b + j]);
        const sn = sp * f + ig * g;
        const ts = Math.tanh(sn);
        const hn = o * ts;
        const idx = base + j;
        tVin[idx] = vin;
        tHprev[idx] = hp;
        tSprev[idx] = sp;
        tF[idx] = f;
        tI[idx] = ig;
        tO[idx] = o;
        tG[idx] = g;
        tTs[idx] = ts;
        st[s + j] = sn;
        st[h + j] = hn;
        v[j] = hn;
      }
    }
    let se = 0;
    for (let j = 0; j < b; j++) {
      const yj = v[j] * extraParams[b + j] + extraParams[2 * b + j];
      y[j] = Math.exp(yj);
      se += y[j];
      tVout[t * b + j] = v[j];
    }
    const inv = 1 / (se + 2);
    for (let j = 0; j < b; j++) tP[t * b + j] = y[j] * inv;
  }

  const dMain = new Float64Array(mainParams.length);
  const dExtra = new Float64Array(extraParams.length);
  const dh = new Float64Array(l * b);
  const ds = new Float64Array(l * b);
  const dv = new Float64Array(b);
  const scale = -1 / (T * b);
  for (let t = T - 1; t >= 0; t--) {
    const go = (t + 1) * b;
    let sumGold = 0;
    for (let j = 0; j < b; j++) sumGold += sequence[go + j];
    for (let j = 0; j < b; j++) {
      const dy = scale * (sequence[go + j] - sumGold * tP[t * b + j]);
      dExtra[b + j] += dy * tVout[t * b + j];
      dExtra[2 * b + j] += dy;
      dv[j] = dy * extraParams[b + j];
    }
    for (let i = l - 1; i >= 0; i--) {
      const w = 8 * i * b;
      const bi = w + 4 * b;
      const base = (t * l + i) * b;
      for (let j = 0; j < b; j++) {
        const idx = base + j;
        const f = tF[idx];
        const ig = tI[idx];
        const o = tO[idx];
        const g = tG[idx];
        const ts = tTs[idx];
        const vin = tVin[idx];
        const hp = tHprev[idx];
        const dhn = dv[j] + dh[i * b + j];
        const dsn = ds[i * b + j] + dhn * o * (1 - ts * ts);
        const zf = dsn * tSprev[idx] * f * (1 - f);
        const zi = dsn * g * ig * (1 - ig);
        const zo = dhn * ts * o * (1 - o);
        const zg = dsn * ig * (1 - g * g);
        dMain[w + j] += zf * vin;
        dMain[bi + j] += zf;
        dMain[w + b + j] += zi * hp;
        dMain[bi + b + j] += zi;
        dMain[w + 2 * b + j] += zo * vin;
        dMain[bi + 2 * b + j] += zo;
        dMain[w + 3 * b + j] += zg * hp;
        dMain[bi + 3 * b + j] += zg;
        dv[j] = zf * mainParams[w + j] + zo * mainParams[w + 2 * b + j];
        dh[i * b + j] = zi * mainParams[w + b + j] + zg * mainParams[w + 3 * b + j];
        ds[i * b + j] = dsn * f;
      }
    }
    for (let j = 0; j < b; j++) dExtra[j] += dv[j] * sequence[t * b + j];
  }
  return [dMain, dExtra];
}
