import { KeyShape } from './key-shape';
import { MemoryProfile, MemoryProfileId } from './memory-profile';
import { SLOT_COUNT } from '../rdb/key-slot';

/** Per-slot estimated memory of a file's keys for every engine profile, and keys with a TTL per slot. */
export interface SlotMemory {
  /** Keys with a TTL (expired or not), per slot. */
  readonly expires: number[];
  /** Bytes per slot by profile id, without each node's base and keyspace tables (see `DataSpread`). */
  readonly memory: Record<MemoryProfileId, number[]>;
}

/**
 * Adds up, while a scan streams past, what every key would take on each engine, per hash slot.
 * Fixed size whatever the file holds: one `KeyShape`, and one array of 16384 slots per profile.
 */
export class SlotMemoryTally {
  private readonly shape = new KeyShape();
  private readonly profiles = MemoryProfile.all();
  private readonly memory = this.profiles.map(() => new Float64Array(SLOT_COUNT));
  private readonly expires = new Float64Array(SLOT_COUNT);
  private open = false;

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
    for (let i = 0; i < this.profiles.length; i++) this.memory[i][slot] += this.profiles[i].keyBytes(shape);
    if (expires) this.expires[slot]++;
    this.open = false;
  }

  /** The totals, bytes rounded to whole numbers. */
  public result(): SlotMemory {
    const memory: Partial<Record<MemoryProfileId, number[]>> = {};
    this.profiles.forEach((profile, i) => {
      memory[profile.id] = Array.from(this.memory[i], Math.round);
    });
    return { expires: Array.from(this.expires), memory: memory as Record<MemoryProfileId, number[]> };
  }
}
