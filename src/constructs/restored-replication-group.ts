import { Construct } from 'constructs';
import { importReplicationGroup, IReplicationGroup, ReplicationGroupAttributes } from './replication-group';
import { enforceRestoreRules } from './restore-checks';
import { RestoredClusterBase, RestoredClusterBaseProps } from './restored-cluster-base';
import { BackupSource } from '../sources/backup-source';

/**
 * Properties of a `RestoredReplicationGroup`.
 */
export interface RestoredReplicationGroupProps extends RestoredClusterBaseProps {
  /**
   * The ElastiCache backup to restore. It is read once, when the group is created: naming
   * another backup later replaces the group with a new one restored from it.
   */
  readonly backup: BackupSource;
}

/**
 * A replication group restored from an ElastiCache backup, optionally resized on the way:
 * another node type, shard count, slot layout, replica count, or cluster mode turned on.
 *
 * Restores that ElastiCache would accept and then fail (cluster mode turned off, a data-tiering
 * mismatch, an older engine, data that does not fit) are refused at `cdk synth` from the facts you
 * declare, and at deploy time by the preflight, which reads the backup before the group exists.
 */
export class RestoredReplicationGroup extends RestoredClusterBase {
  /**
   * A replication group that exists outside this app, e.g. to grant access to it or alarm on its metrics.
   *
   * @param scope the scope of the imported group
   * @param id its id in `scope`
   * @param attrs what is known of it
   */
  public static fromReplicationGroupAttributes(scope: Construct, id: string, attrs: ReplicationGroupAttributes): IReplicationGroup {
    return importReplicationGroup(scope, id, attrs);
  }

  constructor(scope: Construct, id: string, props: RestoredReplicationGroupProps) {
    super(scope, id, props, `backup ${props.backup.snapshotName}`);
    this.resource.snapshotName = props.backup.snapshotName;

    enforceRestoreRules(this, props, { backup: props.backup });
  }
}
