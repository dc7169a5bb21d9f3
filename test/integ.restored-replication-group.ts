/**
 * Restores a named backup with cluster mode turned on, over two shards of smaller nodes, and checks
 * that ElastiCache reports the group available with the slots the construct rendered.
 *
 * The deployer's prerequisite, in the account and Region of the deployment: a backup named
 * `cdk-elasticache-restore-integ` of a cluster-mode-disabled Redis OSS 7.1 group on
 * cache.t4g.micro holding keys in database 0 only, e.g.
 *
 *   aws elasticache create-replication-group --replication-group-id cer-integ-source \
 *     --replication-group-description source --engine redis --engine-version 7.1 \
 *     --cache-node-type cache.t4g.micro --num-cache-clusters 1
 *   aws elasticache create-snapshot --replication-group-id cer-integ-source --snapshot-name cdk-elasticache-restore-integ
 *
 * Without it the preflight fails the deployment (`snapshot-state`) before the group is created.
 * `npx projen integ` only compares the synthesized template with the committed snapshot.
 */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { BackupSource, ClusterMode, EngineVersion, NodeType, RestoredReplicationGroup, SlotLayout } from '../src';
import { expectRestoredGroup } from './integ-helpers';

const app = new App();
const stack = new Stack(app, 'RestoredReplicationGroupInteg');
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });

const group = new RestoredReplicationGroup(stack, 'Restored', {
  vpc,
  backup: BackupSource.fromSnapshotName('cdk-elasticache-restore-integ', {
    clusterModeEnabled: false,
    engineVersion: EngineVersion.REDIS_7_1,
    nodeType: NodeType.T4G_MICRO,
  }),
  engineVersion: EngineVersion.REDIS_7_1,
  nodeType: NodeType.T4G_SMALL,
  clusterMode: ClusterMode.enabled({ slotLayout: SlotLayout.even(2), replicasPerShard: 0 }),
  // A test leaves no final backup behind.
  removalPolicy: RemovalPolicy.DESTROY,
});

expectRestoredGroup(app, 'RestoredReplicationGroupTest', stack, group, 'cache.t4g.small', ['0-8191', '8192-16383']);
