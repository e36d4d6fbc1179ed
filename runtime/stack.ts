// Stacks the generated code records on during the forward sweep and pops during the reverse sweep.
// Typed-array backed, grown by doubling: a push allocates nothing in the steady state.
// One global set is shared by every generated function: the sweeps are strictly LIFO, so nested
// and recursive calls interleave correctly on the same stacks.

/** Values the reverse sweep needs that a later statement overwrites (floats and integers alike). */
export class ValueStack {
  data = new Float64Array(1024);
  top = 0;
  /** data.length, kept in a field: one load fewer per push */
  private cap = 1024;
  push(v: number): void {
    const t = this.top;
    if (t === this.cap) this.grow();
    this.data[t] = v;
    this.top = t + 1;
  }
  pop(): number {
    const t = this.top - 1;
    this.top = t;
    return this.data[t];
  }
  private grow(): void {
    const next = new Float64Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
    this.cap = next.length;
  }
}

/**
 * Branch decisions and loop trip counts. Deliberately a twin of ValueStack rather than one generic
 * class: each stays monomorphic over its typed array, which keeps push and pop inlined by V8.
 */
export class ControlStack {
  data = new Int32Array(1024);
  top = 0;
  /** data.length, kept in a field: one load fewer per push */
  private cap = 1024;
  push(v: number): void {
    const t = this.top;
    if (t === this.cap) this.grow();
    this.data[t] = v;
    this.top = t + 1;
  }
  pop(): number {
    const t = this.top - 1;
    this.top = t;
    return this.data[t];
  }
  private grow(): void {
    const next = new Int32Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
    this.cap = next.length;
  }
}

/** Array references (and their shadows) that a later statement rebinds. */
export class RefStack {
  data: unknown[] = [];
  top = 0;
  push(v: unknown): void {
    this.data[this.top++] = v;
  }
  pop<T = any>(): T {
    const v = this.data[--this.top];
    this.data[this.top] = undefined; // let the reference be collected
    return v as T;
  }
}

export const values = new ValueStack();
export const control = new ControlStack();
export const refs = new RefStack();

/** Scalar adjoints of a helper's parameters, when it has more than one (read right after the call). */
export const adjoints = new Float64Array(256);

/** Drop whatever an aborted sweep left on the stacks. */
export function reset(vTop: number, cTop: number, rTop: number): void {
  values.top = vTop;
  control.top = cTop;
  while (refs.top > rTop) refs.pop();
}
