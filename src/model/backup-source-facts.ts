import { EngineVersion } from './engine-version';
import { NodeType } from './node-type';

/**
 * What you know about the backup you restore. Each fact lets `cdk synth` refuse an
 * incompatible restore; the preflight reads the real ones from DescribeSnapshots at deploy time.
 */
export interface BackupSourceFacts {
  /**
   * Whether the backup's group had cluster mode enabled.
   *
   * @default - unknown until the preflight reads the backup
   */
  readonly clusterModeEnabled?: boolean;

  /**
   * The backup's node type.
   *
   * @default - unknown until the preflight reads the backup
   */
  readonly nodeType?: NodeType;

  /**
   * The engine version the backup was taken on.
   *
   * @default - unknown until the preflight reads the backup
   */
  readonly engineVersion?: EngineVersion;

  /**
   * Whether the backup was taken with data tiering (r6gd).
   *
   * @default - derived from `nodeType` when given, else unknown
   */
  readonly dataTiering?: boolean;

  /**
   * The backup's number of shards.
   *
   * @default - unknown until the preflight reads the backup
   */
  readonly shardCount?: number;

  /**
   * Bytes of data in the backup (all shards).
   *
   * @default - unknown until the preflight reads the backup
   */
  readonly dataBytes?: number;
}
