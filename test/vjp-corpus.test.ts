// vjp over the corpus (issue 4): every case's f (number-valued) is also compiled with `vjp(f)`, and
// for a random number c, pullback(c) must give c times the gradient for every argument: against
// central differences where they are reliable (the case's argnums always; other positions when the
// differences at h and 10h agree), with the argument's type and shape, and null for arguments
// holding no numbers. Also: the value is f's, the arguments are left as f leaves them, the stacks
// are as they were between vjp and the pullback, and the pullback repeats. No case is rejected
// (object parameters and factories' closures are supported); a floor on the checked ones.
// Functions with object parameters go through grad's flattening: their gradients are objects.
import { afterAll, describe, expect, it } from "vitest";
import { allCases } from "./corpus/index.js";
import { deepCopy, exactMismatches, finiteDiff, flatten, gradMismatches, hasFloat32, kindOf, show } from "./helpers/fd.js";
import { mulberry32 } from "../gradcheck.js";
import { compileForTest, importCode } from "./helpers/load.js";
import { values, control, refs } from "../runtime/index.js";

let checked = 0;
let positions = 0;
const tops = () => [values.top, control.top, refs.top];
const isArrayLike = (x: unknown) => Array.isArray(x) || x instanceof Float64Array || x instanceof Float32Array;
const isObject = (x: unknown) => typeof x === "object" && x !== null && !isArrayLike(x);
/** numbers, arrays of numbers, or objects (class instances too) with a number somewhere inside */
const numeric = (x: unknown): boolean => typeof x === "number" || (isArrayLike(x) && Array.from(x as ArrayLike<unknown>).every(numeric)) || (isObject(x) && size(x) > 0);
const size = (x: unknown): number =>
  typeof x === "number" ? 1 : isArrayLike(x) ? Array.from(x).reduce<number>((s, e) => s + size(e), 0) : isObject(x) ? Object.values(x as object).reduce<number>((s, e) => s + size(e), 0) : 0;

describe("vjp over the corpus", () => {
  for (const c of allCases) {
    it(c.name, async () => {
      const source = c.source.replace(`import { grad, valueAndGrad } from "adc";`, `import { grad, valueAndGrad, vjp } from "adc";`) + `export const vf = vjp(f);\n`;
      let code: string;
      try {
        code = compileForTest(source, `vjp-${c.name}`).code;
      } catch (e) {
        throw e;
      }
      const m = await importCode(code, `vjp-${c.name}`);
      const ctx = `case ${c.name}\n${c.source}`;
      const byF = c.args(m);
      const expected = m.f(...byF);
      const args = c.args(m);
      const given = deepCopy(args);
      const before = tops();
      const [value, pullback] = m.vf(...args);
      expect(tops(), ctx).toEqual(before);
      expect(exactMismatches(value, expected, "value"), ctx).toEqual([]);
      expect(exactMismatches(args, byF, "arguments after vjp"), ctx).toEqual([]);
      const ct = 0.5 + mulberry32(c.name.length * 13 + 5)();
      const grads = pullback(ct);
      expect(tops(), ctx).toEqual(before);
      expect(exactMismatches(pullback(ct), grads, "second pullback"), ctx).toEqual([]);
      const argnums = Array.isArray(c.argnum) ? c.argnum : [c.argnum ?? 0];
      const scaled = (...a: unknown[]) => ct * m.f(...a);
      given.forEach((x, k) => {
        const g = grads[k];
        if (!numeric(x)) {
          // no numbers (strings, booleans, functions)
          expect(g === null || kindOf(g) === kindOf(x), `${ctx}\nargument ${k}: ${show(g)}`).toBe(true);
          return;
        }
        if (g === null) {
          expect(argnums.includes(k), `${ctx}\nthe gradient of argument ${k} is null, but grad differentiates it`).toBe(false);
          return;
        }
        if (!argnums.includes(k) && size(x) > 64) return;
        const f32 = hasFloat32(x);
        const tol = f32 ? { rtol: 1e-3, atol: 1e-3 } : { rtol: 1e-5, atol: 1e-7 };
        let fd: unknown;
        if (argnums.includes(k)) fd = finiteDiff(scaled, given, k, f32 ? 1e-3 : 1e-6);
        else {
          // a position the case does not vouch for (often a count or an index): only where finite
          // differences exist and are stable, and no declared rule (primitive, zerograd) says otherwise
          if (/primitive\(|zerograd\(/.test(c.source)) return;
          try {
            fd = finiteDiff(scaled, given, k, f32 ? 1e-3 : 1e-6);
            const coarse = finiteDiff(scaled, given, k, f32 ? 4e-3 : 1e-5);
            if (flatten(fd).some((d) => !Number.isFinite(d)) || gradMismatches(fd, coarse, { rtol: 1e-5, atol: 1e-6 }).length) return;
          } catch {
            return; // f itself fails off the integers (recursion on n - 1 that never reaches 0)
          }
        }
        const problems = gradMismatches(g, fd, tol);
        expect(problems, `${ctx}\npullback(${ct}) argument ${k}\n  actual:   ${show(g)}\n  expected: ${show(fd)}`).toEqual([]);
        positions++;
      });
      checked++;
    });
  }

  afterAll(() => {
    if (checked === allCases.length) expect(checked).toBeGreaterThanOrEqual(890);
    console.log(`vjp corpus: ${checked} cases checked (${positions} argument positions against finite differences)`);
  });
});
