import { EngineVersion } from '../../../src/model/engine-version';
import { NodeType } from '../../../src/model/node-type';
import { backupFactsOf, dataBytesOf, engineVersionOf } from '../../../src/preflight/handler/snapshot-facts';

const log = () => {};

test('a cluster-mode-enabled backup: several shards, sizes summed per shard', () => {
  const facts = backupFactsOf('nightly', {
    SnapshotStatus: 'available',
    Engine: 'redis',
    EngineVersion: '7.1.0',
    CacheNodeType: 'cache.r6gd.xlarge',
    DataTiering: 'enabled',
    NumNodeGroups: 2,
    NodeSnapshots: [
      { NodeGroupId: '0001', CacheSize: '6 MB', NodeGroupConfiguration: { Slots: '0-8191' } },
      { NodeGroupId: '0002', CacheSize: '1.5 GB', NodeGroupConfiguration: { Slots: '8192-16383' } },
    ],
  }, log);
  expect(facts).toEqual({
    snapshotName: 'nightly',
    exists: true,
    status: 'available',
    engineVersion: EngineVersion.REDIS_7_1,
    nodeType: NodeType.R6GD_XLARGE,
    dataTiering: true,
    shardCount: 2,
    clusterModeEnabled: true,
    dataBytes: 6 * 2 ** 20 + 1.5 * 2 ** 30,
  });
});

test('cluster mode from the parameter group or slots alone', () => {
  expect(backupFactsOf('b', { NumNodeGroups: 1, CacheParameterGroupName: 'default.redis7.cluster.on' }, log).clusterModeEnabled).toBe(true);
  expect(backupFactsOf('b', { NodeSnapshots: [{ NodeGroupId: '0001', NodeGroupConfiguration: { Slots: '0-16383' } }] }, log).clusterModeEnabled).toBe(true);
  expect(backupFactsOf('b', { NumNodeGroups: 1, CacheParameterGroupName: 'default.redis7' }, log).clusterModeEnabled).toBe(false);
});

test('an engine or node type the library does not know is unknown, not fatal', () => {
  const facts = backupFactsOf('b', { Engine: 'memcached', EngineVersion: '1.6.6', CacheNodeType: 'db.weird' }, log);
  expect(facts.engineVersion).toBeUndefined();
  expect(facts.nodeType).toBeUndefined();
});

test('CacheSize is parsed defensively: an unreadable size makes the total unknown', () => {
  expect(dataBytesOf([{ shard: 'a', size: '0 MB' }, { shard: 'a', size: '2 KB' }])).toBe(2048);
  expect(dataBytesOf([{ shard: 'a', size: '512' }])).toBe(512);
  expect(dataBytesOf([{ shard: 'a', size: 'about a gigabyte' }])).toBeUndefined();
  expect(dataBytesOf([])).toBeUndefined();
});

test('engine versions as groups name them: ElastiCache picks the patch from Redis OSS 6 on', () => {
  expect(engineVersionOf('redis', '7.0.7')).toEqual(EngineVersion.REDIS_7_0);
  expect(engineVersionOf('valkey', '8.0.1')).toEqual(EngineVersion.VALKEY_8_0);
  expect(engineVersionOf('redis', '5.0.6')).toEqual(EngineVersion.REDIS_5_0_6);
});
