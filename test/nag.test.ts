import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, NagSuppressions } from 'cdk-nag';
import { RestoreExampleStack } from '../examples/restore-example-stack';
import { BackupSource, ClusterMode, EngineVersion, NodeType, RdbSource, RestoredReplicationGroup, SeededCluster } from '../src';

const ENV = { account: '123456789012', region: 'eu-west-1' };

/** Every finding of cdk-nag's AwsSolutions pack left unsuppressed, as `path id: message`. */
function nagFindings(stack: Stack): string[] {
  const annotations = Annotations.fromStack(stack);
  return [...annotations.findError('*', Match.stringLikeRegexp('^AwsSolutions-')), ...annotations.findWarning('*', Match.stringLikeRegexp('^AwsSolutions-'))]
    .map((message) => `${message.id} ${String(message.entry.data).split('\n')[0]}`);
}

describe('cdk-nag AwsSolutions', () => {
  test('finds nothing on the library\'s own resources, with no suppression of the user\'s', () => {
    const app = new App();
    const stack = new Stack(app, 'Library', { env: ENV });
    // The VPC and the bucket are the user's, imported: only the library's resources are in the stack.
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
    });
    new RestoredReplicationGroup(stack, 'Restored', {
      vpc,
      backup: BackupSource.fromSnapshotName('nightly'),
      engineVersion: EngineVersion.REDIS_7_1,
      nodeType: NodeType.R6G_LARGE,
      clusterMode: ClusterMode.enabled({ shardCount: 2 }),
    });
    new SeededCluster(stack, 'Seeded', {
      vpc,
      source: RdbSource.fromBucket(s3.Bucket.fromBucketName(stack, 'Dumps', 'dumps'), ['a.rdb'], { grantElastiCacheAccess: true }),
      engineVersion: EngineVersion.VALKEY_8_0,
      nodeType: NodeType.R7G_LARGE,
      clusterMode: ClusterMode.enabled({ shardCount: 2 }),
    });
    Aspects.of(app).add(new AwsSolutionsChecks());

    expect(nagFindings(stack)).toEqual([]);
  });

  test('finds nothing in the example app but its scaffolding, which stands for the user\'s own', () => {
    const app = new App();
    const stack = new RestoreExampleStack(app, 'RestoreExample', { env: ENV });
    NagSuppressions.addResourceSuppressionsByPath(stack, '/RestoreExample/Vpc/Resource', [{
      id: 'AwsSolutions-VPC7', reason: 'Example scaffolding: the VPC stands for the user\'s own, whose flow logs are theirs to configure.',
    }]);
    NagSuppressions.addResourceSuppressionsByPath(stack, '/RestoreExample/Dumps/Resource', [{
      id: 'AwsSolutions-S1', reason: 'Example scaffolding: the bucket stands for the user\'s dump bucket, whose access logging is theirs to configure.',
    }]);
    Aspects.of(app).add(new AwsSolutionsChecks());

    expect(nagFindings(stack)).toEqual([]);
  });
});
