import { allocationSize, powerOfTwoAtLeast, sdsAllocation } from './allocation';
import { KeyShape, ValueKind } from './key-shape';
import { EngineVersion } from '../model/engine-version';

/** How an engine holds the keyspace of a cluster node. */
const enum Keyspace {
  /** One dict for the node, dictEntry per key with 16 bytes of slot-to-key links (Redis OSS ≤ 7.2). */
  NODE_DICT,
  /** A dict per slot, key embedded in the value object, a 16-byte entry per key (Valkey 8.0). */
  SLOT_DICTS,
  /** A bucketed hash table per slot (7 pointers per 64-byte bucket), key and expiry embedded (Valkey 8.1+). */
  SLOT_HASHTABLES,
}

/** The names of the profiles, as plan files record them. */
export type MemoryProfileId = 'redis-7.0' | 'valkey-7.2' | 'valkey-8.0' | 'valkey-8.1' | 'valkey-9.0';

interface ProfileSpec {
  readonly id: MemoryProfileId;
  readonly describes: string;
  /** jemalloc's small-class spacing: 16 in Redis OSS 7.0's build, 8 from Redis 7.2 on (`--with-lg-quantum=3`). */
  readonly quantum: 8 | 16;
  readonly keyspace: Keyspace;
  /** `used_memory` of an empty cluster node that owns every slot, measured. */
  readonly emptyNodeBytes: number;
}

/** Compiled-in encoding limits, the same as ElastiCache's default parameter groups. */
const HASH_LISTPACK_ENTRIES = 512;
const ZSET_LISTPACK_ENTRIES = 128;
const SET_LISTPACK_ENTRIES = 128;
const SET_INTSET_ENTRIES = 512;
const LISTPACK_VALUE = 64;
/** A string this long or shorter shares one allocation with its object (EMBSTR). */
const EMBSTR_LIMIT = 44;
/** Valkey 8 embeds a value in the key's object only when the whole object fits a cache line. */
const EMBEDDED_OBJECT_LIMIT = 64;
/** A one-node list up to half of `list-max-listpack-size -2` (8 KiB) loads as a plain listpack (7.2+). */
const PLAIN_LISTPACK_LIMIT = 4096;
/** The skiplist header node: 32 levels of 16 bytes after 24 bytes. */
const SKIPLIST_HEADER = 24 + 32 * 16;
/** Valkey hash table: 64-byte buckets of 7 entries, filled to 90% before growing. */
const HASHTABLE_BUCKET = 64;
const HASHTABLE_BUCKET_ENTRIES = 7;
const HASHTABLE_FILL = 0.9;
const HASHTABLE_STRUCT = 96;

/**
 * How one engine lays data out in memory: what an `.rdb` file's keys take once a cluster node has
 * loaded them, to within a few percent, from what a skipping scan sees (see `KeyShape`).
 *
 * Every figure is structural (object headers, sds headers, hash table entries and buckets, all
 * rounded to jemalloc's size classes) and was checked against the servers' `used_memory` after
 * loading each kind of value (`npm run bench:memory`); nothing is fitted to a dataset. Left out:
 * fragmentation and RSS, client output and replication buffers, the replication backlog, Lua
 * and function memory, and anything written after the load.
 */
export class MemoryProfile {
  /** Redis OSS 7.0.15 (Debian's build, jemalloc quantum 16), measured; ElastiCache's 7.0 and 7.1. Also used for older Redis OSS, which lays keys out alike. */
  public static readonly REDIS_7_0 = new MemoryProfile({
    id: 'redis-7.0', describes: 'Redis OSS 7.0/7.1', quantum: 16, keyspace: Keyspace.NODE_DICT, emptyNodeBytes: 1_712_928,
  });

  /** Redis 7.2.6, measured: the code Valkey 7.2 forked, jemalloc quantum 8 from here on. */
  public static readonly VALKEY_7_2 = new MemoryProfile({
    id: 'valkey-7.2', describes: 'Valkey 7.2', quantum: 8, keyspace: Keyspace.NODE_DICT, emptyNodeBytes: 1_695_600,
  });

  /** Valkey 8.0.1, measured: per-slot dicts, keys embedded in their objects. */
  public static readonly VALKEY_8_0 = new MemoryProfile({
    id: 'valkey-8.0', describes: 'Valkey 8.0', quantum: 8, keyspace: Keyspace.SLOT_DICTS, emptyNodeBytes: 2_799_672,
  });

  /** Valkey 8.1.7, measured: the bucketed hash table. Also 8.2, which has no server here and keeps 8.1's layout. */
  public static readonly VALKEY_8_1 = new MemoryProfile({
    id: 'valkey-8.1', describes: 'Valkey 8.1/8.2', quantum: 8, keyspace: Keyspace.SLOT_HASHTABLES, emptyNodeBytes: 2_768_440,
  });

  /**
   * Valkey 9.0.4, measured (it lays keys out as 8.1 does). Also 9.1, which has no server here:
   * derived from 9.0, so it leaves out 9.1's smaller short strings and errs towards more memory.
   */
  public static readonly VALKEY_9_0 = new MemoryProfile({
    id: 'valkey-9.0', describes: 'Valkey 9.0/9.1', quantum: 8, keyspace: Keyspace.SLOT_HASHTABLES, emptyNodeBytes: 2_808_480,
  });

  /** Every profile, oldest engine first. */
  public static all(): MemoryProfile[] {
    return [MemoryProfile.REDIS_7_0, MemoryProfile.VALKEY_7_2, MemoryProfile.VALKEY_8_0, MemoryProfile.VALKEY_8_1, MemoryProfile.VALKEY_9_0];
  }

  /** The profile of the newest Valkey on ElastiCache (9.1), what a plan assumes unless told. */
  public static newest(): MemoryProfile {
    return MemoryProfile.VALKEY_9_0;
  }

  /** The profile with this id, or undefined. */
  public static byId(id: string): MemoryProfile | undefined {
    return MemoryProfile.all().find((profile) => profile.id === id);
  }

  /**
   * The profile of an ElastiCache engine version: Redis OSS before 7.2 → redis-7.0; Valkey 7.2,
   * 8.0, 8.1/8.2 and 9.x → their own.
   */
  public static forEngine(engine: EngineVersion): MemoryProfile {
    const [major, minor] = engine.version.split('.').map(Number);
    const at = major * 100 + (minor || 0);
    if (!engine.isValkey && at < 702) return MemoryProfile.REDIS_7_0;
    if (at < 800) return MemoryProfile.VALKEY_7_2;
    if (at < 801) return MemoryProfile.VALKEY_8_0;
    if (at < 900) return MemoryProfile.VALKEY_8_1;
    return MemoryProfile.VALKEY_9_0;
  }

  public readonly id: MemoryProfileId;
  /** The engine versions it stands for, e.g. `Valkey 8.1/8.2`. */
  public readonly describes: string;
  /** `used_memory` of an empty cluster node that owns every slot. */
  public readonly emptyNodeBytes: number;
  private readonly quantum: 8 | 16;
  private readonly keyspace: Keyspace;
  private readonly skiplistNodeBytes: number;

  private constructor(spec: ProfileSpec) {
    this.id = spec.id;
    this.describes = spec.describes;
    this.quantum = spec.quantum;
    this.keyspace = spec.keyspace;
    this.emptyNodeBytes = spec.emptyNodeBytes;
    this.skiplistNodeBytes = this.expectedSkiplistNode;
  }

  /** Whether keys take the same memory as under `other` (only the empty node may differ). */
  public laysOutKeysLike(other: MemoryProfile): boolean {
    return this.quantum === other.quantum && this.keyspace === other.keyspace;
  }

  /** The profile's id, e.g. `valkey-8.1`. */
  public toString(): string {
    return this.id;
  }

  /**
   * The memory one key takes once loaded, without the keyspace's tables (`tableBytes`): its
   * entry, name, object, value and expiry.
   */
  public keyBytes(key: KeyShape): number {
    const q = this.quantum;
    if (this.keyspace === Keyspace.NODE_DICT) {
      // dictEntry (key, value, next) plus the cluster's slot-to-key links; the name as its own sds; the object.
      const entry = allocationSize(24 + 16, q) + sdsAllocation(key.keyLength, q, true);
      const expiry = key.expires ? allocationSize(24, q) : 0;
      if (key.kind === ValueKind.STRING && !key.stringIsInteger && key.stringLength <= EMBSTR_LIMIT) {
        return entry + expiry + allocationSize(16 + 3 + key.stringLength + 1, q);
      }
      return entry + expiry + 16 + this.valueBytes(key);
    }
    // Valkey 8: one object holding the name (after a header-size byte) and the expiry, and a short string value if it all fits a cache line.
    const nameBytes = 1 + (this.keyspace === Keyspace.SLOT_DICTS ? 3 : key.keyLength < 32 ? 1 : 3) + key.keyLength + 1;
    const object = 16 + nameBytes + (key.expires ? 8 : 0);
    const entries = this.keyspace === Keyspace.SLOT_DICTS ? (key.expires ? 32 : 16) : 0;
    if (key.kind === ValueKind.STRING && !key.stringIsInteger && key.stringLength <= EMBSTR_LIMIT) {
      const embedded = object + 3 + key.stringLength + 1;
      if (embedded <= EMBEDDED_OBJECT_LIMIT) return entries + allocationSize(embedded, q);
    }
    return entries + allocationSize(object, q) + this.valueBytes(key);
  }

  /** What the value takes beyond the key's object. */
  private valueBytes(key: KeyShape): number {
    const q = this.quantum;
    const blobs = q === 16 ? key.blobAllocation16 : key.blobAllocation8;
    const elementSds = q === 16 ? key.elementSds16 : key.elementSds8;
    const n = key.strings;
    switch (key.kind) {
      case ValueKind.STRING:
        return key.stringIsInteger ? 0 : sdsAllocation(key.stringLength, q);
      case ValueKind.BLOB:
        return blobs;
      case ValueKind.QUICKLIST:
        // 7.2+ loads a small one-node list as a bare listpack; otherwise a quicklist of 40-byte nodes.
        if (q === 8 && n === 1 && blobs <= PLAIN_LISTPACK_LIMIT) return blobs;
        return allocationSize(40, q) * (n + 1) + blobs;
      case ValueKind.LIST:
        return this.listpackBytes(key) + (q === 8 ? 0 : 2 * allocationSize(40, q));
      case ValueKind.SET:
        if (key.allIntegers && n <= SET_INTSET_ENTRIES) {
          const width = key.longestElement <= 4 ? 2 : key.longestElement <= 9 ? 4 : 8;
          return allocationSize(8 + width * n, q);
        }
        if (q === 8 && n <= SET_LISTPACK_ENTRIES && key.longestElement <= LISTPACK_VALUE) return this.listpackBytes(key);
        return this.setTableBytes(n) + elementSds;
      case ValueKind.ZSET:
        if (n <= ZSET_LISTPACK_ENTRIES && key.longestElement <= LISTPACK_VALUE) {
          // Member and score (at most a few bytes as an integer or short text) per element.
          return allocationSize(7 + key.listpackBytes + 6 * n, q);
        }
        // The zset struct, its member → score table, the skiplist struct, header node and nodes; members are shared.
        return 16 + this.collectionTableBytes(n, 24) + allocationSize(32, q) + allocationSize(SKIPLIST_HEADER, q)
          + n * this.skiplistNodeBytes + elementSds;
      case ValueKind.HASH: {
        const pairs = n / 2;
        if (pairs <= HASH_LISTPACK_ENTRIES && key.longestElement <= LISTPACK_VALUE) return this.listpackBytes(key);
        if (this.keyspace === Keyspace.SLOT_HASHTABLES) return this.collectionTableBytes(pairs, 0) + key.pairAllocation8;
        return this.collectionTableBytes(pairs, 24) + elementSds;
      }
      default:
        return key.recordBytes;
    }
  }

  private listpackBytes(key: KeyShape): number {
    return allocationSize(7 + key.listpackBytes, this.quantum);
  }

  /**
   * A collection's hash table: dict struct, bucket array and an entry of `entryBytes` per element,
   * or Valkey 8.1's bucketed table (`entryBytes` unused: its buckets hold the pointers).
   */
  private collectionTableBytes(entries: number, entryBytes: number): number {
    if (this.keyspace === Keyspace.SLOT_HASHTABLES) return hashtableBytes(entries);
    return allocationSize(56, this.quantum) + 8 * powerOfTwoAtLeast(entries) + entries * allocationSize(entryBytes, this.quantum);
  }

  /** A set's table: 7.2 stores a lone key in its bucket and gives only colliding ones a 16-byte entry. */
  private setTableBytes(entries: number): number {
    if (this.quantum === 16) return this.collectionTableBytes(entries, 24);
    if (this.keyspace === Keyspace.SLOT_HASHTABLES) return hashtableBytes(entries);
    const buckets = powerOfTwoAtLeast(entries);
    const occupied = buckets * (1 - Math.exp(-entries / buckets));
    return allocationSize(56, 8) + 8 * buckets + 16 * (entries - occupied);
  }

  /** A skiplist node (24 bytes and 16 per level), averaged over the levels' geometric spread (p = 1/4). */
  private get expectedSkiplistNode(): number {
    let expected = 0;
    let chance = 0.75;
    for (let level = 1; level <= 8; level++, chance /= 4) expected += chance * allocationSize(24 + 16 * level, this.quantum);
    return expected;
  }

  /**
   * The keyspace's own tables on one node: bucket arrays of the main and expires dicts (one per
   * node, or one per slot from Valkey 8.0), given the keys and keys with a TTL in each slot it owns.
   */
  public tableBytes(slotKeys: ArrayLike<number>, slotExpires: ArrayLike<number>, ranges: readonly SlotSpan[]): number {
    if (this.keyspace === Keyspace.NODE_DICT) {
      let keys = 0;
      let expires = 0;
      for (const { start, end } of ranges) {
        for (let slot = start; slot <= end; slot++) {
          keys += slotKeys[slot];
          expires += slotExpires[slot];
        }
      }
      return (keys > 0 ? 8 * powerOfTwoAtLeast(keys) : 0) + (expires > 0 ? 8 * powerOfTwoAtLeast(expires) : 0);
    }
    let total = 0;
    for (const { start, end } of ranges) {
      for (let slot = start; slot <= end; slot++) total += this.slotTableBytes(slotKeys[slot]) + this.slotTableBytes(slotExpires[slot]);
    }
    return total;
  }

  /**
   * A slot's share of the keyspace tables, for balancing slots: exact where each slot has its own
   * table (Valkey 8.0+), a bucket pointer per key where one table serves the node.
   */
  public slotTableBytes(count: number): number {
    if (count === 0) return 0;
    switch (this.keyspace) {
      case Keyspace.NODE_DICT: return 8 * count;
      case Keyspace.SLOT_DICTS: return allocationSize(80, 8) + 8 * powerOfTwoAtLeast(count);
      default: return hashtableBytes(count);
    }
  }
}

/** Slots from `start` to `end`, both included (a `SlotRange`). */
export interface SlotSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * A Valkey 8.1 hash table of `entries`: the struct, a power-of-two array of 64-byte buckets filled
 * to at most 90%, and the child buckets that full buckets chain to, expected for a uniform hash.
 */
function hashtableBytes(entries: number): number {
  const buckets = powerOfTwoAtLeast(Math.ceil(entries / (HASHTABLE_BUCKET_ENTRIES * HASHTABLE_FILL)), 1);
  // A lone bucket holds every entry, so its chain is certain.
  const children = buckets === 1
    ? Math.max(0, Math.ceil((entries - HASHTABLE_BUCKET_ENTRIES) / (HASHTABLE_BUCKET_ENTRIES - 1)))
    : buckets * expectedChildBuckets(entries / buckets);
  return HASHTABLE_STRUCT + HASHTABLE_BUCKET * (buckets + children);
}

/** Child buckets a bucket chains to when a Poisson(λ) number of entries land in it: 7 fit, then 6 more per child. */
function expectedChildBuckets(lambda: number): number {
  let chance = Math.exp(-lambda);
  let expected = 0;
  for (let k = 1; k <= 64; k++) {
    chance *= lambda / k;
    if (k > HASHTABLE_BUCKET_ENTRIES) expected += chance * Math.ceil((k - HASHTABLE_BUCKET_ENTRIES) / (HASHTABLE_BUCKET_ENTRIES - 1));
  }
  return expected;
}
