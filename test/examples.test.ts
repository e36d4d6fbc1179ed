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
