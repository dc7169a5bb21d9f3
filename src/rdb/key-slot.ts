/* eslint-disable no-bitwise -- a CRC is bit arithmetic */

/** The number of cluster hash slots. */
export const SLOT_COUNT = 16384;

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * The cluster hash slot of a key: CRC16/XMODEM of the key, or of its hashtag (the bytes between
 * the first `{` and the first `}` after it, when there is at least one), masked to 14 bits.
 */
export function keySlot(key: Uint8Array, start = 0, end = key.length): number {
  let open = start;
  while (open < end && key[open] !== OPEN_BRACE) open++;
  if (open < end) {
    let close = open + 1;
    while (close < end && key[close] !== CLOSE_BRACE) close++;
    if (close < end && close > open + 1) {
      return crc16(key, open + 1, close) & (SLOT_COUNT - 1);
    }
  }
  return crc16(key, start, end) & (SLOT_COUNT - 1);
}

/** CRC16/XMODEM (polynomial 0x1021, initial 0), as Redis Cluster uses it. */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length, initial = 0): number {
  let crc = initial;
  for (let i = start; i < end; i++) {
    crc = ((crc << 8) ^ CRC16_TABLE[((crc >>> 8) ^ bytes[i]) & 0xff]) & 0xffff;
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

  /** Starts a new key. */
  public reset(): void {
    this.length = 0;
    this.whole = 0;
    this.tag = 0;
    this.tagLength = 0;
    this.state = TagState.SEEKING_OPEN;
  }

  /** Takes a whole key at once (the common case: it lies in one chunk); `slot()` then gives its slot. */
  public wholeKey(bytes: Uint8Array, start: number, end: number): void {
    const kept = Math.min(end - start, KeySlotHasher.PREVIEW_BYTES);
    for (let i = 0; i < kept; i++) {
      this.preview[i] = bytes[start + i];
    }
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
    this.whole = ((this.whole << 8) ^ CRC16_TABLE[((this.whole >>> 8) ^ byte) & 0xff]) & 0xffff;
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

  /** The first bytes of the key. */
  public head(): Uint8Array {
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
      this.tag = ((this.tag << 8) ^ CRC16_TABLE[((this.tag >>> 8) ^ byte) & 0xff]) & 0xffff;
      this.tagLength++;
    }
  }
}

const CRC16_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
    table[byte] = crc;
  }
  return table;
})();
