import { EngineVersion } from '../../src/model/engine-version';
import { NodeType } from '../../src/model/node-type';

describe('EngineVersion', () => {
  test.each([
    [EngineVersion.REDIS_3_2_4, 7, 'redis3.2', 250],
    [EngineVersion.REDIS_4_0_10, 8, 'redis4.0', 250],
    [EngineVersion.REDIS_5_0_6, 9, 'redis5.0', 500],
    [EngineVersion.REDIS_6_2, 9, 'redis6.x', 500],
    [EngineVersion.REDIS_7_1, 10, 'redis7', 500],
    [EngineVersion.VALKEY_7_2, 11, 'valkey7', 500],
    [EngineVersion.VALKEY_8_2, 11, 'valkey8', 500],
    [EngineVersion.VALKEY_9_0, 80, 'valkey9', 500],
    [EngineVersion.VALKEY_9_1, 80, 'valkey9', 500],
  ])('%s: RDB %p, family %p, %p shards', (engine, rdb, family, maxShards) => {
    expect(engine.maxRdbVersion).toBe(rdb);
    expect(engine.parameterGroupFamily).toBe(family);
    expect(engine.maxShards).toBe(maxShards);
  });

  test('factories return equal values for the same version', () => {
    expect(EngineVersion.redis('7.1')).toEqual(EngineVersion.REDIS_7_1);
    expect(EngineVersion.valkey('8.0').toString()).toBe('Valkey 8.0');
    expect(EngineVersion.of('redis', '6.2').engine).toBe('redis');
  });

  test.each([
    ['REDIS', 10, EngineVersion.REDIS_7_1, true],
    ['REDIS', 11, EngineVersion.REDIS_7_1, false],
    ['REDIS', 11, EngineVersion.VALKEY_8_0, true],
    ['REDIS', 12, EngineVersion.VALKEY_9_0, false],
    ['VALKEY', 80, EngineVersion.VALKEY_8_1, false],
    ['VALKEY', 80, EngineVersion.VALKEY_9_0, true],
    ['VALKEY', 81, EngineVersion.VALKEY_9_0, false],
    ['REDIS', 0, EngineVersion.REDIS_7_1, false],
  ])('%s %p into %s loads: %p', (magic, version, engine, loads) => {
    expect(engine.loadsRdb(magic, version)).toBe(loads);
  });

  test('orders versions, with Valkey after every Redis OSS', () => {
    expect(EngineVersion.REDIS_7_1.isAtLeast(EngineVersion.REDIS_6_2)).toBe(true);
    expect(EngineVersion.REDIS_6_2.isAtLeast(EngineVersion.REDIS_7_0)).toBe(false);
    expect(EngineVersion.redis('3.2.10').isAtLeast(EngineVersion.REDIS_3_2_4)).toBe(true);
    expect(EngineVersion.VALKEY_7_2.isAtLeast(EngineVersion.REDIS_7_1)).toBe(true);
    expect(EngineVersion.REDIS_7_1.isAtLeast(EngineVersion.VALKEY_7_2)).toBe(false);
  });

  test('cluster mode from 3.2.4, cluster databases from Valkey 9', () => {
    expect(EngineVersion.redis('3.2.0').supportsClusterMode).toBe(false);
    expect(EngineVersion.REDIS_3_2_4.supportsClusterMode).toBe(true);
    expect(EngineVersion.VALKEY_8_2.supportsClusterDatabases).toBe(false);
    expect(EngineVersion.VALKEY_9_0.supportsClusterDatabases).toBe(true);
  });

  test('an override for a version the library does not list', () => {
    expect(EngineVersion.valkey('9.1', { maxRdbVersion: 81 }).maxRdbVersion).toBe(81);
  });

  test.each([
    [() => EngineVersion.of('memcached', '1.6'), /Unknown engine 'memcached'/],
    [() => EngineVersion.redis('7'), /expected MAJOR.MINOR/],
    [() => EngineVersion.redis('2.8'), /ElastiCache has no redis 2.8: use Redis OSS 3.2.4 or later/],
    [() => EngineVersion.valkey('7.0'), /ElastiCache has no valkey 7.0/],
  ])('refuses %#', (make, message) => {
    expect(make).toThrow(message);
  });
});

describe('NodeType', () => {
  test('usable memory is maxmemory less the reserved percent', () => {
    expect(NodeType.R7G_LARGE.maxMemoryBytes).toBe(Math.round(13.07 * 2 ** 30));
    expect(NodeType.R7G_LARGE.usableMemoryBytes()).toBe(Math.floor(Math.round(13.07 * 2 ** 30) * 0.75));
    expect(NodeType.T3_MICRO.usableMemoryBytes(50)).toBe(2 ** 28);
  });

  test('knows data tiering and families', () => {
    expect(NodeType.R6GD_XLARGE.dataTiering).toBe(true);
    expect(NodeType.R6G_XLARGE.dataTiering).toBe(false);
    expect(NodeType.C7GN_LARGE.dataTiering).toBe(false);
    expect(NodeType.M7G_LARGE.family).toBe('m7g');
  });

  test('knows which engines run it', () => {
    expect(NodeType.R6GD_XLARGE.isSupportedBy(EngineVersion.REDIS_6_0)).toBe(false);
    expect(NodeType.R6GD_XLARGE.isSupportedBy(EngineVersion.REDIS_6_2)).toBe(true);
    expect(NodeType.R7G_LARGE.isSupportedBy(EngineVersion.VALKEY_7_2)).toBe(true);
    expect(NodeType.R5_LARGE.isSupportedBy(EngineVersion.REDIS_3_2_4)).toBe(true);
  });

  test.each([NodeType.M8G_LARGE, NodeType.R8G_16XLARGE, NodeType.C8GN_XLARGE])('%s runs on Valkey only', (nodeType) => {
    expect(nodeType.valkeyOnly).toBe(true);
    expect(nodeType.isSupportedBy(EngineVersion.VALKEY_7_2)).toBe(true);
    expect(nodeType.isSupportedBy(EngineVersion.REDIS_7_1)).toBe(false);
    expect(NodeType.of(nodeType.name, 1).isSupportedBy(EngineVersion.REDIS_7_1)).toBe(false);
  });

  test.each<[NodeType, number]>([
    // maxmemory bytes of AWS's Valkey node-type table, which the GiB of the node-type page round.
    [NodeType.M8G_LARGE, 7_294_178_820],
    [NodeType.R8G_LARGE, 15_222_495_510],
    [NodeType.R8G_16XLARGE, 541_725_818_880],
    [NodeType.C8GN_LARGE, 3_330_020_474],
    [NodeType.C8GN_16XLARGE, 133_838_143_488],
  ])('%s has the maxmemory of the Valkey table', (nodeType, bytes) => {
    expect(nodeType.maxMemoryBytes).toBe(bytes);
  });

  test('of() returns listed types and takes the memory of others', () => {
    expect(NodeType.of('cache.r6g.large')).toBe(NodeType.R6G_LARGE);
    const unlisted = NodeType.of('cache.r9g.large', 14_000_000_000);
    expect(unlisted.maxMemoryBytes).toBe(14_000_000_000);
    expect(NodeType.of('cache.x9.huge').usableMemoryBytes()).toBeUndefined();
    expect(() => NodeType.of('r6g.large')).toThrow(/expected a name like 'cache.r7g.large'/);
  });

  test('lists every documented size once', () => {
    const names = NodeType.all().map((type) => type.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('cache.m5.24xlarge');
    expect(names).toContain('cache.r6gd.16xlarge');
    expect(names).not.toContain('cache.r6gd.large');
  });
});
