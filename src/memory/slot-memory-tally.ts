/* eslint-disable no-bitwise -- the short string cache index packs the TTL into its low bit */
import { KeyShape, ValueKind } from './key-shape';
import { MemoryProfile, MemoryProfileId } from './memory-profile';
import { SLOT_COUNT } from '../rdb/key-slot';

/** Keys and string values shorter than this have their cost cached (it stays below 2^16 bytes). */
const SHORT = 256;
/** A 32-bit sum moves to the 64-bit rows at this size, far from overflowing. */
const SPILL = 2 ** 31;
/** Short string keys added up at a time. */
const BATCH = 4096;

/** Per-slot estimated memory of a file's keys for every engine profile, and keys with a TTL per slot. */
export interface SlotMemory {
  /** Keys with a TTL (expired or not), per slot. */
  readonly expires: number[];
  /** Bytes per slot by profile id (the profiles the scan estimated for), without each node's base and keyspace tables (see `DataSpread`). */
  readonly memory: Partial<Record<MemoryProfileId, number[]>>;
}

/**
 * Adds up, while a scan streams past, what every key would take on each engine, per hash slot.
 * Fixed size whatever the file holds: one `KeyShape`, one array of 16384 slots per profile, and
 * a fixed cache of short string keys' costs per profile (256 KiB each). Each profile adds about
 * 8% to the scan time of a file of small keys, so a scan estimates only for the engines asked.
 */
export class SlotMemoryTally {
  private readonly shape = new KeyShape();
  /** The profiles that lay keys out differently (Valkey 8.1 and 9.0 share one), and each profile's among them. */
  private readonly models: MemoryProfile[];
  private readonly modelOf: number[];
  /**
   * Per slot, the bytes of each model then the keys with a TTL, in one row (slot × stride + model)
   * so that one key touches one cache line.
   */
  private readonly modelCount: number;
  private readonly stride: number;
  private readonly rows: Float64Array;
  /**
   * The same rows for short string keys in 32 bits, half the cache lines; a figure is moved to
   * `rows` before it could overflow.
   */
  private readonly shortRows: Uint32Array;
  /** The cost of each short string key shape per model (0: not computed yet); see `stringCacheIndex`. */
  private readonly stringCache: Uint16Array;
  /**
   * Short string keys (slot and cache index) waiting to be added up: adding them in a batch lets
   * the processor fetch the slots' cache lines in parallel, which keeps the scan's added cost small.
   */
  private readonly pendingSlots = new Int32Array(BATCH);
  private readonly pendingShapes = new Int32Array(BATCH);
  private pending = 0;
  private open = false;

  /** @param profiles the engines to estimate for: each costs scan time, so only those needed */
  constructor(private readonly profiles: readonly MemoryProfile[]) {
    this.models = profiles.filter((profile, i) => profiles.findIndex((other) => other.laysOutKeysLike(profile)) === i);
    this.modelOf = profiles.map((profile) => this.models.findIndex((model) => model.laysOutKeysLike(profile)));
    this.modelCount = this.models.length;
    this.stride = this.modelCount + 1;
    this.rows = new Float64Array(SLOT_COUNT * this.stride);
    this.shortRows = new Uint32Array(SLOT_COUNT * this.stride);
    this.stringCache = new Uint16Array(SHORT * (SHORT + 1) * 2 * this.models.length);
  }

  /** A key record of RDB type `type` begins; its name is `keyLength` bytes. */
  public startKey(type: number, keyLength: number): void {
    this.shape.start(type, keyLength);
    this.open = true;
  }

  /** A string of the key's value (`length` uncompressed; an integer's decimal length). Ignored outside a key. */
  public string(length: number, isInteger: boolean): void {
    if (this.open) this.shape.string(length, isInteger);
  }

  /** An encoded blob of the key's value, `length` bytes uncompressed. Ignored outside a key. */
  public blob(length: number): void {
    if (this.open) this.shape.blob(length);
  }

  /** The key's record ended, `recordBytes` long, in `slot`. */
  public endKey(slot: number, expires: boolean, recordBytes: number): void {
    const shape = this.shape;
    shape.expires = expires;
    shape.recordBytes = recordBytes;
    this.open = false;
    const models = this.modelCount;
    const index = this.stringCacheIndex(shape);
    if (index < 0) {
      const at = slot * this.stride;
      for (let m = 0; m < models; m++) this.rows[at + m] += this.models[m].keyBytes(shape);
      if (expires) this.rows[at + models]++;
      return;
    }
    if (this.stringCache[index * models] === 0) {
      for (let m = 0; m < models; m++) this.stringCache[index * models + m] = this.models[m].keyBytes(shape);
    }
    this.pendingSlots[this.pending] = slot;
    this.pendingShapes[this.pending] = index;
    if (++this.pending === BATCH) this.flush();
  }

  /** The totals, bytes rounded to whole numbers. */
  public result(): SlotMemory {
    this.flush();
    const column = (m: number) => Array.from({ length: SLOT_COUNT }, (_, slot) => {
      const at = slot * this.stride + m;
      return Math.round(this.rows[at] + this.shortRows[at]);
    });
    const memory: Partial<Record<MemoryProfileId, number[]>> = {};
    this.profiles.forEach((profile, i) => {
      memory[profile.id] = column(this.modelOf[i]);
    });
    return { expires: column(this.models.length), memory };
  }

  private flush(): void {
    const { rows, shortRows, stride, stringCache, pendingSlots, pendingShapes } = this;
    const models = this.models.length;
    for (let i = 0; i < this.pending; i++) {
      const at = pendingSlots[i] * stride;
      const shape = pendingShapes[i];
      const from = shape * models;
      for (let m = 0; m < models; m++) {
        const sum = shortRows[at + m] + stringCache[from + m];
        if (sum < SPILL) {
          shortRows[at + m] = sum;
        } else {
          rows[at + m] += sum;
          shortRows[at + m] = 0;
        }
      }
      // The cache index's low bit is the TTL.
      shortRows[at + models] += shape & 1;
    }
    this.pending = 0;
  }

  /**
   * Where a short string key's cost sits in `stringCache`, or -1: most keys are short strings, and
   * their cost depends only on the key's length, the value's length (or being an integer) and the TTL.
   */
  private stringCacheIndex(shape: KeyShape): number {
    if (shape.kind !== ValueKind.STRING || shape.keyLength >= SHORT || shape.stringLength >= SHORT) return -1;
    const value = shape.stringIsInteger ? SHORT : shape.stringLength;
    return ((shape.keyLength * (SHORT + 1) + value) << 1) | (shape.expires ? 1 : 0);
  }
}
