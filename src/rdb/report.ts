import type { SlotMemory } from '../memory/slot-memory-tally';

/**
 * What a scan of one `.rdb` file found: the `FileReport` of `cdk-elasticache-restore inspect --json`
 * (DESIGN.md § The command line), which is also the facts file the synth-time checks read.
 */
export interface FileReport {
  /** The file's name as given (a path, `-` for stdin, or `s3://bucket/key`). */
  readonly file: string;
  /** Bytes read (the whole file unless the scan stopped early). */
  readonly bytes: number;
  /** `REDIS` or `VALKEY`; absent when the header is unreadable. */
  readonly magic?: 'REDIS' | 'VALKEY';
  /** The RDB format version in the header. */
  readonly rdbVersion?: number;
  /** AUX fields (redis-ver, valkey-ver, used-mem, ctime, …), values as text. */
  readonly aux: Record<string, string>;
  /** Databases present in the file, with their keys (expired or not) and keys with a TTL. */
  readonly databases: DatabaseReport[];
  /** Keys in the file, expired or not. */
  readonly keys: number;
  /** Key count by type name (`string`, `list`, `set`, `zset`, `hash`, `stream`, `module`, …). */
  readonly types: Record<string, number>;
  /** Module type names of module values and module AUX data (e.g. `ReJSON-RL`). */
  readonly modules: string[];
  /** Function libraries (FUNCTION2 records, and opcode 246 ones). */
  readonly functions: number;
  /**
   * Function libraries in the Redis 7.0 release-candidate format (opcode 246), which only Redis OSS
   * 7.0 and 7.1 load; absent when there are none.
   */
  readonly preReleaseFunctions?: number;
  /** The CRC64 trailer against the bytes read. */
  readonly checksum: 'ok' | 'mismatch' | 'disabled' | 'absent' | 'not-checked';
  /** Whether the whole file was read (false for a header-only scan or a failed one). */
  readonly complete: boolean;
  /** Per-slot key counts and bytes (cluster hash slot of each key); present after a complete scan. */
  readonly slots?: SlotHistogram;
  /** Why the file could not be read to the end. */
  readonly error?: ScanError;
}

/** One database of a file. */
export interface DatabaseReport {
  readonly db: number;
  readonly keys: number;
  readonly expires: number;
}

/**
 * Keys and bytes per cluster hash slot: index = slot (0–16383). Bytes are each key record's
 * length with LZF strings counted at their uncompressed length. A scan also gives keys with a
 * TTL and every engine's estimated memory per slot (`SlotMemory`); facts files written before
 * those existed lack them.
 */
export interface SlotHistogram extends Partial<SlotMemory> {
  readonly keys: number[];
  readonly bytes: number[];
}

/** Where and why a scan stopped. */
export interface ScanError {
  readonly message: string;
  /** Byte offset in the file where the bad data begins. */
  readonly offset: number;
  /**
   * The bytes could not be read at all (a missing file, a failed read or S3 stream): nothing is
   * known to be wrong with the file itself. Absent when the bytes read are corrupt or cut short.
   */
  readonly readFailed?: boolean;
  /**
   * The servers that do load what stopped this reader (module data in the Redis 4.0 release-candidate
   * format: Redis OSS 4.0 to 7.1 with the module), which can save it again in a readable format.
   */
  readonly loadableBy?: string;
}
