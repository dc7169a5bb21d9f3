/* eslint-disable no-bitwise -- a CRC is bit arithmetic */
import { SLOT_COUNT } from '../model/slots';

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * The cluster hash slot of a key: CRC16/XMODEM of the key, or of its hashtag (the bytes between
 * the first `{` and the first `}` after it, when there is at least one), masked to 14 bits.
 *
 * Most keys have no `{`: they are hashed four bytes a step in the same pass that looks for one,
 * and only a key with a `{` is hashed again byte by byte.
 */
export function keySlot(key: Uint8Array, start = 0, end = key.length): number {
  let crc = 0;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const b0 = key[i];
    const b1 = key[i + 1];
    const b2 = key[i + 2];
    const b3 = key[i + 3];
    if (b0 === OPEN_BRACE || b1 === OPEN_BRACE || b2 === OPEN_BRACE || b3 === OPEN_BRACE) {
      return braceKeySlot(key, i, start, end);
    }
    const top = crc ^ ((b0 << 8) | b1);
    crc = CRC16_TABLES[3 * 256 + (top >>> 8)] ^ CRC16_TABLES[2 * 256 + (top & 0xff)] ^ CRC16_TABLES[256 + b2] ^ CRC16_TABLES[b3];
  }
  for (; i < end; i++) {
    const byte = key[i];
    if (byte === OPEN_BRACE) {
      return braceKeySlot(key, i, start, end);
    }
    crc = ((crc << 8) ^ CRC16_TABLES[(crc >>> 8) ^ byte]) & 0xffff;
  }
  return crc & (SLOT_COUNT - 1);
}

/** `keySlot` of a key with a `{` at or after `from`. */
function braceKeySlot(key: Uint8Array, from: number, start: number, end: number): number {
  let open = from;
  while (key[open] !== OPEN_BRACE) open++;
  let close = open + 1;
  while (close < end && key[close] !== CLOSE_BRACE) close++;
  if (close < end && close > open + 1) {
    return crc16(key, open + 1, close) & (SLOT_COUNT - 1);
  }
  return crc16(key, start, end) & (SLOT_COUNT - 1);
}

/** CRC16/XMODEM (polynomial 0x1021, initial 0), as Redis Cluster uses it. */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length, initial = 0): number {
  let crc = initial;
  for (let i = start; i < end; i++) {
    crc = ((crc << 8) ^ CRC16_TABLES[((crc >>> 8) ^ bytes[i]) & 0xff]) & 0xffff;
  }
  return crc;
}

const enum TagState {
  /** No `{` yet. */
  SEEKING_OPEN,
  /** Inside `{…`, hashing the tag. */
  IN_TAG,
  /** A non-empty tag was closed: it decides the slot. */
  TAGGED,
  /** `{}` or no closing brace: the whole key decides the slot. */
  WHOLE,
}

/**
 * The slot of a key that arrives in pieces (a key longer than a chunk, or an LZF-compressed one),
 * with the same hashtag rule as `keySlot`, without holding the key. Also keeps its first bytes
 * so that messages can name the key.
 */
export class KeySlotHasher {
  /** How many leading bytes of the key are kept for messages. */
  public static readonly PREVIEW_BYTES = 64;

  /** Bytes of the key seen so far. */
  public length = 0;
  private readonly preview = new Uint8Array(KeySlotHasher.PREVIEW_BYTES);
  private whole = 0;
  private tag = 0;
  private tagLength = 0;
  private state = TagState.SEEKING_OPEN;
  /** The chunk a whole key lies in, until its first bytes are copied out (see `keep`). */
  private source: Uint8Array | undefined;
  private sourceStart = 0;

  /** Starts a new key. */
  public reset(): void {
    this.source = undefined;
    this.length = 0;
    this.whole = 0;
    this.tag = 0;
    this.tagLength = 0;
    this.state = TagState.SEEKING_OPEN;
  }

  /** Takes a whole key at once (the common case: it lies in one chunk); `slot()` then gives its slot. */
  public wholeKey(bytes: Uint8Array, start: number, end: number): void {
    // Most keys are never named in a message: copy their first bytes only when the chunk goes.
    this.source = bytes;
    this.sourceStart = start;
    this.length = end - start;
    // The slot is final: keep it where slot() reads a resolved hashtag.
    this.tag = keySlot(bytes, start, end);
    this.state = TagState.TAGGED;
  }

  /** Adds `bytes[start..end)` to the key. */
  public update(bytes: Uint8Array, start: number, end: number): void {
    this.whole = crc16(bytes, start, end, this.whole);
    for (let i = start; i < end && this.length + i - start < KeySlotHasher.PREVIEW_BYTES; i++) {
      this.preview[this.length + i - start] = bytes[i];
    }
    for (let i = start; i < end && this.state < TagState.TAGGED; i++) {
      this.push(bytes[i]);
    }
    this.length += end - start;
  }

  /** Adds one byte to the key. */
  public updateByte(byte: number): void {
    this.whole = ((this.whole << 8) ^ CRC16_TABLES[((this.whole >>> 8) ^ byte) & 0xff]) & 0xffff;
    if (this.length < KeySlotHasher.PREVIEW_BYTES) {
      this.preview[this.length] = byte;
    }
    if (this.state < TagState.TAGGED) {
      this.push(byte);
    }
    this.length++;
  }

  /** The slot of the key added so far. */
  public slot(): number {
    return (this.state === TagState.TAGGED ? this.tag : this.whole) & (SLOT_COUNT - 1);
  }

  /**
   * Copies the first bytes of a key given whole out of its chunk. Call it before the chunk is
   * reused or dropped, so that `head()` still names the key and the chunk is not retained.
   */
  public keep(): void {
    const source = this.source;
    if (source) {
      const kept = Math.min(this.length, KeySlotHasher.PREVIEW_BYTES);
      for (let i = 0; i < kept; i++) {
        this.preview[i] = source[this.sourceStart + i];
      }
      this.source = undefined;
    }
  }

  /** The first bytes of the key. */
  public head(): Uint8Array {
    this.keep();
    return this.preview.subarray(0, Math.min(this.length, KeySlotHasher.PREVIEW_BYTES));
  }

  private push(byte: number): void {
    if (this.state === TagState.SEEKING_OPEN) {
      if (byte === OPEN_BRACE) {
        this.state = TagState.IN_TAG;
      }
    } else if (byte === CLOSE_BRACE) {
      this.state = this.tagLength > 0 ? TagState.TAGGED : TagState.WHOLE;
    } else {
      this.tag = ((this.tag << 8) ^ CRC16_TABLES[((this.tag >>> 8) ^ byte) & 0xff]) & 0xffff;
      this.tagLength++;
    }
  }
}

/** Table k (k = 0..3) at `k * 256 + byte`: the CRC16 of `byte` followed by k zero bytes. */
const CRC16_TABLES = (() => {
  const tables = new Uint16Array(4 * 256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
    tables[byte] = crc;
  }
  for (let k = 1; k < 4; k++) {
    for (let byte = 0; byte < 256; byte++) {
      const crc = tables[(k - 1) * 256 + byte];
      tables[k * 256 + byte] = ((crc << 8) & 0xffff) ^ tables[crc >>> 8];
    }
  }
  return tables;
})();
