import { Construct } from 'constructs';
import { importReplicationGroup, IReplicationGroup, ReplicationGroupAttributes } from './replication-group';
import { enforceRestoreRules } from './restore-checks';
import { RestoredClusterBase, RestoredClusterBaseProps } from './restored-cluster-base';
import { RdbSource } from '../sources/rdb-source';

/**
 * Properties of a `SeededCluster`.
 */
export interface SeededClusterProps extends RestoredClusterBaseProps {
  /**
   * The `.rdb` files to seed the group from. They are read once, when the group is created:
   * naming other files later replaces the group with a new one seeded from them.
   */
  readonly source: RdbSource;
}

/**
 * A replication group seeded from `.rdb` files in S3, e.g. dumps of self-managed Redis OSS or
 * Valkey servers, with the slots of every shard rendered so cluster mode can be seeded.
 *
 * Seeds that ElastiCache would accept and then fail (keys outside database 0 in cluster mode,
 * an RDB version newer than the engine, data that does not fit, an object ElastiCache cannot
 * read) are refused at `cdk synth` when a facts file is given, and at deploy time by the
 * preflight, which reads the objects before the group exists.
 */
export class SeededCluster extends RestoredClusterBase {
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

  constructor(scope: Construct, id: string, props: SeededClusterProps) {
    const count = props.source.objects.length;
    super(scope, id, props, `${count} .rdb ${count === 1 ? 'file' : 'files'} in S3`);
    this.resource.snapshotArns = props.source.arns;

    enforceRestoreRules(this, props, { rdbSource: props.source });
  }
}
