/* eslint-disable no-bitwise -- a CRC is bit arithmetic */

/**
 * CRC-64 "Jones" as Redis computes it over an RDB file: polynomial 0xad93d23594c935a9, reflected
 * in and out, initial value 0, no final xor (check value of "123456789": 0xe9c6d914c4b8d9ca).
 *
 * JavaScript has no fast 64-bit integers, so the register is kept as two 32-bit halves and the
 * bytes are folded eight at a time through eight lookup tables (slice-by-8).
 */
export class Crc64 {
  private lo = 0;
  private hi = 0;

  /** Folds `bytes[start..end)` into the register. */
  public update(bytes: Uint8Array, start = 0, end = bytes.length): this {
    let lo = this.lo;
    let hi = this.hi;
    let i = start;
    const wordsEnd = start + ((end - start) & ~7);
    // Whole words straight from memory when they are aligned (file chunks are), byte by byte otherwise.
    const words = LITTLE_ENDIAN && ((bytes.byteOffset + start) & 3) === 0
      ? new Int32Array(bytes.buffer, bytes.byteOffset + start, (wordsEnd - start) >>> 2)
      : undefined;
    for (let w = 0; i < wordsEnd; i += 8, w += 2) {
      if (words) {
        lo ^= words[w];
        hi ^= words[w + 1];
      } else {
        lo ^= bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
        hi ^= bytes[i + 4] | (bytes[i + 5] << 8) | (bytes[i + 6] << 16) | (bytes[i + 7] << 24);
      }
      const a = 7 * 256 + (lo & 0xff);
      const b = 6 * 256 + ((lo >>> 8) & 0xff);
      const c = 5 * 256 + ((lo >>> 16) & 0xff);
      const d = 4 * 256 + (lo >>> 24);
      const e = 3 * 256 + (hi & 0xff);
      const f = 2 * 256 + ((hi >>> 8) & 0xff);
      const g = 256 + ((hi >>> 16) & 0xff);
      const h = hi >>> 24;
      lo = TABLE_LO[a] ^ TABLE_LO[b] ^ TABLE_LO[c] ^ TABLE_LO[d] ^ TABLE_LO[e] ^ TABLE_LO[f] ^ TABLE_LO[g] ^ TABLE_LO[h];
      hi = TABLE_HI[a] ^ TABLE_HI[b] ^ TABLE_HI[c] ^ TABLE_HI[d] ^ TABLE_HI[e] ^ TABLE_HI[f] ^ TABLE_HI[g] ^ TABLE_HI[h];
    }
    for (; i < end; i++) {
      const index = (lo ^ bytes[i]) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ TABLE_LO[index];
      hi = (hi >>> 8) ^ TABLE_HI[index];
    }
    this.lo = lo;
    this.hi = hi;
    return this;
  }

  /** Whether the register equals the 8-byte little-endian value at `bytes[offset..offset+8)`. */
  public matches(bytes: Uint8Array, offset: number): boolean {
    return readUint32LE(bytes, offset) === (this.lo >>> 0) && readUint32LE(bytes, offset + 4) === (this.hi >>> 0);
  }

  /** The register as 16 hex digits. */
  public toHex(): string {
    return (this.hi >>> 0).toString(16).padStart(8, '0') + (this.lo >>> 0).toString(16).padStart(8, '0');
  }
}

/** The CRC-64 of `bytes` as 16 hex digits (e.g. `e9c6d914c4b8d9ca` for "123456789"). */
export function crc64(bytes: Uint8Array): string {
  return new Crc64().update(bytes).toHex();
}

/** An unsigned 32-bit little-endian integer at `offset`. */
export function readUint32LE(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24)) >>> 0;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Table k (k = 0..7) at `k * 256 + byte`: the CRC of `byte` followed by k zero bytes. */
const TABLE_LO = new Int32Array(8 * 256);
const TABLE_HI = new Int32Array(8 * 256);

(function buildTables() {
  // The reflected polynomial 0x95ac9329ac4bc9b5, as two halves.
  const polyLo = 0xac4bc9b5 | 0;
  const polyHi = 0x95ac9329 | 0;
  for (let byte = 0; byte < 256; byte++) {
    let lo = byte;
    let hi = 0;
    for (let bit = 0; bit < 8; bit++) {
      const carry = lo & 1;
      lo = (lo >>> 1) | (hi << 31);
      hi >>>= 1;
      if (carry) {
        lo ^= polyLo;
        hi ^= polyHi;
      }
    }
    TABLE_LO[byte] = lo;
    TABLE_HI[byte] = hi;
  }
  for (let k = 1; k < 8; k++) {
    for (let byte = 0; byte < 256; byte++) {
      const lo = TABLE_LO[(k - 1) * 256 + byte];
      const hi = TABLE_HI[(k - 1) * 256 + byte];
      const index = lo & 0xff;
      TABLE_LO[k * 256 + byte] = ((lo >>> 8) | (hi << 24)) ^ TABLE_LO[index];
      TABLE_HI[k * 256 + byte] = (hi >>> 8) ^ TABLE_HI[index];
    }
  }
})();
