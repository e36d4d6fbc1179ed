// Every corpus case: compile the module, then check
//  1. df(...) against central differences of the uncompiled f (exported as is from the same module),
//     with exactly the argument's type and shape (number, Array, Float64Array, Float32Array, nesting);
//  2. df(...) and vdf(...) leave every argument exactly as f(...) leaves it;
//  3. valueAndGrad returns [f(...), the same gradient as grad].
import { describe, expect, it } from "vitest";
import { allCases, type Case, groups } from "./corpus/index.js";
import { deepCopy, exactMismatches, expectGradClose, finiteDiff, flatten, gradMismatches, hasFloat32, oneSidedDiff, sameNumber, show, type Tolerance } from "./helpers/fd.js";
import { compileAndImport, importReference } from "./helpers/load.js";

const F64_TOL: Tolerance = { rtol: 1e-5, atol: 1e-7 };
const F32_TOL: Tolerance = { rtol: 1e-3, atol: 1e-4 };

const modules = new Map<string, Promise<Record<string, any>>>();
function load(c: Case): Promise<Record<string, any>> {
  let m = modules.get(c.name);
  if (!m) {
    m = compileAndImport(c.source, `corpus-${c.name}`);
    modules.set(c.name, m);
  }
  return m;
}

function context(c: Case, _args?: unknown[]): string {
  return `case ${c.name} (argnum ${JSON.stringify(c.argnum)})\n${c.source}`;
}

/** Compares a gradient (or array of gradients for an argnum array) with the FD reference. */
function expectMatchesFd(c: Case, actual: unknown, args: unknown[], expected: unknown): void {
  const ctx = context(c, args);
  if (Array.isArray(c.argnum)) {
    expect(Array.isArray(actual), `${ctx}\nargnum is an array: expected an array of gradients`).toBe(true);
    const got = actual as unknown[];
    expect(got.length, `${ctx}\nnumber of gradients`).toBe(c.argnum.length);
    // every gradient is checked before failing, so the message shows all the wrong ones
    const problems = c.argnum.flatMap((a, k) => {
      const tol = hasFloat32(args[a]) ? F32_TOL : F64_TOL;
      const p = gradMismatches(got[k], (expected as unknown[])[k], tol);
      return p.length === 0 ? [] : [`gradient ${k} (argument ${a}):\n    ${p.join("\n    ")}\n    actual:   ${show(got[k])}\n    expected: ${show((expected as unknown[])[k])}`];
    });
    if (problems.length > 0) throw new Error(`${ctx}\ngradient mismatch:\n  ${problems.join("\n  ")}`);
  } else {
    const a = c.argnum ?? 0;
    const tol = hasFloat32(args[a]) ? F32_TOL : F64_TOL;
    expectGradClose(actual, expected, tol, ctx);
  }
}

describe("corpus", () => {
  it("has at least 130 cases with unique names", () => {
    expect(allCases.length).toBeGreaterThanOrEqual(130);
    const names = allCases.map((c) => c.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it("is well-posed: f is finite at the inputs and its finite differences are stable (kink-free)", async () => {
    // Checked on the uncompiled module alone (no compiler involved): FD with step h and 10h agree,
    // so no input sits next to a kink, a discontinuity or a branch switch.
    const bad: string[] = [];
    for (const c of allCases) {
      const ref = await importReference(c.source, `corpus-${c.name}`);
      const args = c.args(ref);
      const v = ref.f(...deepCopy(args));
      if (typeof v !== "number" || !Number.isFinite(v)) {
        bad.push(`${c.name}: f returned ${v}`);
        continue;
      }
      const argnums = Array.isArray(c.argnum) ? c.argnum : [c.argnum ?? 0];
      for (const a of argnums) {
        const f32 = hasFloat32(args[a]);
        const fine = finiteDiff(ref.f, args, a, 1e-6);
        const coarse = finiteDiff(ref.f, args, a, f32 ? 4e-3 : 1e-5);
        if (flatten(fine).some((d) => !Number.isFinite(d))) bad.push(`${c.name}: non-finite FD w.r.t. argument ${a}`);
        const problems = gradMismatches(fine, coarse, f32 ? F32_TOL : { rtol: 1e-5, atol: 1e-6 });
        if (problems.length > 0) bad.push(`${c.name}: unstable FD w.r.t. argument ${a}: ${problems.join("; ")}`);
        const fwd = oneSidedDiff(ref.f, args, a, f32 ? 4e-3 : 1e-7, "forward");
        const bwd = oneSidedDiff(ref.f, args, a, f32 ? 4e-3 : 1e-7, "backward");
        const kinks = gradMismatches(fwd, bwd, f32 ? { rtol: 2e-2, atol: 1e-2 } : { rtol: 1e-4, atol: 1e-5 });
        if (kinks.length > 0) bad.push(`${c.name}: forward and backward differences disagree w.r.t. argument ${a}: ${kinks.join("; ")}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

for (const g of groups) {
  describe(g.construct, () => {
    for (const c of g.cases) {
      describe(c.name, () => {
        it("gradient matches finite differences with the argument's type and shape", async () => {
          const m = await load(c);
          const args = c.args(m);
          const actual = m.df(...deepCopy(args));
          const expected = finiteDiff(m.f, args, c.argnum ?? 0);
          expectMatchesFd(c, actual, args, expected);
        });

        it("leaves the arguments exactly as f leaves them", async () => {
          const m = await load(c);
          const args = c.args(m);
          const byF = deepCopy(args);
          m.f(...byF);
          const byDf = deepCopy(args);
          m.df(...byDf);
          expect(exactMismatches(byDf, byF, "arguments after grad"), context(c, args)).toEqual([]);
          const byVdf = deepCopy(args);
          m.vdf(...byVdf);
          expect(exactMismatches(byVdf, byF, "arguments after valueAndGrad"), context(c, args)).toEqual([]);
        });

        it("exports f unchanged (same results as the uncompiled module)", async () => {
          const m = await load(c);
          const ref = await importReference(c.source, `corpus-${c.name}`);
          const args = c.args(m);
          const byRef = deepCopy(args);
          const byF = deepCopy(args);
          const vF = m.f(...byF);
          const vRef = ref.f(...byRef);
          expect(sameNumber(vF, vRef), `${context(c, args)}\nf ${vF} vs uncompiled f ${vRef}`).toBe(true);
          expect(exactMismatches(byF, byRef, "arguments after f")).toEqual([]);
        });

        it("valueAndGrad returns [f(...), the gradient]", async () => {
          const m = await load(c);
          const args = c.args(m);
          const value = m.f(...deepCopy(args));
          const result = m.vdf(...deepCopy(args));
          expect(Array.isArray(result), context(c, args)).toBe(true);
          expect(result.length).toBe(2);
          expect(sameNumber(result[0], value), `${context(c, args)}\nvalue ${result[0]} vs f(...) = ${value}`).toBe(true);
          const gradient = m.df(...deepCopy(args));
          expectGradClose(result[1], gradient, { rtol: 1e-12, atol: 1e-15 }, `${context(c, args)}\nvalueAndGrad gradient vs grad`);
        });
      });
    }
  });
}
