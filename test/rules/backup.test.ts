import { restore, run } from './facts-builders';
import { EngineVersion } from '../../src/model/engine-version';
import { NodeType } from '../../src/model/node-type';
import { BackupFacts, RestoreFacts } from '../../src/rules';
import { dataTiering } from '../../src/rules/data-tiering';
import { engineDowngrade } from '../../src/rules/engine-downgrade';
import { snapshotState } from '../../src/rules/snapshot-state';

const backup = (facts: Partial<BackupFacts>): BackupFacts => ({ snapshotName: 'nightly', ...facts });

describe('data-tiering', () => {
  test.each<[string, RestoreFacts, string[]]>([
    ['r6gd backup into r6g', restore({ nodeType: NodeType.R6G_XLARGE }, { backup: backup({ nodeType: NodeType.R6GD_XLARGE }) }), ['error']],
    ['r6g backup into r6gd', restore({ nodeType: NodeType.R6GD_XLARGE }, { backup: backup({ nodeType: NodeType.R6G_LARGE }) }), ['error']],
    ['tiered backup (DataTiering) into r7g', restore({ nodeType: NodeType.R7G_LARGE }, { backup: backup({ dataTiering: true }) }), ['error']],
    ['r6gd backup into r6gd', restore({ nodeType: NodeType.R6GD_2XLARGE }, { backup: backup({ nodeType: NodeType.R6GD_XLARGE }) }), []],
    ['r6g backup into r7g', restore({ nodeType: NodeType.R7G_LARGE }, { backup: backup({ nodeType: NodeType.R6G_LARGE }) }), []],
    ['no backup (seeding)', restore({ nodeType: NodeType.R6GD_XLARGE }), []],
  ])('%s', (_, facts, expected) => {
    expect(run(dataTiering, facts).findings.map((finding) => finding.severity)).toEqual(expected);
  });

  test('the message names the backup, both node types and the fix', () => {
    const [finding] = run(dataTiering, restore({ nodeType: NodeType.R6G_XLARGE }, { backup: backup({ nodeType: NodeType.R6GD_XLARGE }) })).findings;
    expect(finding.message).toBe("backup 'nightly' (cache.r6gd.xlarge) comes from data-tiering nodes and restores only into data-tiering nodes, but the target uses cache.r6g.xlarge: choose a data-tiering type (cache.r6gd.*).");
  });

  test.each<[string, RestoreFacts, RegExp]>([
    ['the backup node type', restore({ nodeType: NodeType.R6G_XLARGE }, { backup: backup({}) }), /data tiering of backup 'nightly' unknown/],
    ['the target node type', restore({}, { backup: backup({ dataTiering: false }) }), /target node type unknown/],
  ])('skips without %s', (_, facts, reason) => {
    expect(run(dataTiering, facts)).toEqual({ findings: [], skipped: [expect.stringMatching(reason)] });
  });
});

describe('engine-downgrade', () => {
  test.each<[string, RestoreFacts, string[]]>([
    ['Redis OSS 7.1 backup into 6.2', restore({ engineVersion: EngineVersion.REDIS_6_2 }, { backup: backup({ engineVersion: EngineVersion.REDIS_7_1 }) }), ['error']],
    ['Valkey 8.0 backup into Valkey 7.2', restore({ engineVersion: EngineVersion.VALKEY_7_2 }, { backup: backup({ engineVersion: EngineVersion.VALKEY_8_0 }) }), ['error']],
    ['Valkey backup into Redis OSS', restore({ engineVersion: EngineVersion.REDIS_7_1 }, { backup: backup({ engineVersion: EngineVersion.VALKEY_7_2 }) }), ['error']],
    ['Redis OSS backup into Valkey', restore({ engineVersion: EngineVersion.VALKEY_8_0 }, { backup: backup({ engineVersion: EngineVersion.REDIS_7_1 }) }), ['warning']],
    ['Redis OSS 6.2 backup into 7.1', restore({ engineVersion: EngineVersion.REDIS_7_1 }, { backup: backup({ engineVersion: EngineVersion.REDIS_6_2 }) }), []],
    ['same version', restore({ engineVersion: EngineVersion.VALKEY_8_0 }, { backup: backup({ engineVersion: EngineVersion.VALKEY_8_0 }) }), []],
  ])('%s', (_, facts, expected) => {
    expect(run(engineDowngrade, facts).findings.map((finding) => finding.severity)).toEqual(expected);
  });

  test('the message names both engines and the fix', () => {
    const facts = restore({ engineVersion: EngineVersion.REDIS_6_2 }, { backup: backup({ engineVersion: EngineVersion.REDIS_7_1 }) });
    const [finding] = run(engineDowngrade, facts).findings;
    expect(finding.message).toBe("backup 'nightly' was taken on Redis OSS 7.1, and ElastiCache restores it only into the same engine or a newer one, not Redis OSS 6.2: choose Redis OSS 7.1 or later.");
  });

  test.each<[string, RestoreFacts, RegExp]>([
    ['the backup engine', restore({ engineVersion: EngineVersion.REDIS_7_1 }, { backup: backup({}) }), /engine of backup 'nightly' unknown/],
    ['the target engine', restore({}, { backup: backup({ engineVersion: EngineVersion.REDIS_7_1 }) }), /target engine unknown/],
  ])('skips without %s', (_, facts, reason) => {
    expect(run(engineDowngrade, facts)).toEqual({ findings: [], skipped: [expect.stringMatching(reason)] });
  });
});

describe('snapshot-state', () => {
  test.each<[string, BackupFacts, string[]]>([
    ['a missing backup', backup({ exists: false }), ['error']],
    ['a backup being created', backup({ exists: true, status: 'creating' }), ['error']],
    ['an available backup', backup({ exists: true, status: 'available' }), []],
  ])('%s', (_, facts, expected) => {
    expect(run(snapshotState, restore({}, { backup: facts })).findings.map((finding) => finding.severity)).toEqual(expected);
  });

  test('the message says what state the backup is in and what to do', () => {
    const [finding] = run(snapshotState, restore({}, { backup: backup({ status: 'deleting' }) })).findings;
    expect(finding.message).toBe("backup 'nightly' is deleting, and ElastiCache restores only available backups: wait until it is available, or choose another backup.");
  });

  test('skips a backup whose state is not known yet', () => {
    expect(run(snapshotState, restore({}, { backup: backup({}) }))).toEqual({ findings: [], skipped: [expect.stringMatching(/state of backup 'nightly' unknown/)] });
  });
});
