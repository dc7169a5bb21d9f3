import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, AspectPriority, Aspects, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CfnCacheCluster, CfnParameterGroup, CfnReplicationGroup, CfnReplicationGroupProps, CfnServerlessCache } from 'aws-cdk-lib/aws-elasticache';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RestoreCompatibilityChecks } from '../../src/checks/restore-compatibility-checks';
import { Preflight, RestorePreflight, RestorePreflightOptions } from '../../src/constructs/preflight';
import { RdbSource } from '../../src/sources/rdb-source';
import { AUTH_TOKEN_GIVEN } from '../../src/target/group-properties';
import { AUX, key, RESIZEDB, rdbFile, SELECTDB, str } from '../rdb/rdb-builder';
import { runCli } from '../support/cli';

const TARGET: CfnReplicationGroupProps = {
  replicationGroupDescription: 'restored',
  engine: 'redis',
  engineVersion: '7.1',
  cacheNodeType: 'cache.r7g.large',
  numCacheClusters: 2,
  automaticFailoverEnabled: true,
};
const BACKUP = { snapshotName: 'nightly' };
const SEEDS = { snapshotArns: ['arn:aws:s3:::seeds/a.rdb'] };

/** Writes a.rdb (one key, in the database `select` names) into `dir` and its facts file, as `inspect --json` writes it. */
async function writeFactsFile(dir: string, select: Buffer): Promise<string> {
  const rdb = path.join(dir, 'a.rdb');
  fs.writeFileSync(rdb, rdbFile('REDIS0010', [AUX('redis-ver', '7.0.15'), select, RESIZEDB(1, 0), key(0, 'foo', str('bar'))]));
  const { code, stdout } = await runCli(['inspect', rdb, '--json']);
  expect(code).toBe(0);
  const facts = path.join(dir, 'facts.json');
  fs.writeFileSync(facts, stdout);
  return facts;
}

function stackIn(region = 'us-east-1'): Stack {
  return new Stack(new App(), 'Stack', { env: { region, account: '111111111111' } });
}

/** The deploy-time check of a raw group restoring what `restore` names. */
function preflight(stack: Stack, restore: Partial<CfnReplicationGroupProps>, options: RestorePreflightOptions = {}, id = 'Cache'): RestorePreflight {
  return RestorePreflight.forReplicationGroup(new CfnReplicationGroup(stack, id, { ...TARGET, ...restore }), options);
}

test('Preflight factories', () => {
  expect(Preflight.fullScan()).toMatchObject({ isDisabled: false, isHeaderOnly: false, memorySize: 1024 });
  expect(Preflight.headerOnly({ memorySize: 512 })).toMatchObject({ isDisabled: false, isHeaderOnly: true, memorySize: 512 });
  expect(Preflight.disabled().isDisabled).toBe(true);
  expect(Preflight.fullScan().timeout.toMinutes()).toBe(15);
  expect(() => Preflight.fullScan({ timeout: Duration.minutes(20) })).toThrow(/30 seconds to 15 minutes/);
});

test('seeding: reads exactly the objects and their buckets, and carries the group as rendered', () => {
  const stack = stackIn();
  const parameters = new CfnParameterGroup(stack, 'Parameters', {
    cacheParameterGroupFamily: 'redis7', description: 'restore', properties: { 'cluster-enabled': 'yes', 'reserved-memory-percent': '30' },
  });
  const check = preflight(stack, {
    snapshotArns: ['arn:aws:s3:::seeds/a.rdb', 'arn:aws:s3:::seeds/b.rdb'],
    numCacheClusters: undefined,
    clusterMode: 'enabled',
    cacheParameterGroupName: parameters.ref,
    numNodeGroups: 2,
    nodeGroupConfiguration: [{ slots: '0-8191', replicaCount: 0 }, { slots: '8192-16383', replicaCount: 0 }],
    authToken: 'never-carried-secret',
  });
  const group = stack.node.findChild('Cache') as CfnReplicationGroup;
  group.addPropertyOverride('CacheNodeType', 'cache.r7g.xlarge');
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: [
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectAcl'], Resource: ['arn:aws:s3:::seeds/a.rdb', 'arn:aws:s3:::seeds/b.rdb'] },
        { Effect: 'Allow', Action: ['s3:GetBucketLocation', 's3:GetBucketPolicy'], Resource: 'arn:aws:s3:::seeds' },
      ],
    },
  });
  template.hasResource('AWS::ElastiCache::ReplicationGroup', { DependsOn: Match.arrayWith([stack.getLogicalId(check.resource.node.defaultChild as any)]) });
  const [properties] = Object.values(template.findResources('Custom::ElastiCacheRestorePreflight')).map((r) => r.Properties);
  expect(properties).toMatchObject({ Subject: 'Stack/Cache', Mode: 'full', Region: 'us-east-1' });
  expect(properties.GrantAccess).toBeUndefined();
  expect(JSON.parse(properties.Objects)).toEqual([
    { bucket: 'seeds', key: 'a.rdb', arn: 'arn:aws:s3:::seeds/a.rdb' },
    { bucket: 'seeds', key: 'b.rdb', arn: 'arn:aws:s3:::seeds/b.rdb' },
  ]);
  expect(properties.Group).toEqual({
    Engine: 'redis',
    EngineVersion: '7.1',
    CacheNodeType: 'cache.r7g.xlarge',
    ClusterMode: 'enabled',
    CacheParameterGroupName: { Ref: stack.getLogicalId(parameters) },
    NumNodeGroups: 2,
    NodeGroupConfiguration: [{ Slots: '0-8191', ReplicaCount: 0 }, { Slots: '8192-16383', ReplicaCount: 0 }],
    AutomaticFailoverEnabled: true,
    SnapshotArns: ['arn:aws:s3:::seeds/a.rdb', 'arn:aws:s3:::seeds/b.rdb'],
    // The authentication rule needs only whether there is a token.
    AuthToken: AUTH_TOKEN_GIVEN,
  });
  expect(JSON.stringify(properties)).not.toContain('never-carried-secret');
  expect(properties.ParameterGroup).toEqual({
    name: 'Stack/Parameters', family: 'redis7', parameters: { 'cluster-enabled': 'yes', 'reserved-memory-percent': '30' },
  });
});

test('the UseOnlineResharding update policy travels with the group', () => {
  const stack = stackIn();
  const check = preflight(stack, BACKUP);
  (stack.node.findChild('Cache') as CfnReplicationGroup).cfnOptions.updatePolicy = { useOnlineResharding: true };
  expect(Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(check.resource.node.defaultChild as any)].Properties.OnlineResharding).toBe('true');
});

test('restoring a backup: describes exactly that snapshot, reads no S3', () => {
  const stack = stackIn();
  preflight(stack, BACKUP);
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
  template.hasResourceProperties('Custom::ElastiCacheRestorePreflight', { Group: Match.objectLike({ SnapshotName: 'nightly' }), Objects: Match.absent() });
});

test('granting in an ACL Region: PutObjectAcl on the objects, and a warning about Object Ownership', () => {
  const stack = stackIn();
  const bucket = new s3.Bucket(stack, 'Seeds');
  const check = preflight(stack, SEEDS, { source: RdbSource.fromBucket(bucket, ['a.rdb'], { grantElastiCacheAccess: true }) });
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
  preflight(stack, SEEDS, { source: RdbSource.fromBucket(bucket, ['a.rdb'], { grantElastiCacheAccess: true }) });
  Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
});

test('granting in an opt-in Region: a bucket-policy statement for the Region\'s ElastiCache principal', () => {
  const stack = stackIn('ap-east-1');
  const bucket = new s3.Bucket(stack, 'Seeds');
  preflight(stack, SEEDS, { source: RdbSource.fromBucket(bucket, ['a.rdb', 'b.rdb'], { grantElastiCacheAccess: true }) });
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
  const check = preflight(stack, SEEDS, { source: RdbSource.fromArns(['arn:aws:s3:::theirs/a.rdb'], { grantElastiCacheAccess: true }) });
  Annotations.fromStack(stack).hasWarning(`/${check.node.path}`, Match.stringLikeRegexp('me-south-1.elasticache-snapshot.amazonaws.com'));
});

test('one function and provider per stack and setting', () => {
  const stack = stackIn();
  preflight(stack, { snapshotName: 'a' }, {}, 'A');
  preflight(stack, { snapshotName: 'b' }, {}, 'B');
  preflight(stack, { snapshotName: 'c' }, { preflight: Preflight.headerOnly({ timeout: Duration.minutes(5) }) }, 'C');
  const template = Template.fromStack(stack);
  template.resourceCountIs('Custom::ElastiCacheRestorePreflight', 3);
  template.resourcePropertiesCountIs('AWS::Lambda::Function', { Timeout: 900, MemorySize: 1024, Runtime: 'nodejs22.x' }, 1);
  template.resourcePropertiesCountIs('AWS::Lambda::Function', { Timeout: 300 }, 1);
  // One per check, plus per provider: its framework's invoke grant and each function's own logs.
  template.resourceCountIs('AWS::IAM::Policy', 3 + 2 * 3);
});

test('the preflight\'s and its provider\'s logs are kept a month, or as long as asked', () => {
  const stack = stackIn();
  preflight(stack, { snapshotName: 'a' }, {}, 'A');
  preflight(stack, { snapshotName: 'b' }, { preflight: Preflight.fullScan({ logRetention: logs.RetentionDays.ONE_YEAR }) }, 'B');
  const template = Template.fromStack(stack);
  template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 2);
  template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 365 }, 2);
  // Each is the log group its function writes (/aws/lambda/NAME): the preflight's and the provider framework's.
  const functions = Object.keys(template.findResources('AWS::Lambda::Function'));
  const groups = Object.values(template.findResources('AWS::Logs::LogGroup')).map((group) => group.Properties.LogGroupName);
  expect(functions).toHaveLength(4);
  expect(groups).toEqual(expect.arrayContaining(functions.map((fn) => ({ 'Fn::Join': ['', ['/aws/lambda/', { Ref: fn }]] }))));
});

test('a raw group\'s facts file serves the synth-time checks too, and its sizes the deploy-time one', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raw-facts-'));
  try {
    const facts = await writeFactsFile(dir, SELECTDB(0));

    const stack = stackIn();
    Aspects.of(stack).add(new RestoreCompatibilityChecks(), { priority: AspectPriority.READONLY });
    preflight(stack, { ...SEEDS, engineVersion: '6.2' }, { source: RdbSource.fromArns(SEEDS.snapshotArns, { factsFile: facts }) });
    Annotations.fromStack(stack).hasError('/Stack/Cache', Match.stringLikeRegexp('^\\[rdb-version\\] .*a\\.rdb'));
    const [properties] = Object.values(Template.fromStack(stack).findResources('Custom::ElastiCacheRestorePreflight')).map((r) => r.Properties);
    expect(JSON.parse(properties.Objects)).toEqual([{ bucket: 'seeds', key: 'a.rdb', arn: SEEDS.snapshotArns[0], factsFileBytes: fs.statSync(path.join(dir, 'a.rdb')).size }]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.each<[string, (stack: Stack) => Partial<CfnReplicationGroupProps>, RestorePreflightOptions, RegExp]>([
  ['a disabled preflight', () => BACKUP, { preflight: Preflight.disabled() }, /^Stack\/CachePreflight: the preflight is disabled/],
  ['a group that restores nothing', () => ({}), {}, /^Stack\/Cache restores nothing \(no SnapshotName, no SnapshotArns\)/],
  ['a group with both sources', () => ({ ...BACKUP, ...SEEDS }), {}, /^Stack\/Cache: the group names both a backup \(SnapshotName\) and \.rdb objects/],
  ['ARNs from a parameter without a source', (stack) => ({ snapshotArns: new CfnParameter(stack, 'Arns', { type: 'CommaDelimitedList' }).valueAsList }), {},
    /^Stack\/Cache: SnapshotArns is not known at synth time; name the objects with the source option/],
])('refuses %s', (_, restore, options, message) => {
  const stack = stackIn();
  expect(() => preflight(stack, restore(stack), options)).toThrow(message);
});

describe('raw cache clusters and serverless caches', () => {
  test('a cache cluster restoring a backup: the cluster depends on the check, which carries its type and properties', () => {
    const stack = stackIn();
    const parameters = new CfnParameterGroup(stack, 'Parameters', { cacheParameterGroupFamily: 'valkey8', description: 'p', properties: { 'reserved-memory-percent': '30' } });
    const cluster = new CfnCacheCluster(stack, 'Node', {
      engine: 'valkey', engineVersion: '8.0', cacheNodeType: 'cache.r7g.large', numCacheNodes: 1, ...BACKUP, cacheParameterGroupName: parameters.ref,
    });
    const check = RestorePreflight.forCacheCluster(cluster);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('Custom::ElastiCacheRestorePreflight', {
      Subject: 'Stack/Node',
      ResourceType: 'AWS::ElastiCache::CacheCluster',
      Group: { Engine: 'valkey', EngineVersion: '8.0', CacheNodeType: 'cache.r7g.large', NumCacheNodes: 1, SnapshotName: 'nightly', CacheParameterGroupName: { Ref: stack.getLogicalId(parameters) } },
      ParameterGroup: { name: 'Stack/Parameters', family: 'valkey8', parameters: { 'reserved-memory-percent': '30' } },
      Objects: Match.absent(),
    });
    template.hasResource('AWS::ElastiCache::CacheCluster', { DependsOn: Match.arrayWith([stack.getLogicalId(check.resource.node.defaultChild as any)]) });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'elasticache:DescribeSnapshots' })] },
    });
  });

  test('a serverless cache seeded from .rdb objects: reads exactly them, and carries its type and properties', () => {
    const stack = stackIn();
    const cache = new CfnServerlessCache(stack, 'Serverless', {
      engine: 'valkey', serverlessCacheName: 'seeded', majorEngineVersion: '8', snapshotArnsToRestore: ['arn:aws:s3:::seeds/a.rdb'], description: 'not carried',
    });
    const check = RestorePreflight.forServerlessCache(cache, { preflight: Preflight.headerOnly() });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('Custom::ElastiCacheRestorePreflight', {
      Subject: 'Stack/Serverless',
      ResourceType: 'AWS::ElastiCache::ServerlessCache',
      Mode: 'header',
      Group: { Engine: 'valkey', MajorEngineVersion: '8', ServerlessCacheName: 'seeded', SnapshotArnsToRestore: ['arn:aws:s3:::seeds/a.rdb'] },
      Objects: Match.serializedJson([Match.objectLike({ bucket: 'seeds', key: 'a.rdb' })]),
    });
    template.hasResource('AWS::ElastiCache::ServerlessCache', { DependsOn: Match.arrayWith([stack.getLogicalId(check.resource.node.defaultChild as any)]) });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['s3:GetObject', 's3:GetObjectAcl'], Resource: 'arn:aws:s3:::seeds/a.rdb' })]) },
    });
  });

  test.each<[string, (stack: Stack) => RestorePreflight | void, RegExp]>([
    ['a serverless cache that restores nothing', (stack) => RestorePreflight.forServerlessCache(new CfnServerlessCache(stack, 'Serverless', { engine: 'valkey', serverlessCacheName: 's' })),
      /^Stack\/Serverless restores nothing \(no SnapshotArnsToRestore\)/],
    ['a cache cluster with both sources', (stack) => RestorePreflight.forCacheCluster(new CfnCacheCluster(stack, 'Node', {
      engine: 'redis', cacheNodeType: 'cache.r7g.large', numCacheNodes: 1, ...BACKUP, ...SEEDS,
    })), /^Stack\/Node: the cache cluster names both a backup/],
    ['two resources at once', (stack) => {
      new RestorePreflight(stack, 'Check', {
        replicationGroup: new CfnReplicationGroup(stack, 'Cache', { ...TARGET, ...BACKUP }),
        cacheCluster: new CfnCacheCluster(stack, 'Node', { engine: 'redis', cacheNodeType: 'cache.r7g.large', numCacheNodes: 1, ...BACKUP }),
      });
    }, /^Stack\/Check: give exactly one of replicationGroup, cacheCluster and serverlessCache \(2 given\)/],
  ])('refuses %s', (_, make, message) => {
    expect(() => make(stackIn())).toThrow(message);
  });
});

test('a raw serverless cache\'s facts file serves the synth-time checks too', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raw-facts-'));
  try {
    const facts = await writeFactsFile(dir, SELECTDB(3));

    const stack = stackIn();
    Aspects.of(stack).add(new RestoreCompatibilityChecks(), { priority: AspectPriority.READONLY });
    const cache = new CfnServerlessCache(stack, 'Serverless', { engine: 'valkey', serverlessCacheName: 's', majorEngineVersion: '8', snapshotArnsToRestore: SEEDS.snapshotArns });
    RestorePreflight.forServerlessCache(cache, { source: RdbSource.fromArns(SEEDS.snapshotArns, { factsFile: facts }) });
    Annotations.fromStack(stack).hasError('/Stack/Serverless', Match.stringLikeRegexp('^\\[single-database\\] .*a\\.rdb'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
