import { RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  BackupSource, ClusterMode, EngineVersion, NodeType, RdbSource, RestoredReplicationGroup, SeededCluster, SlotLayout,
} from '../src';

const GIB = 2 ** 30;

/**
 * The two restores the README walks through: a nightly backup resized from one shard on
 * cache.r6g.xlarge to three shards on the smaller cache.r6g.large, and a cluster seeded from two
 * `.rdb` dumps of self-managed servers.
 */
export class RestoreExampleStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 3, natGateways: 0 });

    new RestoredReplicationGroup(this, 'Orders', {
      vpc,
      backup: BackupSource.fromSnapshotName('orders-nightly-2026-11-01', {
        clusterModeEnabled: false,
        engineVersion: EngineVersion.REDIS_7_1,
        nodeType: NodeType.R6G_XLARGE,
        shardCount: 1,
        dataBytes: 18 * GIB,
      }),
      engineVersion: EngineVersion.REDIS_7_1,
      nodeType: NodeType.R6G_LARGE,
      clusterMode: ClusterMode.enabled({ shardCount: 3, replicasPerShard: 1 }),
    });

    const dumps = new s3.Bucket(this, 'Dumps', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // ElastiCache reads seeds through an object ACL grant in most Regions.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new SeededCluster(this, 'Sessions', {
      vpc,
      source: RdbSource.fromBucket(dumps, ['dumps/sessions-a.rdb', 'dumps/sessions-b.rdb'], { grantElastiCacheAccess: true }),
      engineVersion: EngineVersion.VALKEY_8_0,
      nodeType: NodeType.R7G_LARGE,
      clusterMode: ClusterMode.enabled({ slotLayout: SlotLayout.weighted([2, 1, 1]), replicasPerShard: 1 }),
    });
  }
}
