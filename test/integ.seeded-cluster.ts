/**
 * Seeds a two-shard Valkey cluster from an .rdb file that the stack uploads, and checks that
 * ElastiCache reports the group available with the slots the construct rendered.
 *
 * `integ-assets/seed.rdb` is 66 keys in database 0 (64 strings, a hash, a list) saved by
 * redis-server 7.0 (RDB 10). Deploy in a Region launched before 2019-03-20 (e.g. us-east-1), where
 * the preflight grants ElastiCache read access with an object ACL; opt-in Regions need the stack's
 * `env.region` for the bucket-policy statement instead. `npx projen integ` only compares the
 * synthesized template with the committed snapshot.
 */
import * as path from 'path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { ClusterMode, EngineVersion, NodeType, RdbSource, SeededCluster, SlotLayout } from '../src';
import { expectRestoredGroup } from './integ-helpers';

const app = new App();
const stack = new Stack(app, 'SeededClusterInteg');
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });

const seeds = new s3.Bucket(stack, 'Seeds', {
  encryption: s3.BucketEncryption.S3_MANAGED,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  // ElastiCache reads the seed through an object ACL grant.
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
  removalPolicy: RemovalPolicy.DESTROY,
  autoDeleteObjects: true,
});
const upload = new s3deploy.BucketDeployment(stack, 'Upload', {
  sources: [s3deploy.Source.asset(path.join(__dirname, 'integ-assets'))],
  destinationBucket: seeds,
  destinationKeyPrefix: 'seeds/',
});

const cluster = new SeededCluster(stack, 'Seeded', {
  vpc,
  source: RdbSource.fromBucket(seeds, ['seeds/seed.rdb'], { grantElastiCacheAccess: true }),
  engineVersion: EngineVersion.VALKEY_8_0,
  nodeType: NodeType.T4G_SMALL,
  clusterMode: ClusterMode.enabled({ slotLayout: SlotLayout.even(2), replicasPerShard: 0 }),
  // A test leaves no final backup behind.
  removalPolicy: RemovalPolicy.DESTROY,
});
// The preflight reads the object and grants access to it, so the upload comes first.
cluster.node.addDependency(upload);

expectRestoredGroup(app, 'SeededClusterTest', stack, cluster, 'cache.t4g.small', ['0-8191', '8192-16383']);
