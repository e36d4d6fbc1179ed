// A tiny indentation-aware line buffer for generated code.
export class Code {
  private lines: string[] = [];
  private depth = 0;
  line(text: string): void {
    this.lines.push("  ".repeat(this.depth) + text);
  }
  comment(text: string): void {
    if (text) this.line(`// ${text.replace(/\n/g, " ")}`);
  }
  open(header: string): void {
    this.line(`${header} {`);
    this.depth++;
  }
  close(trailer = ""): void {
    this.depth--;
    this.line(`}${trailer}`);
  }
  /** } else { */
  orElse(): void {
    this.depth--;
    this.line("} else {");
    this.depth++;
  }
  /** header { body } */
  block(header: string, body: () => void): void {
    this.open(header);
    body();
    this.close();
  }
  get length(): number {
    return this.lines.length;
  }
  toString(): string {
    return this.lines.join("\n");
  }
  /** Lines emitted since mark, removed from this buffer. */
  cut(mark: number): string[] {
    return this.lines.splice(mark);
  }
  append(lines: string[]): void {
    for (const l of lines) this.lines.push("  ".repeat(this.depth) + l);
  }
}
