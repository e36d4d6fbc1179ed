// vjp and jacobian of closures module factories return (issue 4): `vjp(makeModel(data), w)`,
// `const L = makeModel(d); jacobian(L)`. The closure is lifted (transform/factories) and its captured
// values are passed after its own arguments by rt.withCaptures: they are constants (no gradient), so
// the pullback returns one gradient per argument of the closure. Checked against central
// differences of the uncompiled closure: array and number values, object parameters and captured
// objects, and a captured buffer the closure writes.
import { describe, expect, it } from "vitest";
import { compileAndImport } from "./helpers/load.js";
import { expectGradClose, finiteDiff } from "./helpers/fd.js";

const tol = { rtol: 1e-6, atol: 1e-8 };
const source = `import { vjp, jacobian } from "adc";
export function makeModel(xs: number[], scale: number) {
  return (w: number[], b: number): number[] => xs.map((x) => scale * Math.tanh(w[0] * x + w[1] * x * x + b));
}
export function makeObj(cfg: { k: number; off: number[] }) {
  return (p: { a: number; v: number[] }, t: number): number[] => [p.a * cfg.k * t, p.v[0] * p.v[1] + cfg.off[0], Math.sin(p.a + p.v[1] * t)];
}
export function makeEnergy(c: number[]) {
  return (p: { x: number; y: number }): number => c[0] * p.x * p.x + c[1] * p.x * p.y;
}
export function makeBuffered(n: number) {
  const buf: number[] = [];
  for (let i = 0; i < n; i++) buf.push(0);
  return (x: number[]): number[] => {
    for (let i = 0; i < n; i++) buf[i] = x[i] * x[(i + 1) % n];
    return [buf[0] + buf[1], buf[n - 1] * x[0]];
  };
}
const data = [0.3, -0.7, 1.1, 0.5];
export const model = makeModel(data, 1.5);
export const atModel = (w: number[], b: number) => vjp(makeModel(data, 1.5), w, b);
export const J = jacobian(model);
export const Jf = jacobian(model, 0, "forward");
export const Jr = jacobian(model, 1, "reverse");
export const obj = makeObj({ k: 0.8, off: [0.25] });
export const vObj = vjp(obj);
export const JObj = jacobian(obj, 0, "forward");
export const energy = makeEnergy([1.5, -0.5]);
export const vEnergy = vjp(energy);
export const JEnergy = jacobian(energy);
export const buffered = makeBuffered(3);
export const vBuffered = vjp(buffered);
`;

const dotWith = (f: (...a: any[]) => any, ct: number[]) => (...a: any[]) => f(...a).reduce((s: number, y: number, i: number) => s + y * ct[i], 0);

describe("vjp and jacobian of closures returned by factories", () => {
  it("vjp(makeModel(data), w, b): one gradient per argument of the closure", async () => {
    const m = await compileAndImport(source, "vjp-closures");
    const args = () => [[0.4, -0.3], 0.2];
    const [v, back] = m.atModel(...args());
    expect(v).toEqual(m.model(...args()));
    const ct = [0.5, -1, 0.25, 2];
    const g = back(ct);
    expect(g).toHaveLength(2);
    for (const k of [0, 1]) expectGradClose(g[k], finiteDiff(dotWith(m.model, ct), args(), k), tol, `argument ${k}`);
  });

  it("const L = makeModel(d); jacobian(L): rows in each mode", async () => {
    const m = await compileAndImport(source, "vjp-closures");
    const args = () => [[0.4, -0.3], 0.2];
    for (const [J, k] of [[m.J, 0], [m.Jf, 0], [m.Jr, 1]] as const) {
      const rows = J(...args());
      expect(rows).toHaveLength(4);
      rows.forEach((row: unknown, i: number) => expectGradClose(row, finiteDiff((...a: any[]) => m.model(...a)[i], args(), k), tol, `row ${i}, argument ${k}`));
    }
  });

  it("an object parameter and a captured object; a number-valued closure", async () => {
    const m = await compileAndImport(source, "vjp-closures");
    const args = () => [{ a: 0.6, v: [1.2, -0.4] }, 0.9];
    const [, back] = m.vObj(...args());
    const ct = [1, -0.5, 0.75];
    const g = back(ct);
    expect(g).toHaveLength(2);
    for (const k of [0, 1]) expectGradClose(g[k], finiteDiff(dotWith(m.obj, ct), args(), k), tol, `argument ${k}`);
    m.JObj(...args()).forEach((row: unknown, i: number) => expectGradClose(row, finiteDiff((...a: any[]) => m.obj(...a)[i], args(), 0), tol, `row ${i}`));
    const p = { x: 0.7, y: -1.3 };
    const [e, backE] = m.vEnergy(p);
    expect(e).toBe(m.energy(p));
    const ge = backE(-2);
    expect(ge).toHaveLength(1);
    expectGradClose(ge[0], finiteDiff((q: any) => -2 * m.energy(q), [p], 0), tol, "energy");
    expectGradClose(m.JEnergy(p), finiteDiff(m.energy, [p], 0), tol, "jacobian of energy");
  });

  it("a captured buffer the closure writes: value and gradient as without adc", async () => {
    const m = await compileAndImport(source, "vjp-closures");
    const x = [0.5, -1.5, 2];
    const [v, back] = m.vBuffered(x);
    expect(v).toEqual(m.buffered([0.5, -1.5, 2]));
    const ct = [0.3, -0.8];
    const g1 = back(ct);
    expectGradClose(g1[0], finiteDiff(dotWith(m.buffered, ct), [x], 0), tol, "buffer");
    expect(back(ct)).toEqual(g1);
  });
});
