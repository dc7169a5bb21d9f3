import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { BackupSource, ClusterMode, EngineVersion, NodeType, RestoredReplicationGroup } from '../src';

/**
 * A restore the checks refuse: the backup of a cluster-mode-enabled group restored with cluster
 * mode disabled. ElastiCache would accept the request and leave the group in `restore-failed`
 * minutes later; `cdk synth` stops it first, with the rule and the remedy in the message.
 */
export class RefusedRestoreStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 0 });

    new RestoredReplicationGroup(this, 'Carts', {
      vpc,
      backup: BackupSource.fromSnapshotName('carts-nightly-2026-11-01', {
        clusterModeEnabled: true,
        engineVersion: EngineVersion.REDIS_7_1,
        nodeType: NodeType.R6G_LARGE,
      }),
      engineVersion: EngineVersion.REDIS_7_1,
      nodeType: NodeType.R6G_LARGE,
      clusterMode: ClusterMode.disabled({ replicas: 1 }),
    });
  }
}
