// A small class-based model trained with adc: two Linear layers held by a Model, the gradient taken
// with respect to the Model instance itself. grad(loss) returns a plain object shaped like the model
// ({ layers: [{ W, b }, …] }), so the update walks the model and its gradient side by side.
//
//   node dist/cli/adc.js build examples/mlp.ts -d build/examples && node build/examples/mlp.js
import { grad } from "adc";

export class Linear {
  constructor(
    public W: Float64Array[],
    public b: Float64Array,
  ) {}

  forward(x: Float64Array, act: boolean): Float64Array {
    const out = new Float64Array(this.b.length);
    for (let i = 0; i < this.b.length; i++) {
      let s = this.b[i];
      for (let j = 0; j < x.length; j++) s += this.W[i][j] * x[j];
      out[i] = act ? Math.tanh(s) : s;
    }
    return out;
  }
}

export class Model {
  constructor(public layers: Linear[]) {}

  predict(x: Float64Array): number {
    let h = x;
    for (let k = 0; k < this.layers.length; k++) h = this.layers[k].forward(h, k < this.layers.length - 1);
    return h[0];
  }
}

/** Mean squared error of the model over a dataset. */
export function loss(model: Model, xs: Float64Array[], ys: Float64Array): number {
  let s = 0;
  for (let n = 0; n < xs.length; n++) {
    const r = model.predict(xs[n]) - ys[n];
    s += r * r;
  }
  return s / xs.length;
}

export const dloss = grad(loss);

// ---- training: plain TypeScript, no adc below this line ----

function randn(seed: { s: number }): number {
  // xorshift + Box–Muller: reproducible runs
  const u = () => ((seed.s ^= seed.s << 13), (seed.s ^= seed.s >>> 17), (seed.s ^= seed.s << 5), ((seed.s >>> 0) + 0.5) / 4294967296);
  return Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

export function makeModel(sizes: number[], seed = { s: 42 }): Model {
  const layers: Linear[] = [];
  for (let k = 0; k + 1 < sizes.length; k++) {
    const W = Array.from({ length: sizes[k + 1] }, () => Float64Array.from({ length: sizes[k] }, () => randn(seed) / Math.sqrt(sizes[k])));
    layers.push(new Linear(W, new Float64Array(sizes[k + 1])));
  }
  return new Model(layers);
}

/** y = sin(x0) * cos(x1) on a grid: a smooth target a 2-16-1 network fits well. */
export function makeData(): { xs: Float64Array[]; ys: Float64Array } {
  const xs: Float64Array[] = [];
  const ys: number[] = [];
  for (let i = 0; i < 10; i++) {
    for (let j = 0; j < 10; j++) {
      const x = new Float64Array([-2 + (4 * i) / 9, -2 + (4 * j) / 9]);
      xs.push(x);
      ys.push(Math.sin(x[0]) * Math.cos(x[1]));
    }
  }
  return { xs, ys: Float64Array.from(ys) };
}

type Grad = { layers: { W: Float64Array[]; b: Float64Array }[] };

/** Gradient descent with momentum, updating the model's arrays in place. */
export function train(model: Model, xs: Float64Array[], ys: Float64Array, steps: number, lr = 0.1): number[] {
  const history: number[] = [];
  const velocity = dloss(model, xs, ys) as Grad;
  for (const l of velocity.layers) {
    l.b.fill(0);
    l.W.forEach((row) => row.fill(0));
  }
  for (let step = 0; step < steps; step++) {
    const g = dloss(model, xs, ys) as Grad;
    model.layers.forEach((layer, k) => {
      const v = velocity.layers[k];
      const gl = g.layers[k];
      for (let i = 0; i < layer.b.length; i++) {
        v.b[i] = 0.9 * v.b[i] - lr * gl.b[i];
        layer.b[i] += v.b[i];
        for (let j = 0; j < layer.W[i].length; j++) {
          v.W[i][j] = 0.9 * v.W[i][j] - lr * gl.W[i][j];
          layer.W[i][j] += v.W[i][j];
        }
      }
    });
    if (step % 50 === 0 || step === steps - 1) history.push(loss(model, xs, ys));
  }
  return history;
}

const isMain = typeof process !== "undefined" && process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!);
if (isMain) {
  const { xs, ys } = makeData();
  const model = makeModel([2, 16, 1]);
  console.log(`initial loss ${loss(model, xs, ys).toFixed(4)}`);
  const history = train(model, xs, ys, 400);
  console.log(`loss every 50 steps: ${history.map((h) => h.toFixed(4)).join(" ")}`);
  console.log(`final loss ${history[history.length - 1].toFixed(4)}`);
}
