import { SlotLayout } from './slots';

/**
 * Where one shard's nodes go.
 */
export interface ShardPlacement {
  /**
   * The Availability Zone of the shard's primary.
   *
   * @default - ElastiCache chooses
   */
  readonly primaryAvailabilityZone?: string;

  /**
   * The Availability Zones of the shard's replicas, one per replica.
   *
   * @default - ElastiCache chooses
   */
  readonly replicaAvailabilityZones?: string[];
}

/**
 * Options for a cluster-mode-enabled (sharded) group.
 */
export interface ClusterModeEnabledOptions {
  /**
   * Which slots each shard serves. Required in effect when seeding from `.rdb` files, where
   * ElastiCache needs the slots of every shard; the library always renders them.
   *
   * @default - `SlotLayout.even(shardCount)`
   */
  readonly slotLayout?: SlotLayout;

  /**
   * The number of shards (node groups). Must match the layout's shard count when both are given.
   *
   * @default - the layout's shard count, or 1 without a layout
   */
  readonly shardCount?: number;

  /**
   * Replicas in every shard (0 to 5). At least one replica keeps automatic failover on.
   *
   * @default 1
   */
  readonly replicasPerShard?: number;

  /**
   * Per-shard Availability Zones, in shard order.
   *
   * @default - ElastiCache chooses
   */
  readonly placements?: ShardPlacement[];
}

/**
 * Options for a cluster-mode-disabled (single shard) group.
 */
export interface ClusterModeDisabledOptions {
  /**
   * Read replicas beside the primary (0 to 5). At least one replica keeps automatic failover on.
   *
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Where the primary and replicas go.
   *
   * @default - ElastiCache chooses
   */
  readonly placement?: ShardPlacement;
}

/**
 * Whether the restored group is sharded (cluster mode enabled) or a single shard.
 */
export class ClusterMode {
  /**
   * Cluster mode enabled: the keyspace is split into shards by hash slot.
   */
  public static enabled(options: ClusterModeEnabledOptions = {}): ClusterMode {
    checkConcreteCount('ClusterMode.enabled', 'shardCount', options.shardCount, 1);
    checkConcreteCount('ClusterMode.enabled', 'replicasPerShard', options.replicasPerShard, 0);
    const shardCount = options.shardCount ?? options.slotLayout?.shardCount ?? 1;
    const layout = options.slotLayout ?? SlotLayout.even(shardCount);
    if (layout.shardCount !== shardCount) {
      throw new Error(`ClusterMode.enabled: shardCount is ${shardCount} but slotLayout has ${layout.shardCount} shards; drop shardCount or make them agree.`);
    }
    return new ClusterMode(true, layout, options.replicasPerShard ?? 1, options.placements ?? []);
  }

  /**
   * Cluster mode disabled: one shard, a primary and its replicas.
   */
  public static disabled(options: ClusterModeDisabledOptions = {}): ClusterMode {
    checkConcreteCount('ClusterMode.disabled', 'replicas', options.replicas, 0);
    return new ClusterMode(false, undefined, options.replicas ?? 1, options.placement ? [options.placement] : []);
  }

  /** The slot layout (cluster mode enabled only). */
  public readonly slotLayout?: SlotLayout;

  private constructor(
    /** Whether cluster mode is enabled. */
    public readonly isEnabled: boolean,
    slotLayout: SlotLayout | undefined,
    /** Replicas in every shard. */
    public readonly replicasPerShard: number,
    /** Per-shard placements, in shard order (one at most when cluster mode is disabled). */
    public readonly placements: ShardPlacement[],
  ) {
    this.slotLayout = slotLayout;
  }

  /** The number of shards: the layout's, or 1 when cluster mode is disabled. */
  public get shardCount(): number {
    return this.slotLayout?.shardCount ?? 1;
  }
}

/**
 * Refuses a count that is not a whole number from `min` up. A CDK number token (a CfnParameter) is a
 * large negative number here: it would render a group of the wrong shape, so it is refused too.
 */
function checkConcreteCount(where: string, name: string, value: number | undefined, min: number): void {
  if (value === undefined || (Number.isInteger(value) && value >= min)) return;
  throw new Error(`${where}: ${name} is ${value}; give a whole number from ${min} up, known at synth time `
    + '(a CfnParameter or other token cannot decide the shape of the group the template renders).');
}
