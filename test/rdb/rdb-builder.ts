/* eslint-disable no-bitwise -- RDB encodings are bit fields */
/**
 * Builds RDB files byte by byte for the layouts no installed server writes (Redis 7.2+/7.4
 * types, Valkey 9, modules, SLOT_INFO…) and for deliberately broken input.
 */
import { Crc64 } from '../../src/rdb/crc64';

export type Bytes = Buffer | number[] | string;

export function bytes(...parts: Bytes[]): Buffer {
  return Buffer.concat(parts.map((part) => (Buffer.isBuffer(part) ? part : typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));
}

/** An RDB length in its shortest form (64-bit for values of 2^32 and more). */
export function len(value: number | bigint): Buffer {
  const n = BigInt(value);
  if (n < 64n) return Buffer.from([Number(n)]);
  if (n < 16384n) return Buffer.from([0x40 | Number(n >> 8n), Number(n & 0xffn)]);
  if (n < 2n ** 32n) {
    const out = Buffer.alloc(5);
    out[0] = 0x80;
    out.writeUInt32BE(Number(n), 1);
    return out;
  }
  const out = Buffer.alloc(9);
  out[0] = 0x81;
  out.writeBigUInt64BE(n, 1);
  return out;
}

/** A plain RDB string. */
export function str(value: Bytes): Buffer {
  const data = bytes(value);
  return bytes(len(data.length), data);
}

/** An integer-encoded RDB string (INT8/16/32). */
export function intStr(value: number): Buffer {
  if (value >= -128 && value <= 127) return Buffer.from([0xc0, value & 0xff]);
  if (value >= -32768 && value <= 32767) {
    const out = Buffer.alloc(3);
    out[0] = 0xc1;
    out.writeInt16LE(value, 1);
    return out;
  }
  const out = Buffer.alloc(5);
  out[0] = 0xc2;
  out.writeInt32LE(value, 1);
  return out;
}

/** LZF data for `data`: literal runs, except runs of one repeated byte, which become back-references. */
export function lzfCompress(value: Bytes): Buffer {
  const data = bytes(value);
  const out: number[] = [];
  let i = 0;
  while (i < data.length) {
    let run = 1;
    while (i + run < data.length && data[i + run] === data[i]) run++;
    if (run >= 4) {
      out.push(0, data[i]);
      let left = run - 1;
      while (left >= 3) {
        // Distance 1 (offset byte 0): copy the previous byte `copy` times.
        const copy = Math.min(left, 264);
        out.push(...(copy <= 8 ? [(copy - 2) << 5, 0] : [0xe0, copy - 9, 0]));
        left -= copy;
      }
      for (let k = 0; k < left; k++) out.push(0, data[i]);
      i += run;
    } else {
      const literal = Math.min(32, data.length - i);
      out.push(literal - 1, ...data.subarray(i, i + literal));
      i += literal;
    }
  }
  return Buffer.from(out);
}

/** An LZF-compressed RDB string. */
export function lzfStr(value: Bytes): Buffer {
  const data = bytes(value);
  const compressed = lzfCompress(data);
  return bytes([0xc3], len(compressed.length), len(data.length), compressed);
}

/** A listpack of small integers (7-bit entries), as a raw string's payload. */
export function listpack(count = 2): Buffer {
  const entries = Buffer.from(Array.from({ length: count }, (_, i) => [i & 0x7f, 1]).flat());
  const out = Buffer.alloc(6 + entries.length + 1);
  out.writeUInt32LE(out.length, 0);
  out.writeUInt16LE(count, 4);
  entries.copy(out, 6);
  out[out.length - 1] = 0xff;
  return out;
}

/** A ziplist of small integers (2-byte entries with the value in the encoding byte); empty by default. */
export function ziplist(count = 0): Buffer {
  const out = Buffer.alloc(10 + 2 * count + 1);
  out.writeUInt32LE(out.length, 0);
  out.writeUInt32LE(count === 0 ? 10 : 10 + 2 * (count - 1), 4);
  out.writeUInt16LE(count, 8);
  for (let i = 0; i < count; i++) {
    out[10 + 2 * i] = i === 0 ? 0 : 2;
    out[11 + 2 * i] = 0xf1 + (i % 13);
  }
  out[out.length - 1] = 0xff;
  return out;
}

/** A zipmap of one field and value. */
export function zipmap(): Buffer {
  return Buffer.from([1, 1, 0x66, 1, 0, 0x76, 0xff]);
}

/** An intset of 16-bit values. */
export function intset(values: number[]): Buffer {
  const out = Buffer.alloc(8 + 2 * values.length);
  out.writeUInt32LE(2, 0);
  out.writeUInt32LE(values.length, 4);
  values.forEach((value, i) => out.writeInt16LE(value, 8 + 2 * i));
  return out;
}

/** A 64-bit little-endian integer. */
export function u64(value: number | bigint): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigInt64LE(BigInt(value));
  return out;
}

/** A module type id for a 9-character name (A-Za-z0-9-_) and encoding version. */
export function moduleId(name: string, encver = 0): bigint {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let id = 0n;
  for (const char of name) id = (id << 6n) | BigInt(chars.indexOf(char));
  return (id << 10n) | BigInt(encver);
}

/** An RDB file: the magic, the records, EOF and (from version 5) the CRC64 trailer. */
export function rdbFile(magic: string, records: Bytes[], options: { checksum?: 'valid' | 'zero' | 'wrong' } = {}): Buffer {
  const body = bytes(magic, ...records, [0xff]);
  const version = Number(magic.replace(/^\D+/, ''));
  if (version < 5 && magic.startsWith('REDIS')) return body;
  const crc = new Crc64().update(body).toHex();
  const trailer = Buffer.from(crc.match(/../g)!.reverse().map((h) => parseInt(h, 16)));
  if (options.checksum === 'zero') trailer.fill(0);
  if (options.checksum === 'wrong') trailer[0] ^= 1;
  return bytes(body, trailer);
}

/** A key record: type, key name, value. */
export function key(type: number, name: Bytes, ...value: Bytes[]): Buffer {
  return bytes([type], Buffer.isBuffer(name) && name[0] >= 0xc0 ? name : str(name), ...value);
}

export const SELECTDB = (db: number) => bytes([0xfe], len(db));
export const RESIZEDB = (keys: number, expires: number) => bytes([0xfb], len(keys), len(expires));
export const AUX = (name: string, value: Bytes) => bytes([0xfa], str(name), Buffer.isBuffer(value) ? value : str(value));
export const EXPIRETIME_MS = (ms: number) => bytes([0xfc], u64(ms));
