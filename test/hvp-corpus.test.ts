// hvp over the corpus: for every case, f is also compiled with `hvp(f, k)` (k: the first argnum
// of the case), and along a random direction v the Hessian-vector product must match the central
// difference of the compiled gradient, (grad(x + h·v) - grad(x - h·v)) / 2h, and leave the
// arguments as given. Cases hvp rejects at compile time (its own ADC23x codes only) are skipped,
// counted and printed; the count of checked cases has a floor so a regression cannot hide as a skip.
// Object, class and factory cases are included: v and H·v are shaped like the argument (H·v a plain
// object, as grad returns), the argument moved along v keeps its fields without numbers.
import { afterAll, describe, expect, it } from "vitest";
import { allCases } from "./corpus/index.js";
import { deepCopy, exactMismatches, flatten, hasFloat32, unflatten, withLeaves } from "./helpers/fd.js";
import { mulberry32 } from "../gradcheck.js";
import { compileForTest, importCode } from "./helpers/load.js";


const skipped = new Map<string, string[]>();
let checked = 0;
const unreliable: string[] = [];
let ran = 0;
/**
 * Cases whose gradient no finite difference can check: the program's derivative is taken with the
 * branch decisions fixed, which is right, but here they move at a scale far below any usable h.
 */
const NOT_BY_FD: Record<string, string> = {
  prog_bisection_envelope: "t comes from 40 bisection steps: AD sees it constant in p (second derivative 0), while grad varies through t at scale 2^-40",
};
const perCase = allCases;

describe("hvp over the corpus", () => {
  for (const c of perCase) {
    it(c.name, async () => {
      ran++;
      const k = Array.isArray(c.argnum) ? c.argnum[0] : (c.argnum ?? 0);
      const source = c.source.replace(`import { grad, valueAndGrad } from "adc";`, `import { grad, valueAndGrad, hvp } from "adc";`) + `export const hf = hvp(f, ${k});\nexport const gk = grad(f, ${k});\n`;
      let code: string;
      try {
        code = compileForTest(source, `hvp-${c.name}`).code;
      } catch (e) {
        const m = /ADC\d+/.exec(String((e as Error).message));
        if (m && /^ADC23\d$/.test(m[0])) {
          skipped.set(m[0], [...(skipped.get(m[0]) ?? []), c.name]); // hvp's own rejections
          return;
        }
        // reverse mode itself failing on grad(f, k) alone (k: the first of several argnums) is not hvp's, but is counted
        try {
          compileForTest(c.source + `export const gk = grad(f, ${k});\n`, `hvp-grad-${c.name}`);
        } catch {
          skipped.set("grad(f, k) does not compile", [...(skipped.get("grad(f, k) does not compile") ?? []), c.name]);
          return;
        }
        throw e;
      }
      const m = await importCode(code, `hvp-${c.name}`);
      if (NOT_BY_FD[c.name]) {
        unreliable.push(c.name);
        return;
      }
      const args = c.args(m);
      // hvp(f)(...args, v): every parameter of f before v (left out ones undefined, as f sees them)
      while (args.length < m.hf.length - 1) args.push(undefined);
      const x = args[k];
      const r = mulberry32(c.name.length * 7919 + 31);
      const xs = flatten(x);
      const v = unflatten(x, xs.map(() => 2 * r() - 1));
      const ctx = `case ${c.name}\n${c.source}`;
      const given = deepCopy(args);
      const hv = m.hf(...given, deepCopy(v));
      expect(exactMismatches(given, args, "arguments after hvp"), ctx).toEqual([]);
      // an object's H·v is a plain object (class instances too), as grad returns
      const shapeName = (y: any) => (typeof y === "number" ? "number" : Array.isArray(y) || ArrayBuffer.isView(y) ? y.constructor.name : "Object");
      expect(shapeName(hv), ctx).toBe(shapeName(x));
      const f32 = args.some(hasFloat32);
      const h = f32 ? 1e-2 : 1e-5;
      const at = (s: number) => {
        const a = deepCopy(args);
        a[k] = withLeaves(x, xs.map((xi, j) => xi + s * flatten(v)[j])); // an object keeps its fields without numbers
        return flatten(m.gk(...a));
      };
      const gp = at(h), gq = at(-h);
      const got = flatten(hv);
      const scale = 1 + Math.max(0, ...got.map(Math.abs), ...gp.map(Math.abs));
      const tol = (f32 ? 1e-1 : 1e-5) * scale;
      // a gradient that jumps within h (a branch decided by x, as in bisection) has no finite difference to compare with
      const gp2 = at(h / 10), gq2 = at(-h / 10);
      if (!f32 && gp.some((_, j) => Math.abs((gp[j] - gq[j]) / (2 * h) - (gp2[j] - gq2[j]) / (h / 5)) > tol)) {
        unreliable.push(c.name);
        return;
      }
      got.forEach((y, j) => {
        const fd = (gp[j] - gq[j]) / (2 * h);
        expect(Math.abs(y - fd), `${ctx}\nhvp[${j}] ${y} vs finite difference of grad ${fd}`).toBeLessThanOrEqual(tol);
      });
      checked++;
    });
  }

  afterAll(() => {
    const lines = [...skipped].map(([code, names]) => `  ${code}: ${names.length} (${names.slice(0, 6).join(", ")}${names.length > 6 ? ", ..." : ""})`);
    if (ran === perCase.length) expect(checked).toBeGreaterThanOrEqual(870);
    lines.push(`  gradient not smooth within h (finite differences disagree): ${unreliable.length} (${unreliable.join(", ")})`);
    if (ran === perCase.length) expect(unreliable.length).toBeLessThanOrEqual(5);
    console.log(`hvp corpus: ${checked} cases checked, ${perCase.length - checked} not (of ${allCases.length})\n${lines.join("\n")}`);
  });
});
