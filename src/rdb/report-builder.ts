import { typeName } from './format';
import type { RdbListener } from './rdb-listener';
import type { DatabaseReport, FileReport } from './report';
import { MemoryProfile } from '../memory/memory-profile';
import { SlotMemoryTally } from '../memory/slot-memory-tally';

/** Bounds on what a hostile file can make the report hold. */
const MAX_AUX_FIELDS = 1024;
const MAX_DATABASES = 65536;
const MAX_MODULES = 1024;

/** What a file holds, as the report gives it; the parser's outcome (bytes, checksum, error) is the scanner's. */
export type FileContents = Pick<FileReport, 'aux' | 'databases' | 'keys' | 'types' | 'modules' | 'functions' | 'preReleaseFunctions' | 'slots'>;

/**
 * Builds a report's account of a file's contents from what the parser tells: AUX fields,
 * databases, keys by type, modules, functions, and per slot keys, bytes, TTLs and estimated
 * memory. Bounded whatever the file holds.
 */
export class ReportBuilder implements RdbListener {
  private readonly auxFields = new Map<string, string>();
  private readonly databases = new Map<number, { db: number; keys: number; expires: number }>();
  private currentDb: { db: number; keys: number; expires: number } | undefined;
  private keys = 0;
  private keyType = 0;
  private readonly typeCounts = new Float64Array(256);
  private readonly modules = new Set<string>();
  private functions = 0;
  private preReleaseFunctions = 0;
  private readonly memory: SlotMemoryTally;
  /** The EOF marker was read: the slot counts are whole. */
  private ended = false;

  /** @param memoryProfiles the engines to estimate each slot's memory for */
  constructor(memoryProfiles: readonly MemoryProfile[]) {
    this.memory = new SlotMemoryTally(memoryProfiles);
  }

  public aux(name: string, value: string): void {
    if (this.auxFields.size < MAX_AUX_FIELDS || this.auxFields.has(name)) {
      this.auxFields.set(name, value);
    }
  }

  public selectDb(db: number): string | undefined {
    let stats = this.databases.get(db);
    if (!stats) {
      if (this.databases.size >= MAX_DATABASES) {
        return `more than ${MAX_DATABASES} databases selected; the file is corrupt`;
      }
      stats = { db, keys: 0, expires: 0 };
      this.databases.set(db, stats);
    }
    this.currentDb = stats;
    return undefined;
  }

  public keyStart(type: number, keyLength: number): void {
    this.keyType = type;
    this.memory.startKey(type, keyLength);
  }

  public valueString(length: number, isInteger: boolean): void {
    this.memory.string(length, isInteger);
  }

  public valueBlob(length: number): void {
    this.memory.blob(length);
  }

  public keyEnd(slot: number, expires: boolean, recordBytes: number): void {
    if (!this.currentDb) {
      this.selectDb(0);
    }
    this.keys++;
    this.currentDb!.keys++;
    if (expires) {
      this.currentDb!.expires++;
    }
    this.typeCounts[this.keyType]++;
    this.memory.endKey(slot, expires, recordBytes);
  }

  public keySkipped(): void {
    this.memory.skipKey();
  }

  public module(name: string): void {
    if (this.modules.size < MAX_MODULES) {
      this.modules.add(name);
    }
  }

  public functionLibrary(preRelease: boolean): void {
    this.functions++;
    if (preRelease) {
      this.preReleaseFunctions++;
    }
  }

  public end(): void {
    this.ended = true;
  }

  /**
   * What the file holds; `slots` when asked for and the file was read to its EOF marker (partial
   * slot counts would mislead).
   */
  public contents(withSlots: boolean): FileContents {
    const types: Record<string, number> = {};
    this.typeCounts.forEach((count, type) => {
      if (count > 0) {
        types[typeName(type)] = (types[typeName(type)] ?? 0) + count;
      }
    });
    const databases: DatabaseReport[] = [...this.databases.values()].sort((a, b) => a.db - b.db).map((db) => ({ ...db }));
    return {
      aux: Object.fromEntries(this.auxFields),
      databases,
      keys: this.keys,
      types,
      modules: [...this.modules].sort(),
      functions: this.functions,
      ...(this.preReleaseFunctions ? { preReleaseFunctions: this.preReleaseFunctions } : {}),
      ...(withSlots && this.ended ? { slots: this.memory.result() } : {}),
    };
  }
}
