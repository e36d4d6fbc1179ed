// Calls adc cannot resolve at compile time go through the run-time call tape, and calls of functions
// declared with primitive()/zerograd() follow their rules. Checked against finite differences of the
// uncompiled f (functions as arguments cannot be corpus inputs, which are data only), and, for rules
// deliberately scaled by 2, against what the rule says: that proves the rule is what is used.
import { mkdirSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AdcError, grad, primitive, valueAndGrad, zerograd } from "../index.js";
import { compileModule } from "../compiler/index.js";
import { deepCopy, expectGradClose, finiteDiff } from "./helpers/fd.js";
import { compileAndImport, compileForTest } from "./helpers/load.js";

const HEAD = `import { grad, valueAndGrad } from "adc";\n`;
const TOL = { rtol: 1e-6, atol: 1e-8 };

/** df(...args) against central differences of f, and valueAndGrad against f's value. */
function checkFd(m: Record<string, any>, args: unknown[], argnum: number | number[] = 0): void {
  const expected = finiteDiff(m.f, args, argnum);
  expectGradClose(m.df(...deepCopy(args)), expected, TOL);
  if (m.vdf) {
    const [v, g] = m.vdf(...deepCopy(args));
    expect(v).toBe(m.f(...deepCopy(args)));
    expectGradClose(g, expected, TOL);
  }
}

const PASSED = `${HEAD}
export function f(x: number, g: (t: number) => number): number {
  let s = 0;
  for (let i = 1; i <= 3; i++) {
    if (s > 1) s -= g(x * i) * x;
    else s += g(x * i) * x;
  }
  return s;
}
export const df = grad(f);
export const vdf = valueAndGrad(f);
`;

describe("a function passed as an argument", () => {
  it("plain arrow: compiled from its source on first use (loops, branches)", async () => {
    const m = await compileAndImport(PASSED, "calls-passed");
    checkFd(m, [0.7, (t: number) => Math.sin(t) * t]);
    checkFd(m, [-0.3, function poly(t: number) { let p = 1; for (let k = 0; k < 3; k++) p = p * t + k; return p; }]);
  });

  it("a primitive: its rule is what the gradient follows, even when it is wrong", async () => {
    const m = await compileAndImport(PASSED, "calls-passed");
    const twiceCos = primitive((t: number) => Math.sin(t), (dy: number, _y: number, t: number) => 2 * dy * Math.cos(t));
    const x = 0.4; // s stays below 1: s = sum_i sin(x i) x
    const expected = [1, 2, 3].reduce((a, i) => a + Math.sin(x * i) + x * i * 2 * Math.cos(x * i), 0);
    expect(m.df(x, twiceCos)).toBeCloseTo(expected, 12);
    const honest = primitive((t: number) => Math.sin(t), (dy: number, _y: number, t: number) => dy * Math.cos(t));
    checkFd(m, [x, honest]);
  });

  it("a zerograd function contributes nothing", async () => {
    const m = await compileAndImport(PASSED, "calls-passed");
    const frozen = zerograd((t: number) => t * t);
    const x = 0.3; // s = sum_i (x i)^2 x stays below 1; only the outer factor x is differentiated
    expect(m.df(x, frozen)).toBeCloseTo([1, 2, 3].reduce((a, i) => a + (x * i) ** 2, 0), 12);
  });

  it("arrays through the tape, read before and after a write into the argument", async () => {
    const m = await compileAndImport(`${HEAD}
export function f(w: Float64Array, g: (v: Float64Array) => number): number {
  let s = g(w);
  w[0] = w[0] * w[1];
  s += g(w) * w[2];
  return s;
}
export const df = grad(f);
export const vdf = valueAndGrad(f);
`, "calls-arrays");
    const cubes = (v: Float64Array) => {
      let s = 0;
      for (let i = 0; i < v.length; i++) s += v[i] * v[i] * v[i];
      return s;
    };
    checkFd(m, [new Float64Array([0.5, -1.5, 0.8]), cubes]);
    const w = new Float64Array([0.5, -1.5, 0.8]);
    m.df(w, cubes);
    expect(Array.from(w)).toEqual([0.5 * -1.5, -1.5, 0.8]); // left as f leaves it
  });

  it("a module function passed to a compiled helper that calls it (mixed static and tape)", async () => {
    const m = await compileAndImport(`${HEAD}
function apply(g: (t: number) => number, x: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += g(x + i) * (i + 1);
  return s;
}
const K = 1.5;
function bump(t: number): number {
  return Math.exp(-K * t * t);
}
export function f(x: number, y: number): number {
  const a = apply(bump, x * y, 3);
  return a * x + apply(bump, 2 * y, 2) * a;
}
export const df = grad(f, [0, 1]);
export const vdf = valueAndGrad(f, [0, 1]);
`, "calls-mixed");
    checkFd(m, [0.3, -0.6], [0, 1]);
  });
});

describe("a function passed to a one-expression helper (inlined)", () => {
  it("the call of the helper's parameter calls the caller's argument through the tape", async () => {
    const m = await compileAndImport(`${HEAD}
const apply1 = (g: (t: number) => number, x: number) => g(x) * x;
function damp(t: number): number {
  let r = t;
  for (let i = 0; i < 2; i++) r = Math.sin(r) + t;
  return r;
}
export function f(x: number, h: (t: number) => number): number {
  return apply1(damp, x) + apply1(h, x * x);
}
export const df = grad(f);
export const vdf = valueAndGrad(f);
`, "calls-inlined");
    checkFd(m, [0.8, (t: number) => Math.exp(-t)]);
  });
});

describe("compiled modules register the functions they use as values", () => {
  const SRC = `${HEAD}
const K = 2.5;
export function cube(t: number): number {
  let c = K;
  for (let i = 0; i < 3; i++) c *= t;
  return c;
}
export const table = [cube];
${PASSED.slice(HEAD.length)}`;

  it("the tape finds a registered function that could not be compiled from its source (it reads K)", async () => {
    const m = await compileAndImport(SRC, "calls-registered");
    checkFd(m, [0.6, m.cube]); // compiling cube from its source would fail: the registry answered
    checkFd(m, [-0.4, m.cube]);
  });

  it("grad from adc on a registered function uses its compiled adjoint (no build step needed)", async () => {
    const m = await compileAndImport(SRC, "calls-registered");
    expect(grad(m.cube)(0.6)).toBeCloseTo(3 * 2.5 * 0.36, 12);
    const [v, g] = valueAndGrad(m.cube)(-2);
    expect(v).toBe(-20);
    expect(g).toBeCloseTo(30, 12);
  });

  it("the module imports only the runtime and registers with one line per function", () => {
    const { code } = compileModule(SRC, { filename: "reg.ts", sourceMaps: false });
    expect(code).toMatch(/\$register\(cube, cube_fwd, cube_rev, \{/);
    expect(code).not.toMatch(/\$register\(f,/); // f is not used as a value
    expect(code).not.toMatch(/from "adc";/);
  });
});

describe("an imported function from a module adc did not compile", () => {
  it("is compiled from its source on first use", async () => {
    const dir = new URL("./.tmp/", import.meta.url).pathname;
    mkdirSync(dir, { recursive: true });
    const lib = `${dir}calls-lib.mjs`;
    writeFileSync(lib, `export function norm2(v) {\n  let s = 0;\n  for (let i = 0; i < v.length; i++) s += v[i] * v[i];\n  return Math.sqrt(s);\n}\n`);
    const m = await compileAndImport(`${HEAD}import { norm2 } from ${JSON.stringify(lib)};
export function f(w: number[], c: number): number {
  return norm2(w) * w[0] + c * norm2(w);
}
export const df = grad(f, [0, 1]);
`, "calls-import");
    checkFd(m, [[0.3, -1.2, 2], 0.5], [0, 1]);
  });

  it("so is a function of a namespace import (import * as lib)", async () => {
    const dir = new URL("./.tmp/", import.meta.url).pathname;
    mkdirSync(dir, { recursive: true });
    const lib = `${dir}calls-ns-lib.mjs`;
    writeFileSync(lib, `export function softplus(t) {\n  return Math.log(1 + Math.exp(t));\n}\n`);
    const m = await compileAndImport(`${HEAD}import * as lib from ${JSON.stringify(lib)};
export function f(w: Float64Array): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += lib.softplus(w[i] * s + 1) * w[i];
  return s;
}
export const df = grad(f);
export const vdf = valueAndGrad(f);
`, "calls-namespace");
    checkFd(m, [new Float64Array([0.3, -1.2, 0.7])]);
  });
});

describe("gradient rules declared in the module (static)", () => {
  it("the rule wins over compiling the function: a rule scaled by 2 is what the gradient follows", async () => {
    const m = await compileAndImport(`${HEAD}import { primitive } from "adc";
function sq(t: number): number {
  return t * t;
}
primitive(sq, (dy, y, t) => 2 * (2 * dy * t));
export function f(x: number): number {
  let s = 0;
  for (let i = 1; i <= 3; i++) s += sq(x * i) * i;
  return s + x;
}
export const df = grad(f);
`, "calls-wrong-rule");
    // true derivative: sum 2 x i^3 + 1; the rule doubles the first part
    expect(m.df(0.7)).toBeCloseTo(2 * (2 * 0.7 * 36) + 1, 12);
    expect(m.f(0.7)).toBeCloseTo(0.49 * 36 + 0.7, 12);
  });

  it("const h = primitive(function ..., rules): calls of h use the rules", async () => {
    const m = await compileAndImport(`${HEAD}import { primitive } from "adc";
const h = primitive(
  function hypot(a: number, b: number): number {
    return Math.sqrt(a * a + b * b);
  },
  (dy, y, a, b) => (10 * dy * a) / y,
  null,
);
export function f(x: number, y: number): number {
  return h(x, y);
}
export const df = grad(f, [0, 1]);
`, "calls-wrong-rule-const");
    const [gx, gy] = m.df(3, 4);
    expect(gx).toBeCloseTo(6, 12);
    expect(gy).toBe(0);
  });

  it("the generated code calls the rule through the tape (the function's body is not differentiated)", () => {
    const { code } = compileForTest(`${HEAD}import { primitive } from "adc";
function sq(t: number): number {
  return t * t;
}
primitive(sq, (dy, y, t) => 2 * dy * t);
export function f(x: number): number {
  return sq(x) + x;
}
export const df = grad(f);
`, "calls-shape");
    expect(code).toMatch(/\$tapeCall\(sq, \[x\]\)/);
    expect(code).toMatch(/\$tapeBack\(/);
    expect(code).not.toMatch(/sq_fwd|sq_rev/);
    expect(code).not.toMatch(/from "adc"/); // primitive comes from the runtime: the output needs no compiler
  });

  it("a rule declared for an imported function", async () => {
    const dir = new URL("./.tmp/", import.meta.url).pathname;
    mkdirSync(dir, { recursive: true });
    const lib = `${dir}calls-rule-lib.mjs`;
    writeFileSync(lib, `export const cube = (t) => t * t * t;\n`);
    const m = await compileAndImport(`${HEAD}import { primitive } from "adc";
import { cube } from ${JSON.stringify(lib)};
primitive(cube, (dy, y, t) => 100 * dy);
export function f(x: number): number {
  return cube(x) + x;
}
export const df = grad(f);
`, "calls-rule-import");
    expect(m.df(0.5)).toBe(101);
  });
});

describe("grad from adc on declared functions (run time)", () => {
  it("uses the rules, one per argument; a null rule is a zero gradient", () => {
    const h = primitive((a: number, b: number) => a * b, (dy: number, _y: number, _a: number, b: number) => 10 * dy * b, null);
    expect(grad(h, [0, 1])(2, 3)).toEqual([30, 0]);
    expect(valueAndGrad(h)(2, 3)).toEqual([6, 30]);
  });

  it("array rules return arrays shaped like the argument; zerograd gives zeros of the argument's shape", () => {
    const total = primitive((v: Float64Array) => v.reduce((a, b) => a + b, 0), (dy: number, _y: number, v: Float64Array) => v.map(() => 3 * dy));
    expect(Array.from(grad(total)(new Float64Array([1, 2])))).toEqual([3, 3]);
    const frozen = zerograd((v: number[]) => v[0] * 2);
    expect(grad(frozen)([1, 2])).toEqual([0, 0]);
  });
});

describe("without a build step", () => {
  it("grad on an uncompiled function whose argument is a function: both compiled from their source", () => {
    const f = (x: number, g: (t: number) => number) => {
      let s = 0;
      for (let i = 0; i < 3; i++) s += g(x + i) * x;
      return s;
    };
    const g = (t: number) => t * t * t;
    const [v, d] = valueAndGrad(f)(0.5, g);
    expect(v).toBe(f(0.5, g));
    expectGradClose(d, finiteDiff(f, [0.5, g], 0), TOL);
    const honestRule = primitive((t: number) => Math.cos(t), (dy: number, _y: number, t: number) => -dy * Math.sin(t));
    expectGradClose(grad(f)(0.5, honestRule), finiteDiff(f, [0.5, honestRule], 0), TOL);
  });
});

describe("errors", () => {
  it("a callee that can be neither resolved nor compiled: ADC_R004 names it and says how to fix it", async () => {
    const m = await compileAndImport(PASSED, "calls-passed");
    const bound = Math.sin.bind(null);
    expect(() => m.df(0.5, bound)).toThrow(
      "ADC_R004: cannot differentiate the call to 'bound sin': it was not compiled by adc and has no gradient rule " +
        "(compiling it from its source failed: cannot compile bound sin from its source (methods, native and bound functions need adc build)). " +
        "Compile its module with `adc build`, or declare its gradient with primitive(fn, ...rules) (or zerograd(fn) if it has none).",
    );
    const k = 3;
    const cap = (t: number) => k * t;
    expect(() => m.df(0.5, cap)).toThrow(/^ADC_R004: cannot differentiate the call to 'cap': .*reads 'k' from its surroundings.*adc build/s);
    // the stacks were left clean: a later call works
    checkFd(m, [0.5, (t: number) => t * t]);
  });

  it("a callee that returns something other than a number: ADC_R005", async () => {
    const m = await compileAndImport(PASSED, "calls-passed");
    const pair = primitive((t: number) => [t, t] as unknown as number, (dy: number) => dy);
    expect(() => m.df(0.5, pair)).toThrow("ADC_R005: a function called from differentiated code returned an array; the differentiated code expects a number there (for an array, annotate the callee's return type: (v: number[]) => number[])");
  });

  it("a callee that writes into its array argument: ADC_R005", async () => {
    const m = await compileAndImport(`${HEAD}
export function f(w: number[], g: (v: number[]) => number): number {
  return g(w) * w[0];
}
export const df = grad(f);
`, "calls-mutating");
    const doubling = (v: number[]) => {
      v[0] = v[0] * 2;
      return v[0];
    };
    expect(() => m.df([1, 2], doubling)).toThrow(/^ADC_R005: doubling writes into its array arguments/);
  });

  it("a rule whose result does not have the argument's shape: ADC_R005", () => {
    const bad = primitive((v: number[]) => v[0], (dy: number) => [dy]);
    expect(() => grad(bad)([1, 2])).toThrow("ADC_R005: the gradient rule for argument 0 of an anonymous function returned an array of length 1, but the argument is an array of length 2");
  });

  it("without a build step: a function reading local variables is refused with a pointer to adc build", () => {
    const scale = 2;
    const f = (x: number) => x * scale;
    expect(() => grad(f)).toThrow(
      "adc: grad(f) was called on a function that was not compiled ahead of time, and it reads 'scale' from its surroundings, which adc cannot see at run time. " +
        "Compile the module with `adc build` (or the bundler plugin) so that grad is resolved statically, or declare its gradient with primitive(f, ...rules).",
    );
  });

  it("an array result through the tape: the rule receives dy shaped like the result", async () => {
    const m = await compileAndImport(`${HEAD}
export function f(x: number[], g: (v: number[]) => number[]): number {
  const y = g(x);
  y[0] = y[0] * x[1]; // the result is f's own storage: writing it must not touch x
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] * y[i] * (i + 1);
  return s;
}
export const df = grad(f);
export const vdf = valueAndGrad(f);
`, "calls-array-result");
    const sq = primitive((v: number[]) => v.map((t) => Math.sin(t) * t), (dy: number[], _y: number[], v: number[]) => v.map((t, i) => dy[i] * (Math.cos(t) * t + Math.sin(t))));
    checkFd(m, [[0.3, -0.8, 1.4], sq]);
    // a rule returning its argument: the result is copied, so f's writes do not reach x
    const id = primitive((v: number[]) => v, (dy: number[]) => dy.slice());
    const x = [0.3, -0.8, 1.4];
    checkFd(m, [x, id]);
    m.df(x, id);
    expect(x).toEqual([0.3, -0.8, 1.4]);
    // the annotation says an array: a number back is a clear error
    expect(() => m.df([1, 2], primitive((v: number[]) => v[0], () => [0, 0]))).toThrow(/ADC_R005.*expects an array of numbers/);
  });
});
