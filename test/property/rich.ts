// Generator of "rich" random programs for the second property of property.test.ts: local arrays of
// every kind (Float64Array, new Array(n).fill(0), literals, push, slice copies, a helper's returned
// array, a 2x3 number[][] with row aliases), reads and compound writes with computed in-range
// indices, writes into the argument x, nested and downward loops, data-dependent while and do…while
// loops bounded by counters, for…of, break/continue (labelled too), early returns, switch with
// fall-through and default, ternaries, && / || on numbers, Math.max/min of 3, Math.hypot,
// module-level helpers (scalar, array + index, writing into an array argument, returning an array,
// recursive with a depth bound, with branches and an early return in a loop), destructuring swaps,
// callbacks (forEach statements with early returns, map/reduce expressions with inline and named
// callbacks, reading the element, the index and captured values) and a local closure `bump` that
// reassigns a captured variable (called in statements and inside expressions).
//
// A program is a sequence of choices (numbers); `render` reads it deterministically, so the TS module
// given to adc and the plain-JS instrumented copy (used to measure how close each non-smooth decision
// came to switching) have the same structure. A choice of 0 always means the simplest option (stop a
// list, take a leaf), so fast-check's shrinking of the choice array shrinks the program. Running out
// of choices reads zeros.
//
// Instrumented copy ("js" mode): comparisons go through __lt/__gt/__le/__ge (operands in the same order), Math.floor of active values through __fl
// (distance to the nearest integer), the left operand of && / || through __tr (|a|), Math.max/min
// through __mx/__mn (gap between the two extreme arguments), Math.hypot through __hy (its value), and
// every element access through __ix, which throws if the index is out of range (a generator bug).

export type XKind = "f64" | "arr";

export interface RichProgram {
  choices: number[];
}

type Mode = "ts" | "js";

interface Loop {
  /** index variable (null for while/do/for…of) */
  idx: string | null;
  /** length class the index ranges over ("n" or "3") */
  bound: "n" | "3" | null;
  label: string | null;
  /** the index of a callback: no break/continue target */
  cb?: boolean;
}

/** arrays of length n (class "n") and of length 3 (class "3"); q (push-only) and m (matrix) apart */
const ARRAYS_N = ["x", "a", "b", "d", "r"];
const ARRAYS_3 = ["c"];

const NVARS = 4;

/**
 * Known compiler bugs to steer around while hunting for others (ADC_PROPERTY_AVOID, comma-separated;
 * empty by default, so CI generates every construct):
 * - switch-call: a helper call with a non-trivial argument inside a switch discriminant.
 */
const AVOID = new Set((process.env.ADC_PROPERTY_AVOID ?? "").split(",").filter(Boolean));

class Gen {
  private k = 0;
  private out: string[] = [];
  private indent = "  ";
  private loops: Loop[] = [];
  /** for…of element variables in scope */
  private elems: string[] = [];
  /** how many switch statements enclose the current point (inside the innermost loop) */
  private switches = 0;
  private ids = 0;
  private loopDepth = 0;
  private stmtsLeft = 40;
  /** > 0: expressions contain no helper calls */
  private noCalls = 0;

  constructor(
    private readonly cs: readonly number[],
    private readonly mode: Mode,
  ) {}

  // ---- choices -------------------------------------------------------------------------------

  private next(): number {
    return this.k < this.cs.length ? this.cs[this.k++] : 0;
  }
  private pick(n: number): number {
    return this.next() % n;
  }
  /** index into weights; choice 0 -> option 0 */
  private weighted(ws: number[]): number {
    const total = ws.reduce((a, b) => a + b, 0);
    let c = this.next() % total;
    for (let i = 0; i < ws.length; i++) {
      if (c < ws[i]) return i;
      c -= ws[i];
    }
    return ws.length - 1;
  }
  private fresh(p: string): string {
    return `${p}${this.ids++}`;
  }

  // ---- rendering helpers ---------------------------------------------------------------------

  private get ts(): boolean {
    return this.mode === "ts";
  }
  private emit(line: string): void {
    this.out.push(this.indent + line);
  }
  private ix(arr: string, i: string): string {
    return this.ts ? `${arr}[${i}]` : `${arr}[__ix(${arr}, ${i})]`;
  }
  private lt(a: string, b: string): string {
    // vary the operator; all have the same margin |a - b|
    const op = this.pick(4);
    if (this.ts) return [`${a} < ${b}`, `${b} > ${a}`, `${a} <= ${b}`, `${b} >= ${a}`][op];
    // the operands are evaluated in the same order as in the TS copy: they may call the closure bump
    return [`__lt(${a}, ${b})`, `__gt(${b}, ${a})`, `__le(${a}, ${b})`, `__ge(${b}, ${a})`][op];
  }
  private num(v: number): string {
    return v < 0 ? `(${v})` : String(v);
  }
  private constant(): string {
    return this.num((this.pick(31) - 15) / 10);
  }
  private wrap(e: string): string {
    switch (this.pick(4)) {
      case 0:
        return `Math.tanh(${e})`;
      case 1:
        return `Math.sin(${e})`;
      case 2:
        return `Math.cos(${e})`;
      default:
        return `(${e}) / Math.sqrt(1 + (${e}) * (${e}))`;
    }
  }

  // ---- indices -------------------------------------------------------------------------------

  /** An integer expression in [0, L) for the length class L. */
  private index(L: "n" | "3"): string {
    const len = L === "n" ? "n" : "3";
    const loops = this.loops.filter((l) => l.idx !== null);
    const opts = this.weighted([3, loops.length > 0 ? 6 : 0, loops.length > 0 ? 3 : 0, loops.length > 1 ? 2 : 0]);
    if (opts === 0) return String(this.pick(3));
    const lp = loops[this.pick(loops.length)];
    const i = lp.idx!;
    if (opts === 2 || lp.bound !== L) {
      const k = this.pick(3);
      return k === 0 && lp.bound === L ? i : `(${i} + ${k}) % ${len}`;
    }
    if (opts === 3) {
      const other = loops[(loops.indexOf(lp) + 1) % loops.length].idx!;
      return `(${i} + ${other}) % ${len}`;
    }
    return this.pick(2) === 0 ? i : `${len} - 1 - ${i}`;
  }

  /** An integer in 0..3 for the recursion depth. */
  private depthArg(): string {
    const loops = this.loops.filter((l) => l.idx !== null);
    if (loops.length > 0 && this.pick(2) === 1) return `${loops[loops.length - 1].idx} % 3`;
    return String(this.pick(4));
  }

  // ---- expressions ---------------------------------------------------------------------------

  private arrayRead(): string {
    const w = this.weighted([4, 1, 2]);
    if (w === 0) {
      const A = ARRAYS_N[this.pick(ARRAYS_N.length)];
      return this.ix(A, this.index("n"));
    }
    if (w === 1) return this.ix("c", this.index("3"));
    // matrix element, or through the helper
    if (this.pick(2) === 0) return `${this.ix("m", this.rowIndex())}[${this.ts ? this.index("3") : `__ix(m[0], ${this.index("3")})`}]`;
    const A = ARRAYS_N[this.pick(ARRAYS_N.length)];
    return `at(${A}, ${this.index("n")} + ${this.pick(3)})`;
  }

  private rowIndex(): string {
    const loops = this.loops.filter((l) => l.idx !== null);
    if (loops.length > 0 && this.pick(2) === 1) {
      const i = loops[this.pick(loops.length)].idx!;
      return this.pick(2) === 0 ? `${i} % 2` : `(${i} + 1) % 2`;
    }
    return String(this.pick(2));
  }

  private leaf(): string {
    const w = this.weighted([4, 2, 2, 4, this.elems.length > 0 ? 3 : 0, 1]);
    switch (w) {
      case 0:
        return `v${this.pick(NVARS)}`;
      case 1:
        return "s";
      case 2:
        return this.constant();
      case 3:
        return this.arrayRead();
      case 4:
        return this.elems[this.pick(this.elems.length)];
      default:
        return `(q.length > 0 ? ${this.ix("q", "q.length - 1")} : 0.25)`;
    }
  }

  expr(depth: number): string {
    if (depth <= 0) return this.leaf();
    const calls = this.noCalls ? 0 : 1;
    const w = this.weighted([5, 6, 3, 2, 1, 2, 1, 2 * calls, 2 * calls, calls, calls, calls, calls]);
    const sub = () => this.expr(depth - 1);
    switch (w) {
      case 0:
        return this.leaf();
      case 1: {
        const op = this.pick(4);
        const a = sub();
        const b = sub();
        return op === 3 ? `(${a} / (1 + ${b} * ${b}))` : `(${a} ${["+", "-", "*"][op]} ${b})`;
      }
      case 2: {
        const f = this.pick(6);
        const a = sub();
        return [`(-${a})`, `Math.sin(${a})`, `Math.cos(${a})`, `Math.tanh(${a})`, `Math.exp(Math.tanh(${a}))`, `Math.sqrt(1 + ${a} * ${a})`][f];
      }
      case 3: {
        const c = this.lt(sub(), sub());
        return `(${c} ? ${sub()} : ${sub()})`;
      }
      case 4: {
        const op = this.pick(2) === 0 ? "&&" : "||";
        const a = sub();
        const b = sub();
        return this.ts ? `(${a} ${op} ${b})` : `(__tr(${a}) ${op} ${b})`;
      }
      case 5: {
        const f = this.pick(2) === 0 ? "max" : "min";
        const args = `${sub()}, ${sub()}, ${sub()}`;
        return this.ts ? `Math.${f}(${args})` : `__${f === "max" ? "mx" : "mn"}(${args})`;
      }
      case 6: {
        const args = `${sub()}, ${sub()}, ${this.pick(2) === 0 ? "0.5" : sub()}`;
        return this.ts ? `Math.hypot(${args})` : `__hy(${args})`;
      }
      case 7:
        return `mix(${sub()}, ${sub()})`;
      case 8:
        return `rec(${sub()}, ${this.depthArg()})`;
      case 9:
        return `gate(${sub()}, ${sub()})`;
      case 10: {
        const A = ARRAYS_N[this.pick(ARRAYS_N.length)];
        return this.pick(2) === 0 ? `dot(${A}, ${ARRAYS_N[this.pick(ARRAYS_N.length)]})` : `firstAbove(${A}, ${sub()})`;
      }
      case 11:
        return this.callbackExpr(depth);
      default:
        return `bump(${sub()})`;
    }
  }

  /** Run gen as a callback body over an array of length class L: its index j, its element e. */
  private inCallback<T>(L: "n" | "3", gen: (e: string, j: string) => T): T {
    const e = this.fresh("e");
    const j = this.fresh("j");
    const saved = { loops: this.loops, switches: this.switches };
    this.loops = [{ idx: j, bound: L, label: null, cb: true }];
    this.switches = 0;
    this.elems.push(e);
    try {
      return gen(e, j);
    } finally {
      this.elems.pop();
      this.loops = saved.loops;
      this.switches = saved.switches;
    }
  }

  private callbackExpr(depth: number): string {
    const L: "n" | "3" = this.pick(4) === 3 ? "3" : "n";
    const A = L === "3" ? "c" : ARRAYS_N[this.pick(ARRAYS_N.length)];
    switch (this.pick(3)) {
      case 0: {
        const body = this.inCallback(L, (e, j) => [e, j, this.expr(depth - 1)]);
        return `${A}.map((${body[0]}, ${body[1]}) => ${body[2]}).reduce((p, q) => p + q, 0)`;
      }
      case 1: {
        const init = this.expr(depth - 1);
        const body = this.inCallback(L, (e, j) => [e, j, this.expr(depth - 1)]);
        return `${A}.reduce((p, ${body[0]}, ${body[1]}) => p * 0.5 + ${body[2]}, ${init})`;
      }
      default:
        return `${A}.map(mix).reduce((p, q) => p + q)`;
    }
  }

  // ---- statements ----------------------------------------------------------------------------

  private block(depth: number, min: number, max: number): void {
    const saved = this.indent;
    this.indent += "  ";
    let count = 0;
    while (count < min || (count < max && this.stmtsLeft > 0 && this.pick(3) !== 0)) {
      this.stmt(depth);
      count++;
    }
    this.indent = saved;
  }

  private update(target: string): void {
    const op = this.weighted([3, 3, 2]);
    const e = this.expr(2);
    if (op === 0) this.emit(`${target} = ${this.wrap(e)};`);
    else if (op === 1) this.emit(`${target} += 0.5 * Math.tanh(${e});`);
    else this.emit(`${target} *= 0.9 + 0.15 * Math.tanh(${e});`);
  }

  private jumpTargets(): { brk: boolean; cont: boolean; labels: Loop[] } {
    return {
      brk: this.loops.some((l) => !l.cb) || this.switches > 0,
      cont: this.loops.some((l) => !l.cb),
      labels: this.loops.filter((l) => l.label !== null),
    };
  }

  stmt(depth: number): void {
    this.stmtsLeft--;
    const J = this.jumpTargets();
    const canLoop = depth > 0 && this.loopDepth < 2;
    const w = this.weighted([
      /* 0 assign var */ 6,
      /* 1 element update */ 6,
      /* 2 push */ 1,
      /* 3 swap */ 1,
      /* 4 row alias */ 2,
      /* 5 axpy */ 1,
      /* 6 r = scaled */ 1,
      /* 7 early return */ 1,
      /* 8 break/continue */ J.cont || J.brk ? 2 : 0,
      /* 9 if */ depth > 0 ? 3 : 0,
      /* 10 for */ canLoop ? 3 : 0,
      /* 11 while */ canLoop ? 2 : 0,
      /* 12 do-while */ canLoop ? 1 : 0,
      /* 13 for-of */ canLoop ? 2 : 0,
      /* 14 switch */ depth > 0 ? 2 : 0,
      /* 15 forEach */ depth > 0 && this.loopDepth < 2 ? 2 : 0,
      /* 16 closure */ 1,
    ]);
    switch (w) {
      case 0:
        return this.update(`v${this.pick(NVARS)}`);
      case 1: {
        const t = this.weighted([4, 2, 1]);
        if (t === 0) return this.update(this.ix(ARRAYS_N[this.pick(ARRAYS_N.length)], this.index("n")));
        if (t === 1) return this.update(this.ix("c", this.index("3")));
        return this.update(`${this.ix("m", this.rowIndex())}[${this.ts ? this.index("3") : `__ix(m[0], ${this.index("3")})`}]`);
      }
      case 2:
        return this.emit(`q.push(${this.wrap(this.expr(2))});`);
      case 3: {
        const a = this.pick(NVARS);
        const b = (a + 1 + this.pick(NVARS - 1)) % NVARS;
        return this.emit(`[v${a}, v${b}] = [v${b}, v${a}];`);
      }
      case 4: {
        const row = this.fresh("row");
        this.emit(`{`);
        this.indent += "  ";
        this.emit(`const ${row} = ${this.ix("m", this.rowIndex())};`);
        this.update(this.ix(row, this.index("3")));
        if (this.pick(2) === 1) this.emit(`v${this.pick(NVARS)} += 0.25 * ${this.ix(row, this.index("3"))};`);
        this.indent = this.indent.slice(2);
        return this.emit(`}`);
      }
      case 5: {
        const pool = [...ARRAYS_N, "c"];
        const src = pool[this.pick(pool.length)];
        const dst = pool[this.pick(pool.length)];
        return this.emit(`axpy(0.5 * Math.tanh(${this.expr(1)}), ${src}, ${dst});`);
      }
      case 6: {
        const src = [...ARRAYS_N, "c"][this.pick(ARRAYS_N.length + 1)];
        // r keeps length n: scaled of c (length 3) is padded through at()
        if (src === "c") return this.emit(`r = scaled(r, Math.tanh(${this.expr(1)}) + ${this.ix("c", this.index("3"))});`);
        return this.emit(`r = scaled(${src}, ${this.expr(1)});`);
      }
      case 7:
        return this.emit(`if (${this.lt(this.expr(1), this.expr(1))}) return ${this.expr(2)};`);
      case 8: {
        const cond = this.lt(this.expr(1), this.expr(1));
        const opts: string[] = [];
        if (J.brk) opts.push("break;");
        if (J.cont) opts.push("continue;");
        for (const l of J.labels) opts.push(`break ${l.label};`, `continue ${l.label};`);
        return this.emit(`if (${cond}) ${opts[this.pick(opts.length)]}`);
      }
      case 9: {
        this.emit(`if (${this.lt(this.expr(2), this.expr(2))}) {`);
        this.block(depth - 1, 1, 3);
        if (this.pick(2) === 1) {
          this.emit(`} else {`);
          this.block(depth - 1, 1, 2);
        }
        return this.emit(`}`);
      }
      case 10: {
        const i = this.fresh("i");
        const bound: "n" | "3" = this.pick(4) === 3 ? "3" : "n";
        const len = bound === "3" ? "3" : ["n", "x.length", "b.length"][this.pick(3)];
        const label = this.pick(2) === 1 ? this.fresh("L") : null;
        const head =
          this.pick(3) === 2 ? `for (let ${i} = ${len} - 1; ${i} >= 0; ${i}--)` : `for (let ${i} = 0; ${i} < ${len}; ${i}++)`;
        return this.loop(`${label ? label + ": " : ""}${head} {`, `}`, { idx: i, bound, label }, depth, () => {});
      }
      case 11: {
        const wv = this.fresh("w");
        const trips = 1 + this.pick(3);
        const label = this.pick(2) === 1 ? this.fresh("L") : null;
        const cond = this.lt(`v${this.pick(NVARS)}`, this.constant());
        this.emit(`let ${wv} = 0;`);
        const test = this.pick(2) === 0 ? `${wv} < ${trips} && ${cond}` : `${cond} && ${wv} < ${trips}`;
        return this.loop(`${label ? label + ": " : ""}while (${test}) {`, `}`, { idx: null, bound: null, label }, depth, () =>
          this.emit(`  ${wv}++;`),
        );
      }
      case 12: {
        const dv = this.fresh("k");
        const trips = 1 + this.pick(3);
        const label = this.pick(2) === 1 ? this.fresh("L") : null;
        this.emit(`let ${dv} = 0;`);
        return this.loop(
          `${label ? label + ": " : ""}do {`,
          () => `} while (${dv} < ${trips} && ${this.lt(this.expr(1), this.expr(1))});`,
          { idx: null, bound: null, label },
          depth,
          () => this.emit(`  ${dv}++;`),
        );
      }
      case 13: {
        const e = this.fresh("e");
        const over = ["x", "x", "c", "d", "r"][this.pick(5)];
        const label = this.pick(3) === 2 ? this.fresh("L") : null;
        this.elems.push(e);
        this.loop(`${label ? label + ": " : ""}for (const ${e} of ${over}) {`, `}`, { idx: null, bound: null, label }, depth, () => {});
        this.elems.pop();
        return;
      }
      case 14:
        return this.switchStmt(depth);
      case 15: {
        const L: "n" | "3" = this.pick(4) === 3 ? "3" : "n";
        const A = L === "3" ? "c" : ARRAYS_N[this.pick(ARRAYS_N.length)];
        return this.inCallback(L, (e, j) => {
          this.emit(`${A}.forEach((${e}, ${j}) => {`);
          this.loopDepth++;
          this.block(depth - 1, 1, 3);
          this.loopDepth--;
          this.emit(`});`);
        });
      }
      case 16:
        return this.emit(`bump(${this.expr(2)});`);
    }
  }

  private loop(head: string, tail: string | (() => string), lp: Loop, depth: number, prologue: () => void): void {
    this.emit(head);
    prologue();
    const savedSwitches = this.switches;
    this.switches = 0;
    this.loops.push(lp);
    this.loopDepth++;
    this.block(depth - 1, 1, 3);
    this.loopDepth--;
    this.loops.pop();
    this.switches = savedSwitches;
    this.emit(typeof tail === "string" ? tail : tail());
  }

  private switchStmt(depth: number): void {
    const loops = this.loops.filter((l) => l.idx !== null);
    let disc: string;
    let values: number[];
    const w = this.weighted([2, loops.length > 0 ? 3 : 0, 2]);
    if (w === 0) {
      disc = "n % 3";
      values = [0, 1, 2];
    } else if (w === 1) {
      const i = loops[this.pick(loops.length)].idx!;
      disc = this.pick(2) === 0 ? `${i} % 3` : `(${i} + ${1 + this.pick(3)}) % 4`;
      values = [0, 1, 2, 3];
    } else {
      // Math.floor of an active value: in [-2, 1]
      if (AVOID.has("switch-call")) this.noCalls++;
      const e = this.expr(1);
      if (AVOID.has("switch-call")) this.noCalls--;
      disc = this.ts ? `Math.floor(2 * Math.tanh(${e}))` : `__fl(2 * Math.tanh(${e}))`;
      values = [-2, -1, 0, 1];
    }
    const cases = values.filter(() => this.pick(3) !== 0);
    if (cases.length === 0) cases.push(values[0]);
    const defaultAt = this.pick(cases.length + 2); // > cases.length: no default
    this.emit(`switch (${disc}) {`);
    this.switches++;
    for (let c = 0; c <= cases.length; c++) {
      if (c === defaultAt) this.caseBody(`default:`, depth);
      if (c < cases.length) this.caseBody(`case ${cases[c]}:`, depth);
    }
    this.switches--;
    this.emit(`}`);
  }

  private caseBody(label: string, depth: number): void {
    this.emit(label);
    this.indent += "  ";
    const n = this.pick(3); // 0..2 statements (0: pure fall-through)
    for (let j = 0; j < n; j++) this.stmt(depth - 1);
    if (this.pick(2) === 1) this.emit(`break;`);
    this.indent = this.indent.slice(2);
  }

  // ---- module --------------------------------------------------------------------------------

  body(): string[] {
    const T = this.ts;
    this.emit(`const n = x.length;`);
    this.emit(`let v0${T ? ": number" : ""} = s;`);
    this.emit(`let v1${T ? ": number" : ""} = x[0];`);
    this.emit(`let v2${T ? ": number" : ""} = Math.tanh(s * x[1]);`);
    this.emit(`let v3${T ? ": number" : ""} = 0.5;`);
    // a local closure that reassigns a captured variable and returns early
    this.emit(`const bump = (t${T ? ": number" : ""}) => {`);
    this.emit(`  if (${T ? "t < -2" : "__lt(t, -2)"}) return 0.5 * t;`);
    this.emit(`  v3 = 0.8 * v3 + 0.2 * Math.tanh(t);`);
    this.emit(`  return v3 * t;`);
    this.emit(`};`);
    this.emit(`const a = new Float64Array(n);`);
    if (this.pick(2) === 1) this.emit(`for (let i = 0; i < n; i++) a[i] = Math.tanh(x[i] + 0.5 * s);`);
    this.emit(`const b${T ? ": number[]" : ""} = new Array(n).fill(0);`);
    this.emit(`const c${T ? ": number[]" : ""} = [x[0] * s, Math.sin(x[1]), 0.5];`);
    this.emit(`const d = x.slice();`);
    this.emit(`const q${T ? ": number[]" : ""} = [];`);
    this.emit(`let r${T ? ": number[]" : ""} = scaled(${this.pick(2) === 0 ? "x" : "d"}, s);`);
    if (this.pick(2) === 0) {
      this.emit(`const m${T ? ": number[][]" : ""} = [[x[0], Math.tanh(s * x[1]), x[2]], [0.5, x[n - 1], Math.sin(x[1] + s)]];`);
    } else {
      this.emit(`const m${T ? ": number[][]" : ""} = [];`);
      this.emit(`for (let i = 0; i < 2; i++) {`);
      this.emit(`  const row${T ? ": number[]" : ""} = [];`);
      this.emit(`  for (let j = 0; j < 3; j++) row.push(Math.tanh(x[(i + j) % n] * (1 + 0.5 * s)));`);
      this.emit(`  m.push(row);`);
      this.emit(`}`);
    }
    const saved = this.indent;
    this.indent = saved.slice(2);
    this.block(3, 2, 6);
    this.indent = saved;
    const res = this.expr(2);
    this.emit(`let tq = 0;`);
    this.emit(`for (const e of q) tq += e;`);
    this.emit(
      `return ${res} + v0 + 0.5 * v1 + v2 * v3 + 0.3 * total(a) + 0.2 * total(b) - 0.1 * total(c) + 0.15 * total(d) + 0.25 * total(r) + 0.1 * tq + ${this.ix("m", "0")}[1] * m[1][2] + 0.3 * total(m[1]) + 0.05 * total(x);`,
    );
    return this.out;
  }

  xKind: XKind = "f64";
  init(): void {
    this.xKind = this.pick(3) === 2 ? "arr" : "f64";
  }

  helpers(): string[] {
    const T = this.ts;
    const n = T ? ": number" : "";
    const arr = T ? ": number[]" : "";
    const lt = (a: string, b: string) => (T ? `${a} < ${b}` : `__lt(${a}, ${b})`);
    return [
      `function mix(a${n}, b${n})${n} {`,
      `  return Math.tanh(a * b) + 0.5 * Math.sin(a);`,
      `}`,
      `function at(v${arr}, i${n})${n} {`,
      `  return v[i % v.length];`,
      `}`,
      `function total(v${arr})${n} {`,
      `  let t = 0;`,
      `  for (let i = 0; i < v.length; i++) t += v[i] * (1 + 0.25 * i);`,
      `  return t;`,
      `}`,
      `function dot(u${arr}, v${arr})${n} {`,
      `  let t = 0;`,
      `  for (let i = 0; i < u.length; i++) t += u[i] * v[i % v.length];`,
      `  return Math.tanh(t);`,
      `}`,
      `function axpy(a${n}, u${arr}, w${arr})${T ? ": void" : ""} {`,
      `  for (let i = 0; i < w.length; i++) w[i] += a * u[i % u.length];`,
      `}`,
      `function scaled(v${arr}, k${n})${arr} {`,
      `  const out${arr} = [];`,
      `  for (let i = 0; i < v.length; i++) out.push(Math.tanh(v[i] * k + 0.1 * i));`,
      `  return out;`,
      `}`,
      `function rec(a${n}, depth${n})${n} {`,
      `  if (depth <= 0) return Math.tanh(a);`,
      `  return 0.5 * rec(Math.sin(a) + 0.3 * a, depth - 1) + 0.25 * a;`,
      `}`,
      `function gate(a${n}, b${n})${n} {`,
      `  if (${lt("a", "b")}) return Math.tanh(a - b);`,
      `  return 0.5 * Math.sin(b) * a;`,
      `}`,
      `function firstAbove(v${arr}, t${n})${n} {`,
      `  for (let i = 0; i < v.length; i++) {`,
      `    if (${lt("t", "v[i]")}) return v[i] * t;`,
      `  }`,
      `  return 0.5 * t;`,
      `}`,
    ];
  }
}

function generate(p: RichProgram, mode: Mode): { xKind: XKind; helpers: string[]; body: string[] } {
  const g = new Gen(p.choices, mode);
  g.init();
  const body = g.body();
  return { xKind: g.xKind, helpers: g.helpers(), body };
}

export function xKindOf(p: RichProgram): XKind {
  return generate(p, "js").xKind;
}

/** The TS module compiled by adc (exports f, df = grad(f, [0, 1]), vdf = valueAndGrad(f, [0, 1])). */
export function renderRichModule(p: RichProgram): string {
  const { xKind, helpers, body } = generate(p, "ts");
  return [
    `import { grad, valueAndGrad } from "adc";`,
    ``,
    ...helpers,
    ``,
    `export function f(x: ${xKind === "f64" ? "Float64Array" : "number[]"}, s: number): number {`,
    ...body,
    `}`,
    ``,
    `export const df = grad(f, [0, 1]);`,
    `export const vdf = valueAndGrad(f, [0, 1]);`,
    ``,
    `// the same program reached through an object and through a class instance (transform/objects)`,
    `export class Holder {`,
    `  constructor(public x: ${xKind === "f64" ? "Float64Array" : "number[]"}, public s: number, public tag: string) {}`,
    `  value(): number { return f(this.x, this.s); }`,
    `}`,
    `export function g(p: { inner: { x: ${xKind === "f64" ? "Float64Array" : "number[]"} }; s: number; tag: string }): number {`,
    `  const { s } = p;`,
    `  return f(p.inner.x, s);`,
    `}`,
    `export function h(o: Holder): number { return o.value(); }`,
    `export const dg = grad(g);`,
    `export const dh = grad(h);`,
    ``,
  ].join("\n");
}

/** Plain-JS instrumented copy of the program. */
export function renderRichInstrumented(p: RichProgram): string {
  const { helpers, body } = generate(p, "js");
  return [...helpers, `return function f(x, s) {`, ...body, `};`].join("\n");
}

export interface MarginResult {
  margin: number;
  value: number;
}

/**
 * Runs the instrumented copy on (a copy of) x and s; returns the smallest distance to a switch of any
 * non-smooth decision, and the value. Throws if the program indexes out of range (a generator bug).
 */
export function richMargin(p: RichProgram, x: Float64Array | number[], s: number): MarginResult {
  let margin = Infinity;
  const note = (m: number) => {
    if (!(m >= 0)) m = 0; // NaN counts as "on a switch"
    if (m < margin) margin = m;
  };
  const hooks = {
    __lt: (a: number, b: number) => (note(Math.abs(a - b)), a < b),
    __gt: (a: number, b: number) => (note(Math.abs(a - b)), a > b),
    __le: (a: number, b: number) => (note(Math.abs(a - b)), a <= b),
    __ge: (a: number, b: number) => (note(Math.abs(a - b)), a >= b),
    __fl: (v: number) => (note(Math.abs(v - Math.round(v))), Math.floor(v)),
    __tr: (v: number) => (note(Math.abs(v)), v),
    __mx: (...v: number[]) => {
      const s = [...v].sort((p, q) => q - p);
      note(s[0] - s[1]);
      return Math.max(...v);
    },
    __mn: (...v: number[]) => {
      const s = [...v].sort((p, q) => p - q);
      note(s[1] - s[0]);
      return Math.min(...v);
    },
    __hy: (...v: number[]) => {
      const h = Math.hypot(...v);
      note(h);
      return h;
    },
    __ix: (arr: ArrayLike<number>, i: number) => {
      if (!Number.isInteger(i) || i < 0 || i >= arr.length) throw new Error(`generator bug: index ${i} out of range 0..${arr.length - 1}`);
      return i;
    },
  };
  const names = Object.keys(hooks);
  const f = new Function(...names, renderRichInstrumented(p))(...Object.values(hooks)) as (x: unknown, s: number) => number;
  const value = f(Array.isArray(x) ? x.slice() : x.slice(), s);
  return { margin, value };
}
