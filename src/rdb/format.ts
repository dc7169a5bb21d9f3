/**
 * The RDB vocabulary (opcodes, object types) and, for each record, the program the scanner runs
 * to walk it. See shared/docs/rdb-format.md §2–3 for where every layout comes from.
 */

/** Opcodes: the bytes above the object types that start a non-key record. */
export const enum Opcode {
  /** Valkey unstable "inline replication command": unreleased, never in a saved file. */
  VALKEY_UPDATE = 242,
  /** Valkey 9 SLOT_IMPORT; Redis 8.6 KEY_META (layout unverified). */
  SLOT_IMPORT_OR_KEY_META = 243,
  SLOT_INFO = 244,
  FUNCTION2 = 245,
  /** The Redis 7.0 release-candidate function format: only Redis OSS 7.0 (and ElastiCache 7.1) load it. */
  FUNCTION_PRE_GA = 246,
  MODULE_AUX = 247,
  IDLE = 248,
  FREQ = 249,
  AUX = 250,
  RESIZEDB = 251,
  EXPIRETIME_MS = 252,
  EXPIRETIME = 253,
  SELECTDB = 254,
  EOF = 255,
}

/** What a string holding an encoded collection must look like. */
export const enum Blob {
  ZIPMAP,
  ZIPLIST,
  /** A ziplist of field/value or member/score pairs (hash and zset types 13 and 12). */
  ZIPLIST_PAIRS,
  INTSET,
  LISTPACK,
}

/** Steps of a record program; some take an operand (the next code word). */
export const enum Op {
  /** The record is complete. */
  END,
  /** A length, ignored. */
  LENGTH,
  /** A length n, then the next `operand` code words n times. */
  REPEAT,
  /** A string, skipped. */
  STRING,
  /** A string holding an encoded collection (operand: `Blob`), header checked, skipped. */
  BLOB,
  /** `operand` bytes, skipped. */
  FIXED,
  /** A ZSET (type 3) score: a length byte then ASCII text, or 253–255 for NaN and infinities. */
  TEXT_DOUBLE,
  /** The key's name: hashed to its slot. */
  KEY,
  /** A module type id (64-bit length), recorded by name. */
  MODULE_ID,
  /** Module items (opcode, payload) up to the module EOF opcode. */
  MODULE_ITEMS,
  /** A quicklist 2 node: container length (1 plain, 2 packed listpack), then the node. */
  QUICKLIST_NODE,
  /** A stream listpack's master ID: a string of exactly 16 bytes. */
  STREAM_ID,
  /** SELECTDB's database number. */
  DB,
  /** AUX field name, kept as text. */
  AUX_NAME,
  /** AUX field value, kept as text. */
  AUX_VALUE,
}

type Step = number | Step[];

function repeat(...body: Step[]): Step[] {
  const code = assemble(body);
  return [Op.REPEAT, code.length, ...code];
}

function assemble(steps: Step[]): number[] {
  return steps.flatMap((step) => (Array.isArray(step) ? assemble(step) : [step]));
}

const STRING = Op.STRING;
const LENGTH = Op.LENGTH;
const blob = (kind: Blob): Step[] => [Op.BLOB, kind];
const fixed = (bytes: number): Step[] => [Op.FIXED, bytes];

/** Stream types 15, 19 and 21 differ in the metadata after the listpacks and in consumers. */
function stream(version: 1 | 2 | 3): Step[] {
  const metadata: Step[] = version === 1 ? [LENGTH, LENGTH, LENGTH] : [LENGTH, LENGTH, LENGTH, LENGTH, LENGTH, LENGTH, LENGTH, LENGTH];
  const groupLastId: Step[] = version === 1 ? [LENGTH, LENGTH] : [LENGTH, LENGTH, LENGTH];
  const consumer: Step[] = version === 3 ? [STRING, fixed(8), fixed(8), repeat(fixed(16))] : [STRING, fixed(8), repeat(fixed(16))];
  return [
    repeat(Op.STREAM_ID, blob(Blob.LISTPACK)),
    metadata,
    repeat(STRING, groupLastId, repeat(fixed(16), fixed(8), LENGTH), repeat(consumer)),
  ];
}

/** What each object type's value looks like after the key, by the type byte. */
const VALUES: Record<number, Step[]> = {
  0: [STRING],
  1: [repeat(STRING)],
  2: [repeat(STRING)],
  3: [repeat(STRING, Op.TEXT_DOUBLE)],
  4: [repeat(STRING, STRING)],
  5: [repeat(STRING, fixed(8))],
  7: [Op.MODULE_ID, Op.MODULE_ITEMS],
  9: [blob(Blob.ZIPMAP)],
  10: [blob(Blob.ZIPLIST)],
  11: [blob(Blob.INTSET)],
  12: [blob(Blob.ZIPLIST_PAIRS)],
  13: [blob(Blob.ZIPLIST_PAIRS)],
  14: [repeat(blob(Blob.ZIPLIST))],
  15: stream(1),
  16: [blob(Blob.LISTPACK)],
  17: [blob(Blob.LISTPACK)],
  18: [repeat(Op.QUICKLIST_NODE)],
  19: stream(2),
  20: [blob(Blob.LISTPACK)],
  21: stream(3),
};

/** Redis 7.4 hash field expiration types, and its pre-GA forms that share numbers with Valkey. */
const REDIS_ONLY_VALUES: Record<number, Step[]> = {
  22: [repeat(LENGTH, STRING, STRING)],
  23: [blob(Blob.LISTPACK)],
  24: [fixed(8), repeat(LENGTH, STRING, STRING)],
  25: [fixed(8), blob(Blob.LISTPACK)],
};

/** Valkey 9 HASH_2: fields with an optional per-field expiry (-1 for none). */
const VALKEY_ONLY_VALUES: Record<number, Step[]> = {
  22: [repeat(STRING, STRING, fixed(8))],
};

/** What each opcode's payload looks like. */
const OPCODES: Record<number, Step[]> = {
  [Opcode.SELECTDB]: [Op.DB],
  [Opcode.EXPIRETIME]: [fixed(4)],
  [Opcode.EXPIRETIME_MS]: [fixed(8)],
  [Opcode.RESIZEDB]: [LENGTH, LENGTH],
  [Opcode.AUX]: [Op.AUX_NAME, Op.AUX_VALUE],
  [Opcode.FREQ]: [fixed(1)],
  [Opcode.IDLE]: [LENGTH],
  [Opcode.MODULE_AUX]: [Op.MODULE_ID, Op.MODULE_ITEMS],
  [Opcode.FUNCTION2]: [STRING],
  // Redis 7.0 rdbFunctionLoad: name, engine, has-description flag, the description if flagged, code.
  [Opcode.FUNCTION_PRE_GA]: [STRING, STRING, repeat(STRING), STRING],
  [Opcode.SLOT_INFO]: [LENGTH, LENGTH, LENGTH],
};

/** Valkey 9 SLOT_IMPORT: job name, then slot ranges. */
const VALKEY_SLOT_IMPORT: Step[] = [STRING, repeat(LENGTH, LENGTH)];

/** All programs, laid end to end. */
export const CODE: Int32Array = new Int32Array(0x10000);

/** The start of each record's program in `CODE`, by first byte; -1 for a byte that starts nothing. */
export interface Programs {
  readonly redis: Int32Array;
  readonly valkey: Int32Array;
}

export const PROGRAMS: Programs = (() => {
  let size = 0;
  const place = (steps: Step[]): number => {
    const code = [...assemble(steps), Op.END];
    CODE.set(code, size);
    size += code.length;
    return size - code.length;
  };
  const redis = new Int32Array(256).fill(-1);
  const valkey = new Int32Array(256).fill(-1);
  for (const [byte, steps] of Object.entries(VALUES)) {
    redis[Number(byte)] = valkey[Number(byte)] = place([Op.KEY, steps]);
  }
  for (const [byte, steps] of Object.entries(REDIS_ONLY_VALUES)) {
    redis[Number(byte)] = place([Op.KEY, steps]);
  }
  for (const [byte, steps] of Object.entries(VALKEY_ONLY_VALUES)) {
    valkey[Number(byte)] = place([Op.KEY, steps]);
  }
  for (const [byte, steps] of Object.entries(OPCODES)) {
    redis[Number(byte)] = valkey[Number(byte)] = place(steps);
  }
  valkey[Opcode.SLOT_IMPORT_OR_KEY_META] = place(VALKEY_SLOT_IMPORT);
  return { redis, valkey };
})();

/** The highest byte that is an object type rather than an opcode. */
export const LAST_TYPE = 241;

/** The name `FileReport.types` counts a type under. */
export function typeName(type: number): string {
  switch (type) {
    case 0: return 'string';
    case 1: case 10: case 14: case 18: return 'list';
    case 2: case 11: case 20: return 'set';
    case 3: case 5: case 12: case 17: return 'zset';
    case 4: case 9: case 13: case 16: case 22: case 23: case 24: case 25: return 'hash';
    case 7: return 'module';
    case 15: case 19: case 21: return 'stream';
    default: return `type-${type}`;
  }
}

/** The servers that load a record this reader cannot walk, for the few such records; undefined for the rest. */
export function loadableBy(byte: number): string | undefined {
  // RDB_TYPE_MODULE (v1) has no framing without the module; Redis 7.2 and Valkey refuse it as "pre-release".
  return byte === 6 ? 'Redis OSS 4.0 to 7.1 with the module' : undefined;
}

/** Why a byte that starts nothing known cannot be read, with what the formats say about it. */
export function unknownRecordReason(byte: number, magic: 'REDIS' | 'VALKEY'): string {
  if (byte === 23 && magic === 'VALKEY') {
    return 'object type 23 (Valkey PATH_HASH, unreleased) has a layout this reader does not know';
  }
  switch (byte) {
    case 6: return 'object type 6 is module data in the format of the Redis 4.0 release candidates, which has no framing this reader can walk; only Redis OSS 4.0 to 7.1 with that module load it (Redis OSS 7.2+ and every Valkey refuse it, and ElastiCache provides no such module)';
    case Opcode.VALKEY_UPDATE: return 'opcode 242 is used only by unreleased Valkey builds';
    case Opcode.SLOT_IMPORT_OR_KEY_META: return 'opcode 243 (Redis 8.6 KEY_META) has a layout this reader does not know yet';
    default:
      return byte <= LAST_TYPE
        ? `unknown object type ${byte}${byte === 26 || byte === 27 ? ' (Redis 8.6+ stream, layout not known to this reader)' : ''}`
        : `unknown opcode ${byte}`;
  }
}
