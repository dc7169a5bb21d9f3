import { randomBytes } from 'crypto';
import * as fs from 'fs';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Context } from 'aws-lambda';
import { Preflight, RestorePreflight, RestorePreflightProps } from '../../src/constructs/preflight';
import { ClusterMode } from '../../src/model/cluster-mode';
import { EngineVersion } from '../../src/model/engine-version';
import { NodeType } from '../../src/model/node-type';
import { ELASTICACHE_CANONICAL_ID } from '../../src/preflight/elasticache-access';
import { BackupSource } from '../../src/sources/backup-source';
import { RdbSource } from '../../src/sources/rdb-source';
import { ElastiCacheServer } from '../support/elasticache-server';
import { PREFLIGHT_BUNDLE, requireFreshPreflightBundle } from '../support/preflight-bundle';
import { RedisServer } from '../support/redis-server';
import { DEBIAN_REDIS_SERVER, describeWith, RDB_CORPUS } from '../support/requirements';
import { S3RVER_CREDENTIALS, S3Server } from '../support/s3-server';

// The thing under test is the bundled handler, as Lambda runs it, against loopback S3 and
// ElastiCache servers reached through the SDK's standard endpoint variables.
const BUCKET = 'seeds';
const TARGET = { engineVersion: EngineVersion.REDIS_7_0, nodeType: NodeType.R6G_LARGE, clusterMode: ClusterMode.disabled() };

type Handler = (event: unknown, context: Context) => Promise<{ PhysicalResourceId: string; Data?: { Warnings: string } }>;

describeWith([DEBIAN_REDIS_SERVER, RDB_CORPUS], 'the bundled preflight handler', () => {
  let handler: Handler;
  let s3: S3Server;
  let elastiCache: ElastiCacheServer;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    // The handler logs its progress for CloudWatch; keep the test output readable.
    jest.spyOn(console, 'log').mockImplementation(() => {});
    requireFreshPreflightBundle();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = require(PREFLIGHT_BUNDLE).handler;

    [s3, elastiCache] = await Promise.all([S3Server.start(), ElastiCacheServer.start()]);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_ELASTICACHE: elastiCache.endpoint,
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      AWS_REGION: 'us-east-1',
    });

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
        s3.putObject(BUCKET, 'multi.rdb', fs.readFileSync(RDB_CORPUS.file('multiple_databases.rdb'))),
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
    process.env = savedEnv;
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
    expect(message).toMatch(/^ElastiCache restore refused for Stack: 1 error\(s\)\n/);
    // memory-fit is about the group's shards, every other rule here about the file.
    expect(message).toContain(rule === 'memory-fit' ? `[${rule}]` : `[${rule}] s3://${BUCKET}/${keys[0]}:`);
  });

  test('one error lists every finding of every file', async () => {
    const message = await refusal(handler(event('Create', seed(['nope.rdb', 'kms.rdb', 'multi.rdb'], { clusterMode: ClusterMode.enabled() })), context()));
    expect(message).toMatch(/3 error\(s\)/);
    expect(message).toMatch(/\[s3-access\] s3:\/\/seeds\/nope\.rdb: .*does not exist/);
    expect(message).toContain('[s3-encryption] s3://seeds/kms.rdb');
    expect(message).toContain('[single-database] s3://seeds/multi.rdb');
    expect(s3.objectReads('kms.rdb')).toHaveLength(0);
  });

  test('a scan that would outlive the function stops in time and says what to do', async () => {
    const message = await refusal(handler(event('Create', seed(['big.rdb'])), context(5_000)));
    expect(message).toMatch(/\[preflight-timeout\] s3:\/\/seeds\/big\.rdb: .*read \d+ of \d+ bytes.*Preflight\.headerOnly\(\)/);
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

/** The custom resource's properties as CloudFormation would hand them to the function. */
function propertiesOf(props: Partial<RestorePreflightProps>): Record<string, unknown> {
  const stack = new Stack(new App(), 'Stack', { env: { region: 'us-east-1', account: '111111111111' } });
  new RestorePreflight(stack, 'Preflight', { preflight: Preflight.fullScan(), ...TARGET, ...props });
  const [resource] = Object.values(Template.fromStack(stack).findResources('Custom::ElastiCacheRestorePreflight'));
  return { ...resolve(resource.Properties), ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:provider' };
}

/** Enough of CloudFormation's intrinsic functions for these templates. */
function resolve(value: any): any {
  if (Array.isArray(value)) return value.map(resolve);
  if (typeof value !== 'object' || value === null) return value;
  if (value.Ref === 'AWS::Partition') return 'aws';
  if (value['Fn::Join']) return value['Fn::Join'][1].map(resolve).join(value['Fn::Join'][0]);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
}

let requests = 0;
function event(requestType: 'Create' | 'Update' | 'Delete', properties: Record<string, unknown>, old?: Record<string, unknown>) {
  return {
    RequestType: requestType,
    ServiceToken: properties.ServiceToken,
    ResponseURL: 'http://127.0.0.1/unused',
    StackId: 'arn:aws:cloudformation:us-east-1:111111111111:stack/Stack/1',
    RequestId: `request-${++requests}`,
    LogicalResourceId: 'Preflight',
    ResourceType: 'Custom::ElastiCacheRestorePreflight',
    ResourceProperties: properties,
    ...(old ? { OldResourceProperties: old } : {}),
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: 'Preflight-preflight' }),
  };
}

function context(remainingMs = 900_000): Context {
  const deadline = Date.now() + remainingMs;
  return { getRemainingTimeInMillis: () => deadline - Date.now() } as Context;
}

async function refusal(result: Promise<unknown>): Promise<string> {
  try {
    await result;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the preflight passed a restore it should refuse');
}
