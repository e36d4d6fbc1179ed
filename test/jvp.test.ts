// Forward mode (jvp) against the whole corpus: for every case, f is also compiled with
// `jvp(f)`, and along a random direction t (in the arguments grad differentiates, zero in the
// others) the directional derivative must equal
//   1. grad(f)·t, the compiled reverse mode's gradient dotted with t (both exact: tight tolerance), and
//   2. the central finite difference (f(x + h·t) - f(x - h·t)) / 2h of the uncompiled f.
// jvp's value must be f(...args) exactly, and the arguments must be left as f leaves them.
// Cases jvp rejects at compile time are skipped with their error code, counted and printed; the
// count of checked cases has a floor so that a regression cannot hide as a skip. Object, class and
// array-of-object arguments get tangents of their structure (plain objects, null where no numbers),
// and the object and interplay groups are counted on their own, with a floor of their own.
import { afterAll, describe, expect, it } from "vitest";
import { allCases, groups, type Case } from "./corpus/index.js";
import { deepCopy, exactMismatches, flatten, hasFloat32, sameNumber, unflatten, withLeaves } from "./helpers/fd.js";
import { mulberry32 } from "../gradcheck.js";
import { compileForTest, importCode, importReference } from "./helpers/load.js";


function differentiable(x: unknown): boolean {
  try {
    flatten(x);
    return typeof x === "number" || (typeof x === "object" && x !== null);
  } catch {
    return false;
  }
}

/** Random leaves in [-1, 1] for the arguments grad differentiates, zeros for the other numeric ones, null for the rest. */
function direction(c: Case, args: unknown[], seed: number): unknown[] {
  const argnums = Array.isArray(c.argnum) ? c.argnum : [c.argnum ?? 0];
  const r = mulberry32(seed);
  return args.map((a, i) => {
    if (!differentiable(a)) return null;
    const n = flatten(a).length;
    const vals = Array.from({ length: n }, () => (argnums.includes(i) ? 2 * r() - 1 : 0));
    return unflatten(a, vals);
  });
}

function along(args: unknown[], dir: unknown[], h: number): unknown[] {
  return args.map((a, i) => (dir[i] === null ? deepCopy(a) : withLeaves(a, flatten(a).map((v, k) => v + h * flatten(dir[i])[k]))));
}

const FLOOR = 870;
const OBJECT_FLOOR = 160;
const skipped = new Map<string, string[]>();
let checked = 0;
let ran = 0;

function withJvp(source: string): string {
  return source.replace(`import { grad, valueAndGrad } from "adc";`, `import { grad, valueAndGrad, jvp } from "adc";`) + `export const jf = jvp(f);\n`;
}

const perCase = allCases;
/** The corpora of objects, classes, factories and their interplay: counted on their own. */
const objectCases = new Set(groups.filter((g) => /^(objects|interplay)/.test(g.construct)).flatMap((g) => g.cases.map((c) => c.name)));
const objectSkipped: string[] = [];
let objectChecked = 0;

describe("jvp over the corpus", () => {
  for (const c of perCase) {
    it(c.name, async () => {
      ran++;
      let code: string;
      try {
        code = compileForTest(withJvp(c.source), `jvp-${c.name}`).code;
      } catch (e) {
        const m = /ADC\d+/.exec(String((e as Error).message));
        if (!m || !/^ADC2\d\d$/.test(m[0])) throw e; // only forward mode's own rejections may skip
        skipped.set(m[0], [...(skipped.get(m[0]) ?? []), c.name]);
        if (objectCases.has(c.name)) objectSkipped.push(`${c.name} (${m[0]})`);
        return;
      }
      const m = await importCode(code, `jvp-${c.name}`);
      const ref = await importReference(c.source, `corpus-${c.name}`);
      const args = c.args(m);
      const dir = direction(c, args, c.name.length * 7919 + 17);
      const ctx = `case ${c.name}\n${c.source}`;
      // value and the arguments as f leaves them
      const byF = deepCopy(args);
      const value = ref.f(...byF);
      const byJvp = deepCopy(args);
      const [v, tangent] = m.jf(byJvp, deepCopy(dir));
      expect(sameNumber(v, value), `${ctx}\njvp value ${v} vs f ${value}`).toBe(true);
      expect(exactMismatches(byJvp, byF, "arguments after jvp"), ctx).toEqual([]);
      expect(typeof tangent, ctx).toBe("number");
      // against the compiled gradient
      const g = m.df(...deepCopy(args));
      const argnums = Array.isArray(c.argnum) ? c.argnum : [c.argnum ?? 0];
      const grads = Array.isArray(c.argnum) ? g : [g];
      let dot = 0;
      let scale = 1;
      argnums.forEach((a, k) => {
        if (argnums.indexOf(a) !== k) return; // argnum [1, 1]: the same gradient twice
        const gv = flatten(grads[k]);
        const tv = flatten(dir[a]);
        gv.forEach((x, j) => {
          dot += x * tv[j];
          scale += Math.abs(x * tv[j]);
        });
      });
      const f32 = args.some(hasFloat32);
      expect(Math.abs(tangent - dot), `${ctx}\njvp ${tangent} vs grad·t ${dot}`).toBeLessThanOrEqual((f32 ? 1e-5 : 1e-10) * scale);
      // against central differences of the uncompiled f along t
      const h = f32 ? 1e-2 : 1e-6;
      const fd = (ref.f(...along(args, dir, h)) - ref.f(...along(args, dir, -h))) / (2 * h);
      expect(Math.abs(tangent - fd), `${ctx}\njvp ${tangent} vs finite difference ${fd}`).toBeLessThanOrEqual((f32 ? 2e-2 : 1e-5) * scale);
      checked++;
      if (objectCases.has(c.name)) objectChecked++;
    });
  }

  afterAll(() => {
    const lines = [...skipped].map(([code, names]) => `  ${code}: ${names.length} (${names.slice(0, 6).join(", ")}${names.length > 6 ? ", ..." : ""})`);
    // the whole corpus ran: all but the cases forward mode rejects were checked
    if (ran === perCase.length) {
      expect(checked).toBeGreaterThanOrEqual(FLOOR);
      expect(objectChecked).toBeGreaterThanOrEqual(OBJECT_FLOOR);
    }
    console.log(`jvp corpus: ${checked} cases checked, ${perCase.length - checked} skipped (of ${allCases.length})\n${lines.join("\n")}`);
    console.log(`jvp corpus, objects and interplay groups: ${objectChecked} of ${objectCases.size} checked; skipped: ${objectSkipped.join(", ") || "none"}`);
  });
});
