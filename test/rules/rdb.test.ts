import { rdbFile, restore, run } from './facts-builders';
import { EngineVersion } from '../../src/model/engine-version';
import { RestoreFacts } from '../../src/rules';
import { modules } from '../../src/rules/modules';
import { rdbIntegrity } from '../../src/rules/rdb-integrity';
import { rdbVersion } from '../../src/rules/rdb-version';

describe('rdb-version', () => {
  test.each<[string, EngineVersion, 'REDIS' | 'VALKEY', number, string[]]>([
    ['RDB 11 into Redis OSS 7.1', EngineVersion.REDIS_7_1, 'REDIS', 11, ['error']],
    ['RDB 10 into Redis OSS 7.1', EngineVersion.REDIS_7_1, 'REDIS', 10, []],
    ['RDB 9 into Redis OSS 5.0.6', EngineVersion.REDIS_5_0_6, 'REDIS', 9, []],
    ['RDB 11 into Valkey 7.2', EngineVersion.VALKEY_7_2, 'REDIS', 11, []],
    ['RDB 12 (Redis 7.4) into Valkey 9.0', EngineVersion.VALKEY_9_0, 'REDIS', 12, ['error']],
    ['VALKEY080 into Valkey 8.1', EngineVersion.VALKEY_8_1, 'VALKEY', 80, ['error']],
    ['VALKEY080 into Valkey 9.0', EngineVersion.VALKEY_9_0, 'VALKEY', 80, []],
  ])('%s', (_, engineVersion, magic, version, expected) => {
    const facts = restore({ engineVersion }, { rdbFiles: [rdbFile({ magic, rdbVersion: version })] });
    expect(run(rdbVersion, facts).findings.map((finding) => finding.severity)).toEqual(expected);
  });

  test.each<[string, 'REDIS' | 'VALKEY', number, Record<string, string>, string]>([
    ['the oldest engine that loads it', 'REDIS', 11, { 'redis-ver': '7.2.4' },
      'dump.rdb is RDB version 11 (REDIS0011, written by Redis 7.2.4), which Redis OSS 7.1 does not load: choose Valkey 7.2 or later.'],
    ['a VALKEY header', 'VALKEY', 80, { 'valkey-ver': '9.0.0' },
      'dump.rdb is RDB version 80 (VALKEY080, written by Valkey 9.0.0), which Redis OSS 7.1 does not load: choose Valkey 9.0 or later.'],
    ['that no engine loads it', 'REDIS', 12, {},
      'dump.rdb is RDB version 12 (REDIS0012), which Redis OSS 7.1 does not load: no ElastiCache engine loads it; save the data from a server that writes RDB 11 or older (Redis OSS 7.2 or earlier, Valkey 8.x).'],
  ])('the message names %s', (_, magic, version, aux, message) => {
    const facts = restore({ engineVersion: EngineVersion.REDIS_7_1 }, { rdbFiles: [rdbFile({ magic, rdbVersion: version, aux })] });
    expect(run(rdbVersion, facts).findings).toEqual([{ rule: 'rdb-version', severity: 'error', message, file: 'dump.rdb' }]);
  });

  test.each<[EngineVersion, string[]]>([
    [EngineVersion.REDIS_6_2, ['error']],
    [EngineVersion.REDIS_7_0, []],
    [EngineVersion.REDIS_7_1, []],
    [EngineVersion.VALKEY_7_2, ['error']],
    [EngineVersion.VALKEY_9_1, ['error']],
  ])('RDB 10 with release-candidate functions (opcode 246) into %s', (engineVersion, expected) => {
    const facts = restore({ engineVersion }, { rdbFiles: [rdbFile({ rdbVersion: 10, functions: 2, preReleaseFunctions: 1 })] });
    expect(run(rdbVersion, facts).findings.map((finding) => finding.severity)).toEqual(expected);
  });

  test.each<[number, string[]]>([[8, ['error']], [9, []], [11, []]])('RDB %d into a serverless cache', (version, expected) => {
    const facts = restore({ engineVersion: EngineVersion.VALKEY_8_2, resource: 'serverless-cache' }, { rdbFiles: [rdbFile({ rdbVersion: version })] });
    expect(run(rdbVersion, facts).findings.map((finding) => finding.severity)).toEqual(expected);
  });

  test('the release-candidate function message says which engines load the file', () => {
    const file = rdbFile({ rdbVersion: 10, functions: 1, preReleaseFunctions: 1 });
    const facts = restore({ engineVersion: EngineVersion.VALKEY_8_0 }, { rdbFiles: [file] });
    expect(run(rdbVersion, facts).findings[0].message).toBe('dump.rdb holds 1 function library in the Redis 7.0 release-candidate format (opcode 246), which only Redis OSS 7.0 and 7.1 load, not Valkey 8.0 ("Pre-release function format not supported"): restore into Redis OSS 7.0 or 7.1, or load the file into Redis OSS 7.0 and save it again (it then writes the released format).');
  });

  test.each<[string, RestoreFacts, RegExp]>([
    ['the engine', restore({}, { rdbFiles: [rdbFile()] }), /target engine unknown/],
    ['the header', restore({ engineVersion: EngineVersion.REDIS_7_1 }, { rdbFiles: [rdbFile({ magic: undefined, rdbVersion: undefined })] }), /header of dump\.rdb unknown/],
  ])('skips without %s', (_, facts, reason) => {
    expect(run(rdbVersion, facts)).toEqual({ findings: [], skipped: [expect.stringMatching(reason)] });
  });
});

describe('rdb-integrity', () => {
  test.each<[string, RestoreFacts, string[]]>([
    ['a truncated file', restore({}, { rdbFiles: [rdbFile({ complete: false, error: { message: 'unexpected end of file', offset: 512 } })] }), ['error']],
    ['a file that could not be read', restore({}, { rdbFiles: [rdbFile({ complete: false, error: { message: 'reading the file failed: EACCES', offset: 0, readFailed: true } })] }), ['error']],
    ['a checksum mismatch', restore({}, { rdbFiles: [rdbFile({ checksum: 'mismatch' })] }), ['error']],
    ['a healthy file', restore({}, { rdbFiles: [rdbFile()] }), []],
    ['a file saved without a checksum', restore({}, { rdbFiles: [rdbFile({ checksum: 'disabled' })] }), []],
  ])('%s', (_, facts, expected) => {
    expect(run(rdbIntegrity, facts).findings.map((finding) => finding.severity)).toEqual(expected);
  });

  test('module data of the Redis 4.0 release candidates names the servers that load it', () => {
    const error = { message: 'object type 6 is module data …', offset: 42, loadableBy: 'Redis OSS 4.0 to 7.1 with the module' };
    const [finding] = run(rdbIntegrity, restore({}, { rdbFiles: [rdbFile({ file: 'x.rdb', complete: false, error })] })).findings;
    expect(finding.message).toBe('x.rdb cannot be read at byte 42: object type 6 is module data …. Load it into Redis OSS 4.0 to 7.1 with the module and save it again (BGSAVE writes the current format), then upload that file.');
  });

  test('the message names the file, the offset and the fix', () => {
    const [finding] = run(rdbIntegrity, restore({}, { rdbFiles: [rdbFile({ file: 'x.rdb', error: { message: 'Unknown RDB encoding type 99', offset: 42 } })] })).findings;
    expect(finding).toEqual({
      rule: 'rdb-integrity',
      severity: 'error',
      file: 'x.rdb',
      message: 'x.rdb cannot be read at byte 42: Unknown RDB encoding type 99. The server would refuse it too: save the data again (BGSAVE) and upload the new file completely.',
    });
  });

  test('a file that could not be read is not called corrupt', () => {
    const error = { message: "reading the file failed: ENOENT: no such file or directory, open 'x.rdb'", offset: 0, readFailed: true };
    const [finding] = run(rdbIntegrity, restore({}, { rdbFiles: [rdbFile({ file: 'x.rdb', complete: false, error })] })).findings;
    expect(finding).toEqual({
      rule: 'rdb-integrity',
      severity: 'error',
      file: 'x.rdb',
      message: "x.rdb cannot be read: reading the file failed: ENOENT: no such file or directory, open 'x.rdb'; check the path and permissions.",
    });
  });

  test('skips a file that was not scanned', () => {
    expect(run(rdbIntegrity, restore({}, { rdbFiles: [{ file: 'x.rdb' }] })).skipped).toEqual([expect.stringMatching(/x\.rdb not scanned/)]);
  });

  test.each<[string, number | undefined, number | undefined, string[]]>([
    ['the size its facts file says', 1024, 1024, []],
    ['another size than its facts file says', 512, 1024, ['error']],
    ['no facts file', 512, undefined, []],
  ])('an object of %s', (_, size, factsFileBytes, expected) => {
    const file = { file: 's3://b/a.rdb', s3: { bucket: 'b', key: 'a.rdb', size }, factsFileBytes };
    expect(run(rdbIntegrity, restore({}, { rdbFiles: [file] })).findings.map((finding) => finding.severity)).toEqual(expected);
  });

  test('names both sizes and the remedy when the object is not the file its facts file describes', () => {
    const file = { file: 's3://b/a.rdb', s3: { bucket: 'b', key: 'a.rdb', size: 512 }, factsFileBytes: 1024 };
    expect(run(rdbIntegrity, restore({}, { rdbFiles: [file] })).findings).toEqual([{
      rule: 'rdb-integrity',
      severity: 'error',
      file: 's3://b/a.rdb',
      message: 's3://b/a.rdb is 512 bytes, but its facts file describes a file of 1024 bytes, so the synth-time checks judged another file: '
        + 'upload the file completely, or inspect the object again (cdk-elasticache-restore inspect --json) and point factsFile at the new report.',
    }]);
  });
});

describe('modules', () => {
  test.each<[string, EngineVersion | undefined, string[], string[]]>([
    ['RedisGraph data', EngineVersion.VALKEY_8_0, ['graphdata'], ['error']],
    ['ReBloom filters', EngineVersion.VALKEY_8_1, ['MBbloom--'], ['error']],
    ['JSON into Redis OSS 6.0', EngineVersion.REDIS_6_0, ['ReJSON-RL'], ['error']],
    ['JSON into Redis OSS 6.2.6', EngineVersion.redis('6.2.6'), ['ReJSON-RL'], []],
    ['JSON into ElastiCache Redis OSS 6.2 (6.2.6)', EngineVersion.REDIS_6_2, ['ReJSON-RL'], []],
    ['JSON into Valkey 7.2', EngineVersion.VALKEY_7_2, ['ReJSON-RL'], []],
    ['Bloom filters into Valkey 8.0', EngineVersion.VALKEY_8_0, ['bloomfltr'], ['error']],
    ['Bloom filters into Valkey 8.1', EngineVersion.VALKEY_8_1, ['bloomfltr'], []],
    ['no module data', EngineVersion.REDIS_7_1, [], []],
    ['unknown module data whatever the engine', undefined, ['graphdata'], ['error']],
  ])('%s', (_, engineVersion, types, expected) => {
    const facts = restore({ engineVersion }, { rdbFiles: [rdbFile({ modules: types })] });
    expect(run(modules, facts).findings.map((finding) => finding.severity)).toEqual(expected);
  });

  test('the message names the module and what ElastiCache provides', () => {
    const [finding] = run(modules, restore({ engineVersion: EngineVersion.VALKEY_8_0 }, { rdbFiles: [rdbFile({ modules: ['graphdata'] })] })).findings;
    expect(finding.message).toBe("dump.rdb holds data of module type 'graphdata', which ElastiCache does not provide (it provides only JSON (ReJSON-RL) from Redis OSS 6.2 or Valkey 7.2 and Bloom filters (bloomfltr) from Valkey 8.1), so the load fails: remove those keys before saving.");
  });

  test('skips a provided module when the engine is unknown', () => {
    expect(run(modules, restore({}, { rdbFiles: [rdbFile({ modules: ['ReJSON-RL'] })] }))).toEqual({ findings: [], skipped: [expect.stringMatching(/target engine.*unknown/)] });
  });
});
