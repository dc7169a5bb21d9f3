/* eslint-disable no-bitwise -- LZF control bytes are bit fields */

/** Where decompressed bytes go. */
export interface ByteSink {
  updateByte(byte: number): void;
}

/** LZF back-references reach at most this far back. */
const WINDOW = 8192;

const enum Phase {
  CONTROL,
  LITERAL,
  LENGTH,
  OFFSET,
}

/**
 * An LZF decompressor that takes its input in pieces and keeps only the last 8 KiB of output,
 * so a compressed key of any size can be hashed without holding it, and a claimed
 * uncompressed length is never used to size anything.
 */
export class LzfStream {
  /** Bytes produced so far. */
  public produced = 0;
  private expected = 0;
  private readonly window = new Uint8Array(WINDOW);
  private phase = Phase.CONTROL;
  private literal = 0;
  private copyLength = 0;
  private control = 0;
  private sink: ByteSink | undefined;

  /** Starts a string that should decompress to `expected` bytes, sending them to `sink`. */
  public reset(expected: number, sink: ByteSink): void {
    this.expected = expected;
    this.sink = sink;
    this.produced = 0;
    this.phase = Phase.CONTROL;
  }

  /**
   * Decompresses `input[start..end)`. Returns an error message when the data is not valid LZF
   * for the expected length, undefined otherwise.
   */
  public update(input: Uint8Array, start: number, end: number): string | undefined {
    for (let i = start; i < end; i++) {
      const byte = input[i];
      switch (this.phase) {
        case Phase.CONTROL:
          if (byte < 32) {
            this.literal = byte + 1;
            this.phase = Phase.LITERAL;
          } else {
            this.control = byte;
            this.copyLength = byte >>> 5;
            this.phase = this.copyLength === 7 ? Phase.LENGTH : Phase.OFFSET;
          }
          break;
        case Phase.LITERAL:
          if (this.produced >= this.expected) {
            return 'LZF data decompresses to more than its stated length';
          }
          this.emit(byte);
          if (--this.literal === 0) {
            this.phase = Phase.CONTROL;
          }
          break;
        case Phase.LENGTH:
          this.copyLength += byte;
          this.phase = Phase.OFFSET;
          break;
        case Phase.OFFSET: {
          const distance = ((this.control & 0x1f) << 8) + byte + 1;
          const length = this.copyLength + 2;
          if (distance > this.produced) {
            return 'LZF back-reference points before the start of the data';
          }
          if (this.produced + length > this.expected) {
            return 'LZF data decompresses to more than its stated length';
          }
          for (let n = 0; n < length; n++) {
            this.emit(this.window[(this.produced - distance) & (WINDOW - 1)]);
          }
          this.phase = Phase.CONTROL;
          break;
        }
      }
    }
    return undefined;
  }

  /** Checks, once all input is in, that the data ended cleanly at the expected length. */
  public finish(): string | undefined {
    if (this.phase !== Phase.CONTROL) {
      return 'LZF data ends in the middle of an instruction';
    }
    if (this.produced !== this.expected) {
      return `LZF data decompresses to ${this.produced} bytes, not the stated ${this.expected}`;
    }
    return undefined;
  }

  private emit(byte: number): void {
    this.window[this.produced & (WINDOW - 1)] = byte;
    this.produced++;
    this.sink!.updateByte(byte);
  }
}
