import { allocationSize, sdsAllocation, sdsHeaderSize } from './allocation';

/** Valkey 8.1 embeds a hash field's value in the field's entry up to this size (measured: 96 embeds, 216 does not). */
const EMBEDDED_HASH_ENTRY_LIMIT = 128;

/**
 * A Valkey 8.1 hash entry: the field and its value as sds in one allocation after a 2-byte header,
 * or, when that is too large, the field with a pointer to the value's own sds.
 */
export function hashEntryAllocation(fieldLength: number, valueLength: number): number {
  const field = sdsHeaderSize(fieldLength, true) + fieldLength + 1;
  const embedded = 2 + field + sdsHeaderSize(valueLength, true) + valueLength + 1;
  return embedded <= EMBEDDED_HASH_ENTRY_LIMIT
    ? allocationSize(embedded, 8)
    : allocationSize(2 + field + 8, 8) + sdsAllocation(valueLength, 8, true);
}

/** Elements shorter than this have their sds allocations looked up: most elements are short. */
const SHORT_ELEMENT = 256;
const ELEMENT_SDS_16 = Uint16Array.from({ length: SHORT_ELEMENT }, (_, length) => sdsAllocation(length, 16, true));
const ELEMENT_SDS_8 = Uint16Array.from({ length: SHORT_ELEMENT }, (_, length) => sdsAllocation(length, 8, true));

/** How a collection value is held once loaded, by its RDB type byte. */
export const enum ValueKind {
  /** Type 0: a string. */
  STRING,
  /** One encoded blob (listpack, ziplist, intset, zipmap): types 9–13, 16, 17, 20, 23. */
  BLOB,
  /** Quicklist nodes, each a blob or a plain element: types 14 and 18. */
  QUICKLIST,
  /** A linked list of strings (type 1, RDB 1–8), loaded as a quicklist. */
  LIST,
  /** A set of strings (type 2). */
  SET,
  /** A sorted set: member and score per element (types 3 and 5). */
  ZSET,
  /** A hash: field and value per element (types 4, 22, 24). */
  HASH,
  /** Streams and module values: counted by their bytes in the file. */
  OTHER,
}

/** The kind of value an RDB type byte holds. */
export function valueKindOf(type: number): ValueKind {
  switch (type) {
    case 0: return ValueKind.STRING;
    case 1: return ValueKind.LIST;
    case 2: return ValueKind.SET;
    case 3: case 5: return ValueKind.ZSET;
    case 4: case 22: case 24: return ValueKind.HASH;
    case 14: case 18: return ValueKind.QUICKLIST;
    case 9: case 10: case 11: case 12: case 13: case 16: case 17: case 20: case 23: case 25: return ValueKind.BLOB;
    default: return ValueKind.OTHER;
  }
}

/**
 * What a skipping scan sees of one key, enough to estimate its memory on every engine: filled
 * in as the record streams past, then read by `MemoryProfile.keyBytes`. One instance is reused
 * for every key, so the scan allocates nothing per key.
 *
 * Element allocations are summed for both jemalloc quanta (16 and 8 bytes) as they pass, so
 * that each profile can read its own without keeping the elements.
 */
export class KeyShape {
  public type = 0;
  public kind = ValueKind.STRING;
  public keyLength = 0;
  public expires = false;
  /** Strings and blobs seen in the value (for a hash or sorted set, fields and values each count). */
  public strings = 0;
  /** A string value's length (uncompressed); the last string seen otherwise. */
  public stringLength = 0;
  /** A string value stored as an integer. */
  public stringIsInteger = false;
  /** Every element an integer (a set that may load as an intset). */
  public allIntegers = true;
  /** The longest element (a collection loads as a listpack only when every element is short). */
  public longestElement = 0;
  /** Σ (length + 2): the elements' size inside a listpack, as when a small collection is converted to one. */
  public listpackBytes = 0;
  /** Σ of the elements' sds allocations (type 5 headers allowed), per quantum. */
  public elementSds16 = 0;
  public elementSds8 = 0;
  /** Σ over a hash's pairs of Valkey 8.1's hash entries (`hashEntryAllocation`), quantum 8. */
  public pairAllocation8 = 0;
  /** Σ of the blobs' (listpacks', intsets', quicklist nodes') allocations, per quantum. */
  public blobAllocation16 = 0;
  public blobAllocation8 = 0;
  /** Bytes of the record in the file, for values the model does not look into. */
  public recordBytes = 0;

  /** Starts a key of RDB type `type` whose name is `keyLength` bytes. */
  public start(type: number, keyLength: number): void {
    this.type = type;
    this.kind = valueKindOf(type);
    this.keyLength = keyLength;
    this.expires = false;
    this.strings = 0;
    this.stringLength = 0;
    this.stringIsInteger = false;
    // A string key reads nothing else: most keys are strings, so the rest is reset only when it matters.
    if (this.kind === ValueKind.STRING) return;
    this.allIntegers = true;
    this.longestElement = 0;
    this.listpackBytes = 0;
    this.elementSds16 = 0;
    this.elementSds8 = 0;
    this.pairAllocation8 = 0;
    this.blobAllocation16 = 0;
    this.blobAllocation8 = 0;
    this.recordBytes = 0;
  }

  /** A string of the value: `length` bytes uncompressed (the decimal text's length for an integer). */
  public string(length: number, isInteger: boolean): void {
    this.strings++;
    this.stringIsInteger = isInteger;
    switch (this.kind) {
      case ValueKind.STRING:
      case ValueKind.OTHER:
        this.stringLength = length;
        return;
      case ValueKind.QUICKLIST:
        // A plain node: one large element.
        this.blob(length);
        return;
      default:
        if (!isInteger) this.allIntegers = false;
        if (length > this.longestElement) this.longestElement = length;
        this.listpackBytes += length + 2;
        if (length < SHORT_ELEMENT) {
          this.elementSds16 += ELEMENT_SDS_16[length];
          this.elementSds8 += ELEMENT_SDS_8[length];
        } else {
          this.elementSds16 += sdsAllocation(length, 16, true);
          this.elementSds8 += sdsAllocation(length, 8, true);
        }
        if (this.kind === ValueKind.HASH && this.strings % 2 === 0) this.pairAllocation8 += hashEntryAllocation(this.stringLength, length);
        this.stringLength = length;
    }
  }

  /** An encoded blob of `length` bytes (uncompressed): a listpack, ziplist, intset, zipmap or quicklist node. */
  public blob(length: number): void {
    this.strings++;
    this.blobAllocation16 += allocationSize(length, 16);
    this.blobAllocation8 += allocationSize(length, 8);
  }
}
