import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Preflight, RestorePreflight, RestorePreflightProps } from '../../src/constructs/preflight';
import { ClusterMode } from '../../src/model/cluster-mode';
import { EngineVersion } from '../../src/model/engine-version';
import { NodeType } from '../../src/model/node-type';
import { SlotLayout } from '../../src/model/slots';
import { BackupSource } from '../../src/sources/backup-source';
import { RdbSource } from '../../src/sources/rdb-source';

const TARGET = { engineVersion: EngineVersion.REDIS_7_1, nodeType: NodeType.R7G_LARGE, clusterMode: ClusterMode.disabled() };

function stackIn(region = 'us-east-1'): Stack {
  return new Stack(new App(), 'Stack', { env: { region, account: '111111111111' } });
}

function preflight(stack: Stack, props: Partial<RestorePreflightProps>, id = 'Preflight'): RestorePreflight {
  return new RestorePreflight(stack, id, { preflight: Preflight.fullScan(), ...TARGET, ...props });
}

test('Preflight factories', () => {
  expect(Preflight.fullScan()).toMatchObject({ isDisabled: false, isHeaderOnly: false, memorySize: 1024 });
  expect(Preflight.headerOnly({ memorySize: 512 })).toMatchObject({ isDisabled: false, isHeaderOnly: true, memorySize: 512 });
  expect(Preflight.disabled().isDisabled).toBe(true);
  expect(Preflight.fullScan().timeout.toMinutes()).toBe(15);
  expect(() => Preflight.fullScan({ timeout: Duration.minutes(20) })).toThrow(/30 seconds to 15 minutes/);
});

test('seeding: reads exactly the objects and their buckets, and renders the target', () => {
  const stack = stackIn();
  preflight(stack, {
    rdbSource: RdbSource.fromArns(['arn:aws:s3:::seeds/a.rdb', 'arn:aws:s3:::seeds/b.rdb']),
    clusterMode: ClusterMode.enabled({ slotLayout: SlotLayout.even(2), replicasPerShard: 0 }),
    reservedMemoryPercent: 30,
  });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: [
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectAcl'], Resource: ['arn:aws:s3:::seeds/a.rdb', 'arn:aws:s3:::seeds/b.rdb'] },
        { Effect: 'Allow', Action: ['s3:GetBucketLocation', 's3:GetBucketPolicy'], Resource: 'arn:aws:s3:::seeds' },
      ],
    },
  });
  const [properties] = Object.values(template.findResources('Custom::ElastiCacheRestorePreflight')).map((r) => r.Properties);
  expect(properties).toMatchObject({ Subject: 'Stack', Mode: 'full', Region: 'us-east-1' });
  expect(properties.GrantAccess).toBeUndefined();
  expect(JSON.parse(properties.Objects)).toEqual([
    { bucket: 'seeds', key: 'a.rdb', arn: 'arn:aws:s3:::seeds/a.rdb' },
    { bucket: 'seeds', key: 'b.rdb', arn: 'arn:aws:s3:::seeds/b.rdb' },
  ]);
  expect(JSON.parse(properties.Target)).toEqual({
    engine: 'redis',
    engineVersion: '7.1',
    maxRdbVersion: 10,
    nodeType: 'cache.r7g.large',
    maxMemoryBytes: NodeType.R7G_LARGE.maxMemoryBytes,
    clusterModeEnabled: true,
    numNodeGroups: 2,
    shards: [{ slots: '0-8191', replicaCount: 0 }, { slots: '8192-16383', replicaCount: 0 }],
    replicasPerShard: 0,
    reservedMemoryPercent: 30,
    seededFromArns: true,
  });
});

test('restoring a backup: describes exactly that snapshot, reads no S3', () => {
  const stack = stackIn();
  preflight(stack, { backup: BackupSource.fromSnapshotName('nightly') });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: [{
        Effect: 'Allow',
        Action: 'elasticache:DescribeSnapshots',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:111111111111:snapshot:nightly']] },
      }],
    },
  });
  template.hasResourceProperties('Custom::ElastiCacheRestorePreflight', { SnapshotName: 'nightly', Objects: Match.absent() });
});

test('granting in an ACL Region: PutObjectAcl on the objects, and a warning about Object Ownership', () => {
  const stack = stackIn();
  const bucket = new s3.Bucket(stack, 'Seeds');
  const check = preflight(stack, { rdbSource: RdbSource.fromBucket(bucket, ['a.rdb'], { grantElastiCacheAccess: true }) });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['s3:GetObject', 's3:GetObjectAcl', 's3:PutObjectAcl'] })]) },
  });
  template.hasResourceProperties('Custom::ElastiCacheRestorePreflight', { GrantAccess: 'true' });
  template.resourceCountIs('AWS::S3::BucketPolicy', 0);
  Annotations.fromStack(stack).hasWarning(`/${check.node.path}`, Match.stringLikeRegexp('BUCKET_OWNER_PREFERRED'));
});

test('no Object Ownership warning when ACLs are enabled', () => {
  const stack = stackIn();
  const bucket = new s3.Bucket(stack, 'Seeds', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED });
  preflight(stack, { rdbSource: RdbSource.fromBucket(bucket, ['a.rdb'], { grantElastiCacheAccess: true }) });
  Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
});

test('granting in an opt-in Region: a bucket-policy statement for the Region\'s ElastiCache principal', () => {
  const stack = stackIn('ap-east-1');
  const bucket = new s3.Bucket(stack, 'Seeds');
  preflight(stack, { rdbSource: RdbSource.fromBucket(bucket, ['a.rdb', 'b.rdb'], { grantElastiCacheAccess: true }) });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::S3::BucketPolicy', {
    PolicyDocument: {
      Statement: Match.arrayWith([Match.objectLike({
        Effect: 'Allow',
        Principal: { Service: 'ap-east-1.elasticache-snapshot.amazonaws.com' },
        Action: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketAcl'],
        // The bucket and the named objects, not every object in it; this account's restores only.
        Resource: [
          { 'Fn::GetAtt': [Match.stringLikeRegexp('^Seeds'), 'Arn'] },
          { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Seeds'), 'Arn'] }, '/a.rdb']] },
          { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Seeds'), 'Arn'] }, '/b.rdb']] },
        ],
        Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
      })]),
    },
  });
  const [preflightResource] = Object.values(template.findResources('Custom::ElastiCacheRestorePreflight'));
  expect(preflightResource.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^SeedsPolicy/)]));
});

test('an opt-in Region bucket this stack does not own: a warning with the statement to add', () => {
  const stack = stackIn('me-south-1');
  const check = preflight(stack, { rdbSource: RdbSource.fromArns(['arn:aws:s3:::theirs/a.rdb'], { grantElastiCacheAccess: true }) });
  Annotations.fromStack(stack).hasWarning(`/${check.node.path}`, Match.stringLikeRegexp('me-south-1.elasticache-snapshot.amazonaws.com'));
});

test('one function and provider per stack and setting', () => {
  const stack = stackIn();
  preflight(stack, { backup: BackupSource.fromSnapshotName('a') }, 'A');
  preflight(stack, { backup: BackupSource.fromSnapshotName('b') }, 'B');
  preflight(stack, { backup: BackupSource.fromSnapshotName('c'), preflight: Preflight.headerOnly({ timeout: Duration.minutes(5) }) }, 'C');
  const template = Template.fromStack(stack);
  template.resourceCountIs('Custom::ElastiCacheRestorePreflight', 3);
  template.resourcePropertiesCountIs('AWS::Lambda::Function', { Timeout: 900, MemorySize: 1024, Runtime: 'nodejs22.x' }, 1);
  template.resourcePropertiesCountIs('AWS::Lambda::Function', { Timeout: 300 }, 1);
  // One per check, plus per provider: its framework's invoke grant and each function's own logs.
  template.resourceCountIs('AWS::IAM::Policy', 3 + 2 * 3);
});

test('the preflight\'s and its provider\'s logs are kept a month, or as long as asked', () => {
  const stack = stackIn();
  preflight(stack, { backup: BackupSource.fromSnapshotName('a') }, 'A');
  preflight(stack, { backup: BackupSource.fromSnapshotName('b'), preflight: Preflight.fullScan({ logRetention: logs.RetentionDays.ONE_YEAR }) }, 'B');
  const template = Template.fromStack(stack);
  template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 2);
  template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 365 }, 2);
  // Each is the log group its function writes (/aws/lambda/NAME): the preflight's and the provider framework's.
  const functions = Object.keys(template.findResources('AWS::Lambda::Function'));
  const groups = Object.values(template.findResources('AWS::Logs::LogGroup')).map((group) => group.Properties.LogGroupName);
  expect(functions).toHaveLength(4);
  expect(groups).toEqual(expect.arrayContaining(functions.map((fn) => ({ 'Fn::Join': ['', ['/aws/lambda/', { Ref: fn }]] }))));
});

test('refuses a disabled preflight and ambiguous sources', () => {
  const stack = stackIn();
  expect(() => preflight(stack, { preflight: Preflight.disabled(), backup: BackupSource.fromSnapshotName('a') })).toThrow(/disabled/);
  expect(() => preflight(stack, {}, 'None')).toThrow(/exactly one of rdbSource and backup/);
});
