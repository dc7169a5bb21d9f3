/**
 * Files written by a real redis-server (7.0 in CI): every encoding it writes, several databases,
 * TTLs, streams with consumer groups, functions, compression and checksums on and off. The
 * server itself (CLUSTER KEYSLOT, DBSIZE, INFO keyspace, redis-check-rdb) is the oracle.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { scanBytes } from './scan-bytes';
import { FileReport, scanRdb } from '../../src/rdb';
import { loadsInClusterMode, RedisServer, RespArg, RespValue } from '../support/redis-server';
import { DEBIAN_REDIS_CHECK_RDB, DEBIAN_REDIS_SERVER, describeWith } from '../support/requirements';

/** Commands that leave one key of every encoding redis-server 7.0 writes in db 0, and keys in dbs 1 and 2. */
function dataset(): RespArg[][] {
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  return [
    ['SELECT', '0'],
    ['SET', 'str:int', '12345'],
    ['SET', 'str:raw', 'hello world'],
    ['SET', 'str:compressible', 'abc'.repeat(20_000)],
    ['SET', 'str:random', Buffer.from(range(300_000).map((i) => (i * 7919) % 251))],
    ['SET', '{user1000}.following', '1'],
    ['SET', '{user1000}.followers', '2'],
    ['SET', 'foo{}{bar}', '3'],
    ['RPUSH', 'list:packed', 'a', 'b', 'c'],
    ['RPUSH', 'list:nodes', ...range(2000).map((i) => `element-${i}`)],
    ['RPUSH', 'list:plain', 'p'.repeat(500), 'small'],
    ['SADD', 'set:intset', '1', '2', '3'],
    ['SADD', 'set:hashtable', ...range(600).map((i) => `member-${i}`)],
    ['ZADD', 'zset:listpack', '1', 'a', '2', 'b'],
    ['ZADD', 'zset:skiplist', ...range(200).flatMap((i) => [String(i / 3), `member-${i}`])],
    ['HSET', 'hash:listpack', 'f1', 'v1', 'f2', 'v2'],
    ['HSET', 'hash:hashtable', ...range(600).flatMap((i) => [`field-${i}`, `value-${i}`])],
    ...range(10).map((i) => ['XADD', 'stream', '*', 'field', `value-${i}`]),
    ['XGROUP', 'CREATE', 'stream', 'group-a', '0'],
    ['XGROUP', 'CREATE', 'stream', 'group-b', '$'],
    ['XREADGROUP', 'GROUP', 'group-a', 'consumer-1', 'COUNT', '3', 'STREAMS', 'stream', '>'],
    ['XREADGROUP', 'GROUP', 'group-a', 'consumer-2', 'COUNT', '2', 'STREAMS', 'stream', '>'],
    ['EXPIRE', 'str:raw', '100000'],
    ['PEXPIRE', 'list:packed', '100000000'],
    ['FUNCTION', 'LOAD', "#!lua name=mylib\nredis.register_function('myfunc', function(keys, args) return 1 end)"],
    ['SELECT', '1'],
    ['SET', 'db1:key', 'v'],
    ['EXPIRE', 'db1:key', '100000'],
    ['SELECT', '2'],
    ['HSET', 'db2:hash', 'f', 'v'],
    ['SELECT', '0'],
  ];
}

/** The encodings the dataset must produce, so the file really holds each RDB type 7.0 writes. */
const ENCODINGS: Record<string, string> = {
  'str:int': 'int',
  'str:raw': 'embstr',
  'str:compressible': 'raw',
  'list:packed': 'quicklist',
  'list:plain': 'quicklist',
  'set:intset': 'intset',
  'set:hashtable': 'hashtable',
  'zset:listpack': 'listpack',
  'zset:skiplist': 'skiplist',
  'hash:listpack': 'listpack',
  'hash:hashtable': 'hashtable',
  'stream': 'stream',
};

describeWith([DEBIAN_REDIS_SERVER, DEBIAN_REDIS_CHECK_RDB], 'files written by redis-server', () => {
  let server: RedisServer;
  let slotOracle: RedisServer;
  let withCompression: Buffer;
  let withoutCompression: Buffer;
  let report: FileReport;

  /** Every key of every database with its TYPE. */
  async function keysByDb(): Promise<Map<number, { name: string; type: string }[]>> {
    const result = new Map<number, { name: string; type: string }[]>();
    for (const db of [0, 1, 2]) {
      await server.command('SELECT', db);
      const names = (await server.command('KEYS', '*')) as string[];
      const types = names.length ? ((await server.pipeline(names.map((name) => ['TYPE', name]))) as string[]) : [];
      result.set(db, names.map((name, i) => ({ name, type: types[i] })));
    }
    await server.command('SELECT', 0);
    return result;
  }

  beforeAll(async () => {
    server = await RedisServer.start({ args: ['--enable-debug-command', 'yes'] });
    slotOracle = await RedisServer.start({ args: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'] });
    await server.command('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '100');
    await server.pipeline(dataset());
    withCompression = fs.readFileSync(await server.save());
    await server.command('CONFIG', 'SET', 'rdbcompression', 'no');
    withoutCompression = fs.readFileSync(await server.save());
    await server.command('CONFIG', 'SET', 'rdbcompression', 'yes');
    fs.writeFileSync(path.join(server.dir, 'compressed.rdb'), withCompression);
    report = await scanRdb(fs.createReadStream(path.join(server.dir, 'compressed.rdb')), { file: 'dump.rdb' });
  });

  afterAll(async () => {
    await server?.stop();
    await slotOracle?.stop();
  });

  test('the dataset has every encoding the test means to cover', async () => {
    const encodings: Record<string, RespValue> = {};
    for (const name of Object.keys(ENCODINGS)) {
      encodings[name] = await server.command('OBJECT', 'ENCODING', name);
    }
    expect(encodings).toEqual(ENCODINGS);
  });

  test('reads the file to the end with a good checksum', () => {
    expect(report.error).toBeUndefined();
    expect(report).toMatchObject({ magic: 'REDIS', rdbVersion: 10, checksum: 'ok', complete: true, bytes: withCompression.length, functions: 1 });
    expect(report.aux['redis-ver']).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('counts keys and TTLs per database as the server does', async () => {
    const info = (await server.command('INFO', 'keyspace')) as string;
    const keyspace = [...info.matchAll(/^db(\d+):keys=(\d+),expires=(\d+)/gm)].map((m) => ({ db: Number(m[1]), keys: Number(m[2]), expires: Number(m[3]) }));
    expect(report.databases).toEqual(keyspace);
  });

  test('counts keys by the type the server gives them', async () => {
    const types: Record<string, number> = {};
    for (const keys of (await keysByDb()).values()) {
      for (const { type } of keys) types[type] = (types[type] ?? 0) + 1;
    }
    expect(report.types).toEqual(types);
  });

  test('puts every key in the slot CLUSTER KEYSLOT gives', async () => {
    const expected = new Array(16384).fill(0);
    for (const keys of (await keysByDb()).values()) {
      const slots = (await slotOracle.pipeline(keys.map(({ name }) => ['CLUSTER', 'KEYSLOT', name]))) as number[];
      slots.forEach((slot) => expected[slot]++);
    }
    expect(report.slots!.keys).toEqual(expected);
  });

  test('counts LZF strings at their uncompressed size, so slot bytes barely depend on compression', () => {
    const plain = scanBytes(withoutCompression);
    expect(withoutCompression.length).toBeGreaterThan(withCompression.length + 50_000);
    const total = (r: FileReport) => r.slots!.bytes.reduce((a, b) => a + b);
    expect(Math.abs(total(plain) - total(report)) / total(plain)).toBeLessThan(0.01);
    for (const field of ['keys', 'types', 'databases', 'checksum', 'functions'] as const) {
      expect(plain[field]).toEqual(report[field]);
    }
  });

  test('agrees with redis-check-rdb on the number of keys', () => {
    const file = path.join(server.dir, 'checked.rdb');
    fs.writeFileSync(file, withCompression);
    const output = execFileSync(DEBIAN_REDIS_CHECK_RDB.location, [file], { encoding: 'utf8' });
    expect(output).toContain('RDB looks OK!');
    expect(Number(/(\d+) keys read/.exec(output)![1])).toBe(report.keys);
  });

  test('reports checksums turned off as disabled', async () => {
    // rdbchecksum cannot change at run time.
    const unchecked = await RedisServer.start({ args: ['--rdbchecksum', 'no'] });
    try {
      await unchecked.pipeline(dataset().filter(([command]) => command !== 'FUNCTION'));
      const file = fs.readFileSync(await unchecked.save());
      expect(scanBytes(file)).toMatchObject({ checksum: 'disabled', complete: true, keys: report.keys });
    } finally {
      await unchecked.stop();
    }
  });

  test('gives the same report in small odd chunks as in one piece', () => {
    expect(scanBytes(withCompression, { file: 'dump.rdb', chunkSizes: [1, 7, 4093, 3, 65536, 13] })).toEqual(report);
  });

  test('a cluster-mode server refuses the file exactly when keys are outside db 0', async () => {
    const multiDb = path.join(server.dir, 'multi-db.rdb');
    fs.writeFileSync(multiDb, withCompression);
    await server.flushAll();
    const commands = dataset();
    await server.pipeline(commands.slice(0, commands.findIndex(([name, db]) => name === 'SELECT' && db === '1')));
    const singleDb = await server.save();
    const single = scanBytes(fs.readFileSync(singleDb));

    expect(single.databases.map((db) => db.db)).toEqual([0]);
    expect(report.databases.some((db) => db.db !== 0 && db.keys > 0)).toBe(true);
    expect((await loadsInClusterMode(singleDb)).loaded).toBe(true);
    expect((await loadsInClusterMode(multiDb)).loaded).toBe(false);
  });
});
