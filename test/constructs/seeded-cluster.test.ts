import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ClusterMode, EngineVersion, NodeType, RdbSource, SeededCluster, SeededClusterProps, SlotLayout } from '../../src';
import { attachedRestoreFacts } from '../../src/target/attached-facts';
import { report as reportOf } from '../support/reports';

const RG = 'AWS::ElastiCache::ReplicationGroup';

function stackWithVpc() {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
  return { stack, vpc: new ec2.Vpc(stack, 'Vpc', { natGateways: 0 }) };
}

function seed(source: (stack: Stack) => RdbSource, overrides: Partial<SeededClusterProps> = {}) {
  const { stack, vpc } = stackWithVpc();
  const cluster = new SeededCluster(stack, 'Seeded', {
    vpc,
    source: source(stack),
    engineVersion: EngineVersion.VALKEY_8_0,
    nodeType: NodeType.R7G_LARGE,
    clusterMode: ClusterMode.enabled({ slotLayout: SlotLayout.even(2) }),
    ...overrides,
  });
  return { stack, cluster, template: Template.fromStack(stack) };
}

describe('SeededCluster', () => {
  test('seeds from ARNs with the slots of every shard', () => {
    const { template } = seed(() => RdbSource.fromArns(['arn:aws:s3:::dumps-bucket/a/one.rdb', 'arn:aws:s3:::dumps-bucket/two.rdb']));
    template.hasResourceProperties(RG, {
      SnapshotArns: ['arn:aws:s3:::dumps-bucket/a/one.rdb', 'arn:aws:s3:::dumps-bucket/two.rdb'],
      SnapshotName: Match.absent(),
      ReplicationGroupDescription: 'Restored from 2 .rdb files in S3',
      Engine: 'valkey',
      ClusterMode: 'enabled',
      NumNodeGroups: 2,
      NodeGroupConfiguration: [
        { NodeGroupId: '0001', Slots: '0-8191', ReplicaCount: 1 },
        { NodeGroupId: '0002', Slots: '8192-16383', ReplicaCount: 1 },
      ],
    });
  });

  test('seeds from objects of a bucket construct', () => {
    const { template } = seed((s) => RdbSource.fromBucket(new s3.Bucket(s, 'Dumps'), ['dumps/a.rdb']));
    template.hasResourceProperties(RG, {
      SnapshotArns: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Dumps'), 'Arn'] }, '/dumps/a.rdb']] }],
      ReplicationGroupDescription: 'Restored from 1 .rdb file in S3',
    });
  });

  describe('facts file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'facts-'));
    const report = reportOf({ file: 'dumps/a.rdb' });

    test('hands the inspected reports to the checks', () => {
      const path = join(dir, 'facts.json');
      writeFileSync(path, JSON.stringify({ version: 1, files: [report], findings: [] }));
      const { cluster } = seed(() => RdbSource.fromArns(['arn:aws:s3:::b/dumps/a.rdb'], { factsFile: path }));
      expect(attachedRestoreFacts(cluster.resource)?.rdbFiles).toEqual([{ file: 'dumps/a.rdb', report }]);
    });

    test('refuses, as it is constructed, a facts file it cannot read', () => {
      const path = join(dir, 'missing.json');
      expect(() => seed(() => RdbSource.fromArns(['arn:aws:s3:::b/k.rdb'], { factsFile: path }))).toThrow(`factsFile ${path}: cannot be read (ENOENT)`);
    });
  });
});
