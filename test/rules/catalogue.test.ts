import { readFileSync } from 'fs';
import { join } from 'path';
import { rdbFile, restore } from './facts-builders';
import { EngineVersion } from '../../src/model/engine-version';
import { NodeType } from '../../src/model/node-type';
import { evaluateRules, RULES, renderRulesTable } from '../../src/rules';

/** The ids of DESIGN.md § Rules, in its order: stable, users acknowledge warnings by them. */
const DESIGN_IDS = [
  'cluster-mode-downgrade', 'cluster-mode-engine', 'single-database', 'data-tiering', 'engine-downgrade',
  'rdb-version', 'memory-fit', 'slot-coverage', 'shard-limits', 'seed-slots', 'node-type-engine',
  's3-region', 's3-encryption', 's3-access', 'snapshot-state', 'rdb-integrity', 'modules',
  'parameter-group', 'authentication', 'preflight-incomplete',
];

describe('the catalogue', () => {
  test('has one rule per id of the DESIGN table, in its order', () => {
    expect(RULES.map((rule) => rule.id)).toEqual(DESIGN_IDS);
  });

  test.each(RULES.map((rule) => [rule.id, rule] as const))('%s documents itself in one line each', (_, rule) => {
    expect(['error', 'warning']).toContain(rule.severity);
    for (const text of [rule.refuses, rule.fix]) {
      expect(text).toMatch(/^[a-z`].*[^.]$/);
      expect(text).not.toMatch(/\n/);
    }
  });
});

describe('evaluateRules', () => {
  test('a rule that throws is a finding naming it, and the other rules still run', () => {
    // A report without databases (a hand-made facts file the reader did not check) makes single-database throw.
    const broken = rdbFile({ file: 'a.rdb', databases: undefined as any, rdbVersion: 12 });
    const findings = evaluateRules(restore({ clusterModeEnabled: true, engineVersion: EngineVersion.REDIS_7_1 }, { rdbFiles: [broken] }));
    expect(findings).toContainEqual({
      rule: 'single-database',
      severity: 'error',
      message: expect.stringMatching(/^the rule could not judge this restore \(.+\)\. This is a bug in cdk-elasticache-restore: please report it/),
    });
    expect(findings.map((finding) => finding.rule)).toContain('rdb-version');
  });

  test('an acknowledged error is a warning that carries the reason; other rules keep their errors', () => {
    const facts = restore({ engineVersion: EngineVersion.REDIS_6_2 }, { rdbFiles: [rdbFile({ rdbVersion: 11 })], acknowledged: { 'memory-fit': 'small hashes' } });
    expect(evaluateRules(facts).map(({ rule, severity }) => `${rule}: ${severity}`)).toEqual(['rdb-version: error']);
    const [finding] = evaluateRules({ ...facts, acknowledged: { 'rdb-version': 'the file was converted' } });
    expect(finding).toMatchObject({ rule: 'rdb-version', severity: 'warning', message: expect.stringMatching(/ \(acknowledged: the file was converted\)$/) });
  });

  test('what the preflight could not read is a preflight-incomplete error', () => {
    const findings = evaluateRules(restore({}, { incomplete: [{ message: 'stopped at byte 9: give it more time.', file: 's3://b/a.rdb' }] }));
    expect(findings).toEqual([{ rule: 'preflight-incomplete', severity: 'error', message: 'stopped at byte 9: give it more time.', file: 's3://b/a.rdb' }]);
  });

  test('skips, and says so, every rule whose facts are unknown', () => {
    const debug: string[] = [];
    const findings = evaluateRules(restore({}, {
      backup: { snapshotName: 'nightly' },
      rdbFiles: [{ file: 'a.rdb' }, { file: 's3://dumps/b.rdb', s3: { bucket: 'dumps', key: 'b.rdb' } }],
    }), { debug: (message) => debug.push(message) });
    expect(findings).toEqual([]);
    expect(debug.every((message) => /^\[[a-z0-9-]+\] Test\/Cache: skipped: /.test(message))).toBe(true);
    const skipped = new Set(debug.map((message) => /^\[([a-z0-9-]+)\]/.exec(message)![1]));
    // An object without ServerSideEncryption is not encrypted, which s3-encryption accepts; a target
    // without a parameter group gets the engine's default group, which parameter-group accepts; only
    // the preflight reports gaps, so preflight-incomplete has nothing to skip.
    expect(RULES.map((rule) => rule.id).filter((id) => !skipped.has(id))).toEqual(['s3-encryption', 'parameter-group', 'preflight-incomplete']);
  });

  test('works without options', () => {
    expect(evaluateRules(restore({}))).toEqual([]);
  });

  test('returns the findings of every rule, in catalogue order', () => {
    const target = { clusterModeEnabled: true, numNodeGroups: 1, replicasPerShard: 1, dataTieringEnabled: false };
    const facts = restore(
      { ...target, engineVersion: EngineVersion.REDIS_7_1, nodeType: NodeType.T3_MICRO },
      { rdbFiles: [rdbFile({ databases: [{ db: 1, keys: 1, expires: 0 }], aux: { 'redis-ver': '7.2.4', 'used-mem': `${2 ** 30}` } })] },
    );
    expect(evaluateRules(facts).map((finding) => `${finding.rule}: ${finding.severity}`)).toEqual([
      'single-database: error',
      'rdb-version: error',
      'memory-fit: error',
    ]);
  });
});

describe('renderRulesTable', () => {
  const table = renderRulesTable();

  test('has a header and one row per rule', () => {
    const lines = table.split('\n');
    expect(lines.slice(0, 2)).toEqual(['| id | severity | when it fires | how to fix |', '|---|---|---|---|']);
    expect(lines.slice(2).map((line) => /^\| `([a-z0-9-]+)` \| (error|warning) \|/.exec(line)?.[1])).toEqual(DESIGN_IDS);
  });

  test('matches the rules block of README.md', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const block = /<!-- rules:start -->\n([\s\S]*?)\n<!-- rules:end -->/.exec(readme)?.[1];
    const paste = `<!-- rules:start -->\n${table}\n<!-- rules:end -->`;
    if (block === undefined) {
      throw new Error(`README.md has no rules block. Add this where the rules belong:\n\n${paste}\n`);
    }
    if (block.trim() !== table) {
      throw new Error(`README.md's rules block is out of date. Replace everything from <!-- rules:start --> to <!-- rules:end --> with:\n\n${paste}\n`);
    }
  });
});
