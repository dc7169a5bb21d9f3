import { randomBytes } from 'crypto';
import * as fs from 'fs';
import { bundledHandler, context, event, frameworkFailure, GroupProps, Handler, pointSdkAt, propertiesOf, refusal, refusedWith, TARGET } from './handler-harness';
import { BackupSource, EngineVersion, Preflight, RdbSource, RestoredReplicationGroup, SeededCluster } from '../../../src';
import { AUX, rdbFile, str } from '../../rdb/rdb-builder';
import { ElastiCacheServer } from '../../support/elasticache-server';
import { Fault } from '../../support/faults';
import { describeWithRedisServer, RedisServer } from '../../support/redis-server';
import { S3Server } from '../../support/s3-server';

// The bundled handler between loopback S3 and ElastiCache servers that stall, throttle, reset and
// answer with the wrong bytes. A handler given a few seconds that answers at all (with a finding
// that names what it stopped) settled within its deadline; jest's timeout is only the backstop.
const BUCKET = 'seeds';
/**
 * What the fake Lambda context says is left: the deadline comes a quarter earlier. Each stall case
 * waits for it, so it is short; the calls before the stalled one take milliseconds on loopback.
 */
const SHORT_BUDGET_MS = 2_000;
/** Enough to read and scan big.rdb's first range before the deadline, for the case that stalls the second. */
const ONE_RANGE_BUDGET_MS = 4_000;
/** The handler's bytes per ranged GET: `big.rdb` takes three. */
const RANGE_BYTES = 8 * 1024 * 1024;

describeWithRedisServer('the bundled preflight handler under faults', () => {
  let handler: Handler;
  let s3: S3Server;
  let elastiCache: ElastiCacheServer;
  let restoreEnv: () => void;
  let logLines: () => string[];
  let small: Buffer;
  let big: Buffer;

  beforeAll(async () => {
    // The handler logs for CloudWatch: kept from the test output, read by the cases that check the log.
    const log = jest.spyOn(console, 'log').mockImplementation(() => {});
    logLines = () => log.mock.calls.map(([line]) => String(line));
    handler = bundledHandler();
    [s3, elastiCache] = await Promise.all([S3Server.start(), ElastiCacheServer.start()]);
    restoreEnv = pointSdkAt(s3, elastiCache);

    const redis = await RedisServer.start();
    try {
      await redis.pipeline([['SET', 'user:1', 'ada'], ['RPUSH', 'queue', 'a', 'b', 'c']]);
      small = fs.readFileSync(await redis.save());
      // Random bytes do not compress: the file spans three ranges.
      for (let i = 0; i < 17; i++) await redis.command('SET', `blob:${i}`, randomBytes(1024 * 1024));
      big = fs.readFileSync(await redis.save());
      await s3.createBucket(BUCKET);
      await Promise.all([
        s3.putObject(BUCKET, 'small.rdb', small),
        s3.putObject(BUCKET, 'big.rdb', big),
        s3.putObject(BUCKET, 'truncated.rdb', big.subarray(0, big.length - 1000)),
      ]);
    } finally {
      await redis.stop();
    }
    elastiCache.addSnapshot({ SnapshotName: 'nightly', SnapshotStatus: 'available', Engine: 'redis', EngineVersion: '7.0.7', CacheNodeType: 'cache.r6g.large', NumNodeGroups: 1 });
  });

  afterEach(() => {
    s3.faults.clear();
    elastiCache.faults.clear();
  });

  afterAll(async () => {
    restoreEnv?.();
    await Promise.all([s3?.stop(), elastiCache?.stop()]);
  });

  const seed = (keys: string[], props: GroupProps = {}) => propertiesOf((stack, vpc) => new SeededCluster(stack, 'Cache', {
    vpc, source: RdbSource.fromArns(keys.map((key) => `arn:aws:s3:::${BUCKET}/${key}`), { grantElastiCacheAccess: true }), ...TARGET, ...props,
  }));
  const restore = (snapshotName: string) => propertiesOf((stack, vpc) =>
    new RestoredReplicationGroup(stack, 'Cache', { vpc, backup: BackupSource.fromSnapshotName(snapshotName), ...TARGET }));
  const check = (properties: Record<string, unknown>, remainingMs = SHORT_BUDGET_MS) => handler(event('Create', properties), context(remainingMs));

  describe('a stalled call is stopped at the deadline and named', () => {
    test.each([
      ['HeadObject'],
      ['GetBucketLocation'],
      ['GetObjectAcl'],
      ['GetObject'],
    ])('%s', async (call) => {
      s3.faults.inject(call, { kind: 'stall', key: call === 'GetBucketLocation' ? '' : 'big.rdb' });
      const message = await refusal(check(seed(['big.rdb'])));
      expect(message).toMatch(new RegExp(`\\[preflight-incomplete\\] s3://seeds/big\\.rdb was not checked to the end: ${call}\\b.* ${SHORT_BUDGET_MS / 1000} s Lambda timeout`));
      // Nothing is granted when the check did not finish.
      expect(s3.acls.has(`${BUCKET}/big.rdb`)).toBe(false);
    });

    test('a GetObject stalled part-way says how far the scan came', async () => {
      s3.faults.inject('GetObject', { kind: 'stall', key: 'big.rdb', after: 1 });
      const message = await refusal(check(seed(['big.rdb']), ONE_RANGE_BUDGET_MS));
      expect(message).toContain(`GetObject bytes=${RANGE_BYTES}-${2 * RANGE_BYTES - 1} had not finished when the preflight's ${ONE_RANGE_BUDGET_MS / 1000} s Lambda timeout ran short (read ${RANGE_BYTES} of ${big.length} bytes)`);
    });

    test('PutObjectAcl, after every rule passed: refused, since ElastiCache may not be able to read the object', async () => {
      s3.faults.inject('PutObjectAcl', { kind: 'stall', key: 'small.rdb' });
      const message = await refusal(check(seed(['small.rdb'])));
      expect(message).toMatch(/\[preflight-incomplete\] s3:\/\/seeds\/small\.rdb was not checked to the end: PutObjectAcl had not finished/);
    });

    test('DescribeSnapshots', async () => {
      elastiCache.faults.inject('DescribeSnapshots', { kind: 'stall' });
      const message = await refusal(check(restore('nightly')));
      expect(message).toMatch(/\[preflight-incomplete\] the restore was not checked to the end: DescribeSnapshots had not finished/);
    });
  });

  describe('faults that go away are tried again, within the deadline', () => {
    test.each<[string, Fault]>([
      ['503 SlowDown', { kind: 'error', status: 503, code: 'SlowDown', times: 2 }],
      ['500 InternalError', { kind: 'error', status: 500, code: 'InternalError', times: 2 }],
      ['a connection reset mid-body', { kind: 'reset', times: 2 }],
      ['a short body', { kind: 'short-body', times: 2 }],
      ['a shifted range (wrong Content-Range)', { kind: 'shifted-range', times: 2 }],
    ])('GetObject: %s', async (_, fault) => {
      s3.faults.inject('GetObject', { ...fault, key: 'big.rdb' });
      const reads = s3.objectReads('big.rdb').length;
      await expect(check(seed(['big.rdb']), 20_000)).resolves.toEqual({ PhysicalResourceId: 'Preflight-preflight', Data: { Warnings: '' } });
      // Every range once, plus the two tried again.
      expect(s3.objectReads('big.rdb').length - reads).toBe(Math.ceil(big.length / RANGE_BYTES) + 2);
    });

    test('a throttled DescribeSnapshots', async () => {
      elastiCache.faults.inject('DescribeSnapshots', { kind: 'error', status: 400, code: 'Throttling', times: 1 });
      const requests = elastiCache.requests.length;
      await expect(check(restore('nightly'), 20_000)).resolves.toBeDefined();
      expect(elastiCache.requests.length - requests).toBe(2);
    });
  });

  describe('faults that stay are read faults, never a corrupt file', () => {
    test.each<[string, Fault]>([
      ['resets', { kind: 'reset' }],
      ['short bodies', { kind: 'short-body' }],
      ['shifted ranges', { kind: 'shifted-range' }],
    ])('GetObject always answering with %s', async (_, fault) => {
      s3.faults.inject('GetObject', { ...fault, key: 'big.rdb' });
      const message = await refusal(check(seed(['big.rdb']), 20_000));
      expect(message).toMatch(/\[s3-access\] s3:\/\/seeds\/big\.rdb could not be checked \(ReadFault .*bytes=0-8388607.*\(4 tries\)/);
      expect(message).not.toMatch(/rdb-integrity|BGSAVE|corrupt/);
    });
  });

  describe('an object whose HEAD gives no Content-Length', () => {
    test('is read to its end: a truncated file is refused', async () => {
      s3.faults.inject('HeadObject', { kind: 'no-content-length', key: 'truncated.rdb' });
      await expect(refusal(check(seed(['truncated.rdb']), 20_000))).resolves.toMatch(/\[rdb-integrity\] s3:\/\/seeds\/truncated\.rdb cannot be read at byte/);
    });

    test('header-only: reads the first 64 KiB all the same', async () => {
      s3.faults.inject('HeadObject', { kind: 'no-content-length', key: 'big.rdb' });
      const reads = s3.objectReads('big.rdb').length;
      await expect(check(seed(['big.rdb'], { preflight: Preflight.headerOnly() }), 20_000)).resolves.toBeDefined();
      expect(s3.objectReads('big.rdb').slice(reads).map((read) => read.range)).toEqual(['bytes=0-65535']);
    });

    test('is read to its end: a whole file passes, every byte read', async () => {
      s3.faults.inject('HeadObject', { kind: 'no-content-length', key: 'big.rdb' });
      const reads = s3.objectReads('big.rdb').length;
      await expect(check(seed(['big.rdb']), 20_000)).resolves.toBeDefined();
      expect(s3.objectReads('big.rdb').slice(reads).map((read) => read.range)).toEqual([
        `bytes=0-${RANGE_BYTES - 1}`, `bytes=${RANGE_BYTES}-${2 * RANGE_BYTES - 1}`, `bytes=${2 * RANGE_BYTES}-${big.length - 1}`,
      ]);
    });
  });

  describe('ElastiCache\'s read access', () => {
    test('is granted only after the check passed', async () => {
      await s3.putObject(BUCKET, 'refused.rdb', small);
      await refusal(check(seed(['refused.rdb'], { engineVersion: EngineVersion.REDIS_6_2 }), 20_000));
      expect(s3.requests.filter((r) => r.key === 'refused.rdb' && r.subresource === 'acl' && r.method === 'PUT')).toHaveLength(0);
      await expect(check(seed(['refused.rdb']), 20_000)).resolves.toBeDefined();
      expect(s3.acls.has(`${BUCKET}/refused.rdb`)).toBe(true);
    });
  });

  describe('the answer fits CloudFormation', () => {
    test('five missing objects with 1,000-byte keys: a summary under 4,096 bytes as the provider framework sends it', async () => {
      const keys = Array.from({ length: 5 }, (_, i) => `${i}/${'ü'.repeat(120)}/${'d'.repeat(700)}.rdb`);
      const error = await refusedWith(check(seed(keys), 20_000));
      expect(error.message).toMatch(/^ElastiCache restore refused for Stack\/Cache\/Resource: 5 errors \(each one is in the function's log\)\n\[s3-access\] 5 findings \(s3:\/\/seeds\/0\/ü+…, s3:\/\/seeds\/1\/ü+…, s3:\/\/seeds\/2\/ü+… and 2 more\), the first: /);
      expect(Buffer.byteLength(frameworkFailure(error))).toBeLessThan(4_096);
      // The function's log has each finding in full.
      const logged = logLines();
      keys.forEach((key) => expect(logged).toContainEqual(expect.stringMatching(new RegExp(`^error \\[s3-access\\] s3://seeds/${key}: .*does not exist`))));
    });

    test('control characters from a file\'s AUX fields are escaped', async () => {
      const version = Buffer.from('9.9\u001b[2J\r\nfake line\u202e', 'utf8');
      await s3.putObject(BUCKET, 'aux.rdb', rdbFile('REDIS0011', [AUX('redis-ver', str(version))]));
      const message = await refusal(check(seed(['aux.rdb']), 20_000));
      expect(message).toContain('written by Redis 9.9\\x1b[2J\\x0d\\x0afake line');
      // Our own line breaks only; the file's escaped, and no C1 control or bidirectional override either.
      expect(message.split('\n')).toHaveLength(2);
      expect(message).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    });
  });
});
