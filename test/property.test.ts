// Property test: random programs built from the supported constructs (arithmetic, Math functions,
// if/else, for loops over x with reads and writes x[i], while loops with data-dependent trip counts,
// early returns inside loops, calls to module-level helpers), compiled, and their gradients (w.r.t. a
// Float64Array x and a number s) compared with central differences.
//
// Programs keep every value bounded (assignments go through tanh/sin/cos or x/sqrt(1+x²), increments
// are 0.5·tanh(..), scalings are in (0.5, 1.25), exp only of tanh), so finite differences are well
// conditioned. Branch decisions (if, while conditions, early returns) are recorded by running an
// instrumented copy of the program first: inputs whose comparisons come within 1e-3 of flipping are
// discarded, since there finite differences straddle a discontinuity.
import { writeFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exactMismatches, finiteDiff, gradMismatches, sameNumber, show } from "./helpers/fd.js";
import { compileAndImport } from "./helpers/load.js";
import { type RichProgram, renderRichModule, richMargin, xKindOf } from "./property/rich.js";

// ---- program AST ------------------------------------------------------------------------------

type Expr =
  | { t: "var"; k: number }
  | { t: "s" }
  | { t: "x"; n: number; off: number }
  | { t: "c"; v: number }
  | { t: "bin"; op: "+" | "-" | "*" | "div"; a: Expr; b: Expr }
  | { t: "un"; f: "neg" | "sin" | "cos" | "tanh" | "exp" | "sqrt1p"; a: Expr }
  | { t: "call"; a: Expr; b: Expr }
  | { t: "at"; n: number };

type Wrap = "tanh" | "sin" | "cos" | "soft";

type Stmt =
  | { t: "assign"; k: number; wrap: Wrap; e: Expr }
  | { t: "add"; k: number; e: Expr }
  | { t: "scale"; k: number; e: Expr }
  | { t: "xwrite"; n: number; op: "=" | "+="; wrap: Wrap; e: Expr }
  | { t: "if"; a: Expr; b: Expr; then: Stmt[]; else: Stmt[] }
  | { t: "for"; body: Stmt[] }
  | { t: "while"; k: number; lim: number; trips: number; body: Stmt[] }
  | { t: "ret"; a: Expr; b: Expr; e: Expr };

interface Program {
  body: Stmt[];
  result: Expr;
}

const NVARS = 4;

// ---- arbitraries ------------------------------------------------------------------------------

const constant = fc.integer({ min: -15, max: 15 }).map((v) => v / 10);
const leaf: fc.Arbitrary<Expr> = fc.oneof(
  fc.integer({ min: 0, max: NVARS - 1 }).map((k): Expr => ({ t: "var", k })),
  fc.constant<Expr>({ t: "s" }),
  fc.record({ n: fc.integer({ min: 0, max: 2 }), off: fc.integer({ min: 0, max: 2 }) }).map((r): Expr => ({ t: "x", ...r })),
  constant.map((v): Expr => ({ t: "c", v })),
  fc.integer({ min: 0, max: 7 }).map((n): Expr => ({ t: "at", n })),
);

function exprArb(depth: number): fc.Arbitrary<Expr> {
  if (depth <= 0) return leaf;
  const sub = exprArb(depth - 1);
  return fc.oneof(
    { arbitrary: leaf, weight: 2 },
    {
      arbitrary: fc
        .record({ op: fc.constantFrom("+", "-", "*", "div" as const), a: sub, b: sub })
        .map((r): Expr => ({ t: "bin", ...r })),
      weight: 3,
    },
    {
      arbitrary: fc
        .record({ f: fc.constantFrom("neg", "sin", "cos", "tanh", "exp", "sqrt1p" as const), a: sub })
        .map((r): Expr => ({ t: "un", ...r })),
      weight: 2,
    },
    { arbitrary: fc.record({ a: sub, b: sub }).map((r): Expr => ({ t: "call", ...r })), weight: 1 },
  );
}

const expr = exprArb(2);
const varIndex = fc.integer({ min: 0, max: NVARS - 1 });
const wrap = fc.constantFrom<Wrap>("tanh", "sin", "cos", "soft");

function stmtArb(depth: number): fc.Arbitrary<Stmt> {
  const simple: fc.Arbitrary<Stmt>[] = [
    fc.record({ k: varIndex, wrap, e: expr }).map((r): Stmt => ({ t: "assign", ...r })),
    fc.record({ k: varIndex, e: expr }).map((r): Stmt => ({ t: "add", ...r })),
    fc.record({ k: varIndex, e: expr }).map((r): Stmt => ({ t: "scale", ...r })),
    fc
      .record({ n: fc.integer({ min: 0, max: 2 }), op: fc.constantFrom("=", "+=" as const), wrap, e: expr })
      .map((r): Stmt => ({ t: "xwrite", ...r })),
  ];
  const ret = fc.record({ a: expr, b: expr, e: expr }).map((r): Stmt => ({ t: "ret", ...r }));
  if (depth <= 0) return fc.oneof(...simple.map((arbitrary) => ({ arbitrary, weight: 3 })), { arbitrary: ret, weight: 1 });
  const block = fc.array(stmtArb(depth - 1), { minLength: 1, maxLength: 3 });
  return fc.oneof(
    ...simple.map((arbitrary) => ({ arbitrary, weight: 3 })),
    { arbitrary: ret, weight: 1 },
    { arbitrary: fc.record({ a: expr, b: expr, then: block, else: fc.array(stmtArb(depth - 1), { maxLength: 2 }) }).map((r): Stmt => ({ t: "if", ...r })), weight: 2 },
    { arbitrary: block.map((body): Stmt => ({ t: "for", body })), weight: 2 },
    {
      arbitrary: fc
        .record({ k: varIndex, lim: constant, trips: fc.integer({ min: 1, max: 3 }), body: block })
        .map((r): Stmt => ({ t: "while", ...r })),
      weight: 2,
    },
  );
}

const programArb: fc.Arbitrary<Program> = fc.record({
  body: fc.array(stmtArb(2), { minLength: 2, maxLength: 6 }),
  result: expr,
});

// ---- rendering --------------------------------------------------------------------------------

interface Ctx {
  /** loop indices in scope, innermost last */
  loops: string[];
  /** render comparisons through __lt(a, b) (instrumented copy) */
  tracked: boolean;
  /** fresh names */
  ids: { n: number };
  indent: string;
}

function num(v: number): string {
  return v < 0 ? `(${v})` : String(v);
}

function rExpr(e: Expr, cx: Ctx): string {
  switch (e.t) {
    case "var":
      return `v${e.k}`;
    case "s":
      return "s";
    case "c":
      return num(e.v);
    case "x": {
      const i = cx.loops[cx.loops.length - 1];
      if (i === undefined) return `x[${e.n}]`;
      return e.off === 0 ? `x[${i}]` : `x[(${i} + ${e.off}) % x.length]`;
    }
    case "bin": {
      const a = rExpr(e.a, cx);
      const b = rExpr(e.b, cx);
      return e.op === "div" ? `(${a} / (1 + ${b} * ${b}))` : `(${a} ${e.op} ${b})`;
    }
    case "un": {
      const a = rExpr(e.a, cx);
      switch (e.f) {
        case "neg":
          return `(-${a})`;
        case "sin":
          return `Math.sin(${a})`;
        case "cos":
          return `Math.cos(${a})`;
        case "tanh":
          return `Math.tanh(${a})`;
        case "exp":
          return `Math.exp(Math.tanh(${a}))`;
        case "sqrt1p":
          return `Math.sqrt(1 + ${a} * ${a})`;
      }
    }
    case "call":
      return `mix(${rExpr(e.a, cx)}, ${rExpr(e.b, cx)})`;
    case "at": {
      const i = cx.loops[cx.loops.length - 1];
      return `at(x, ${i === undefined ? e.n : `${i} + ${e.n}`})`;
    }
  }
}

/** Module-level helpers the programs may call (scalar helper, and an array read through a helper). */
const HELPERS = [
  `function mix(a: number, b: number): number {`,
  `  return Math.tanh(a * b) + 0.5 * Math.sin(a);`,
  `}`,
  `function at(a: Float64Array, i: number): number {`,
  `  return a[i % a.length];`,
  `}`,
];

function rWrap(w: Wrap, e: string): string {
  switch (w) {
    case "tanh":
      return `Math.tanh(${e})`;
    case "sin":
      return `Math.sin(${e})`;
    case "cos":
      return `Math.cos(${e})`;
    case "soft":
      return `${e} / Math.sqrt(1 + ${e} * ${e})`;
  }
}

function lt(a: string, b: string, cx: Ctx): string {
  return cx.tracked ? `__lt(${a}, ${b})` : `${a} < ${b}`;
}

function rStmts(ss: Stmt[], cx: Ctx): string[] {
  return ss.flatMap((s) => rStmt(s, cx));
}

function rStmt(s: Stmt, cx: Ctx): string[] {
  const I = cx.indent;
  const inner: Ctx = { ...cx, indent: I + "  " };
  switch (s.t) {
    case "assign": {
      const e = rExpr(s.e, cx);
      return [`${I}v${s.k} = ${rWrap(s.wrap, e)};`];
    }
    case "add":
      return [`${I}v${s.k} += 0.5 * Math.tanh(${rExpr(s.e, cx)});`];
    case "scale":
      return [`${I}v${s.k} *= 0.875 + 0.375 * Math.tanh(${rExpr(s.e, cx)});`];
    case "xwrite": {
      const i = cx.loops[cx.loops.length - 1];
      const target = i === undefined ? `x[${s.n}]` : `x[${i}]`;
      const e = rExpr(s.e, cx);
      return s.op === "=" ? [`${I}${target} = ${rWrap(s.wrap, e)};`] : [`${I}${target} += 0.5 * ${rWrap(s.wrap, e)};`];
    }
    case "if": {
      const out = [`${I}if (${lt(rExpr(s.a, cx), rExpr(s.b, cx), cx)}) {`, ...rStmts(s.then, inner)];
      if (s.else.length > 0) out.push(`${I}} else {`, ...rStmts(s.else, inner));
      out.push(`${I}}`);
      return out;
    }
    case "for": {
      const i = `i${cx.loops.length}`;
      const body: Ctx = { ...inner, loops: [...cx.loops, i] };
      return [`${I}for (let ${i} = 0; ${i} < x.length; ${i}++) {`, ...rStmts(s.body, body), `${I}}`];
    }
    case "while": {
      const w = `w${cx.ids.n++}`;
      return [
        `${I}let ${w} = 0;`,
        `${I}while (${w} < ${s.trips} && ${lt(`v${s.k}`, num(s.lim), cx)}) {`,
        ...rStmts(s.body, inner),
        `${inner.indent}${w}++;`,
        `${I}}`,
      ];
    }
    case "ret":
      return [`${I}if (${lt(rExpr(s.b, cx), rExpr(s.a, cx), cx)}) return ${rExpr(s.e, cx)};`];
  }
}

function renderBody(p: Program, tracked: boolean): string[] {
  const cx: Ctx = { loops: [], tracked, ids: { n: 0 }, indent: "  " };
  return [
    "  let v0 = s;",
    "  let v1 = x[0];",
    "  let v2 = Math.tanh(s * x[1]);",
    "  let v3 = 0.5;",
    ...rStmts(p.body, cx),
    `  return ${rExpr(p.result, cx)} + v0 + 0.5 * v1 + v2 * v3;`,
  ];
}

/** The TS module compiled by adc: f, then `extra` (the transforms under test). */
function renderWith(p: Program, imports: string, extra: string[]): string {
  return [`import { ${imports} } from "adc";`, ``, ...HELPERS, ``, `export function f(x: Float64Array, s: number): number {`, ...renderBody(p, false), `}`, ``, ...extra, ``].join("\n");
}

function renderModule(p: Program): string {
  return renderWith(p, "grad, valueAndGrad", [`export const df = grad(f, [0, 1]);`, `export const vdf = valueAndGrad(f, [0, 1]);`]);
}

/** Runs `check` on random (program, x, s) with the seed and run count the environment may set; returns how many ran to the end. */
async function forPrograms(defaultRuns: number, check: (program: Program, x: Float64Array, s: number) => Promise<void>): Promise<number> {
  let checked = 0;
  await fc.assert(
    fc.asyncProperty(programArb, xArb, sArb, async (program, x, s) => {
      await check(program, x, s);
      checked++;
    }),
    { seed: Number(process.env.ADC_PROPERTY_SEED ?? 20261130), numRuns: Number(process.env.ADC_PROPERTY_RUNS ?? defaultRuns), interruptAfterTimeLimit: 25_000, markInterruptAsFailure: false },
  );
  return checked;
}

/** The same function in plain JS with comparisons going through __lt, to measure branch margins. */
function instrumented(p: Program): (lt: (a: number, b: number) => boolean) => (x: Float64Array, s: number) => number {
  const helpers = HELPERS.join("\n").replace(/: number|: Float64Array/g, "");
  const src = [helpers, `return function f(x, s) {`, ...renderBody(p, true), `};`].join("\n");
  return new Function("__lt", src) as any;
}

/** Smallest |a - b| over the comparisons evaluated by f(x, s). */
function branchMargin(p: Program, x: Float64Array, s: number): number {
  let margin = Infinity;
  const f = instrumented(p)((a, b) => {
    margin = Math.min(margin, Math.abs(a - b));
    return a < b;
  });
  f(x.slice(), s);
  return margin;
}

// ---- the property -----------------------------------------------------------------------------

const MIN_MARGIN = 1e-3;
const RTOL = 1e-4;

function maxAbs(v: unknown): number {
  if (typeof v === "number") return Math.abs(v);
  return Math.max(0, ...Array.from(v as ArrayLike<number>, (e) => Math.abs(e)));
}

const xArb = fc.array(fc.integer({ min: -150, max: 150 }), { minLength: 3, maxLength: 5 }).map((v) => Float64Array.from(v, (e) => e / 100));
const sArb = fc.integer({ min: -150, max: 150 }).map((v) => v / 100);

async function compileOrExplain(source: string, where: string, name: string): Promise<Record<string, any>> {
  try {
    return await compileAndImport(source, name);
  } catch (e) {
    throw new Error(`compile/import failed: ${(e as Error).message}\n${where}`);
  }
}

/** [gradient of x, gradient of s] against central differences, with a tolerance scaled to their size. */
function gradPairProblems(actual: [unknown, unknown], expected: [unknown, unknown]): string[] {
  const scale = 1 + Math.max(maxAbs(expected[0]), maxAbs(expected[1]));
  const tol = { rtol: RTOL, atol: 1e-6 * scale };
  return [...gradMismatches(actual[0], expected[0], tol).map((p) => `x: ${p}`), ...gradMismatches(actual[1], expected[1], tol).map((p) => `s: ${p}`)];
}

describe("random programs", () => {
  it("gradients w.r.t. x (Float64Array) and s (number) match finite differences", { timeout: 120_000 }, async () => {
    const checked = await forPrograms(150, async (program, x, s) => {
      fc.pre(branchMargin(program, x, s) > MIN_MARGIN);
      const source = renderModule(program);
      const where = `program:\n${source}\nx = ${show(x)}, s = ${s}`;
      const m = await compileOrExplain(source, where, "property");
      const expected = finiteDiff(m.f, [x, s], [0, 1]) as [Float64Array, number];
      const actual = m.df(x.slice(), s);
      const problems: string[] = [];
      if (!Array.isArray(actual) || actual.length !== 2) problems.push(`expected [gradient of x, gradient of s], got ${show(actual)}`);
      else problems.push(...gradPairProblems(actual as [unknown, unknown], expected));
      // x is left exactly as f leaves it
      const byF = x.slice();
      const value = m.f(byF, s);
      const byDf = x.slice();
      m.df(byDf, s);
      problems.push(...exactMismatches(byDf, byF, "x after grad"));
      // valueAndGrad's value is f's
      const vg = m.vdf(x.slice(), s);
      if (!sameNumber(vg?.[0], value)) problems.push(`valueAndGrad value ${vg?.[0]} vs f ${value}`);
      if (problems.length > 0) {
        throw new Error(`${problems.join("\n")}\nactual:   ${show(actual)}\nexpected: ${show(expected)}\n${where}`);
      }
    });
    expect(checked).toBeGreaterThan(30);
  });
});

/** The module with a gradient-norm penalty of f: grad of a function that calls grad(f) inside (transform/higher/inner.ts). */
function renderPenaltyModule(p: Program): string {
  return renderWith(p, "grad, jvp", [
    `const gfx = grad(f, 0);`,
    `export function pen(x: Float64Array, s: number): number {`,
    `  const g = gfx(x, s);`,
    `  let q = 0;`,
    `  for (let i = 0; i < g.length; i++) q += Math.tanh(g[i]) * (i + 1);`,
    `  return q + Math.sin(s) * f(x, s);`,
    `}`,
    `export const dpen = grad(pen, [0, 1]);`,
    `export const jpen = jvp(pen);`,
  ]);
}

describe("random programs inside a gradient-norm penalty", () => {
  it("grad of pen(x, s) = sum tanh(grad(f)(x, s)) (i + 1) + sin(s) f(x, s) matches finite differences, and jvp(pen) matches it", { timeout: 120_000 }, async () => {
    const checked = await forPrograms(60, async (program, x, s) => {
      const source = renderPenaltyModule(program);
      // an inner gradient of a function writing its argument is refused (ADC235): not generated here
      fc.pre(!/x\[[^\]]*\]\s*\+?=[^=]/.test(source));
      fc.pre(branchMargin(program, x, s) > MIN_MARGIN);
      const where = `program:\n${source}\nx = ${show(x)}, s = ${s}`;
      const m = await compileOrExplain(source, where, "property-penalty");
      const expected = finiteDiff(m.pen, [x, s], [0, 1]) as [Float64Array, number];
      const given = x.slice();
      const actual = m.dpen(x, s);
      const problems = [...exactMismatches(x, given, "x after grad"), ...gradPairProblems(actual, expected)];
      // forward mode through the inner gradient (its tangent is jvp(grad(f))) gives the same directional derivative
      const u = Float64Array.from(x, (_, i) => Math.cos(i + 0.3));
      const [, t] = m.jpen([x.slice(), s], [u, 0.3]);
      const dir = actual[0].reduce((a: number, g: number, i: number) => a + g * u[i], 0) + actual[1] * 0.3;
      if (!(Math.abs(t - dir) <= 1e-8 * (1 + Math.abs(dir)))) problems.push(`jvp(pen) ${t} vs grad(pen)·u ${dir}`);
      if (problems.length > 0) throw new Error(`${problems.join("\n")}\nactual:   ${show(actual)}\nexpected: ${show(expected)}\n${where}`);
    });
    if (process.env.ADC_PROPERTY_VERBOSE) console.log(`penalty property: ${checked} programs checked`);
    expect(checked).toBeGreaterThan(10);
  });
});

/** The module with f's second derivatives: hvp (forward over reverse) and jvp of a directional derivative (forward over forward). */
function renderSecondOrderModule(p: Program): string {
  return renderWith(p, "grad, hvp, jvp", [
    `export const gx = grad(f);`,
    `export const hx = hvp(f);`,
    `export function dir(x: Float64Array, s: number, v: Float64Array): number { return jvp(f, [x, s], [v, 0])[1]; }`,
    `export const ddir = jvp(dir);`,
  ]);
}

describe("random programs, second derivatives", () => {
  it("hvp matches central differences of the gradient, and jvp of jvp gives the same u·H·v", { timeout: 120_000 }, async () => {
    const checked = await forPrograms(60, async (program, x, s) => {
      fc.pre(branchMargin(program, x, s) > MIN_MARGIN);
      const source = renderSecondOrderModule(program);
      const where = `program:\n${source}\nx = ${show(x)}, s = ${s}`;
      const m = await compileOrExplain(source, where, "property-second");
      const v = Float64Array.from(x, (_, i) => Math.sin(3 * i + 1));
      const u = Float64Array.from(x, (_, i) => Math.cos(2 * i + 0.5));
      const given = x.slice();
      const hv = m.hx(x, s, v);
      const problems = exactMismatches(x, given, "x after hvp");
      // central differences of the compiled gradient along v (on copies: f may write x)
      const h = 1e-5;
      const gp = m.gx(Float64Array.from(x, (xi, i) => xi + h * v[i]), s);
      const gq = m.gx(Float64Array.from(x, (xi, i) => xi - h * v[i]), s);
      const fd = Float64Array.from(gp, (a: number, i: number) => (a - gq[i]) / (2 * h));
      const scale = 1 + maxAbs(fd);
      problems.push(...gradMismatches(hv, fd, { rtol: RTOL, atol: 1e-6 * scale }).map((p) => `hvp: ${p}`));
      // forward over forward: u·H·v
      const [, uhv] = m.ddir([x.slice(), s, v], [u, 0, new Float64Array(x.length)]);
      const expected = u.reduce((a, ui, i) => a + ui * hv[i], 0);
      if (!(Math.abs(uhv - expected) <= 1e-8 * (1 + Math.abs(expected)) * scale)) problems.push(`jvp(jvp): u·H·v ${uhv} vs u·hvp ${expected}`);
      if (problems.length > 0) throw new Error(`${problems.join("\n")}\n${where}`);
    });
    if (process.env.ADC_PROPERTY_VERBOSE) console.log(`second-order property: ${checked} programs checked`);
    expect(checked).toBeGreaterThan(10);
  });
});

// Second property: programs from test/property/rich.ts, which exercise every construct adc supports
// (local arrays of each kind, helpers reading, writing and returning arrays, recursion, nested and
// data-dependent loops, break/continue with labels, early returns, switch, ternaries, && / ||,
// Math.max/min/hypot, swaps, a number[][] with row aliases). A program is a list of choices, so
// fast-check shrinks it to a smaller program. Inputs within MIN_MARGIN of switching any non-smooth
// decision (comparison, Math.floor of an active value, truthiness, max/min tie, hypot at 0) are
// discarded.

const richProgramArb: fc.Arbitrary<RichProgram> = fc
  .array(fc.nat({ max: 0xffff }), { minLength: 150, maxLength: 400, size: "max" })
  .map((choices) => ({ choices }));

describe("random programs with arrays, helpers and jumps", () => {
  it("gradients w.r.t. x and s match finite differences", { timeout: 1_200_000 }, async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(
        richProgramArb,
        fc.array(fc.integer({ min: -150, max: 150 }), { minLength: 3, maxLength: 5 }),
        fc.integer({ min: -150, max: 150 }).map((v) => v / 100),
        async (program, xs, s) => {
          const x: Float64Array | number[] = xKindOf(program) === "f64" ? Float64Array.from(xs, (e) => e / 100) : xs.map((e) => e / 100);
          const source = renderRichModule(program);
          const where = `program:\n${source}\nx = ${show(x)}, s = ${s}`;
          let run: { margin: number; value: number };
          try {
            run = richMargin(program, x, s);
          } catch (e) {
            throw new Error(`instrumented copy failed: ${(e as Error).message}\n${where}`);
          }
          if (!Number.isFinite(run.value)) throw new Error(`generator produced a non-finite value ${run.value}\n${where}`);
          fc.pre(run.margin > MIN_MARGIN);
          // ADC_PROPERTY_DUMP=file: the program about to run, for post-mortems when generated code hangs or crashes the worker
          if (process.env.ADC_PROPERTY_DUMP) writeFileSync(process.env.ADC_PROPERTY_DUMP, where);
          let m: Record<string, any>;
          try {
            m = await compileAndImport(source, "property-rich");
          } catch (e) {
            // the generator can write `a < (b > (c))`, which TypeScript reads as type arguments and
            // rejects (ADC001, as tsc would): not a program in the language, skip it
            if ((e as { code?: string }).code === "ADC001") return fc.pre(false);
            throw new Error(`compile/import failed: ${(e as Error).message}\n${where}`);
          }
          const copy = () => x.slice();
          const problems: string[] = [];
          const value = m.f(copy(), s);
          if (!sameNumber(value, run.value)) problems.push(`compiled f ${value} vs instrumented copy ${run.value}`);
          const expected = finiteDiff(m.f, [x, s], [0, 1]) as [Float64Array | number[], number];
          let actual: unknown;
          try {
            actual = m.df(copy(), s);
          } catch (e) {
            throw new Error(`grad threw: ${(e as Error).stack}\n${where}`);
          }
          if (!Array.isArray(actual) || actual.length !== 2) problems.push(`expected [gradient of x, gradient of s], got ${show(actual)}`);
          else {
            const scale = 1 + Math.max(maxAbs(expected[0]), maxAbs(expected[1]));
            const tol = { rtol: RTOL, atol: 1e-6 * scale };
            problems.push(...gradMismatches(actual[0], expected[0], tol).map((p) => `x: ${p}`));
            problems.push(...gradMismatches(actual[1], expected[1], tol).map((p) => `s: ${p}`));
          }
          // through an object and a class instance: the gradient has their structure, null at the string
          const tolObj = { rtol: RTOL, atol: 1e-6 * (1 + Math.max(maxAbs(expected[0]), maxAbs(expected[1]))) };
          const viaObject = m.dg({ inner: { x: copy() }, s, tag: "t" });
          problems.push(...gradMismatches(viaObject, { inner: { x: expected[0] }, s: expected[1], tag: null }, tolObj).map((p) => `via object: ${p}`));
          const viaClass = m.dh(new m.Holder(copy(), s, "t"));
          problems.push(...gradMismatches(viaClass, { x: expected[0], s: expected[1], tag: null }, tolObj).map((p) => `via class: ${p}`));
          // x is left exactly as f leaves it
          const byF = copy();
          m.f(byF, s);
          const byDf = copy();
          m.df(byDf, s);
          problems.push(...exactMismatches(byDf, byF, "x after grad"));
          // valueAndGrad's value is f's, and its gradient is grad's
          const vg = m.vdf(copy(), s);
          if (!sameNumber(vg?.[0], value)) problems.push(`valueAndGrad value ${vg?.[0]} vs f ${value}`);
          if (Array.isArray(actual) && Array.isArray(vg?.[1])) problems.push(...exactMismatches(vg[1], actual, "valueAndGrad gradient"));
          if (problems.length > 0) {
            throw new Error(`${problems.join("\n")}\nactual:   ${show(actual)}\nexpected: ${show(expected)}\n${where}`);
          }
          checked++;
        },
      ),
      {
        seed: Number(process.env.ADC_PROPERTY_SEED ?? 20261130),
        numRuns: Number(process.env.ADC_PROPERTY_RUNS ?? 120),
        // ADC_PROPERTY_TIME_LIMIT (ms) raises the budget for local hunting, so that shrinking can finish
        interruptAfterTimeLimit: Number(process.env.ADC_PROPERTY_TIME_LIMIT ?? 18_000),
        markInterruptAsFailure: false,
      },
    );
    expect(checked).toBeGreaterThan(30);
  });
});
