// The class-based example (examples/mlp.ts) compiled as a user would: its gradient with respect to a
// Model instance matches finite differences, and training with it lowers the loss.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { deepCopy, expectGradClose, finiteDiff } from "./helpers/fd.js";
import { compileForTest, importCode } from "./helpers/load.js";

const source = readFileSync(new URL("../examples/mlp.ts", import.meta.url), "utf8");

describe("examples/mlp.ts (Linear layers in a Model, gradient with respect to the instance)", async () => {
  const m = await importCode(compileForTest(source, "example-mlp").code, "example-mlp");
  const { xs, ys } = m.makeData();

  it("gradient matches finite differences, shaped like the model", () => {
    const model = m.makeModel([2, 3, 1], { s: 7 });
    const few = xs.slice(0, 5);
    const g = m.dloss(model, few, ys.slice(0, 5));
    const fd = finiteDiff(m.loss, [deepCopy(model), few, ys.slice(0, 5)], 0);
    expectGradClose(g, fd, { rtol: 1e-5, atol: 1e-7 });
    expect(Object.getPrototypeOf(g)).toBe(Object.prototype); // a plain object, not a Model
  });

  it("training lowers the loss by more than 10x", () => {
    const model = m.makeModel([2, 16, 1]);
    const before = m.loss(model, xs, ys);
    const history = m.train(model, xs, ys, 150);
    expect(history[history.length - 1]).toBeLessThan(before / 10);
  });
});

const newtonSource = readFileSync(new URL("../examples/newton.ts", import.meta.url), "utf8");

describe("examples/newton.ts (hessian in Newton's method, a third derivative)", async () => {
  const m = await importCode(compileForTest(newtonSource, "example-newton").code, "example-newton");

  it("Newton's method with the compiled Hessian converges quadratically", () => {
    const norms: number[] = m.newton(new Float64Array([0, 0, 0]), 12);
    expect(norms[norms.length - 1]).toBeLessThan(1e-10);
    // quadratic convergence near the minimum: each step at least squares the error (up to a constant)
    const k = norms.findIndex((n) => n < 1e-2);
    expect(k).toBeGreaterThanOrEqual(0);
    expect(norms[k + 1]).toBeLessThan(10 * norms[k] ** 2 + 1e-12);
  });

  it("the Hessian is symmetric and matches finite differences of the gradient", () => {
    const x = new Float64Array([0.3, -0.2, 0.9]);
    const H = m.hbowl(x);
    const h = 1e-5;
    for (let j = 0; j < 3; j++) {
      const p = x.slice(), q = x.slice();
      p[j] += h;
      q[j] -= h;
      const gp = m.dbowl(p), gq = m.dbowl(q);
      for (let i = 0; i < 3; i++) {
        expect(Math.abs(H[i][j] - H[j][i])).toBeLessThan(1e-12);
        expect(Math.abs(H[i][j] - (gp[i] - gq[i]) / (2 * h))).toBeLessThan(1e-5);
      }
    }
  });

  it("the third derivative equals its closed form", () => {
    for (const t of [-1, 0, 0.5, 1.5]) expect(Math.abs(m.d3wave(t) - m.d3waveClosed(t))).toBeLessThan(1e-12 * (1 + Math.abs(m.d3waveClosed(t))));
  });
});

const metaSource = readFileSync(new URL("../examples/meta.ts", import.meta.url), "utf8");

describe("examples/meta.ts (a learning rate learned through inner gradients; jacobian steering an arm)", async () => {
  const m = await importCode(compileForTest(metaSource, "example-meta").code, "example-meta");

  it("the hypergradient matches central differences of the unrolled loss", () => {
    const { xs, ys } = m.makeData();
    const w0 = [0.1, -0.2, 0.05, 0.3];
    for (const lr of [0.05, 0.3]) {
      const h = 1e-6;
      const fd = (m.unrolled(w0, lr + h, xs, ys) - m.unrolled(w0, lr - h, xs, ys)) / (2 * h);
      expect(Math.abs(m.dunrolled(w0, lr, xs, ys) - fd)).toBeLessThan(1e-6 * (1 + Math.abs(fd)));
    }
  });

  it("tuning the learning rate lowers the loss after the inner steps", () => {
    const { history } = m.tune(0.05, 25);
    expect(history[history.length - 1]).toBeLessThan(history[0] / 3);
  });

  it("the arm's Jacobian matches central differences, and Gauss-Newton reaches the target", () => {
    const q = [0.3, -0.4, 0.8];
    const J = m.dtip(q);
    const fd = [0, 1].map((r) => finiteDiff((v: number[]) => m.tip(v)[r], [q.slice()], 0));
    expectGradClose(J, fd, { rtol: 1e-7, atol: 1e-9 });
    const errors: number[] = m.reach([0.3, 0.3, 0.3], [1.2, 1.1], 8);
    expect(errors[errors.length - 1]).toBeLessThan(1e-10);
  });
});
