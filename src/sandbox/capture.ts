// Output of a sandboxed process: the first bytes are kept, all of them are counted, so a program
// that prints a gigabyte costs a counter, not a gigabyte of memory.
export class BoundedCapture {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  total = 0;

  constructor(private readonly keep: number) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.kept >= this.keep) return;
    const piece = chunk.subarray(0, this.keep - this.kept);
    this.chunks.push(piece);
    this.kept += piece.length;
  }

  text(): string {
    const text = Buffer.concat(this.chunks).toString('utf8');
    return this.total > this.kept ? text.replace(/\uFFFD$/, '') : text;
  }
}
