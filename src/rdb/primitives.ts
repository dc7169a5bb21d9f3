/* eslint-disable no-bitwise -- RDB lengths and string encodings are bit fields */
import { readUint32LE } from './crc64';

/** A primitive reader's answer when the buffer ends before the primitive does. */
export const NEED_MORE = -1;
/** A primitive reader's answer when the bytes are no valid primitive; `problem` says why. */
export const INVALID = -3;

/** How a string is stored in the file. */
export const enum StringKind {
  RAW,
  /** An integer (8, 16 or 32 bits) standing for its decimal text. */
  INT,
  LZF,
}

/**
 * Reads the two primitives every record is made of, RDB lengths and string headers, from a
 * buffer that may end anywhere: each read returns the position after the primitive, NEED_MORE
 * or INVALID, and leaves what it read in the public fields (one reader, reused, allocates nothing).
 */
export class PrimitiveReader {
  /** File offset of `buf[0]` in the buffer being read, so that offsets in reports are the file's. */
  public base = 0;

  /** The last length read (exact up to 2^53). */
  public length = 0;
  /** The halves of the last 64-bit length, for module ids. */
  public lengthHi = 0;
  public lengthLo = 0;

  public stringKind = StringKind.RAW;
  /** Bytes of the string in the file after its header (compressed length for LZF, 0 for an integer). */
  public stringBytes = 0;
  /** Bytes of the string once decoded (not set for an integer). */
  public stringLength = 0;
  /** An integer string's value. */
  public stringValue = 0;
  /** File offset of the string's header. */
  public stringOffset = 0;

  /** Why the last read answered INVALID, and the file offset of the bad byte. */
  public problem = '';
  public problemOffset = 0;

  /** Reads a length; sets `length` (and its halves for a 64-bit one). */
  public readLength(buf: Uint8Array, pos: number, end: number): number {
    if (pos >= end) {
      return NEED_MORE;
    }
    const first = buf[pos];
    switch (first >>> 6) {
      case 0:
        this.length = first;
        return pos + 1;
      case 1:
        if (end - pos < 2) {
          return NEED_MORE;
        }
        this.length = ((first & 0x3f) << 8) | buf[pos + 1];
        return pos + 2;
      case 2:
        if (first === 0x80) {
          if (end - pos < 5) {
            return NEED_MORE;
          }
          this.length = readUint32BE(buf, pos + 1);
          return pos + 5;
        }
        if (first === 0x81) {
          if (end - pos < 9) {
            return NEED_MORE;
          }
          this.lengthHi = readUint32BE(buf, pos + 1);
          this.lengthLo = readUint32BE(buf, pos + 5);
          this.length = this.lengthHi * 2 ** 32 + this.lengthLo;
          return pos + 9;
        }
        return this.invalid(`unknown length encoding 0x${first.toString(16)}`, pos);
      default:
        return this.invalid(`expected a length, found the string encoding byte 0x${first.toString(16)}`, pos);
    }
  }

  /** Reads a string's header; sets `stringKind`, `stringBytes`, `stringLength`, `stringValue`, `stringOffset`. */
  public readString(buf: Uint8Array, pos: number, end: number): number {
    if (pos >= end) {
      return NEED_MORE;
    }
    this.stringOffset = this.base + pos;
    const first = buf[pos];
    if (first < 0xc0) {
      const next = this.readLength(buf, pos, end);
      if (next >= 0) {
        this.stringKind = StringKind.RAW;
        this.stringBytes = this.stringLength = this.length;
      }
      return next;
    }
    switch (first & 0x3f) {
      case 0:
        if (end - pos < 2) {
          return NEED_MORE;
        }
        this.setInteger((buf[pos + 1] << 24) >> 24);
        return pos + 2;
      case 1:
        if (end - pos < 3) {
          return NEED_MORE;
        }
        this.setInteger(((buf[pos + 1] | (buf[pos + 2] << 8)) << 16) >> 16);
        return pos + 3;
      case 2:
        if (end - pos < 5) {
          return NEED_MORE;
        }
        this.setInteger(readUint32LE(buf, pos + 1) | 0);
        return pos + 5;
      case 3: {
        const afterCompressed = this.readLength(buf, pos + 1, end);
        if (afterCompressed < 0) {
          return afterCompressed;
        }
        const compressed = this.length;
        const next = this.readLength(buf, afterCompressed, end);
        if (next >= 0) {
          this.stringKind = StringKind.LZF;
          this.stringBytes = compressed;
          this.stringLength = this.length;
        }
        return next;
      }
      default:
        return this.invalid(`unknown string encoding 0x${first.toString(16)}`, pos);
    }
  }

  /** The decoded length of the string just read: an integer's decimal text, or the (uncompressed) bytes. */
  public get decodedLength(): number {
    return this.stringKind === StringKind.INT ? decimalLength(this.stringValue) : this.stringLength;
  }

  private setInteger(value: number): void {
    this.stringKind = StringKind.INT;
    this.stringValue = value;
    this.stringBytes = 0;
  }

  private invalid(problem: string, pos: number): number {
    this.problem = problem;
    this.problemOffset = this.base + pos;
    return INVALID;
  }
}

/** The length of an integer's decimal text (an RDB integer string is at most 32 bits). */
function decimalLength(value: number): number {
  let length = value < 0 ? 2 : 1;
  for (let rest = Math.abs(value); rest >= 10; rest = Math.floor(rest / 10)) length++;
  return length;
}

function readUint32BE(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}
