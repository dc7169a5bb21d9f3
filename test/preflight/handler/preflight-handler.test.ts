import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnCacheCluster, CfnServerlessCache } from 'aws-cdk-lib/aws-elasticache';
import { bundledHandler, context, event, GroupProps, Handler, pointSdkAt, propertiesOf, refusal, TARGET } from './handler-harness';
import { BackupSource, ClusterMode, EngineVersion, NodeType, Preflight, RdbSource, RestoredReplicationGroup, RestorePreflight, SeededCluster, SlotLayout } from '../../../src';
import { main } from '../../../src/cli/main';
import { ELASTICACHE_CANONICAL_ID } from '../../../src/preflight/elasticache-access';
import { ElastiCacheServer } from '../../support/elasticache-server';
import { RedisServer } from '../../support/redis-server';
import { DEBIAN_REDIS_SERVER, describeWith, RDB_CORPUS } from '../../support/requirements';
import { S3Server } from '../../support/s3-server';

const BUCKET = 'seeds';

describeWith([DEBIAN_REDIS_SERVER, RDB_CORPUS], 'the bundled preflight handler', () => {
  let handler: Handler;
  let s3: S3Server;
  let elastiCache: ElastiCacheServer;
  let planDir: string;
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
      planDir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-plans-'));
      fs.writeFileSync(path.join(planDir, 'redis7.rdb'), small);
      await redis.command('SET', 'blob', randomBytes(300_000));
      const big = fs.readFileSync(await redis.save());
      fs.writeFileSync(path.join(planDir, 'big.rdb'), big);
      // A key in database 1 too, in a file Redis OSS 7.0 writes: what only single-database refuses.
      await redis.pipeline([['FLUSHALL'], ['SET', 'user:1', 'ada'], ['SELECT', '1'], ['SET', 'user:2', 'grace'], ['SELECT', '0']]);
      const twoDatabases = fs.readFileSync(await redis.save());
      await s3.createBucket(BUCKET);
      await Promise.all([
        s3.putObject(BUCKET, 'redis7.rdb', small),
        s3.putObject(BUCKET, 'big.rdb', big),
        s3.putObject(BUCKET, 'kms.rdb', small, 'aws:kms'),
        s3.putObject(BUCKET, 'corrupt.rdb', big.subarray(0, big.length / 2)),
        s3.putObject(BUCKET, 'multi.rdb', fs.readFileSync(RDB_CORPUS.file('multiple_databases.rdb'))),
        s3.putObject(BUCKET, 'two-databases.rdb', twoDatabases),
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
    if (planDir) fs.rmSync(planDir, { recursive: true, force: true });
    restoreEnv?.();
    await Promise.all([s3?.stop(), elastiCache?.stop()]);
  });

  const restore = (snapshotName: string, props: GroupProps = {}, configure?: (group: RestoredReplicationGroup) => void) =>
    propertiesOf((stack, vpc) => {
      const group = new RestoredReplicationGroup(stack, 'Cache', { vpc, backup: BackupSource.fromSnapshotName(snapshotName), ...TARGET, ...props });
      configure?.(group);
      return group;
    });

  const seed = (keys: string[], props: GroupProps = {}) => propertiesOf((stack, vpc) => new SeededCluster(stack, 'Cache', {
    vpc, source: RdbSource.fromArns(keys.map((key) => `arn:aws:s3:::${BUCKET}/${key}`), { grantElastiCacheAccess: true }), ...TARGET, ...props,
  }));

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
    expect(message).toMatch(/^ElastiCache restore refused for Stack\/Cache\/Resource: 1 error \(each one is in the function's log\)\n/);
    // memory-fit is about the group's shards, every other rule here about the file.
    expect(message).toContain(rule === 'memory-fit' ? `[${rule}] ` : `[${rule}] s3://${BUCKET}/${keys[0]} `);
  });

  test('an acknowledged error passes as a warning that carries the reason', async () => {
    const properties = propertiesOf((stack, vpc) => new SeededCluster(stack, 'Cache', {
      vpc,
      source: RdbSource.fromArns([`arn:aws:s3:::${BUCKET}/redis7.rdb`], { grantElastiCacheAccess: true }),
      ...TARGET,
      nodeType: NodeType.of('cache.tiny.x', 64 * 1024),
    }).acknowledge('memory-fit', 'the data shrinks once loaded'));
    const result = await handler(event('Create', properties), context());
    expect(result.Data?.Warnings).toMatch(/^1 warning \(each one is in the function's log\)\n\[memory-fit\] .*\(acknowledged: the data shrinks once loaded\)$/);
  });

  test('one error lists every finding of every file', async () => {
    const message = await refusal(handler(event('Create', seed(['nope.rdb', 'kms.rdb', 'multi.rdb'], { clusterMode: ClusterMode.enabled() })), context()));
    expect(message).toMatch(/3 errors/);
    expect(message).toMatch(/\[s3-access\] s3:\/\/seeds\/nope\.rdb .*does not exist/);
    expect(message).toContain('[s3-encryption] s3://seeds/kms.rdb ');
    expect(message).toContain('[single-database] s3://seeds/multi.rdb ');
    expect(s3.objectReads('kms.rdb')).toHaveLength(0);
  });

  describe('raw cache clusters and serverless caches', () => {
    const seeds = (keys: string[]) => ({ source: RdbSource.fromArns(keys.map((key) => `arn:aws:s3:::${BUCKET}/${key}`), { grantElastiCacheAccess: true }) });

    test('a single-node cache cluster seeded from a multi-database file passes (cluster mode disabled keeps 16 databases)', async () => {
      const properties = propertiesOf((stack) => RestorePreflight.forCacheCluster(new CfnCacheCluster(stack, 'Node', {
        engine: 'redis', engineVersion: '7.0', cacheNodeType: 'cache.r6g.large', numCacheNodes: 1, snapshotArns: [`arn:aws:s3:::${BUCKET}/two-databases.rdb`],
      }), seeds(['two-databases.rdb'])));
      expect(properties.ResourceType).toBe('AWS::ElastiCache::CacheCluster');
      await expect(handler(event('Create', properties), context())).resolves.toEqual({ PhysicalResourceId: 'Preflight-preflight', Data: { Warnings: '' } });
    });

    test('a serverless cache seeded from a multi-database file is refused by single-database (database 0 only)', async () => {
      const properties = propertiesOf((stack) => RestorePreflight.forServerlessCache(new CfnServerlessCache(stack, 'Serverless', {
        engine: 'redis', serverlessCacheName: 'seeded', majorEngineVersion: '7', snapshotArnsToRestore: [`arn:aws:s3:::${BUCKET}/two-databases.rdb`],
      }), seeds(['two-databases.rdb'])));
      const message = await refusal(handler(event('Create', properties), context()));
      expect(message).toMatch(/^ElastiCache restore refused for Stack\/Serverless: 1 error/);
      expect(message).toContain(`[single-database] s3://${BUCKET}/two-databases.rdb has 1 key outside database 0 (in database 1)`);
    });

    test('an in-place change of a cache cluster reads no source; a create-only one checks again', async () => {
      const node = (props: { cacheNodeType?: string; port?: number }) => propertiesOf((stack) => RestorePreflight.forCacheCluster(new CfnCacheCluster(stack, 'Node', {
        engine: 'redis', engineVersion: '7.0', cacheNodeType: 'cache.r6g.large', numCacheNodes: 1, snapshotArns: [`arn:aws:s3:::${BUCKET}/nope.rdb`], ...props,
      })));
      const old = node({});
      await expect(handler(event('Update', node({ cacheNodeType: 'cache.r6g.xlarge' }), old), context())).resolves.toEqual({ PhysicalResourceId: 'Preflight-preflight' });
      await expect(refusal(handler(event('Update', node({ port: 6380 }), old), context()))).resolves.toMatch(/\[s3-access\] s3:\/\/seeds\/nope\.rdb /);
    });
  });

  test('Delete always succeeds, even for a resource whose Create failed', async () => {
    const properties = seed(['nope.rdb']);
    await expect(handler(event('Create', properties), context())).rejects.toThrow();
    await expect(handler(event('Delete', properties), context())).resolves.toEqual({ PhysicalResourceId: 'Preflight-preflight' });
  });

  test('a facts file must describe the object it names: same name and size', async () => {
    const silent = { write: () => undefined };
    const inspect = async (name: string, bytes: Buffer) => {
      const local = path.join(planDir, 'inspected', name);
      fs.mkdirSync(path.dirname(local), { recursive: true });
      fs.writeFileSync(local, bytes);
      let json = '';
      await main(['inspect', local, '--json'], { stdout: { write: (text: string) => (json += text) }, stderr: silent, stdin: (async function* () {})() });
      const facts = path.join(planDir, `${name}.facts.json`);
      fs.writeFileSync(facts, json);
      return facts;
    };
    const seeded = (factsFile: string) => propertiesOf((stack, vpc) => new SeededCluster(stack, 'Cache', {
      vpc, source: RdbSource.fromArns([`arn:aws:s3:::${BUCKET}/redis7.rdb`], { factsFile, grantElastiCacheAccess: true }), ...TARGET, preflight: Preflight.headerOnly(),
    }));
    const small = fs.readFileSync(path.join(planDir, 'redis7.rdb'));
    await expect(handler(event('Create', seeded(await inspect('redis7.rdb', small))), context())).resolves.toBeDefined();
    // The same name, another file: the header-only check alone would not notice.
    const other = fs.readFileSync(path.join(planDir, 'big.rdb'));
    await expect(refusal(handler(event('Create', seeded(await inspect('redis7.rdb', other))), context()))).resolves
      .toMatch(new RegExp(`\\[rdb-integrity\\] s3://seeds/redis7\\.rdb is ${small.length} bytes, but its facts file describes a file of ${other.length} bytes`));
  });

  describe('a slot layout from a plan file', () => {
    /** A 2-shard plan of `file` (a copy of redis7.rdb), written by the command line, its estimates set to `estimate` bytes. */
    async function planFor(file: string, estimate?: number): Promise<SlotLayout> {
      const rdb = path.join(planDir, file);
      if (!fs.existsSync(rdb)) fs.copyFileSync(path.join(planDir, 'redis7.rdb'), rdb);
      const out = path.join(planDir, `${file}.plan.json`);
      const silent = { write: () => undefined };
      expect(await main(['plan', rdb, '--shards', '2', '--out', out], { stdout: silent, stderr: silent, stdin: (async function* () {})() })).toBe(0);
      if (estimate !== undefined) {
        const plan = JSON.parse(fs.readFileSync(out, 'utf8'));
        plan.shards.forEach((shard: { estimatedMemoryBytes?: number }) => (shard.estimatedMemoryBytes = estimate));
        fs.writeFileSync(out, JSON.stringify(plan));
      }
      return SlotLayout.fromPlanFile(out);
    }

    test('made for the files restored: passes', async () => {
      const properties = seed(['redis7.rdb'], { clusterMode: ClusterMode.enabled({ slotLayout: await planFor('redis7.rdb') }) });
      await expect(handler(event('Create', properties), context())).resolves.toBeDefined();
    });

    test('made for other files: refused, naming both', async () => {
      const properties = seed(['redis7.rdb'], { clusterMode: ClusterMode.enabled({ slotLayout: await planFor('other.rdb') }) });
      await expect(refusal(handler(event('Create', properties), context()))).resolves
        .toMatch(/\[slot-coverage\] the slot layout was planned for .*\/other\.rdb, but the restore reads s3:\/\/seeds\/redis7\.rdb \(\d+ bytes\): write the plan again/);
    });

    test('supplies the layout only: the memory check uses what the preflight read', async () => {
      const tiny = NodeType.of('cache.tiny.x', 64 * 1024);
      const properties = seed(['redis7.rdb'], { nodeType: tiny, clusterMode: ClusterMode.enabled({ slotLayout: await planFor('redis7.rdb', 1) }) });
      await expect(refusal(handler(event('Create', properties), context()))).resolves.toContain('[memory-fit]');
    });
  });

  describe('a later change (Update events from two synthesized templates)', () => {
    const requests = () => s3.requests.length + elastiCache.requests.length;

    test.each<[string, GroupProps]>([
      ['another node type', { nodeType: NodeType.R6G_XLARGE }],
      ['more replicas', { clusterMode: ClusterMode.disabled({ replicas: 3 }) }],
      ['a node type the data would not fit', { nodeType: NodeType.of('cache.tiny.x', 64 * 1024) }],
      ['another reserved memory', { reservedMemoryPercent: 40 }],
    ])('in place (%s): passes without reading the sources, even ones that are gone', async (_, change) => {
      const before = requests();
      const old = seed(['nope.rdb']);
      await expect(handler(event('Update', seed(['nope.rdb'], change), old), context())).resolves.toEqual({ PhysicalResourceId: 'Preflight-preflight' });
      expect(requests()).toBe(before);
    });

    test('in place on a group restored from a backup that has since expired', async () => {
      const before = requests();
      const old = restore('gone');
      await expect(handler(event('Update', restore('gone', { nodeType: NodeType.R6G_XLARGE }), old), context())).resolves.toBeDefined();
      expect(requests()).toBe(before);
    });

    test.each<[string, () => Record<string, unknown>, () => Record<string, unknown>, RegExp]>([
      ['other .rdb objects', () => seed(['redis7.rdb']), () => seed(['nope.rdb']), /\[s3-access\] s3:\/\/seeds\/nope\.rdb/],
      ['another backup', () => restore('nightly'), () => restore('gone'), /\[snapshot-state\] backup 'gone' does not exist/],
      ['another port', () => restore('gone'), () => restore('gone', { port: 6380 }), /\[snapshot-state\] backup 'gone' does not exist/],
      ['no encryption at rest', () => restore('gone'), () => restore('gone', { atRestEncryption: false }), /\[snapshot-state\]/],
      ['another shard count (no online resharding)', () => restore('gone', { clusterMode: ClusterMode.enabled({ shardCount: 2 }) }),
        () => restore('gone', { clusterMode: ClusterMode.enabled({ shardCount: 3 }) }), /\[snapshot-state\]/],
    ])('replacing (%s): checks again', async (_, old, current, finding) => {
      const before = requests();
      await expect(refusal(handler(event('Update', current(), old()), context()))).resolves.toMatch(finding);
      expect(requests()).toBeGreaterThan(before);
    });

    test('a replacing change that passes replaces the check too, so a rollback deletes it instead of checking the old sources', async () => {
      const update = event('Update', restore('nightly', { port: 6380 }), restore('gone'));
      await expect(handler(update, context())).resolves.toEqual({ PhysicalResourceId: `Preflight-preflight-${update.RequestId}`, Data: { Warnings: '' } });
    });

    test('resharding with the UseOnlineResharding update policy is in place', async () => {
      const resharded = (shardCount: number) => restore('gone', { clusterMode: ClusterMode.enabled({ shardCount }) }, (group) => {
        group.resource.cfnOptions.updatePolicy = { useOnlineResharding: true };
      });
      const before = requests();
      await expect(handler(event('Update', resharded(3), resharded(2)), context())).resolves.toBeDefined();
      expect(requests()).toBe(before);
    });

    test('Delete always succeeds and reads nothing', async () => {
      const before = requests();
      await expect(handler(event('Delete', restore('gone')), context())).resolves.toEqual({ PhysicalResourceId: 'Preflight-preflight' });
      expect(requests()).toBe(before);
    });
  });

  describe('restoring a named backup', () => {
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
