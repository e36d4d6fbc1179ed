// Unsupported constructs are rejected with an AdcError carrying the right code, the line and column of
// the construct (1-based), a code frame around the offending line, and the filename in the message.
// Also the run-time error when f does not return a number.
import { describe, expect, it } from "vitest";
import { AdcError, compileModule } from "../compiler/index.js";
import { compileAndImport } from "./helpers/load.js";

interface ErrorCase {
  name: string;
  code: string;
  /** the module; the construct is the first occurrence of `at` (after `after`, if given) */
  source: string;
  at: string;
  after?: string;
}

/** 1-based line and column of the first occurrence of `needle` (after `after`) in `source`. */
function locate(source: string, needle: string, after?: string): { line: number; column: number; text: string } {
  const from = after === undefined ? 0 : source.indexOf(after);
  if (from < 0) throw new Error(`marker ${JSON.stringify(after)} not in source`);
  const offset = source.indexOf(needle, from);
  if (offset < 0) throw new Error(`${JSON.stringify(needle)} not in source`);
  const before = source.slice(0, offset).split("\n");
  const line = before.length;
  const column = before[before.length - 1].length + 1;
  return { line, column, text: source.split("\n")[line - 1] };
}

const HEAD = `import { grad } from "adc";\n`;

const CASES: ErrorCase[] = [
  {
    // the generated sweeps take extra parameters, so arguments would differ from f's
    name: "arguments",
    code: "ADC114",
    at: "arguments.length",
    source: `${HEAD}
export function f(x: number, y: number): number {
  return arguments.length * x * y;
}
export const df = grad(f, [0, 1]);
`,
  },
  {
    name: "arguments in a helper",
    code: "ADC114",
    at: "arguments[0]",
    source: `${HEAD}
function g(a: number): number {
  return arguments[0] * a;
}
export function f(x: number): number {
  return g(x * 2);
}
export const df = grad(f);
`,
  },
  {
    name: "new Array with elements",
    code: "ADC122",
    at: "new Array(x, x * 2)",
    source: `${HEAD}
export function f(x: number): number {
  const a = new Array(x, x * 2);
  return a[0] * a[1];
}
export const df = grad(f);
`,
  },
  {
    name: "try/catch",
    code: "ADC101",
    at: "try {",
    source: `${HEAD}
export function f(x: number): number {
  let y = x;
  try {
    y = x * x;
  } catch (e) {
    y = 0;
  }
  return y;
}
export const df = grad(f);
`,
  },
  {
    name: "try/finally in a helper",
    code: "ADC101",
    at: "try {",
    source: `${HEAD}
function helper(a: number): number {
  let r = a;
  for (let i = 0; i < 2; i++) {
    try { r = r * a; } finally { r += 1; }
  }
  return r;
}
export function f(x: number): number {
  return helper(x) * 2;
}
export const df = grad(f);
`,
  },
  {
    name: "generator function",
    code: "ADC102",
    at: "function* f",
    source: `${HEAD}
export function* f(x: number): Generator<number> {
  yield x * x;
}
export const df = grad(f);
`,
  },
  {
    name: "generator helper",
    code: "ADC102",
    at: "function* powers",
    source: `${HEAD}
function* powers(a: number): Generator<number> {
  let p = 1;
  for (let i = 0; i < 3; i++) {
    yield p;
    p *= a;
  }
}
export function f(x: number): number {
  let s = 0;
  for (const v of powers(x)) s += v;
  return s;
}
export const df = grad(f);
`,
  },
  {
    name: "async function",
    code: "ADC103",
    at: "async function",
    source: `${HEAD}
async function f(x: number): Promise<number> {
  const y = await Promise.resolve(x);
  return y * y;
}
export const df = grad(f);
`,
  },
  {
    name: "async arrow",
    code: "ADC103",
    at: "async (x",
    source: `${HEAD}
export const f = async (x: number): Promise<number> => x * 2;
export const df = grad(f);
`,
  },
  {
    name: "eval",
    code: "ADC104",
    at: "eval(",
    source: `${HEAD}
export function f(x: number): number {
  const y = x * 2;
  return eval("y * x") + y;
}
export const df = grad(f);
`,
  },
  {
    name: "with",
    code: "ADC105",
    at: "with (",
    source: `${HEAD}
export function f(x: number): number {
  let y = 0;
  with (Math) {
    y = sin(x);
  }
  return y;
}
export const df = grad(f);
`,
  },
  {
    name: "a module constant object passed to a local function's object parameter",
    code: "ADC250",
    at: "CONFIG)",
    source: `${HEAD}
const CONFIG = { a: 2, b: 3 };
export function f(p: { a: number; b: number }, x: number): number {
  const h = (o: { a: number; b: number }) => o.a * x + o.b;
  return h(p) + h(CONFIG);
}
export const df = grad(f);
`,
  },
  {
    name: "an object literal passed inline to a method taking an object",
    code: "ADC251",
    at: "{ a: x",
    source: `${HEAD}
export class Sc {
  constructor(public k: number) {}
  both(p: { a: number; b: number }): number { return p.a * p.b * this.k; }
}
export function f(s: Sc, x: number): number {
  return s.both({ a: x, b: 2 });
}
export const df = grad(f);
`,
  },
  {
    name: "an element with a side-effecting index passed to a local function",
    code: "ADC253",
    at: "i++])",
    source: `${HEAD}
type Pt = { x: number; y: number };
export function f(pts: Pt[]): number {
  const g = (p: Pt) => p.x * p.y;
  let s = 0;
  let i = 0;
  while (i < pts.length) s += g(pts[i++]);
  return s;
}
export const df = grad(f);
`,
  },
  {
    name: "an element with a side-effecting index passed to a helper",
    code: "ADC253",
    at: "j++])",
    source: `${HEAD}
type Pt = { x: number; y: number };
function hm(p: Pt): number { return p.x * p.y; }
export function f(pts: Pt[]): number {
  let s = 0;
  for (let j = 0; j < pts.length; ) s += hm(pts[j++]);
  return s;
}
export const df = grad(f);
`,
  },
  {
    name: "filter over an array of objects",
    code: "ADC193",
    at: "ps.filter",
    source: `${HEAD}
export function f(ps: { x: number }[]): number {
  const kept = ps.filter((p) => p.x > 0);
  return kept.length;
}
export const df = grad(f);
`,
  },
  {
    name: "object used as a whole value",
    code: "ADC186",
    at: "p)",
    source: `${HEAD}
export function f(x: number, p: { k: number }): number {
  console.log(JSON.stringify(p));
  return x * p.k;
}
export const df = grad(f);
`,
  },
  {
    name: "assigning a number field of an argument",
    code: "ADC188",
    at: "p.k = ",
    source: `${HEAD}
export function f(x: number, p: { k: number }): number {
  p.k = x * 2;
  return x * p.k;
}
export const df = grad(f);
`,
  },
  {
    name: "object variable assigned another object",
    code: "ADC187",
    at: "o = p",
    source: `${HEAD}
export function f(x: number, p: { k: number }): number {
  let o = { k: x };
  o = p;
  return x * o.k;
}
export const df = grad(f);
`,
  },
  {
    name: "object also indexed like an array",
    code: "ADC182",
    at: "p: { a",
    source: `${HEAD}
export function f(x: number, p: { a: number; b: number }, key: string): number {
  return x * p.a * p[key];
}
export const df = grad(f);
`,
  },
  {
    name: "alias of an object variable that is reassigned",
    code: "ADC190",
    at: "q = o",
    source: `${HEAD}
export function f(x: number): number {
  let o = { a: x };
  const q = o;
  o = { a: 2 * x };
  return q.a * o.a;
}
export const df = grad(f);
`,
  },
  {
    name: "alias reassigned with a literal",
    code: "ADC190",
    at: "q = o",
    source: `${HEAD}
export function f(x: number): number {
  const o = { a: x };
  let q = o;
  q = { a: 3 };
  return q.a * o.a;
}
export const df = grad(f);
`,
  },
  {
    name: "recursive helper taking an object",
    code: "ADC191",
    at: "h(p, n - 1)",
    source: `${HEAD}
function h(p: { a: number; b: number }, n: number): number {
  return n === 0 ? p.b : p.a * h(p, n - 1);
}
export function f(p: { a: number; b: number }): number {
  return h(p, 3);
}
export const df = grad(f);
`,
  },
  {
    name: "literal holding a loop variable read by a helper",
    code: "ADC192",
    at: "l, k",
    source: `${HEAD}
function h(o: { l: { w: number }; k: number }): number {
  return o.l.w * o.k;
}
export function f(p: { layers: { w: number }[] }): number {
  let s = 0;
  for (const l of p.layers) {
    const o = { l, k: 2 };
    s += h(o);
  }
  return s;
}
export const df = grad(f);
`,
  },
  {
    name: "method of an unknown class",
    code: "ADC183",
    at: "m.run(x)",
    source: `${HEAD}
export function f(x: number, m: { k: number; run(t: number): number }): number {
  return m.k * m.run(x);
}
export const df = grad(f);
`,
  },
  {
    name: "local function copied into a variable (escapes)",
    code: "ADC160",
    at: "g;",
    after: "const h",
    source: `${HEAD}
export function f(x: number): number {
  const g = (y: number) => y * x;
  const h = g;
  return h(x) + 1;
}
export const df = grad(f);
`,
  },
  {
    name: "function returned by a factory, stored",
    code: "ADC160",
    at: "(t: number) => t * k",
    source: `${HEAD}
export function f(x: number): number {
  const make = (k: number) => (t: number) => t * k;
  const hs = [make(2)];
  return x;
}
export const df = grad(f);
`,
  },
  {
    name: "local function stored in an array",
    code: "ADC160",
    at: "sq]",
    source: `${HEAD}
export function f(x: number): number {
  const sq = (t: number) => t * t;
  const fs = [sq];
  return x;
}
export const df = grad(f);
`,
  },
  {
    name: "recursive local function",
    code: "ADC161",
    at: "function fact",
    source: `${HEAD}
export function f(x: number): number {
  let s = 0;
  for (let i = 0; i < 3; i++) s += x;
  function fact(n: number): number {
    return n <= 1 ? 1 : n * fact(n - 1);
  }
  return fact(3) * s;
}
export const df = grad(f);
`,
  },
  {
    name: "recursive named function expression",
    code: "ADC161",
    at: "function fib",
    source: `${HEAD}
export function f(x: number): number {
  const g = function fib(n: number): number {
    return n < 2 ? x : fib(n - 1) + fib(n - 2);
  };
  return g(4);
}
export const df = grad(f);
`,
  },
  {
    name: "local function reassigned",
    code: "ADC164",
    at: "g = (t",
    after: "g(x);",
    source: `${HEAD}
export function f(x: number): number {
  let g = (t: number) => t * 2;
  let s = g(x);
  g = (t: number) => t * 3;
  return s + g(x);
}
export const df = grad(f);
`,
  },
  {
    name: "local function with a rest parameter",
    code: "ADC164",
    at: "...ts",
    source: `${HEAD}
export function f(x: number): number {
  const g = (...ts: number[]) => ts[0] * 2;
  return g(x);
}
export const df = grad(f);
`,
  },
  {
    name: "class declaration",
    code: "ADC112",
    at: "class Box",
    source: `${HEAD}
export function f(x: number): number {
  class Box {
    v = 0;
  }
  return x * 2;
}
export const df = grad(f);
`,
  },
  {
    name: "async callback",
    code: "ADC103",
    at: "async (v)",
    source: `${HEAD}
export function f(x: number[]): number {
  let s = 0;
  x.forEach(async (v) => {
    s += v;
  });
  return s;
}
export const df = grad(f);
`,
  },
  {
    // without a later default, the pattern becomes a destructuring declaration (objects/normalize.ts)
    name: "local function with a nested destructured parameter followed by a default",
    code: "ADC164",
    at: "[a]",
    source: `${HEAD}
export function f(m: number[][][]): number {
  const g = ([[a]]: number[][], k = 2) => a * k;
  return g(m[0]);
}
export const df = grad(f);
`,
  },
  {
    name: "callback held in a parameter (unknown at compile time)",
    code: "ADC162",
    at: "fn)",
    source: `${HEAD}
function apply(x: number[], fn: any): number {
  const y = x.map(fn);
  return y[0] + y[1];
}
export function f(x: number[]): number {
  return apply(x, 1);
}
export const df = grad(f);
`,
  },
  {
    name: "sort with a comparator",
    code: "ADC162",
    at: "y.sort(",
    source: `${HEAD}
export function f(x: number[]): number {
  const y = x.slice();
  y.sort((a, b) => a - b);
  return y[0];
}
export const df = grad(f);
`,
  },
  {
    name: "Array.from with an object that is not { length }",
    code: "ADC162",
    at: "{ size: 3 }",
    source: `${HEAD}
export function f(x: number): number {
  const y = Array.from({ size: 3 }, (_, i) => x * i);
  return y[0];
}
export const df = grad(f);
`,
  },
  {
    name: "spread of an array of unknown length into rest parameters",
    code: "ADC163",
    at: "...ts",
    source: `${HEAD}
function h(a: number, ...ts: number[]): number {
  return a * ts[0] + 1;
}
export function f(xs: number[]): number {
  let s = 0;
  s += h(...xs);
  return s;
}
export const df = grad(f);
`,
  },
  {
    name: "spread into a Math function that takes a fixed number of arguments",
    code: "ADC163",
    at: "Math.atan2(",
    source: `${HEAD}
export function f(xs: number[]): number {
  return Math.atan2(...xs);
}
export const df = grad(f);
`,
  },
  {
    name: "object spread of an array",
    code: "ADC186",
    at: "...p }",
    source: `${HEAD}
export function f(x: number, p: number[]): number {
  const q = { ...p };
  return x;
}
export const df = grad(f);
`,
  },
  {
    name: "call to an undeclared global",
    code: "ADC120",
    at: "mystery(",
    source: `${HEAD}
export function f(x: number): number {
  if (x > 0) {
    return mystery(x) + 1;
  }
  return x;
}
export const df = grad(f);
`,
  },
  {
    name: "unsupported array method",
    code: "ADC122",
    at: "x.splice(",
    source: `${HEAD}
export function f(x: number[]): number {
  x.splice(0, 1);
  return x[0];
}
export const df = grad(f);
`,
  },
  {
    name: "jvp of a function returning an object",
    code: "ADC205",
    at: "return { y",
    source: `import { jvp } from "adc";
export function f(p: { a: number; b: number }) {
  const y = p.a * p.b;
  return { y, z: p.a };
}
export const jf = jvp(f);
`,
  },
  // vjp and jacobian (issue 4)
  {
    name: "jacobian with argnums that are not integer literals",
    code: "ADC260",
    at: "k])",
    source: `import { jacobian } from "adc";
export function f(x: number, y: number): number[] {
  return [x * y, x + y];
}
const k = 1;
export const J = jacobian(f, [0, k]);
`,
  },
  {
    name: "jacobian of a factory's closure with an argnum past the closure's own parameters",
    code: "ADC141",
    at: "1)",
    source: `import { jacobian } from "adc";
function make(d: number[]) {
  return (w: number[]): number[] => [w[0] * d[0], w[1] * d[1]];
}
const model = make([1, 2]);
export const J = jacobian(model, 1);
`,
  },
  {
    name: "jacobian with an argnum in the list out of range",
    code: "ADC141",
    at: "2])",
    source: `import { jacobian } from "adc";
export function f(x: number, y: number): number[] {
  return [x * y, x + y];
}
export const J = jacobian(f, [0, 2]);
`,
  },
  {
    name: "jacobian with an unknown mode",
    code: "ADC260",
    at: '"sideways"',
    source: `import { jacobian } from "adc";
export function f(x: number[]): number[] {
  return [x[0] * x[1]];
}
export const J = jacobian(f, 0, "sideways");
`,
  },
  {
    name: "vjp of a function returning a boolean",
    code: "ADC262",
    at: "function f",
    source: `import { vjp } from "adc";
export function f(x: number): boolean {
  return x > 0;
}
export const at = (x: number) => vjp(f, x);
`,
  },
  {
    name: "jacobian of a function returning nested arrays",
    code: "ADC262",
    at: "function f",
    source: `import { jacobian } from "adc";
export function f(x: number[]): number[][] {
  return [[x[0]], [x[1]]];
}
export const J = jacobian(f);
`,
  },
  {
    name: "jacobian argnum out of range",
    code: "ADC141",
    at: "3)",
    source: `import { jacobian } from "adc";
export function f(x: number[]): number[] {
  return [x[0]];
}
export const J = jacobian(f, 3);
`,
  },
];

function compileError(source: string, filename: string): unknown {
  try {
    const out = compileModule(source, { filename });
    return new Error(`expected an AdcError, but compilation succeeded:\n${out.code}`);
  } catch (e) {
    return e;
  }
}

describe("unsupported constructs are rejected with a located AdcError", () => {
  for (const c of CASES) {
    it(`${c.code} ${c.name}`, () => {
      const filename = `src/errors/${c.name.replace(/[^A-Za-z]+/g, "_")}.ts`;
      const where = locate(c.source, c.at, c.after);
      const err = compileError(c.source, filename);
      expect(err, String(err)).toBeInstanceOf(AdcError);
      const e = err as AdcError;
      expect({ code: e.code, line: e.line, column: e.column }, e.message).toEqual({ code: c.code, line: where.line, column: where.column });
      expect(e.filename).toBe(filename);
      expect(e.message.startsWith(`${filename}:${where.line}:${where.column}: error ${c.code}: `), e.message).toBe(true);
      // the frame shows the offending line, marked with ">"
      expect(e.frame).toContain(where.text.trim());
      const marked = e.frame.split("\n").filter((l) => l.startsWith(">"));
      expect(marked.length, e.frame).toBeGreaterThan(0);
      expect(marked[0], e.frame).toContain(where.text.trim());
      expect(marked[0], e.frame).toMatch(new RegExp(`^>\\s*${where.line} \\|`));
      expect(e.message).toContain(e.frame);
    });
  }

  it("the default filename still yields file:line:col", () => {
    const err = compileError(CASES.find((c) => c.name === "try/catch")!.source, undefined as unknown as string);
    expect(err).toBeInstanceOf(AdcError);
    expect((err as AdcError).message).toMatch(/^[^:\n]+:5:3: error ADC101: /);
  });
});

describe("run-time errors", () => {
  it("a missing part of an object argument read without ?. throws as f does (not a silent NaN); with ?. it is undefined", async () => {
    const m = await compileAndImport(
      `${HEAD}export function f(p: { a: number; l: { k: number } }): number {\n  return p.a * p.l.k;\n}\nexport function g(p: { a: number; l?: { k: number } }): number {\n  return p.a * (p.l?.k ?? 2);\n}\nexport const df = grad(f);\nexport const dg = grad(g);\n`,
      "errors-missing-part",
    );
    expect(() => m.f({ a: 1 })).toThrow(TypeError);
    expect(() => m.df({ a: 1 })).toThrow(TypeError);
    expect(m.dg({ a: 1.5 })).toEqual({ a: 2 });
  });

  it("f must return a number: a gradient call whose f returns something else throws, and later calls still work", async () => {
    const m = await compileAndImport(
      `import { grad, valueAndGrad } from "adc";

export function f(x: number, k: number): number {
  const y = x * x;
  if (k > 0) return y * 3;
  return undefined as unknown as number;
}
export const df = grad(f);
export const vdf = valueAndGrad(f);
`,
      "runtime-result",
    );
    expect(m.df(2, 1)).toBe(12);
    expect(() => m.df(2, 0)).toThrow(/must return a number/);
    expect(() => m.vdf(2, 0)).toThrow(/must return a number/);
    // the failed calls left nothing behind on the runtime's stacks
    expect(m.df(2, 1)).toBe(12);
    expect(m.vdf(0.5, 1)).toEqual([0.75, 3]);
  });

  it("code that TypeScript reads differently from Babel is a syntax error (ADC001), not broken output", () => {
    // in TypeScript `a < (b) > (c)` is a call with type arguments: tsc rejects this module
    const source = `import { grad } from "adc";
export function f(x: number[], s: number): number {
  return x[0] < (x[1] > (s > 0 ? s : 1) ? s : 1) ? s : 0;
}
export const df = grad(f, 1);
`;
    let err: unknown;
    try {
      compileModule(source, { filename: "lt.ts" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AdcError);
    expect((err as AdcError).code).toBe("ADC001");
    expect((err as AdcError).message).toMatch(/^lt\.ts:3:\d+: error ADC001: /);
  });

  it("an error thrown inside f reaches the caller, and later gradients are unaffected", async () => {
    const m = await compileAndImport(
      `import { grad } from "adc";

export function f(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  if (s > 100) throw new Error("too big: " + s);
  return s;
}
export const df = grad(f);
`,
      "runtime-throw",
    );
    expect(m.df([2, 1])).toEqual([4, 2]);
    expect(() => m.df([20, 1])).toThrow(/too big: 401/);
    expect(m.df([2, 1])).toEqual([4, 2]);
  });

  it("reduce without an initial value on an empty array throws JavaScript's TypeError, as f does", async () => {
    const m = await compileAndImport(
      `import { grad } from "adc";

export function f(x: number[]): number {
  const kept = x.filter((v) => v > 0);
  return kept.reduce((a, b) => a * b);
}
export const df = grad(f);
`,
      "runtime-reduce-empty",
    );
    let expected: unknown;
    try {
      m.f([-1, -2]);
    } catch (e) {
      expected = e;
    }
    expect(expected).toBeInstanceOf(TypeError);
    expect(() => m.df([-1, -2])).toThrow(TypeError);
    expect(() => m.df([-1, -2])).toThrow((expected as Error).message);
    // the failed call left nothing behind: the next gradient is right
    expect(m.df([2, -1, 3])).toEqual([3, 0, 2]);
  });

  it("a differentiated argument of the wrong kind is a clear run-time error (ADC_R003), not NaN", async () => {
    const m = await compileAndImport(
      `import { grad } from "adc";

export function f(w: Float64Array, s: number): number {
  return w[0] * w[1] * s;
}
export const dw = grad(f);
export const ds = grad(f, 1);
`,
      "runtime-args",
    );
    expect(() => m.dw(3, 2)).toThrow(/ADC_R003: argument 0 of f is number, but its gradient was compiled for an array/);
    expect(() => m.ds(new Float64Array([1, 2]), [2])).toThrow(/ADC_R003: argument 1 of f is an array, but its gradient was compiled for a number/);
    expect(() => m.dw("ab", 2)).toThrow(/ADC_R003/);
    // a plain number[] is as good as a Float64Array, and the gradient has its type
    expect(m.dw([2, 3], 2)).toEqual([6, 4]);
    expect(m.ds(new Float64Array([2, 3]), 2)).toBe(6);
  });
});
