import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { bundledHandler, context, event, Handler, pointSdkAt, propertiesOf, refusal } from './handler-harness';
import { Preflight, RestorePreflightProps } from '../../src/constructs/preflight';
import { ClusterMode } from '../../src/model/cluster-mode';
import { EngineVersion } from '../../src/model/engine-version';
import { NodeType } from '../../src/model/node-type';
import { ELASTICACHE_CANONICAL_ID } from '../../src/preflight/elasticache-access';
import { BackupSource } from '../../src/sources/backup-source';
import { RdbSource } from '../../src/sources/rdb-source';
import { ElastiCacheServer } from '../support/elasticache-server';
import { describeWithRedisServer, RedisServer } from '../support/redis-server';
import { S3Server } from '../support/s3-server';

const CORPUS = process.env.RDB_CORPUS ?? path.join(__dirname, '../../../shared/fixtures/rdb');
const BUCKET = 'seeds';

describeWithRedisServer('the bundled preflight handler', () => {
  let handler: Handler;
  let s3: S3Server;
  let elastiCache: ElastiCacheServer;
  let restoreEnv: () => void;

  beforeAll(async () => {
    // The handler logs its progress for CloudWatch; keep the test output readable.
    jest.spyOn(console, 'log').mockImplementation(() => {});
    handler = bundledHandler();
    [s3, elastiCache] = await Promise.all([S3Server.start(), ElastiCacheServer.start()]);
    restoreEnv = pointSdkAt(s3, elastiCache);

    const redis = await RedisServer.start();
    try {
      await redis.pipeline([['SET', 'user:1', 'ada'], ['HSET', 'user:2', 'name', 'grace', 'lang', 'cobol'], ['RPUSH', 'queue', 'a', 'b', 'c']]);
      const small = fs.readFileSync(await redis.save());
      await redis.command('SET', 'blob', randomBytes(300_000));
      const big = fs.readFileSync(await redis.save());
      await s3.createBucket(BUCKET);
      await Promise.all([
        s3.putObject(BUCKET, 'redis7.rdb', small),
        s3.putObject(BUCKET, 'big.rdb', big),
        s3.putObject(BUCKET, 'kms.rdb', small, 'aws:kms'),
        s3.putObject(BUCKET, 'corrupt.rdb', big.subarray(0, big.length / 2)),
        s3.putObject(BUCKET, 'multi.rdb', fs.readFileSync(path.join(CORPUS, 'multiple_databases.rdb'))),
      ]);
    } finally {
      await redis.stop();
    }
    elastiCache.addSnapshot({ SnapshotName: 'nightly', SnapshotStatus: 'available', Engine: 'redis', EngineVersion: '7.0.7', CacheNodeType: 'cache.r6g.large', NumNodeGroups: 1 });
    elastiCache.addSnapshot({
      SnapshotName: 'sharded',
      SnapshotStatus: 'available',
      Engine: 'redis',
      EngineVersion: '7.0.7',
      CacheNodeType: 'cache.r6g.large',
      NumNodeGroups: 2,
      NodeSnapshots: [
        { NodeGroupId: '0001', CacheSize: '5 MB', NodeGroupConfiguration: { Slots: '0-8191', ReplicaAvailabilityZones: ['us-east-1a'] } },
        { NodeGroupId: '0002', CacheSize: '5 MB', NodeGroupConfiguration: { Slots: '8192-16383' } },
      ],
    });
  });

  afterAll(async () => {
    restoreEnv?.();
    await Promise.all([s3?.stop(), elastiCache?.stop()]);
  });

  const seed = (keys: string[], props: Partial<RestorePreflightProps> = {}) =>
    propertiesOf({ rdbSource: RdbSource.fromArns(keys.map((key) => `arn:aws:s3:::${BUCKET}/${key}`), { grantElastiCacheAccess: true }), ...props });

  test('a compliant seed passes, after the preflight granted ElastiCache read access with the owner\'s grant kept', async () => {
    const reads = s3.objectReads('redis7.rdb').length;
    await expect(handler(event('Create', seed(['redis7.rdb'])), context())).resolves.toEqual({ PhysicalResourceId: 'Preflight-preflight', Data: { Warnings: '' } });
    const acl = s3.acls.get(`${BUCKET}/redis7.rdb`);
    expect(acl).toContain(`<ID>${ELASTICACHE_CANONICAL_ID}</ID>`);
    expect(acl).toContain('<Permission>READ_ACP</Permission>');
    expect(acl).toContain('<Permission>FULL_CONTROL</Permission>');
    expect(s3.objectReads('redis7.rdb').length).toBeGreaterThan(reads);
  });

  test('a full scan reads the whole object with ranged GETs; header-only reads at most 64 KiB', async () => {
    await handler(event('Create', seed(['big.rdb'])), context());
    expect(s3.objectReads('big.rdb').every((read) => /^bytes=\d+-\d+$/.test(read.range ?? ''))).toBe(true);
    const before = s3.objectReads('big.rdb').length;
    await handler(event('Create', seed(['big.rdb'], { preflight: Preflight.headerOnly() })), context());
    expect(s3.objectReads('big.rdb').slice(before).map((read) => read.range)).toEqual(['bytes=0-65535']);
  });

  test.each([
    ['single-database', 'a multi-database file into cluster mode', ['multi.rdb'], { clusterMode: ClusterMode.enabled() }],
    ['rdb-version', 'an RDB 10 file (Redis 7.0) into Redis OSS 6.2', ['redis7.rdb'], { engineVersion: EngineVersion.REDIS_6_2 }],
    ['memory-fit', 'a node type too small for the data', ['redis7.rdb'], { nodeType: NodeType.of('cache.tiny.x', 64 * 1024) }],
    ['s3-encryption', 'a KMS-encrypted object', ['kms.rdb'], {}],
    ['s3-access', 'a missing object', ['nope.rdb'], {}],
    ['rdb-integrity', 'a truncated file', ['corrupt.rdb'], {}],
  ])('refuses with %s: %s', async (rule, _case, keys, props) => {
    const message = await refusal(handler(event('Create', seed(keys, props)), context()));
    expect(message).toMatch(/^ElastiCache restore refused for Stack: 1 error \(each one is in the function's log\)\n/);
    // memory-fit is about the group's shards, every other rule here about the file.
    expect(message).toContain(rule === 'memory-fit' ? `[${rule}] ` : `[${rule}] s3://${BUCKET}/${keys[0]} `);
  });

  test('one error lists every finding of every file', async () => {
    const message = await refusal(handler(event('Create', seed(['nope.rdb', 'kms.rdb', 'multi.rdb'], { clusterMode: ClusterMode.enabled() })), context()));
    expect(message).toMatch(/3 errors/);
    expect(message).toMatch(/\[s3-access\] s3:\/\/seeds\/nope\.rdb .*does not exist/);
    expect(message).toContain('[s3-encryption] s3://seeds/kms.rdb ');
    expect(message).toContain('[single-database] s3://seeds/multi.rdb ');
    expect(s3.objectReads('kms.rdb')).toHaveLength(0);
  });

  test('Delete always succeeds, even for a resource whose Create failed', async () => {
    const properties = seed(['nope.rdb']);
    await expect(handler(event('Create', properties), context())).rejects.toThrow();
    await expect(handler(event('Delete', properties), context())).resolves.toEqual({ PhysicalResourceId: 'Preflight-preflight' });
  });

  test('Update re-checks only when an input changed', async () => {
    const properties = seed(['redis7.rdb']);
    const reads = s3.requests.length;
    await expect(handler(event('Update', { ...properties, ServiceToken: 'moved' }, properties), context())).resolves.toBeDefined();
    expect(s3.requests.length).toBe(reads);
    const smaller = seed(['redis7.rdb'], { nodeType: NodeType.of('cache.tiny.x', 64 * 1024) });
    await expect(refusal(handler(event('Update', smaller, properties), context()))).resolves.toContain('[memory-fit]');
  });

  describe('restoring a named backup', () => {
    const restore = (snapshotName: string, props: Partial<RestorePreflightProps> = {}) =>
      propertiesOf({ backup: BackupSource.fromSnapshotName(snapshotName), ...props });

    test('an available, compatible backup passes; the preflight asks for the shard configuration', async () => {
      await expect(handler(event('Create', restore('nightly')), context())).resolves.toBeDefined();
      expect(elastiCache.requests.at(-1)).toMatchObject({ Action: 'DescribeSnapshots', SnapshotName: 'nightly', ShowNodeGroupConfig: 'true' });
    });

    test('a sharded backup into cluster mode disabled', async () => {
      await expect(refusal(handler(event('Create', restore('sharded')), context()))).resolves.toContain('[cluster-mode-downgrade]');
    });

    test('a backup that does not exist', async () => {
      await expect(refusal(handler(event('Create', restore('gone')), context()))).resolves.toMatch(/\[snapshot-state\] backup 'gone' does not exist/);
    });
  });
});
