/**
 * The shared conformance corpus (real files from many Redis versions) against what the real
 * tools said about each file (expected.json). The corpus lives outside the project: it is read
 * from $RDB_CORPUS, never copied in.
 */
import * as fs from 'fs';
import { expectSameReport, scanBytes } from './scan-bytes';
import { FileReport, scanRdb } from '../../src/rdb';
import { describeWith, RDB_CORPUS } from '../support/requirements';

interface Expected {
  readonly magic: string;
  readonly rdbVersion: number;
  readonly redisCheckRdb: { ok: boolean; keysRead: number; expires: number; error?: string };
  readonly keyspace: Record<string, { keys: number; expires: number }> | null;
  readonly redis70Loads: boolean;
}

/** Files where redis-check-rdb fails but this reader deliberately does not, and why that is right. */
const LENIENT: Record<string, string> = {
  'corrupt_empty_keys.rdb': 'redis-check-rdb rejects its empty collections, but redis-server 7.0 loads the file (dropping empty keys), so the reader accepts it',
};

describeWith([RDB_CORPUS], 'the RDB corpus', () => {
  const expected: Record<string, Expected> = JSON.parse(fs.readFileSync(RDB_CORPUS.file('expected.json'), 'utf8'));
  const names = Object.keys(expected).sort();
  const scan = (name: string): Promise<FileReport> =>
    scanRdb(fs.createReadStream(RDB_CORPUS.file(name), { highWaterMark: 64 * 1024 }), { file: name });

  test('expected.json lists every .rdb file of the corpus', () => {
    expect(names).toEqual(fs.readdirSync(RDB_CORPUS.location).filter((name) => name.endsWith('.rdb')).sort());
  });

  describe.each(names.filter((name) => expected[name].redisCheckRdb.ok))('%s (redis-check-rdb: OK)', (name) => {
    const facts = expected[name];
    let report: FileReport;
    beforeAll(async () => {
      report = await scan(name);
    });

    test('reads the whole file without error', () => {
      expect(report.error).toBeUndefined();
      expect(report.complete).toBe(true);
      // Up to the checksum: redis_40_with_module.rdb has 40 bytes after it, which servers ignore too.
      const size = fs.statSync(RDB_CORPUS.file(name)).size;
      expect(report.bytes).toBe(name === 'redis_40_with_module.rdb' ? size - 40 : size);
    });

    test('has the header redis-check-rdb read', () => {
      expect(report.magic).toBe(facts.magic);
      expect(report.rdbVersion).toBe(facts.rdbVersion);
    });

    test('counts the keys and expires redis-check-rdb counted', () => {
      expect(report.keys).toBe(facts.redisCheckRdb.keysRead);
      expect(report.databases.reduce((sum, db) => sum + db.expires, 0)).toBe(facts.redisCheckRdb.expires);
      expect(report.slots!.keys.reduce((sum, keys) => sum + keys, 0)).toBe(facts.redisCheckRdb.keysRead);
    });

    test('finds keys in the databases redis-server 7.0 reported', () => {
      // The keyspace leaves out keys whose TTL had passed: compare the databases that still hold keys.
      const withKeys = report.databases.filter((db) => db.keys > db.expires).map((db) => db.db);
      if (facts.keyspace) {
        expect(withKeys).toEqual(expect.arrayContaining(Object.keys(facts.keyspace).map(Number)));
        for (const [db, stats] of Object.entries(facts.keyspace)) {
          expect(report.databases.find((entry) => entry.db === Number(db))!.keys).toBeGreaterThanOrEqual(stats.keys);
        }
      }
    });

    test('verifies the checksum when the file has one', () => {
      expect(report.checksum).toEqual(facts.rdbVersion < 5 ? 'absent' : expect.stringMatching(/^(ok|disabled)$/));
    });
  });

  describe.each(names.filter((name) => !expected[name].redisCheckRdb.ok && !LENIENT[name]))('%s (redis-check-rdb: error)', (name) => {
    const facts = expected[name];
    const redisOffset = Number(/^\[offset (\d+)\]/.exec(facts.redisCheckRdb.error!)![1]);
    let report: FileReport;
    beforeAll(async () => {
      report = await scan(name);
    });

    test('fails in the record where redis-check-rdb fails', () => {
      expect(report.complete).toBe(false);
      expect(report.error).toBeDefined();
      // redis-check-rdb gives the offset after the bad value; the reader gives where the value starts.
      expect(report.error!.offset).toBeLessThanOrEqual(redisOffset);
      expect(report.error!.offset).toBeGreaterThan(redisOffset - 32);
    });

    test('has read the keys before the one redis-check-rdb failed on (it counts that one too)', () => {
      expect(report.keys).toBe(facts.redisCheckRdb.keysRead - 1);
    });
  });

  test.each(Object.entries(LENIENT))('%s: %s', (name) => {
    const report = scanBytes(fs.readFileSync(RDB_CORPUS.file(name)));
    expect(expected[name].redisCheckRdb.ok).toBe(false);
    expect(expected[name].redis70Loads).toBe(true);
    expect(report.error).toBeUndefined();
    expect(report.checksum).toBe('ok');
  });

  test('corrupt_ziplist.rdb: names the key and the offset of its bad ziplist', async () => {
    const report = await scan('corrupt_ziplist.rdb');
    expect(report.error).toEqual({
      message: "a ziplist is 5 bytes, shorter than an empty ziplist in the value of key 'key:000000000091' (hash, type 13) in db 0",
      offset: 488,
    });
  });

  test('every file gives the same report in 1-byte, 7-byte and whole-file chunks', () => {
    for (const name of names) {
      const data = fs.readFileSync(RDB_CORPUS.file(name));
      const whole = scanBytes(data, { file: name });
      expectSameReport(scanBytes(data, { file: name, chunkSizes: [1] }), whole);
      expectSameReport(scanBytes(data, { file: name, chunkSizes: [7] }), whole);
    }
  });

  test('module types are named as redis-check-rdb names them', async () => {
    expect((await scan('redis_40_with_module.rdb')).modules).toEqual(['ReJSON-RL']);
    expect((await scan('redis_60_with_module_aux.rdb')).modules).toEqual(['test__rdb']);
  });
});
