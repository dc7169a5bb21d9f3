import { App, AspectPriority, Aspects, CfnResource, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { CfnCacheCluster, CfnCacheClusterProps, CfnParameterGroup, CfnServerlessCache, CfnServerlessCacheProps } from 'aws-cdk-lib/aws-elasticache';
import { cacheClusterFactsOf } from '../../src/checks/cache-cluster-facts';
import { RestoreCompatibilityChecks } from '../../src/checks/restore-compatibility-checks';
import { serverlessCacheFactsOf } from '../../src/checks/serverless-cache-facts';
import { EngineVersion } from '../../src/model/engine-version';
import { NodeType } from '../../src/model/node-type';

/** A single-node Valkey 8.0 cluster seeded from one .rdb file, with everything right. */
const seededNode: CfnCacheClusterProps = {
  engine: 'valkey',
  engineVersion: '8.0',
  cacheNodeType: 'cache.r7g.large',
  numCacheNodes: 1,
  snapshotArns: ['arn:aws:s3:::dumps/a.rdb'],
};

/** A Valkey 8 serverless cache seeded from one .rdb file. */
const seededServerless: CfnServerlessCacheProps = {
  engine: 'valkey',
  serverlessCacheName: 'seeded',
  majorEngineVersion: '8',
  snapshotArnsToRestore: ['arn:aws:s3:::dumps/a.rdb'],
};

function stack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
}

function annotationsOf(build: (scope: Stack) => void): Annotations {
  const scope = stack();
  build(scope);
  Aspects.of(scope).add(new RestoreCompatibilityChecks(), { priority: AspectPriority.READONLY });
  return Annotations.fromStack(scope);
}

const errorsOf = (annotations: Annotations) => annotations.findError('*', Match.anyValue()).map((message) => String(message.entry.data));

describe('CfnCacheCluster restores', () => {
  test('reads a single-node restore into the facts of a cache cluster', () => {
    const scope = stack();
    const group = new CfnParameterGroup(scope, 'Params', { cacheParameterGroupFamily: 'valkey8', description: 'p', properties: { 'reserved-memory-percent': '30' } });
    const resource = new CfnCacheCluster(scope, 'Node', { ...seededNode, cacheParameterGroupName: group.ref });
    expect(cacheClusterFactsOf(resource, () => {}).target).toEqual({
      resource: 'cache-cluster',
      engineVersion: EngineVersion.VALKEY_8_0,
      nodeType: NodeType.R7G_LARGE,
      clusterModeEnabled: false,
      numCacheNodes: 1,
      shards: [],
      replicasPerShard: 0,
      reservedMemoryPercent: 30,
      region: 'eu-west-1',
      seededFromArns: true,
      snapshotArnCount: 1,
      parameterGroup: { name: 'Stack/Params', family: 'valkey8', parameters: { 'reserved-memory-percent': '30' } },
    });
  });

  test('a compliant restore has no errors', () => {
    annotationsOf((scope) => new CfnCacheCluster(scope, 'Node', seededNode)).hasNoError('*', Match.anyValue());
  });

  test.each<[string, Partial<CfnCacheClusterProps>, RegExp]>([
    ['two .rdb ARNs', { snapshotArns: ['arn:aws:s3:::dumps/a.rdb', 'arn:aws:s3:::dumps/b.rdb'] }, /^\[shard-limits\] the cache cluster is seeded from 2 \.rdb ARNs, but CreateCacheCluster takes exactly one/],
    ['two nodes', { numCacheNodes: 2 }, /^\[shard-limits\] the cache cluster has NumCacheNodes 2/],
    ['a data-tiering node', { cacheNodeType: 'cache.r6gd.xlarge' }, /^\[node-type-engine\] cache\.r6gd\.xlarge tiers data to SSD, which only a replication group runs/],
    ['a Valkey-only node on Redis OSS', { engine: 'redis', engineVersion: '7.1', cacheNodeType: 'cache.m8g.large' }, /^\[node-type-engine\] cache\.m8g\.large runs on Valkey 7\.2 or later only/],
    ['a cluster-mode parameter group', { cacheParameterGroupName: 'default.valkey8.cluster.on' }, /^\[parameter-group\] Parameter group default\.valkey8\.cluster\.on has cluster-enabled yes, but the target has cluster mode disabled/],
    ['a parameter group of another family', { cacheParameterGroupName: 'default.valkey9' }, /^\[parameter-group\] Parameter group default\.valkey9 is of family valkey9, but Valkey 8\.0 needs family valkey8/],
  ])('refuses %s', (_, props, message) => {
    expect(errorsOf(annotationsOf((scope) => new CfnCacheCluster(scope, 'Node', { ...seededNode, ...props })))).toEqual([expect.stringMatching(message)]);
  });

  test('an acknowledged rule is a warning that carries the reason', () => {
    const annotations = annotationsOf((scope) => {
      const node = new CfnCacheCluster(scope, 'Node', { ...seededNode, numCacheNodes: 2 });
      RestoreCompatibilityChecks.acknowledge(node, 'shard-limits', 'a second node is added by hand after the restore');
      expect(cacheClusterFactsOf(node, () => {}).acknowledged).toEqual({ 'shard-limits': 'a second node is added by hand after the restore' });
    });
    annotations.hasNoError('*', Match.anyValue());
    annotations.hasWarning('/Stack/Node', Match.stringLikeRegexp('^\\[shard-limits\\] .*\\(acknowledged: a second node is added by hand after the restore\\)'));
  });

  test('acknowledging on a resource that restores nothing is refused by name', () => {
    const bucket = new CfnResource(stack(), 'Bucket', { type: 'AWS::S3::Bucket' });
    expect(() => RestoreCompatibilityChecks.acknowledge(bucket, 'memory-fit', 'why not')).toThrow(
      'Stack/Bucket: the checks judge restores of AWS::ElastiCache::ReplicationGroup, CacheCluster and ServerlessCache, not AWS::S3::Bucket; acknowledge the rule on the restoring resource.');
  });

  test('leaves Memcached and clusters without data alone', () => {
    const annotations = annotationsOf((scope) => {
      new CfnCacheCluster(scope, 'Memcached', { engine: 'memcached', cacheNodeType: 'cache.r7g.large', numCacheNodes: 3 });
      new CfnCacheCluster(scope, 'Empty', { ...seededNode, snapshotArns: undefined, numCacheNodes: 2 });
    });
    annotations.hasNoError('*', Match.anyValue());
  });
});

describe('CfnServerlessCache restores', () => {
  test('reads a serverless restore into the facts of a serverless cache', () => {
    const resource = new CfnServerlessCache(stack(), 'Serverless', seededServerless);
    expect(serverlessCacheFactsOf(resource, () => {}).target).toEqual({
      resource: 'serverless-cache',
      engineVersion: EngineVersion.VALKEY_8_2,
      clusterModeEnabled: true,
      region: 'eu-west-1',
      seededFromArns: true,
      snapshotArnCount: 1,
    });
  });

  test('reads the acknowledged rules', () => {
    const resource = new CfnServerlessCache(stack(), 'Serverless', seededServerless);
    RestoreCompatibilityChecks.acknowledge(resource, 'rdb-version', 'the files come from a newer fork that writes RDB 11');
    expect(serverlessCacheFactsOf(resource, () => {}).acknowledged).toEqual({ 'rdb-version': 'the files come from a newer fork that writes RDB 11' });
  });

  test('a restore of several files has no errors: no shards, slots or nodes to choose', () => {
    annotationsOf((scope) => new CfnServerlessCache(scope, 'Serverless', {
      ...seededServerless, snapshotArnsToRestore: ['arn:aws:s3:::dumps/a.rdb', 'arn:aws:s3:::dumps/b.rdb'],
    })).hasNoError('*', Match.anyValue());
  });

  test('an unknown major version is unknown, and the checks say why', () => {
    const debug: string[] = [];
    const facts = serverlessCacheFactsOf(new CfnServerlessCache(stack(), 'Serverless', { ...seededServerless, majorEngineVersion: '6' }), (message) => debug.push(message));
    expect(facts.target.engineVersion).toBeUndefined();
    expect(debug).toEqual(['Stack/Serverless: valkey 6 is not an engine version this library knows for serverless caches']);
  });
});
