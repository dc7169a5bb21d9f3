/**
 * Collects a string from the file (an AUX field) up to a fixed number of bytes, so a huge or
 * hostile value cannot grow memory; the rest is counted, not kept.
 */
export class BoundedText {
  private readonly bytes: Uint8Array;
  private length = 0;

  constructor(private readonly capacity: number) {
    this.bytes = new Uint8Array(capacity);
  }

  /** Starts a new string. */
  public reset(): void {
    this.length = 0;
  }

  /** Adds `source[start..end)`. */
  public update(source: Uint8Array, start: number, end: number): void {
    const kept = Math.max(0, Math.min(end - start, this.capacity - this.length));
    this.bytes.set(source.subarray(start, start + kept), this.length);
    this.length += end - start;
  }

  /** Adds one byte. */
  public updateByte(byte: number): void {
    if (this.length < this.capacity) {
      this.bytes[this.length] = byte;
    }
    this.length++;
  }

  /** The string as UTF-8 text, marked with `…` when it was longer than the capacity. */
  public text(): string {
    const kept = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, Math.min(this.length, this.capacity)).toString('utf8');
    return this.length > this.capacity ? `${kept}…` : kept;
  }
}
