/* eslint-disable no-bitwise -- encoded collection headers and module ids are bit fields */
import { readUint32LE } from './crc64';
import { Blob } from './format';

/** Header counts at or above these say "walk to count" (ziplist UINT16_MAX, listpack LP_HDR_NUMELE_UNKNOWN). */
const ZIPLIST_UNKNOWN_COUNT = 0xffff;
const LISTPACK_UNKNOWN_COUNT = 0xffff;
/** A zipmap count byte of 254 says "254 or more". */
const ZIPMAP_BIGLEN = 254;

const MODULE_NAME_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Why an uncompressed blob's header cannot be what the type says, or undefined: what the servers
 * refuse in an encoded collection's header on load (Redis 7.2 / Valkey 8 rdb.c:
 * ziplists and zipmaps are always validated entry by entry, listpacks and intsets by header unless
 * `sanitize-dump-payload` is on); only what the header alone proves is checked here.
 */
export function blobHeaderProblem(kind: number, buf: Uint8Array, start: number, length: number): string | undefined {
  switch (kind) {
    case Blob.ZIPLIST:
    case Blob.ZIPLIST_PAIRS: {
      if (length < 11) return `is ${length} bytes, shorter than an empty ziplist`;
      if (readUint32LE(buf, start) !== length) return `says it is ${readUint32LE(buf, start)} bytes but its string is ${length}`;
      if (readUint32LE(buf, start + 4) > length - 1) return 'has a tail offset past its end';
      const entries = readUint16LE(buf, start + 8);
      if (entries === ZIPLIST_UNKNOWN_COUNT) return undefined;
      // Every entry takes at least 2 bytes (previous length, encoding); the walk must find exactly `entries`.
      if (entries === 0 && length !== 11) return `counts no entries but is ${length} bytes, not the 11 of an empty ziplist`;
      if (11 + 2 * entries > length) return `counts ${entries} entries, which cannot fit in its ${length} bytes`;
      if (kind === Blob.ZIPLIST_PAIRS && entries % 2 === 1) return `of pairs counts ${entries} entries, an odd number`;
      return undefined;
    }
    case Blob.LISTPACK:
      if (length < 7) return `is ${length} bytes, shorter than an empty listpack`;
      if (readUint32LE(buf, start) !== length) return `says it is ${readUint32LE(buf, start)} bytes but its string is ${length}`;
      return undefined;
    case Blob.INTSET: {
      if (length < 8) return `is ${length} bytes, shorter than an empty intset`;
      const width = readUint32LE(buf, start);
      if (width !== 2 && width !== 4 && width !== 8) return `has element width ${width} (2, 4 or 8 exist)`;
      if (8 + width * readUint32LE(buf, start + 4) !== length) return `holds ${readUint32LE(buf, start + 4)} elements of ${width} bytes, which do not fill its ${length} bytes`;
      if (readUint32LE(buf, start + 4) === 0) return 'holds no elements, and servers refuse an empty intset';
      return undefined;
    }
    default: {
      if (length < 2) return `is ${length} bytes, shorter than an empty zipmap`;
      // The count byte is exact below 254 (ZIPMAP_BIGLEN, "count the entries"); servers refuse an empty
      // zipmap and one whose entries (at least 3 bytes each) differ from its count.
      const count = buf[start];
      if (count === 0) return 'counts no entries, and servers refuse an empty zipmap';
      if (count !== ZIPMAP_BIGLEN && 2 + 3 * count > length) return `counts ${count} entries, which cannot fit in its ${length} bytes`;
      return undefined;
    }
  }
}

/** How many elements an encoded collection's header counts; -1 when it does not say. */
export function blobElements(kind: number, buf: Uint8Array, start: number): number {
  switch (kind) {
    case Blob.ZIPLIST:
    case Blob.ZIPLIST_PAIRS: {
      const entries = readUint16LE(buf, start + 8);
      return entries === ZIPLIST_UNKNOWN_COUNT ? -1 : entries;
    }
    case Blob.LISTPACK: {
      const elements = readUint16LE(buf, start + 4);
      return elements === LISTPACK_UNKNOWN_COUNT ? -1 : elements;
    }
    default:
      return -1;
  }
}

function readUint16LE(buf: Uint8Array, at: number): number {
  return buf[at] | (buf[at + 1] << 8);
}

/**
 * A module type's name from its 64-bit id: nine 6-bit characters above a 10-bit encoding
 * version (Redis module.c moduleTypeNameByID).
 */
export function moduleName(hi: number, lo: number): string {
  let id = ((BigInt(hi) << 32n) | BigInt(lo)) >> 10n;
  const chars: string[] = [];
  for (let i = 0; i < 9; i++) {
    chars.unshift(MODULE_NAME_CHARS[Number(id & 63n)]);
    id >>= 6n;
  }
  return chars.join('');
}
