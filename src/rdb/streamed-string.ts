import { BoundedText } from './bounded-text';
import { printable } from './descriptions';
import { KeySlotHasher } from './key-slot';
import { LzfStream } from './lzf';
import { PrimitiveReader, StringKind } from './primitives';

/** The longest AUX value kept; the rest is counted, not kept. */
const MAX_AUX_BYTES = 64 * 1024;

const enum Target {
  NONE,
  /** A key's name, hashed to its cluster slot. */
  KEY,
  /** An AUX field's name or value, kept as bounded text. */
  TEXT,
}

/**
 * The strings whose bytes matter, as they stream past in pieces: a key's name goes to the slot
 * hasher, an AUX field to bounded text, and an LZF-compressed one through the decompressor
 * first. Nothing is held whole, whatever length the file claims.
 */
export class StreamedString {
  /** The key named last: its slot and first bytes. */
  public readonly key = new KeySlotHasher();
  private readonly lzf = new LzfStream();
  private readonly text = new BoundedText(MAX_AUX_BYTES);
  private readonly digits = new Uint8Array(24);
  private target = Target.NONE;
  private compressed = false;

  /** Whether a string is waiting for its bytes through `feed`. */
  public get streaming(): boolean {
    return this.target !== Target.NONE;
  }

  /** Whether the string streaming is a key's name (else AUX text). */
  public get isKey(): boolean {
    return this.target === Target.KEY;
  }

  /**
   * Starts a key's name, whose header `primitive` has read, when it does not lie whole in the
   * buffer (`key.wholeKey` takes those). Returns true when the name is complete (an integer's
   * text), false when its `stringBytes` must stream through `feed`.
   */
  public startKey(primitive: PrimitiveReader): boolean {
    this.key.reset();
    switch (primitive.stringKind) {
      case StringKind.INT: {
        // An integer-encoded key is its decimal text.
        const text = String(primitive.stringValue);
        for (let i = 0; i < text.length; i++) {
          this.digits[i] = text.charCodeAt(i);
        }
        this.key.update(this.digits, 0, text.length);
        return true;
      }
      case StringKind.LZF:
        this.lzf.reset(primitive.stringLength, this.key);
        this.stream(Target.KEY, true);
        return false;
      default:
        this.stream(Target.KEY, false);
        return false;
    }
  }

  /** Starts an AUX name or value; returns its text when complete (an integer), else undefined: its bytes stream through `feed`. */
  public startText(primitive: PrimitiveReader): string | undefined {
    this.text.reset();
    switch (primitive.stringKind) {
      case StringKind.INT:
        return String(primitive.stringValue);
      case StringKind.LZF:
        this.lzf.reset(primitive.stringLength, this.text);
        this.stream(Target.TEXT, true);
        return undefined;
      default:
        this.stream(Target.TEXT, false);
        return undefined;
    }
  }

  /** Takes the next bytes of the streaming string; returns why they are invalid, or undefined. */
  public feed(buf: Uint8Array, start: number, end: number): string | undefined {
    if (this.compressed) {
      return this.lzf.update(buf, start, end);
    }
    if (this.target === Target.KEY) {
      this.key.update(buf, start, end);
    } else {
      this.text.update(buf, start, end);
    }
    return undefined;
  }

  /** Ends the streaming string; returns why it is invalid (an LZF string that ends early), or undefined. */
  public finish(): string | undefined {
    this.target = Target.NONE;
    return this.compressed ? this.lzf.finish() : undefined;
  }

  /** The key named last, as printable text, shortened. */
  public keyName(): string {
    const head = this.key.head();
    return `${printable(head)}${this.key.length > head.length ? '…' : ''}`;
  }

  /** The AUX text just finished. */
  public textRead(): string {
    return this.text.text();
  }

  private stream(target: Target, compressed: boolean): void {
    this.target = target;
    this.compressed = compressed;
  }
}
