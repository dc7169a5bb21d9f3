/**
 * Options for an engine version the library does not list yet.
 */
export interface EngineVersionOptions {
  /**
   * The highest RDB format version (in the header) this engine loads.
   *
   * @default - derived from the nearest listed version of the same engine
   */
  readonly maxRdbVersion?: number;
}

interface EngineVersionSpec {
  readonly maxRdbVersion: number;
  readonly parameterGroupFamily: string;
}

/** The most shards any engine allows (Redis OSS 5.0.6 and later, every Valkey). */
export const MAX_SHARDS = 500;

/** The engines ElastiCache runs for replication groups. */
const REDIS = 'redis';
const VALKEY = 'valkey';

/**
 * A Redis OSS or Valkey engine version on ElastiCache, with what a restore needs to know of it:
 * the highest RDB version it loads, its shard limit and its parameter-group family.
 *
 * RDB versions come from the open-source code each ElastiCache version is built on
 * (Redis OSS 3.2 → 7, 4.0 → 8, 5.0–6.2 → 9, 7.0/7.1 → 10, Valkey 7.2–8.2 → 11, Valkey 9 → 80).
 */
export class EngineVersion {
  /** Redis OSS 3.2.4, the first with cluster mode on ElastiCache. */
  public static readonly REDIS_3_2_4 = EngineVersion.redis('3.2.4');
  /** Redis OSS 3.2.6. */
  public static readonly REDIS_3_2_6 = EngineVersion.redis('3.2.6');
  /** Redis OSS 3.2.10. */
  public static readonly REDIS_3_2_10 = EngineVersion.redis('3.2.10');
  /** Redis OSS 4.0.10. */
  public static readonly REDIS_4_0_10 = EngineVersion.redis('4.0.10');
  /** Redis OSS 5.0.6, the first with 500 shards. */
  public static readonly REDIS_5_0_6 = EngineVersion.redis('5.0.6');
  /** Redis OSS 6.0. */
  public static readonly REDIS_6_0 = EngineVersion.redis('6.0');
  /** Redis OSS 6.2, the first with data tiering (r6gd) and the 7th-generation Graviton nodes. */
  public static readonly REDIS_6_2 = EngineVersion.redis('6.2');
  /** Redis OSS 7.0. */
  public static readonly REDIS_7_0 = EngineVersion.redis('7.0');
  /** Redis OSS 7.1 (compatible with Redis OSS 7.0). */
  public static readonly REDIS_7_1 = EngineVersion.redis('7.1');
  /** Valkey 7.2. */
  public static readonly VALKEY_7_2 = EngineVersion.valkey('7.2');
  /** Valkey 8.0. */
  public static readonly VALKEY_8_0 = EngineVersion.valkey('8.0');
  /** Valkey 8.1. */
  public static readonly VALKEY_8_1 = EngineVersion.valkey('8.1');
  /** Valkey 8.2. */
  public static readonly VALKEY_8_2 = EngineVersion.valkey('8.2');
  /** Valkey 9.0, the first that writes and loads the `VALKEY` RDB magic. */
  public static readonly VALKEY_9_0 = EngineVersion.valkey('9.0');
  /** Valkey 9.1. */
  public static readonly VALKEY_9_1 = EngineVersion.valkey('9.1');

  /**
   * A Redis OSS version, e.g. `'6.2'` or `'5.0.6'`.
   *
   * @param version the version ElastiCache calls it by
   * @param options for a version this library does not list yet
   */
  public static redis(version: string, options: EngineVersionOptions = {}): EngineVersion {
    return EngineVersion.of(REDIS, version, options);
  }

  /**
   * A Valkey version, e.g. `'8.0'`.
   *
   * @param version the version ElastiCache calls it by
   * @param options for a version this library does not list yet
   */
  public static valkey(version: string, options: EngineVersionOptions = {}): EngineVersion {
    return EngineVersion.of(VALKEY, version, options);
  }

  /**
   * An engine version by engine name (`redis` or `valkey`) and version.
   *
   * @param engine `redis` or `valkey`
   * @param version the version ElastiCache calls it by
   * @param options for a version this library does not list yet
   */
  public static of(engine: string, version: string, options: EngineVersionOptions = {}): EngineVersion {
    if (engine !== REDIS && engine !== VALKEY) {
      throw new Error(`Unknown engine '${engine}': ElastiCache replication groups run 'redis' or 'valkey'.`);
    }
    const parts = parseVersion(version);
    if (!parts) {
      throw new Error(`Invalid ${engine} version '${version}': expected MAJOR.MINOR or MAJOR.MINOR.PATCH, e.g. '7.1'.`);
    }
    const spec = engine === REDIS ? redisSpec(parts) : valkeySpec(parts);
    if (!spec) {
      throw new Error(`ElastiCache has no ${engine} ${version}: use Redis OSS 3.2.4 or later, or Valkey 7.2 or later.`);
    }
    return new EngineVersion(engine, version, parts, options.maxRdbVersion ?? spec.maxRdbVersion, spec.parameterGroupFamily);
  }

  /** Highest REDIS-magic RDB version any Valkey loads in its default strict mode. */
  private static readonly VALKEY_MAX_REDIS_RDB = 11;
  /** Valkey writes the VALKEY magic only for RDB versions above 79. */
  private static readonly VALKEY_MAGIC_FIRST_RDB = 80;

  private constructor(
    /** The engine: `redis` or `valkey`. */
    public readonly engine: string,
    /** The version as ElastiCache spells it, e.g. `7.1`. */
    public readonly version: string,
    private readonly parts: number[],
    /** The highest RDB format version this engine loads (80 for Valkey 9: the `VALKEY080` header). */
    public readonly maxRdbVersion: number,
    /** The parameter-group family, e.g. `redis7` or `valkey8`. */
    public readonly parameterGroupFamily: string,
  ) {}

  /** Whether the engine is Valkey. */
  public get isValkey(): boolean {
    return this.engine === VALKEY;
  }

  /** The most shards (node groups) a cluster-mode-enabled group of this engine may have. */
  public get maxShards(): number {
    return this.isValkey || this.isAtLeast(EngineVersion.redis('5.0.6')) ? MAX_SHARDS : 250;
  }

  /** Whether the engine runs cluster mode (Redis OSS 3.2.4 and later, every Valkey). */
  public get supportsClusterMode(): boolean {
    return this.isValkey || compareParts(this.parts, [3, 2, 4]) >= 0;
  }

  /** Whether cluster mode allows keys outside database 0 (Valkey 9 `cluster-databases`). */
  public get supportsClusterDatabases(): boolean {
    return this.isValkey && this.parts[0] >= 9;
  }

  /**
   * Whether this engine is the same as or newer than `other`.
   *
   * Valkey counts as newer than every Redis OSS version ElastiCache runs (it forked Redis OSS 7.2.4).
   */
  public isAtLeast(other: EngineVersion): boolean {
    if (this.engine !== other.engine) {
      return this.isValkey;
    }
    return compareParts(this.parts, other.parts) >= 0;
  }

  /**
   * Whether this engine loads an RDB file with the given header.
   *
   * @param magic `REDIS` or `VALKEY`, the first letters of the file
   * @param rdbVersion the version after the magic
   */
  public loadsRdb(magic: string, rdbVersion: number): boolean {
    if (magic === 'VALKEY') {
      return this.maxRdbVersion >= EngineVersion.VALKEY_MAGIC_FIRST_RDB
        && rdbVersion >= EngineVersion.VALKEY_MAGIC_FIRST_RDB && rdbVersion <= this.maxRdbVersion;
    }
    if (magic !== 'REDIS' || rdbVersion < 1) {
      return false;
    }
    const highest = this.maxRdbVersion >= EngineVersion.VALKEY_MAGIC_FIRST_RDB ? EngineVersion.VALKEY_MAX_REDIS_RDB : this.maxRdbVersion;
    return rdbVersion <= highest;
  }

  /** A readable name, e.g. `Redis OSS 7.1` or `Valkey 8.0`. */
  public toString(): string {
    return `${this.isValkey ? 'Valkey' : 'Redis OSS'} ${this.version}`;
  }
}

function parseVersion(version: string): number[] | undefined {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(version);
  return match ? match.slice(1).filter((p) => p !== undefined).map(Number) : undefined;
}

function compareParts(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) {
      return diff;
    }
  }
  return 0;
}

function redisSpec([major, minor]: number[]): EngineVersionSpec | undefined {
  const key = `${major}.${minor}`;
  switch (key) {
    case '3.2': return { maxRdbVersion: 7, parameterGroupFamily: 'redis3.2' };
    case '4.0': return { maxRdbVersion: 8, parameterGroupFamily: 'redis4.0' };
    case '5.0': return { maxRdbVersion: 9, parameterGroupFamily: 'redis5.0' };
    case '6.0':
    case '6.2': return { maxRdbVersion: 9, parameterGroupFamily: 'redis6.x' };
    case '7.0':
    case '7.1': return { maxRdbVersion: 10, parameterGroupFamily: 'redis7' };
    default: return undefined;
  }
}

function valkeySpec([major, minor]: number[]): EngineVersionSpec | undefined {
  if (major === 7 && minor === 2) {
    return { maxRdbVersion: 11, parameterGroupFamily: 'valkey7' };
  }
  if (major === 8) {
    return { maxRdbVersion: 11, parameterGroupFamily: 'valkey8' };
  }
  if (major >= 9) {
    return { maxRdbVersion: 80, parameterGroupFamily: `valkey${major}` };
  }
  return undefined;
}
