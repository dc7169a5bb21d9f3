import { rdbFile, restore, run } from './facts-builders';
import { EngineVersion } from '../../src/model/engine-version';
import { RestoreFacts } from '../../src/rules';
import { clusterModeDowngrade } from '../../src/rules/cluster-mode-downgrade';
import { clusterModeEngine } from '../../src/rules/cluster-mode-engine';
import { singleDatabase } from '../../src/rules/single-database';

const cmd = { clusterModeEnabled: false };
const cme = { clusterModeEnabled: true };

describe('cluster-mode-downgrade', () => {
  test.each<[string, RestoreFacts, string[]]>([
    ['CME backup into CMD', restore(cmd, { backup: { snapshotName: 'nightly', clusterModeEnabled: true } }), ['error']],
    ['CME backup into CME', restore(cme, { backup: { snapshotName: 'nightly', clusterModeEnabled: true } }), []],
    ['CMD backup into CMD', restore(cmd, { backup: { snapshotName: 'nightly', clusterModeEnabled: false } }), []],
    ['a backup of 3 shards into CMD', restore(cmd, { backup: { snapshotName: 'nightly', shardCount: 3 } }), ['error']],
    ['.rdb with slot-info into CMD', restore(cmd, { rdbFiles: [rdbFile({ aux: { 'slot-info': '0,1,0' } })] }), ['error']],
    ['.rdb with slot-info into CME', restore(cme, { rdbFiles: [rdbFile({ aux: { 'slot-info': '0,1,0' } })] }), []],
    ['.rdb without slot-info into CMD', restore(cmd, { rdbFiles: [rdbFile()] }), []],
  ])('%s', (_, facts, expected) => {
    expect(run(clusterModeDowngrade, facts).findings.map((finding) => finding.severity)).toEqual(expected);
  });

  test('the message names the backup and how to fix it', () => {
    const [finding] = run(clusterModeDowngrade, restore(cmd, { backup: { snapshotName: 'nightly', clusterModeEnabled: true } })).findings;
    expect(finding.message).toMatch(/backup 'nightly'.*cluster-mode-enabled.*ClusterMode\.enabled/);
  });

  test('the file finding names the file', () => {
    const [finding] = run(clusterModeDowngrade, restore(cmd, { rdbFiles: [rdbFile({ file: 's3://b/a.rdb', aux: { 'slot-info': '0,1,0' } })] })).findings;
    expect(finding).toMatchObject({ file: 's3://b/a.rdb', message: expect.stringContaining('s3://b/a.rdb') });
  });

  test.each<[string, RestoreFacts]>([
    ['target cluster mode', restore({}, { backup: { snapshotName: 'nightly', clusterModeEnabled: true } })],
    ['backup cluster mode', restore(cmd, { backup: { snapshotName: 'nightly' } })],
    ['backup cluster mode (one shard says nothing)', restore(cmd, { backup: { snapshotName: 'nightly', shardCount: 1 } })],
    ['a scan of the file', restore(cmd, { rdbFiles: [{ file: 'a.rdb' }] })],
  ])('skips without %s', (_, facts) => {
    expect(run(clusterModeDowngrade, facts)).toEqual({ findings: [], skipped: [expect.stringContaining('[cluster-mode-downgrade] Test/Cache: skipped')] });
  });
});

describe('cluster-mode-engine', () => {
  test.each<[string, RestoreFacts, string[]]>([
    ['Redis OSS 3.2.0 with cluster mode', restore({ ...cme, engineVersion: EngineVersion.redis('3.2.0') }), ['error']],
    ['Redis OSS 3.2.4 with cluster mode', restore({ ...cme, engineVersion: EngineVersion.REDIS_3_2_4 }), []],
    ['Valkey 7.2 with cluster mode', restore({ ...cme, engineVersion: EngineVersion.VALKEY_7_2 }), []],
    ['Redis OSS 3.2.0 without cluster mode', restore({ ...cmd, engineVersion: EngineVersion.redis('3.2.0') }), []],
  ])('%s', (_, facts, expected) => {
    expect(run(clusterModeEngine, facts).findings.map((finding) => finding.severity)).toEqual(expected);
  });

  test('skips without the engine', () => {
    expect(run(clusterModeEngine, restore(cme)).skipped).toEqual([expect.stringContaining('target engine unknown')]);
  });
});

describe('single-database', () => {
  const inDb3 = rdbFile({ databases: [{ db: 0, keys: 10, expires: 0 }, { db: 3, keys: 2, expires: 0 }] });
  const inDb16 = rdbFile({ databases: [{ db: 0, keys: 10, expires: 0 }, { db: 16, keys: 2, expires: 0 }] });
  const clusterDatabases16 = { name: 'multi-db', family: 'valkey9', parameters: { 'cluster-enabled': 'yes', 'cluster-databases': '16' } };
  test.each<[string, RestoreFacts, string[]]>([
    ['db 3 into Redis OSS 7.1 with cluster mode', restore({ ...cme, engineVersion: EngineVersion.REDIS_7_1 }, { rdbFiles: [inDb3] }), ['error']],
    ['db 3 into Valkey 8.0 with cluster mode', restore({ ...cme, engineVersion: EngineVersion.VALKEY_8_0 }, { rdbFiles: [inDb3] }), ['error']],
    ['db 3 into Valkey 9.0 with cluster mode (cluster-databases 1)', restore({ ...cme, engineVersion: EngineVersion.VALKEY_9_0 }, { rdbFiles: [inDb3] }), ['error']],
    ['db 3 into Valkey 9.1 with cluster-databases 16', restore({ ...cme, engineVersion: EngineVersion.VALKEY_9_1, parameterGroup: clusterDatabases16 }, { rdbFiles: [inDb3] }), ['warning']],
    ['db 3 into Valkey 9.0 with cluster-databases 3 (the parameter-group rule reports it)', restore({ ...cme, engineVersion: EngineVersion.VALKEY_9_0, parameterGroup: { ...clusterDatabases16, parameters: { 'cluster-enabled': 'yes', 'cluster-databases': '3' } } }, { rdbFiles: [inDb3] }), []],
    ['db 3 without cluster mode', restore({ ...cmd, engineVersion: EngineVersion.REDIS_7_1 }, { rdbFiles: [inDb3] }), []],
    ['db 3 into a Valkey 9.1 serverless cache', restore({ ...cme, engineVersion: EngineVersion.VALKEY_9_1, resource: 'serverless-cache' }, { rdbFiles: [inDb3] }), ['error']],
    ['db 16 without cluster mode', restore({ ...cmd, engineVersion: EngineVersion.REDIS_7_1 }, { rdbFiles: [inDb16] }), ['error']],
    ['db 16 without cluster mode, databases 32', restore({ ...cmd, engineVersion: EngineVersion.REDIS_7_1, parameterGroup: { name: 'many', family: 'redis7', parameters: { databases: '32' } } }, { rdbFiles: [inDb16] }), []],
    ['db 15 without cluster mode, databases 8', restore({ ...cmd, parameterGroup: { name: 'few', family: 'redis7', parameters: { databases: '8' } } }, { rdbFiles: [rdbFile({ databases: [{ db: 7, keys: 1, expires: 0 }, { db: 15, keys: 1, expires: 0 }] })] }), ['error']],
    ['db 0 only with cluster mode', restore({ ...cme, engineVersion: EngineVersion.REDIS_7_1 }, { rdbFiles: [rdbFile()] }), []],
    ['an empty db 3 with cluster mode', restore({ ...cme, engineVersion: EngineVersion.REDIS_7_1 }, { rdbFiles: [rdbFile({ databases: [{ db: 3, keys: 0, expires: 0 }] })] }), []],
  ])('%s', (_, facts, expected) => {
    expect(run(singleDatabase, facts).findings.map((finding) => finding.severity)).toEqual(expected);
  });

  test('the message names the file, the databases and the fix', () => {
    const file = rdbFile({ file: 'b.rdb', databases: [{ db: 1, keys: 1, expires: 0 }, { db: 2, keys: 4, expires: 1 }] });
    const [finding] = run(singleDatabase, restore({ ...cme, engineVersion: EngineVersion.REDIS_7_1 }, { rdbFiles: [file] })).findings;
    expect(finding.file).toBe('b.rdb');
    expect(finding.message).toBe('b.rdb has 5 keys outside database 0 (in databases 1 and 2), and Redis OSS 7.1 with cluster mode enabled refuses to load it: move the keys into database 0 and save again, or restore with cluster mode disabled.');
  });

  test('the message without cluster mode names the database, the setting and the fix', () => {
    const [finding] = run(singleDatabase, restore(cmd, { rdbFiles: [inDb16] })).findings;
    expect(finding.message).toBe('dump.rdb has 2 keys outside database 0 (in database 16), but the target serves databases 0-15 (`databases` 16, the default), so the load fails: move the keys into a lower database and save again, or set `databases` above 16 in the parameter group.');
  });

  test.each<[string, RestoreFacts, RegExp]>([
    ['cluster mode', restore({}, { rdbFiles: [inDb3] }), /target cluster mode unknown/],
    ['the databases setting', restore({ ...cmd, parameterGroup: { name: 'elsewhere' } }, { rdbFiles: [inDb16] }), /`databases` setting of parameter group elsewhere is unknown/],
    ['the cluster-databases setting', restore({ ...cme, engineVersion: EngineVersion.VALKEY_9_0, parameterGroup: { name: 'elsewhere' } }, { rdbFiles: [inDb3] }), /`cluster-databases` setting of parameter group elsewhere is unknown/],
    ['the engine', restore(cme, { rdbFiles: [inDb3] }), /target engine.*unknown/],
    ['a scan', restore(cme, { rdbFiles: [{ file: 'a.rdb' }] }), /a\.rdb not scanned/],
    ['a complete scan', restore({ ...cme, engineVersion: EngineVersion.REDIS_7_1 }, { rdbFiles: [rdbFile({ complete: false })] }), /not read to the end/],
  ])('skips without %s', (_, facts, reason) => {
    expect(run(singleDatabase, facts)).toEqual({ findings: [], skipped: [expect.stringMatching(reason)] });
  });
});
