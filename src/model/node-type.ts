import { EngineVersion } from './engine-version';
import { GIB } from './units';

/** ElastiCache's default `reserved-memory-percent`. */
export const DEFAULT_RESERVED_MEMORY_PERCENT = 25;

/** The share of usable memory a shard may fill and still take writes; above it the memory checks warn. */
export const MEMORY_HEADROOM = 0.9;

/** Every listed node type by name; filled as the static members below are created. */
const catalogue = new Map<string, NodeType>();

/**
 * An ElastiCache node type with the memory a restore can use.
 *
 * Memory is `maxmemory` as the ElastiCache node-type tables give it in GiB (two decimals), so it
 * is at most 0.005 GiB under the real figure: the library errs towards "does not fit".
 */
export class NodeType {
  /** cache.t3.micro: 0.50 GiB. */
  public static readonly T3_MICRO = NodeType.listed('cache.t3.micro', 0.5);
  /** cache.t3.small: 1.37 GiB. */
  public static readonly T3_SMALL = NodeType.listed('cache.t3.small', 1.37);
  /** cache.t3.medium: 3.09 GiB. */
  public static readonly T3_MEDIUM = NodeType.listed('cache.t3.medium', 3.09);
  /** cache.t4g.micro: 0.50 GiB. */
  public static readonly T4G_MICRO = NodeType.listed('cache.t4g.micro', 0.5, '5.0.6');
  /** cache.t4g.small: 1.37 GiB. */
  public static readonly T4G_SMALL = NodeType.listed('cache.t4g.small', 1.37, '5.0.6');
  /** cache.t4g.medium: 3.09 GiB. */
  public static readonly T4G_MEDIUM = NodeType.listed('cache.t4g.medium', 3.09, '5.0.6');

  /** cache.m5.large: 6.38 GiB. */
  public static readonly M5_LARGE = NodeType.listed('cache.m5.large', 6.38);
  /** cache.m5.xlarge: 12.93 GiB. */
  public static readonly M5_XLARGE = NodeType.listed('cache.m5.xlarge', 12.93);
  /** cache.m5.2xlarge: 26.04 GiB. */
  public static readonly M5_2XLARGE = NodeType.listed('cache.m5.2xlarge', 26.04);
  /** cache.m5.4xlarge: 52.26 GiB. */
  public static readonly M5_4XLARGE = NodeType.listed('cache.m5.4xlarge', 52.26);
  /** cache.m5.12xlarge: 157.12 GiB. */
  public static readonly M5_12XLARGE = NodeType.listed('cache.m5.12xlarge', 157.12);
  /** cache.m5.24xlarge: 314.32 GiB. */
  public static readonly M5_24XLARGE = NodeType.listed('cache.m5.24xlarge', 314.32);

  /** cache.m6g.large: 6.38 GiB. */
  public static readonly M6G_LARGE = NodeType.listed('cache.m6g.large', 6.38, '5.0.6');
  /** cache.m6g.xlarge: 12.93 GiB. */
  public static readonly M6G_XLARGE = NodeType.listed('cache.m6g.xlarge', 12.93, '5.0.6');
  /** cache.m6g.2xlarge: 26.04 GiB. */
  public static readonly M6G_2XLARGE = NodeType.listed('cache.m6g.2xlarge', 26.04, '5.0.6');
  /** cache.m6g.4xlarge: 52.26 GiB. */
  public static readonly M6G_4XLARGE = NodeType.listed('cache.m6g.4xlarge', 52.26, '5.0.6');
  /** cache.m6g.8xlarge: 103.68 GiB. */
  public static readonly M6G_8XLARGE = NodeType.listed('cache.m6g.8xlarge', 103.68, '5.0.6');
  /** cache.m6g.12xlarge: 157.12 GiB. */
  public static readonly M6G_12XLARGE = NodeType.listed('cache.m6g.12xlarge', 157.12, '5.0.6');
  /** cache.m6g.16xlarge: 209.55 GiB. */
  public static readonly M6G_16XLARGE = NodeType.listed('cache.m6g.16xlarge', 209.55, '5.0.6');

  /** cache.m7g.large: 6.38 GiB. */
  public static readonly M7G_LARGE = NodeType.listed('cache.m7g.large', 6.38, '6.2');
  /** cache.m7g.xlarge: 12.93 GiB. */
  public static readonly M7G_XLARGE = NodeType.listed('cache.m7g.xlarge', 12.93, '6.2');
  /** cache.m7g.2xlarge: 26.04 GiB. */
  public static readonly M7G_2XLARGE = NodeType.listed('cache.m7g.2xlarge', 26.04, '6.2');
  /** cache.m7g.4xlarge: 52.26 GiB. */
  public static readonly M7G_4XLARGE = NodeType.listed('cache.m7g.4xlarge', 52.26, '6.2');
  /** cache.m7g.8xlarge: 103.68 GiB. */
  public static readonly M7G_8XLARGE = NodeType.listed('cache.m7g.8xlarge', 103.68, '6.2');
  /** cache.m7g.12xlarge: 157.12 GiB. */
  public static readonly M7G_12XLARGE = NodeType.listed('cache.m7g.12xlarge', 157.12, '6.2');
  /** cache.m7g.16xlarge: 209.55 GiB. */
  public static readonly M7G_16XLARGE = NodeType.listed('cache.m7g.16xlarge', 209.55, '6.2');

  /** cache.r5.large: 13.07 GiB. */
  public static readonly R5_LARGE = NodeType.listed('cache.r5.large', 13.07);
  /** cache.r5.xlarge: 26.32 GiB. */
  public static readonly R5_XLARGE = NodeType.listed('cache.r5.xlarge', 26.32);
  /** cache.r5.2xlarge: 52.82 GiB. */
  public static readonly R5_2XLARGE = NodeType.listed('cache.r5.2xlarge', 52.82);
  /** cache.r5.4xlarge: 105.81 GiB. */
  public static readonly R5_4XLARGE = NodeType.listed('cache.r5.4xlarge', 105.81);
  /** cache.r5.12xlarge: 317.77 GiB. */
  public static readonly R5_12XLARGE = NodeType.listed('cache.r5.12xlarge', 317.77);
  /** cache.r5.24xlarge: 635.61 GiB. */
  public static readonly R5_24XLARGE = NodeType.listed('cache.r5.24xlarge', 635.61);

  /** cache.r6g.large: 13.07 GiB. */
  public static readonly R6G_LARGE = NodeType.listed('cache.r6g.large', 13.07, '5.0.6');
  /** cache.r6g.xlarge: 26.32 GiB. */
  public static readonly R6G_XLARGE = NodeType.listed('cache.r6g.xlarge', 26.32, '5.0.6');
  /** cache.r6g.2xlarge: 52.82 GiB. */
  public static readonly R6G_2XLARGE = NodeType.listed('cache.r6g.2xlarge', 52.82, '5.0.6');
  /** cache.r6g.4xlarge: 105.81 GiB. */
  public static readonly R6G_4XLARGE = NodeType.listed('cache.r6g.4xlarge', 105.81, '5.0.6');
  /** cache.r6g.8xlarge: 209.55 GiB. */
  public static readonly R6G_8XLARGE = NodeType.listed('cache.r6g.8xlarge', 209.55, '5.0.6');
  /** cache.r6g.12xlarge: 317.77 GiB. */
  public static readonly R6G_12XLARGE = NodeType.listed('cache.r6g.12xlarge', 317.77, '5.0.6');
  /** cache.r6g.16xlarge: 419.09 GiB. */
  public static readonly R6G_16XLARGE = NodeType.listed('cache.r6g.16xlarge', 419.09, '5.0.6');

  /** cache.r7g.large: 13.07 GiB. */
  public static readonly R7G_LARGE = NodeType.listed('cache.r7g.large', 13.07, '6.2');
  /** cache.r7g.xlarge: 26.32 GiB. */
  public static readonly R7G_XLARGE = NodeType.listed('cache.r7g.xlarge', 26.32, '6.2');
  /** cache.r7g.2xlarge: 52.82 GiB. */
  public static readonly R7G_2XLARGE = NodeType.listed('cache.r7g.2xlarge', 52.82, '6.2');
  /** cache.r7g.4xlarge: 105.81 GiB. */
  public static readonly R7G_4XLARGE = NodeType.listed('cache.r7g.4xlarge', 105.81, '6.2');
  /** cache.r7g.8xlarge: 209.55 GiB. */
  public static readonly R7G_8XLARGE = NodeType.listed('cache.r7g.8xlarge', 209.55, '6.2');
  /** cache.r7g.12xlarge: 317.77 GiB. */
  public static readonly R7G_12XLARGE = NodeType.listed('cache.r7g.12xlarge', 317.77, '6.2');
  /** cache.r7g.16xlarge: 419.09 GiB. */
  public static readonly R7G_16XLARGE = NodeType.listed('cache.r7g.16xlarge', 419.09, '6.2');

  /** cache.r6gd.xlarge (data tiering): 26.32 GiB of memory, 99.33 GiB of SSD. */
  public static readonly R6GD_XLARGE = NodeType.listed('cache.r6gd.xlarge', 26.32, '6.2');
  /** cache.r6gd.2xlarge (data tiering): 52.82 GiB of memory, 199.07 GiB of SSD. */
  public static readonly R6GD_2XLARGE = NodeType.listed('cache.r6gd.2xlarge', 52.82, '6.2');
  /** cache.r6gd.4xlarge (data tiering): 105.81 GiB of memory, 398.14 GiB of SSD. */
  public static readonly R6GD_4XLARGE = NodeType.listed('cache.r6gd.4xlarge', 105.81, '6.2');
  /** cache.r6gd.8xlarge (data tiering): 209.55 GiB of memory, 796.28 GiB of SSD. */
  public static readonly R6GD_8XLARGE = NodeType.listed('cache.r6gd.8xlarge', 209.55, '6.2');
  /** cache.r6gd.12xlarge (data tiering): 317.77 GiB of memory, 1194.42 GiB of SSD. */
  public static readonly R6GD_12XLARGE = NodeType.listed('cache.r6gd.12xlarge', 317.77, '6.2');
  /** cache.r6gd.16xlarge (data tiering): 419.09 GiB of memory, 1592.56 GiB of SSD. */
  public static readonly R6GD_16XLARGE = NodeType.listed('cache.r6gd.16xlarge', 419.09, '6.2');

  /** cache.c7gn.large: 3.09 GiB. */
  public static readonly C7GN_LARGE = NodeType.listed('cache.c7gn.large', 3.09, '6.2');
  /** cache.c7gn.xlarge: 6.38 GiB. */
  public static readonly C7GN_XLARGE = NodeType.listed('cache.c7gn.xlarge', 6.38, '6.2');
  /** cache.c7gn.2xlarge: 12.94 GiB. */
  public static readonly C7GN_2XLARGE = NodeType.listed('cache.c7gn.2xlarge', 12.94, '6.2');
  /** cache.c7gn.4xlarge: 26.05 GiB. */
  public static readonly C7GN_4XLARGE = NodeType.listed('cache.c7gn.4xlarge', 26.05, '6.2');
  /** cache.c7gn.8xlarge: 52.26 GiB. */
  public static readonly C7GN_8XLARGE = NodeType.listed('cache.c7gn.8xlarge', 52.26, '6.2');
  /** cache.c7gn.12xlarge: 78.56 GiB. */
  public static readonly C7GN_12XLARGE = NodeType.listed('cache.c7gn.12xlarge', 78.56, '6.2');
  /** cache.c7gn.16xlarge: 105.81 GiB. */
  public static readonly C7GN_16XLARGE = NodeType.listed('cache.c7gn.16xlarge', 105.81, '6.2');

  // The Graviton4 families run on Valkey only (7.2 and later): memory is `maxmemory` in bytes from AWS's
  // "Valkey node-type specific parameters" table
  // (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Valkey.NodeSpecific);
  // the GiB in each comment and the 7.2 minimum are from "Current Generation (Valkey)"
  // (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html#CacheNodes.CurrentGen-Valkey),
  // whose Redis OSS tables do not list these families.
  /** cache.m8g.large (Valkey only): 6.79 GiB. */
  public static readonly M8G_LARGE = NodeType.valkeyListed('cache.m8g.large', 7_294_178_820);
  /** cache.m8g.xlarge (Valkey only): 14.18 GiB. */
  public static readonly M8G_XLARGE = NodeType.valkeyListed('cache.m8g.xlarge', 15_222_495_510);
  /** cache.m8g.2xlarge (Valkey only): 29.68 GiB. */
  public static readonly M8G_2XLARGE = NodeType.valkeyListed('cache.m8g.2xlarge', 31_866_224_640);
  /** cache.m8g.4xlarge (Valkey only): 61.33 GiB. */
  public static readonly M8G_4XLARGE = NodeType.valkeyListed('cache.m8g.4xlarge', 65_856_864_256);
  /** cache.m8g.8xlarge (Valkey only): 124.65 GiB. */
  public static readonly M8G_8XLARGE = NodeType.valkeyListed('cache.m8g.8xlarge', 133_838_143_488);
  /** cache.m8g.12xlarge (Valkey only): 187.96 GiB. */
  public static readonly M8G_12XLARGE = NodeType.valkeyListed('cache.m8g.12xlarge', 201_819_422_720);
  /** cache.m8g.16xlarge (Valkey only): 251.27 GiB. */
  public static readonly M8G_16XLARGE = NodeType.valkeyListed('cache.m8g.16xlarge', 269_800_701_952);

  /** cache.r8g.large (Valkey only): 14.18 GiB. */
  public static readonly R8G_LARGE = NodeType.valkeyListed('cache.r8g.large', 15_222_495_510);
  /** cache.r8g.xlarge (Valkey only): 29.68 GiB. */
  public static readonly R8G_XLARGE = NodeType.valkeyListed('cache.r8g.xlarge', 31_866_224_640);
  /** cache.r8g.2xlarge (Valkey only): 61.33 GiB. */
  public static readonly R8G_2XLARGE = NodeType.valkeyListed('cache.r8g.2xlarge', 65_856_864_256);
  /** cache.r8g.4xlarge (Valkey only): 124.65 GiB. */
  public static readonly R8G_4XLARGE = NodeType.valkeyListed('cache.r8g.4xlarge', 133_838_143_488);
  /** cache.r8g.8xlarge (Valkey only): 251.27 GiB. */
  public static readonly R8G_8XLARGE = NodeType.valkeyListed('cache.r8g.8xlarge', 269_800_701_952);
  /** cache.r8g.12xlarge (Valkey only): 377.90 GiB. */
  public static readonly R8G_12XLARGE = NodeType.valkeyListed('cache.r8g.12xlarge', 405_763_260_416);
  /** cache.r8g.16xlarge (Valkey only): 504.52 GiB. */
  public static readonly R8G_16XLARGE = NodeType.valkeyListed('cache.r8g.16xlarge', 541_725_818_880);

  /** cache.c8gn.large (Valkey only): 3.10 GiB. */
  public static readonly C8GN_LARGE = NodeType.valkeyListed('cache.c8gn.large', 3_330_020_474);
  /** cache.c8gn.xlarge (Valkey only): 6.79 GiB. */
  public static readonly C8GN_XLARGE = NodeType.valkeyListed('cache.c8gn.xlarge', 7_294_178_820);
  /** cache.c8gn.2xlarge (Valkey only): 14.18 GiB. */
  public static readonly C8GN_2XLARGE = NodeType.valkeyListed('cache.c8gn.2xlarge', 15_222_495_510);
  /** cache.c8gn.4xlarge (Valkey only): 29.68 GiB. */
  public static readonly C8GN_4XLARGE = NodeType.valkeyListed('cache.c8gn.4xlarge', 31_866_224_640);
  /** cache.c8gn.8xlarge (Valkey only): 61.33 GiB. */
  public static readonly C8GN_8XLARGE = NodeType.valkeyListed('cache.c8gn.8xlarge', 65_856_864_256);
  /** cache.c8gn.12xlarge (Valkey only): 92.99 GiB. */
  public static readonly C8GN_12XLARGE = NodeType.valkeyListed('cache.c8gn.12xlarge', 99_847_503_872);
  /** cache.c8gn.16xlarge (Valkey only): 124.65 GiB. */
  public static readonly C8GN_16XLARGE = NodeType.valkeyListed('cache.c8gn.16xlarge', 133_838_143_488);

  /**
   * A node type by name: a listed one, or one this library does not list yet.
   *
   * @param name e.g. `cache.r7g.large`
   * @param maxMemoryBytes its `maxmemory`; required for memory checks of an unlisted type
   * @default - the listed type's memory; unknown for an unlisted type (the memory check then skips)
   */
  public static of(name: string, maxMemoryBytes?: number): NodeType {
    if (!/^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(name)) {
      throw new Error(`Invalid node type '${name}': expected a name like 'cache.r7g.large'.`);
    }
    const listed = catalogue.get(name);
    if (listed && maxMemoryBytes === undefined) {
      return listed;
    }
    return new NodeType(name, maxMemoryBytes ?? listed?.maxMemoryBytes, listed?.minimumRedisVersion, listed?.valkeyOnly);
  }

  /** Every listed node type, smallest memory first within a family. */
  public static all(): NodeType[] {
    return [...catalogue.values()];
  }

  private static listed(name: string, gib: number, minimumRedisVersion?: string): NodeType {
    return NodeType.catalogued(new NodeType(name, Math.round(gib * GIB), minimumRedisVersion));
  }

  private static valkeyListed(name: string, maxMemoryBytes: number): NodeType {
    return NodeType.catalogued(new NodeType(name, maxMemoryBytes, undefined, true));
  }

  private static catalogued(nodeType: NodeType): NodeType {
    catalogue.set(nodeType.name, nodeType);
    return nodeType;
  }

  /** The family, e.g. `r7g` for `cache.r7g.large`. */
  public readonly family: string;

  /** Whether the type tiers data to SSD (the `d` in r6gd), which needs `DataTieringEnabled`. */
  public readonly dataTiering: boolean;

  /** The name, e.g. `cache.r7g.large`. */
  public readonly name: string;

  /** The node's `maxmemory` in bytes, when known. */
  public readonly maxMemoryBytes?: number;

  /** The oldest Redis OSS version that runs this type (Valkey runs every type); none for types every version runs. */
  public readonly minimumRedisVersion?: string;

  /** Whether only Valkey runs this type (m8g, r8g, c8gn): no Redis OSS version does. */
  public readonly valkeyOnly: boolean;

  private constructor(name: string, maxMemoryBytes?: number, minimumRedisVersion?: string, valkeyOnly: boolean = false) {
    this.name = name;
    this.valkeyOnly = valkeyOnly;
    this.maxMemoryBytes = maxMemoryBytes;
    this.minimumRedisVersion = minimumRedisVersion;
    this.family = name.split('.')[1];
    this.dataTiering = /^[a-z]+\d+[a-z]*d$/.test(this.family);
  }

  /**
   * Bytes a node holds for data: `maxmemory × (1 − reservedMemoryPercent / 100)`.
   *
   * @param reservedMemoryPercent the `reserved-memory-percent` parameter (default 25)
   * @returns undefined when the type's memory is unknown
   */
  public usableMemoryBytes(reservedMemoryPercent: number = DEFAULT_RESERVED_MEMORY_PERCENT): number | undefined {
    return this.maxMemoryBytes === undefined ? undefined : Math.floor(this.maxMemoryBytes * (1 - reservedMemoryPercent / 100));
  }

  /** Whether the engine runs this node type. */
  public isSupportedBy(engineVersion: EngineVersion): boolean {
    if (engineVersion.isValkey) return true;
    return !this.valkeyOnly && (!this.minimumRedisVersion || engineVersion.isAtLeast(EngineVersion.redis(this.minimumRedisVersion)));
  }

  /** The name. */
  public toString(): string {
    return this.name;
  }
}
