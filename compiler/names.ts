// Fresh, readable names. Generated code keeps the source names (x, s, w) and derives every new
// name from them (xb for the adjoint of x, Tapenade's convention), adding a numeric suffix only
// when a name is already taken anywhere it could clash.

export class Namer {
  private taken: Set<string>;
  constructor(taken: Iterable<string> = []) {
    this.taken = new Set(taken);
  }
  /** base itself if free, else base1, base2, ... (base_1 when base ends in a digit). */
  fresh(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_$]/g, "_") || "_";
    let name = clean;
    const sep = /[0-9]$/.test(clean) ? "_" : "";
    for (let i = 1; this.taken.has(name) || RESERVED.has(name); i++) name = `${clean}${sep}${i}`;
    this.taken.add(name);
    return name;
  }
  reserve(name: string): void {
    this.taken.add(name);
  }
  has(name: string): boolean {
    return this.taken.has(name);
  }
  /** Every name taken so far. */
  all(): string[] {
    return [...this.taken];
  }
  child(): Namer {
    return new Namer(this.taken);
  }
}

const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof new null return super switch this throw true try typeof var void while with yield let static " +
    "implements interface package private protected public await arguments eval undefined NaN Infinity Math Array " +
    "Float64Array Float32Array Int32Array Object Number String Boolean console").split(" "),
);
