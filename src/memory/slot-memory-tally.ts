/* eslint-disable no-bitwise -- the short string cache index packs the TTL into its low bit */
import { KeyShape, ValueKind } from './key-shape';
import { MemoryProfile, MemoryProfileId } from './memory-profile';
import { SLOT_COUNT } from '../model/slots';

/** Keys and string values shorter than this have their cost cached (it stays below 2^16 bytes). */
const SHORT = 256;
/** Short string keys added up at a time. */
const BATCH = 4096;

/** Per-slot figures of a file: keys, bytes, keys with a TTL and estimated memory by engine profile. */
export interface SlotMemory {
  readonly keys: number[];
  readonly bytes: number[];
  /** Keys with a TTL (expired or not), per slot. */
  readonly expires: number[];
  /** Bytes per slot by profile id (the profiles the scan estimated for), without each node's base and keyspace tables (see `DataSpread`). */
  readonly memory: Partial<Record<MemoryProfileId, number[]>>;
}

/** Where each figure sits in a slot's row. */
const KEYS = 0;
const BYTES = 1;
const EXPIRES = 2;
const FIRST_MODEL = 3;

/**
 * Adds up, while a scan streams past, each slot's keys, bytes, keys with a TTL and what its keys
 * would take on each engine asked for. Fixed size whatever the file holds: one `KeyShape`, one
 * row per slot, and a fixed cache of short string keys' costs (256 KiB per engine). Each engine
 * adds scan time, so a scan estimates only for the engines asked.
 */
export class SlotMemoryTally {
  private readonly shape = new KeyShape();
  /** The profiles that lay keys out differently (Valkey 8.1 and 9.0 share one), and each profile's among them. */
  private readonly models: MemoryProfile[];
  private readonly modelOf: number[];
  private readonly modelCount: number;
  /** One row per slot (slot × stride): keys, bytes, TTLs, then each model's bytes, so that one key touches one cache line. */
  private readonly stride: number;
  private readonly rows: Float64Array;
  /** The cost of each short string key shape per model (0: not computed yet); see `stringCacheIndex`. */
  private readonly stringCache: Uint16Array;
  /**
   * Short string keys (slot, cache index, record bytes) waiting to be added up: adding them in a
   * batch lets the processor fetch the slots' rows in parallel, which keeps the scan's added cost small.
   */
  private readonly pendingSlots = new Int32Array(BATCH);
  private readonly pendingShapes = new Int32Array(BATCH);
  private readonly pendingBytes = new Float64Array(BATCH);
  private pending = 0;
  /** The slots that hold a key, in the order they got their first: the result reads only these. */
  private readonly filledSlots = new Int32Array(SLOT_COUNT);
  private filledCount = 0;
  private open = false;

  /** @param profiles the engines to estimate for: each costs scan time, so only those needed */
  constructor(private readonly profiles: readonly MemoryProfile[]) {
    this.models = profiles.filter((profile, i) => profiles.findIndex((other) => other.laysOutKeysLike(profile)) === i);
    this.modelOf = profiles.map((profile) => this.models.findIndex((model) => model.laysOutKeysLike(profile)));
    this.modelCount = this.models.length;
    this.stride = FIRST_MODEL + this.modelCount;
    this.rows = new Float64Array(SLOT_COUNT * this.stride);
    this.stringCache = new Uint16Array(SHORT * (SHORT + 1) * 2 * this.modelCount);
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

  /** The key's record ended, but servers skip it on load (an empty collection): it takes nothing. */
  public skipKey(): void {
    this.open = false;
  }

  /** The key's record ended, `recordBytes` long (strings uncompressed), in `slot`. */
  public endKey(slot: number, expires: boolean, recordBytes: number): void {
    const shape = this.shape;
    shape.expires = expires;
    shape.recordBytes = recordBytes;
    this.open = false;
    const models = this.modelCount;
    const index = this.stringCacheIndex(shape);
    if (index < 0) {
      const at = slot * this.stride;
      if (this.rows[at + KEYS]++ === 0) this.filledSlots[this.filledCount++] = slot;
      this.rows[at + BYTES] += recordBytes;
      if (expires) this.rows[at + EXPIRES]++;
      for (let m = 0; m < models; m++) this.rows[at + FIRST_MODEL + m] += this.models[m].keyBytes(shape);
      return;
    }
    if (this.stringCache[index * models] === 0) {
      for (let m = 0; m < models; m++) this.stringCache[index * models + m] = this.models[m].keyBytes(shape);
    }
    this.pendingSlots[this.pending] = slot;
    this.pendingShapes[this.pending] = index;
    this.pendingBytes[this.pending] = recordBytes;
    if (++this.pending === BATCH) this.flush();
  }

  /** The totals, bytes rounded to whole numbers. */
  public result(): SlotMemory {
    this.flush();
    // Only the slots that hold keys are read: a small file's scan would otherwise spend most of
    // its time on 16,384 empty rows per column.
    const { rows, stride, filledSlots } = this;
    // Looked up once: a global lookup is slow in a sandbox such as jest's vm context.
    const round = Math.round;
    const column = (offset: number) => {
      const values = new Array<number>(SLOT_COUNT).fill(0);
      for (let i = 0; i < this.filledCount; i++) values[filledSlots[i]] = round(rows[filledSlots[i] * stride + offset]);
      return values;
    };
    const memory: Partial<Record<MemoryProfileId, number[]>> = {};
    this.profiles.forEach((profile, i) => {
      memory[profile.id] = column(FIRST_MODEL + this.modelOf[i]);
    });
    return { keys: column(KEYS), bytes: column(BYTES), expires: column(EXPIRES), memory };
  }

  private flush(): void {
    const { rows, stride, stringCache, pendingSlots, pendingShapes, pendingBytes } = this;
    const models = this.modelCount;
    for (let i = 0; i < this.pending; i++) {
      const slot = pendingSlots[i];
      const at = slot * stride;
      const shape = pendingShapes[i];
      if (rows[at + KEYS]++ === 0) this.filledSlots[this.filledCount++] = slot;
      rows[at + BYTES] += pendingBytes[i];
      // The cache index's low bit is the TTL.
      rows[at + EXPIRES] += shape & 1;
      const from = shape * models;
      for (let m = 0; m < models; m++) rows[at + FIRST_MODEL + m] += stringCache[from + m];
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
