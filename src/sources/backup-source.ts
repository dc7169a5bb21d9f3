import { Token } from 'aws-cdk-lib';
import { EngineVersion } from '../model/engine-version';
import { NodeType } from '../model/node-type';

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
  readonly shards?: number;

  /**
   * Bytes of data in the backup (all shards).
   *
   * @default - unknown until the preflight reads the backup
   */
  readonly dataBytes?: number;
}

/**
 * An ElastiCache backup (snapshot) to restore from.
 */
export class BackupSource {
  /**
   * A backup by its name in this account and Region.
   *
   * @param snapshotName the backup's name, e.g. `nightly-2026-11-01`
   * @param facts what you know of it, for synth-time checks
   */
  public static fromSnapshotName(snapshotName: string, facts: BackupSourceFacts = {}): BackupSource {
    if (!Token.isUnresolved(snapshotName) && !/^[A-Za-z][A-Za-z0-9-]{0,254}$/.test(snapshotName)) {
      throw new Error(`BackupSource.fromSnapshotName: '${snapshotName}' is not a backup name (a letter, then letters, digits and hyphens, at most 255).`);
    }
    return new BackupSource(snapshotName, facts);
  }

  private constructor(
    /** The backup's name. */
    public readonly snapshotName: string,
    /** What was declared about it. */
    public readonly facts: BackupSourceFacts,
  ) {}
}
