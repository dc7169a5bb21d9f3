import { rdbFile, restore, run } from './facts-builders';
import { EngineVersion } from '../../src/model/engine-version';
import { NodeType } from '../../src/model/node-type';
import { TargetFacts } from '../../src/rules';
import { nodeTypeEngine } from '../../src/rules/node-type-engine';
import { seedSlots } from '../../src/rules/seed-slots';
import { shardLimits } from '../../src/rules/shard-limits';
import { slotCoverage } from '../../src/rules/slot-coverage';

const severitiesOf = (findings: { severity: string }[]) => findings.map((finding) => finding.severity);
const slots = (...ranges: string[]) => ranges.map((range) => ({ slots: range }));

describe('slot-coverage', () => {
  test.each<[string, TargetFacts, string[]]>([
    ['an even layout', { numNodeGroups: 3, shards: slots('0-5460', '5461-10922', '10923-16383') }, []],
    ['several ranges in one shard', { numNodeGroups: 2, shards: slots('0-99,8000-16383', '100-7999') }, []],
    ['no slots at all', { numNodeGroups: 2, shards: [{}, {}] }, []],
    ['no NodeGroupConfiguration', { numNodeGroups: 2, shards: [] }, []],
    ['a gap', { shards: slots('0-5000', '5002-16383') }, ['error']],
    ['an overlap', { shards: slots('0-9000', '9000-16383') }, ['error']],
    ['an unparsable range', { shards: slots('0-9000', 'rest') }, ['error']],
    ['slots for some shards only', { shards: [{ slots: '0-8000' }, {}] }, ['error']],
    ['more entries than NumNodeGroups', { numNodeGroups: 3, shards: slots('0-8191', '8192-16383') }, ['error']],
  ])('%s', (_, target, expected) => {
    expect(severitiesOf(run(slotCoverage, restore(target)).findings)).toEqual(expected);
  });

  test('reuses SlotLayout\'s message, which names the slots', () => {
    const [finding] = run(slotCoverage, restore({ shards: slots('0-5000', '5002-16383') })).findings;
    expect(finding.message).toBe('SlotLayout must cover slots 0-16383 exactly once: slots 5001 are in no shard. Build the slots with SlotLayout.even(2) or SlotLayout.weighted([...]).');
  });

  test('names the shards without slots', () => {
    const [finding] = run(slotCoverage, restore({ shards: [{ slots: '0-8000' }, {}, {}] })).findings;
    expect(finding.message).toMatch(/^shards 2 and 3 have no Slots while the others do/);
  });

  test('skips when NodeGroupConfiguration is unknown', () => {
    expect(run(slotCoverage, restore({ numNodeGroups: 3 }))).toEqual({ findings: [], skipped: [expect.stringMatching(/NodeGroupConfiguration unknown/)] });
  });

  describe('a layout from a plan file', () => {
    const planned = (plannedFor: TargetFacts['plannedFor'], files = [rdbFile({ file: 's3://seeds/dumps/a.rdb', bytes: 1024 })]) =>
      run(slotCoverage, restore({ shards: slots('0-8191', '8192-16383'), plannedFor }, { rdbFiles: files }));

    test.each<[string, TargetFacts['plannedFor'], string[]]>([
      ['made for the same file (a local path, an S3 key)', [{ name: '/tmp/a.rdb' }], []],
      ['made for the same file and size', [{ name: 'a.rdb', bytes: 1024 }], []],
      ['made for another file', [{ name: 'b.rdb' }], ['error']],
      ['made for a file of another size', [{ name: 'a.rdb', bytes: 2048 }], ['error']],
      ['made for more files', [{ name: 'a.rdb' }, { name: 'b.rdb' }], ['error']],
    ])('%s', (_, plannedFor, expected) => {
      expect(severitiesOf(planned(plannedFor).findings)).toEqual(expected);
    });

    test('names both sets of files and the remedy', () => {
      expect(planned([{ name: 'dumps/b.rdb', bytes: 99 }]).findings.map((finding) => finding.message)).toEqual([
        'the slot layout was planned for dumps/b.rdb (99 bytes), but the restore reads s3://seeds/dumps/a.rdb (1024 bytes): '
        + 'write the plan again for these files (cdk-elasticache-restore plan FILE… --shards N --out PLAN), or lay the slots out another way.',
      ]);
    });

    test('skips until every file is scanned', () => {
      expect(planned([{ name: 'b.rdb' }], [{ file: 's3://seeds/a.rdb' }])).toEqual({
        findings: [], skipped: expect.arrayContaining([expect.stringMatching(/not every file is scanned/)]),
      });
    });
  });
});

describe('shard-limits', () => {
  const cme = { clusterModeEnabled: true, replicasPerShard: 1 };
  test.each<[string, TargetFacts, string[]]>([
    ['3 shards with 1 replica', { ...cme, numNodeGroups: 3 }, []],
    ['500 shards on Valkey', { ...cme, engineVersion: EngineVersion.VALKEY_8_0, numNodeGroups: 500, replicasPerShard: 0 }, ['warning']],
    ['501 shards', { ...cme, engineVersion: EngineVersion.VALKEY_8_0, numNodeGroups: 501, replicasPerShard: 0 }, ['error', 'warning']],
    ['251 shards on Redis OSS 5.0.0', { ...cme, engineVersion: EngineVersion.redis('5.0.0'), numNodeGroups: 251, replicasPerShard: 0 }, ['error', 'warning']],
    ['0 shards', { ...cme, numNodeGroups: 0 }, ['error']],
    ['2 shards without cluster mode', { clusterModeEnabled: false, numNodeGroups: 2, replicasPerShard: 1 }, ['error']],
    ['6 replicas per shard', { ...cme, numNodeGroups: 1, replicasPerShard: 6 }, ['error']],
    ['a shard with 6 replicas', { ...cme, shards: [{ replicaCount: 6 }] }, ['error']],
    ['one zone per replica', { ...cme, shards: [{ replicaCount: 2, replicaAvailabilityZones: ['a', 'b'] }] }, []],
    ['zones that do not match the replicas', { ...cme, shards: [{ replicaAvailabilityZones: ['a', 'b'] }] }, ['error']],
    ['failover with a replica', { ...cme, numNodeGroups: 2, automaticFailoverEnabled: true }, []],
    ['failover without replicas', { clusterModeEnabled: false, replicasPerShard: 0, automaticFailoverEnabled: true }, ['error']],
    ['cluster mode enabled, failover without replicas (what AWS requires)', { ...cme, automaticFailoverEnabled: true, shards: [{ replicaCount: 1 }, { replicaCount: 0 }] }, []],
    ['cluster mode enabled without failover', { ...cme, numNodeGroups: 1, automaticFailoverEnabled: false }, ['error']],
    ['cluster mode disabled, no failover, no replicas', { clusterModeEnabled: false, replicasPerShard: 0, automaticFailoverEnabled: false, multiAzEnabled: false }, []],
    ['Multi-AZ without failover', { clusterModeEnabled: false, replicasPerShard: 1, automaticFailoverEnabled: false, multiAzEnabled: true }, ['error']],
    ['Multi-AZ with a shard without replicas', { ...cme, automaticFailoverEnabled: true, multiAzEnabled: true, shards: [{ replicaCount: 1 }, { replicaCount: 0 }] }, ['error']],
    ['91 nodes', { ...cme, numNodeGroups: 13, replicasPerShard: 6 }, ['error', 'warning']],
    ['90 nodes', { ...cme, numNodeGroups: 15, replicasPerShard: 5 }, []],
  ])('%s', (_, target, expected) => {
    expect(severitiesOf(run(shardLimits, restore(target)).findings)).toEqual(expected);
  });

  test.each<[string, TargetFacts, string]>([
    ['the shard limit', { clusterModeEnabled: true, engineVersion: EngineVersion.redis('5.0.0'), numNodeGroups: 251, replicasPerShard: 0 },
      'the group has 251 shards but Redis OSS 5.0.0 allows at most 250: use at most 250 shards, with larger nodes if the data needs it.'],
    ['the zones', { clusterModeEnabled: true, replicasPerShard: 2, shards: [{}, { replicaAvailabilityZones: ['us-east-1a'] }] },
      'shard 2 lists 1 replica Availability Zone for 2 replicas: give exactly one zone per replica.'],
    ['failover', { clusterModeEnabled: false, automaticFailoverEnabled: true, replicasPerShard: 0 },
      'automatic failover is enabled but the group has no replicas: that needs at least one replica in every shard; add one, or turn automatic failover off.'],
    ['Multi-AZ', { clusterModeEnabled: true, automaticFailoverEnabled: true, multiAzEnabled: true, shards: [{ replicaCount: 0 }, { replicaCount: 1 }] },
      'Multi-AZ is enabled but shard 1 has no replica: that needs at least one replica in every shard; add one, or turn Multi-AZ off.'],
    ['failover in cluster mode', { clusterModeEnabled: true, automaticFailoverEnabled: false, numNodeGroups: 1, replicasPerShard: 0 },
      'cluster mode is enabled but AutomaticFailoverEnabled is false, which ElastiCache refuses for every cluster-mode-enabled group (with or without replicas): set AutomaticFailoverEnabled to true.'],
  ])('the message explains %s', (_, target, message) => {
    expect(run(shardLimits, restore(target)).findings.map((finding) => finding.message)).toContain(message);
  });

  test.each<[string, TargetFacts, RegExp]>([
    ['the engine above 250 shards', { clusterModeEnabled: true, numNodeGroups: 300, replicasPerShard: 0 }, /limit of engines before Redis OSS 5\.0\.6.*engine is unknown/],
    ['the replica count for the node quota', { clusterModeEnabled: true, numNodeGroups: 3 }, /replica count unknown/],
  ])('skips without %s', (_, target, reason) => {
    expect(run(shardLimits, restore(target)).skipped).toContainEqual(expect.stringMatching(reason));
  });
});

describe('seed-slots', () => {
  const seeded = { seededFromArns: true, clusterModeEnabled: true };
  test.each<[string, TargetFacts, string[]]>([
    ['seeded CME with slots', { ...seeded, shards: slots('0-8191', '8192-16383') }, []],
    ['seeded CME without NodeGroupConfiguration', { ...seeded, numNodeGroups: 2, shards: [] }, ['error']],
    ['seeded CME with a shard without slots', { ...seeded, shards: [{ slots: '0-8191' }, {}] }, ['error']],
    ['seeded CMD', { seededFromArns: true, clusterModeEnabled: false, shards: [] }, []],
    ['restored CME from a named backup', { seededFromArns: false, clusterModeEnabled: true, shards: [] }, []],
    ['a seeded serverless cache, whose slots ElastiCache places', { ...seeded, resource: 'serverless-cache' }, []],
  ])('%s', (_, target, expected) => {
    expect(severitiesOf(run(seedSlots, restore(target)).findings)).toEqual(expected);
  });

  test('the message quotes the error ElastiCache would give', () => {
    const [finding] = run(seedSlots, restore({ ...seeded, shards: [] })).findings;
    expect(finding.message).toMatch(/no NodeGroupConfiguration: give every shard its Slots.*Slots must be provided when restoring from snapshot ARNs with cluster mode enabled/);
  });

  test.each<[string, TargetFacts, RegExp]>([
    ['the seeding', { clusterModeEnabled: true, shards: [] }, /seeded from \.rdb ARNs is unknown/],
    ['cluster mode', { seededFromArns: true, shards: [] }, /target cluster mode unknown/],
    ['the NodeGroupConfiguration', seeded, /NodeGroupConfiguration unknown/],
  ])('skips without %s', (_, target, reason) => {
    expect(run(seedSlots, restore(target))).toEqual({ findings: [], skipped: [expect.stringMatching(reason)] });
  });
});

describe('node-type-engine', () => {
  test.each<[string, TargetFacts, string[]]>([
    ['r7g on Redis OSS 6.0', { nodeType: NodeType.R7G_LARGE, engineVersion: EngineVersion.REDIS_6_0, dataTieringEnabled: false }, ['error']],
    ['r7g on Redis OSS 6.2', { nodeType: NodeType.R7G_LARGE, engineVersion: EngineVersion.REDIS_6_2, dataTieringEnabled: false }, []],
    ['r6g on Redis OSS 5.0.0', { nodeType: NodeType.R6G_LARGE, engineVersion: EngineVersion.redis('5.0.0'), dataTieringEnabled: false }, ['error']],
    ['r7g on Valkey 7.2', { nodeType: NodeType.R7G_LARGE, engineVersion: EngineVersion.VALKEY_7_2, dataTieringEnabled: false }, []],
    ['r8g on Valkey 7.2', { nodeType: NodeType.R8G_LARGE, engineVersion: EngineVersion.VALKEY_7_2, dataTieringEnabled: false }, []],
    ['c8gn on Redis OSS 7.1', { nodeType: NodeType.C8GN_LARGE, engineVersion: EngineVersion.REDIS_7_1, dataTieringEnabled: false }, ['error']],
    ['r6gd with data tiering', { nodeType: NodeType.R6GD_XLARGE, engineVersion: EngineVersion.REDIS_6_2, dataTieringEnabled: true }, []],
    ['r6gd without data tiering', { nodeType: NodeType.R6GD_XLARGE, engineVersion: EngineVersion.REDIS_6_2, dataTieringEnabled: false }, ['error']],
    ['data tiering on r6g', { nodeType: NodeType.R6G_XLARGE, engineVersion: EngineVersion.REDIS_6_2, dataTieringEnabled: true }, ['error']],
  ])('%s', (_, target, expected) => {
    expect(severitiesOf(run(nodeTypeEngine, restore(target)).findings)).toEqual(expected);
  });

  test('the message names the node type, the engine and the fix', () => {
    const [finding] = run(nodeTypeEngine, restore({ nodeType: NodeType.M7G_LARGE, engineVersion: EngineVersion.REDIS_6_0 })).findings;
    expect(finding.message).toBe('cache.m7g.large needs Redis OSS 6.2 or later (or Valkey), but the target runs Redis OSS 6.0: upgrade the engine or choose a node type Redis OSS 6.0 runs (e.g. cache.r5.*, cache.m5.*).');
  });

  test('the message for a Valkey-only type says so', () => {
    const [finding] = run(nodeTypeEngine, restore({ nodeType: NodeType.M8G_LARGE, engineVersion: EngineVersion.REDIS_7_1 })).findings;
    expect(finding.message).toBe('cache.m8g.large runs on Valkey 7.2 or later only, but the target runs Redis OSS 7.1: choose Valkey, or choose a node type Redis OSS 7.1 runs (e.g. cache.r5.*, cache.m5.*).');
  });

  test.each<[string, TargetFacts, RegExp[]]>([
    ['the node type', {}, [/target node type unknown/]],
    ['the engine and data tiering', { nodeType: NodeType.R6G_LARGE }, [/target engine unknown/, /data tiering is enabled is unknown/]],
  ])('skips without %s', (_, target, reasons) => {
    expect(run(nodeTypeEngine, restore(target))).toEqual({ findings: [], skipped: reasons.map((reason) => expect.stringMatching(reason)) });
  });
});
