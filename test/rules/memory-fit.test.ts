import { rdbFile, restore, run } from './facts-builders';
import { MemoryProfile, MemoryProfileId } from '../../src/memory/memory-profile';
import { EngineVersion } from '../../src/model/engine-version';
import { NodeType } from '../../src/model/node-type';
import { SLOT_COUNT } from '../../src/model/slots';
import { RestoreFacts, TargetFacts } from '../../src/rules';
import { memoryFit } from '../../src/rules/memory-fit';

const GIB = 2 ** 30;
/** cache.r6g.large at 25% reserved memory holds 13.07 × 0.75 = 9.80 GiB. */
const R6G_LARGE_USABLE = NodeType.R6G_LARGE.usableMemoryBytes()!;

const cme = (shardCount: number, more: Partial<TargetFacts> = {}): TargetFacts =>
  ({ clusterModeEnabled: true, numNodeGroups: shardCount, engineVersion: EngineVersion.VALKEY_8_0, nodeType: NodeType.R6G_LARGE, ...more });
const usedMem = (bytes: number, more: Parameters<typeof rdbFile>[0] = {}) => rdbFile({ aux: { 'used-mem': `${Math.round(bytes)}` }, ...more });
/** A histogram with all its bytes in `hot` slots (each of the same size) and nothing elsewhere. */
const histogram = (hot: number[]) => {
  const bytes = new Array<number>(SLOT_COUNT).fill(0);
  hot.forEach((slot) => { bytes[slot] = 1; });
  return { keys: bytes, bytes };
};

describe('memory-fit', () => {
  test.each<[string, RestoreFacts, string[]]>([
    ['data that fits one shard', restore(cme(1), { rdbFiles: [usedMem(5 * GIB)] }), []],
    ['data above 90% of one shard', restore(cme(1), { rdbFiles: [usedMem(9.5 * GIB)] }), ['warning']],
    ['data above one shard', restore(cme(1), { rdbFiles: [usedMem(11 * GIB)] }), ['error']],
    ['the same data over 2 shards', restore(cme(2), { rdbFiles: [usedMem(11 * GIB)] }), []],
    ['used-mem summed over files', restore(cme(1), { rdbFiles: [usedMem(6 * GIB), usedMem(6 * GIB, { file: 'b.rdb' })] }), ['error']],
    ['a lower reserved-memory-percent', restore(cme(1, { reservedMemoryPercent: 10 }), { rdbFiles: [usedMem(10 * GIB)] }), []],
    ['the same data at the default 25%', restore(cme(1), { rdbFiles: [usedMem(10 * GIB)] }), ['error']],
    ['without cluster mode', restore({ clusterModeEnabled: false, nodeType: NodeType.R6G_LARGE }, { rdbFiles: [usedMem(11 * GIB)] }), ['error']],
    ['a backup size over 2 shards', restore(cme(2), { backup: { snapshotName: 'nightly', dataBytes: 24 * GIB } }), ['error']],
    ['a backup size over 3 shards', restore(cme(3), { backup: { snapshotName: 'nightly', dataBytes: 24 * GIB } }), []],
    ['a plan that fits', restore(cme(2, { plannedShardBytes: [9 * GIB, 2 * GIB] }), { rdbFiles: [usedMem(40 * GIB)] }), ['warning']],
    ['a plan that does not fit', restore(cme(2, { plannedShardBytes: [2 * GIB, 10 * GIB] }), { rdbFiles: [usedMem(1 * GIB)] }), ['error']],
  ])('%s', (_, facts, expected) => {
    expect(run(memoryFit, facts).findings.map((finding) => finding.severity)).toEqual(expected);
  });

  test('spreads used-mem by the slot histogram: the hot shard overflows', () => {
    // All bytes in two slots of shard 2 (5461-10922), which stay together up to 4 even shards.
    const file = usedMem(12 * GIB, { slots: histogram([6000, 7000]) });
    const [finding] = run(memoryFit, restore(cme(3), { rdbFiles: [file] })).findings;
    expect(finding.message).toBe('shard 2 (slots 5461-10922) needs ~12.00 GiB (used-mem of 1 .rdb file spread by slot) but cache.r6g.large holds 9.80 GiB at 25% reserved memory, so the restore would fail: choose cache.r6g.xlarge or 5 shards.');
  });

  test('follows the given slots: the shard with most slots is the fullest', () => {
    const target = cme(2, { shards: [{ slots: '0-4095' }, { slots: '4096-16383' }] });
    const [finding] = run(memoryFit, restore(target, { rdbFiles: [usedMem(12 * GIB)] })).findings;
    expect(finding.message).toMatch(/^shard 2 \(slots 4096-16383\) needs ~9\.00 GiB \(used-mem of 1 \.rdb file spread evenly over the slots\), 92% of the 9\.80 GiB cache\.r6g\.large holds/);
  });

  test('counts the shards that do not fit and names the remedies', () => {
    const [finding] = run(memoryFit, restore(cme(2), { backup: { snapshotName: 'nightly', dataBytes: 24 * GIB } })).findings;
    expect(finding.message).toBe("shard 1 (slots 0-8191) needs ~12.00 GiB (size of backup 'nightly' spread evenly over the slots) but cache.r6g.large holds 9.80 GiB at 25% reserved memory (2 of 2 shards do not fit), so the restore would fail: choose cache.r6g.xlarge or 3 shards.");
  });

  test('suggests cluster mode when the target has it disabled', () => {
    const target = { clusterModeEnabled: false, nodeType: NodeType.R6G_LARGE };
    const [finding] = run(memoryFit, restore(target, { rdbFiles: [usedMem(11 * GIB)] })).findings;
    expect(finding.message).toBe("the group's only shard needs ~11.00 GiB (used-mem of 1 .rdb file spread evenly over the slots) but cache.r6g.large holds 9.80 GiB at 25% reserved memory, so the restore would fail: choose cache.r6g.xlarge or cluster mode enabled with 2 shards.");
  });

  test('says when neither a larger node nor more shards hold a hot slot', () => {
    const file = usedMem(600 * GIB, { slots: histogram([42]) });
    const [finding] = run(memoryFit, restore(cme(1), { rdbFiles: [file] })).findings;
    expect(finding.message).toMatch(/no r6g node type and no even split into up to 500 shards holds it/);
  });

  test('the warning names the share of memory used', () => {
    const [finding] = run(memoryFit, restore(cme(1), { rdbFiles: [usedMem(R6G_LARGE_USABLE * 0.95)] })).findings;
    expect(finding.message).toBe("the group's only shard needs ~9.31 GiB (used-mem of 1 .rdb file spread evenly over the slots), 95% of the 9.80 GiB cache.r6g.large holds at 25% reserved memory, leaving little room for writes: consider cache.r6g.xlarge or 2 shards.");
  });

  test.each<[string, RestoreFacts, RegExp]>([
    ['the node type', restore(cme(1, { nodeType: undefined }), { rdbFiles: [usedMem(GIB)] }), /target node type unknown/],
    ['the node type\'s memory', restore(cme(1, { nodeType: NodeType.of('cache.r9z.large') }), { rdbFiles: [usedMem(GIB)] }), /memory of cache\.r9z\.large unknown/],
    ['cluster mode', restore(cme(1, { clusterModeEnabled: undefined }), { rdbFiles: [usedMem(GIB)] }), /target cluster mode unknown/],
    ['the shard count', restore(cme(1, { numNodeGroups: undefined }), { rdbFiles: [usedMem(GIB)] }), /target shard count unknown/],
    ['a valid layout', restore(cme(2, { shards: [{ slots: '0-10' }, { slots: '11-100' }] }), { rdbFiles: [usedMem(GIB)] }), /slot layout is invalid/],
    ['a scan', restore(cme(1), { rdbFiles: [{ file: 'a.rdb' }] }), /a\.rdb not scanned/],
    ['used-mem', restore(cme(1), { rdbFiles: [rdbFile({ aux: {} })] }), /dump\.rdb has no used-mem AUX field/],
    ['any data size', restore(cme(1), { backup: { snapshotName: 'nightly' } }), /data size unknown/],
    ['a plan for every shard', restore(cme(2, { plannedShardBytes: [GIB] })), /plan has 1 shard estimates but the target has 2 shards/],
  ])('skips without %s', (_, facts, reason) => {
    expect(run(memoryFit, facts)).toEqual({ findings: [], skipped: [expect.stringMatching(reason)] });
  });
});

describe('memory-fit with the memory model of a scan', () => {
  /** A scan whose keys all sit in slot 6000, modelled at `bytesByProfile` (default 0) on each engine. */
  const modelled = (bytesByProfile: Partial<Record<MemoryProfileId, number>>, aux: Record<string, string> = {}) => {
    const keys = new Array<number>(SLOT_COUNT).fill(0);
    keys[6000] = 1000;
    const perSlot = (bytes = 0) => keys.map((count) => (count > 0 ? bytes : 0));
    const memory = Object.fromEntries(MemoryProfile.all().map((profile) => [profile.id, perSlot(bytesByProfile[profile.id])]));
    return rdbFile({ aux, slots: { keys, bytes: perSlot(1000), expires: perSlot(0), memory: memory as Record<MemoryProfileId, number[]> } });
  };

  test('estimates the fullest shard on the target\'s engine', () => {
    const file = modelled({ 'redis-7.0': 11 * GIB, 'valkey-8.1': 8 * GIB });
    const onRedis = run(memoryFit, restore(cme(3, { engineVersion: EngineVersion.REDIS_7_1 }), { rdbFiles: [file] })).findings;
    expect(onRedis.map((finding) => finding.message)).toEqual([
      expect.stringMatching(/^shard 2 \(slots 5461-10922\) needs ~11\.00 GiB \(Redis OSS 7\.0\/7\.1 model of 1 \.rdb file\) but cache\.r6g\.large holds 9\.80 GiB/),
    ]);
    expect(run(memoryFit, restore(cme(3, { engineVersion: EngineVersion.VALKEY_8_1 }), { rdbFiles: [file] })).findings).toEqual([]);
  });

  test('a scan made for another engine lends its keys\' memory, and the message says so', () => {
    const file = modelled({ 'valkey-8.1': 11 * GIB });
    const report = file.report!;
    const onlyValkey = { ...file, report: { ...report, slots: { ...report.slots!, memory: { 'valkey-8.1': report.slots!.memory!['valkey-8.1'] } } } };
    const [finding] = run(memoryFit, restore(cme(3, { engineVersion: EngineVersion.REDIS_7_1 }), { rdbFiles: [onlyValkey] })).findings;
    expect(finding.message).toMatch(/needs ~11\.00 GiB \(Redis OSS 7\.0\/7\.1 model of 1 \.rdb file, keys as Valkey 8\.1\/8\.2 lays them out \(the engine the scan estimated for\)\)/);
  });

  test('warns when a file\'s used-mem is far from the model, naming both', () => {
    const file = modelled({ 'valkey-8.0': 2 * GIB }, { 'used-mem': String(6 * GIB) });
    const findings = run(memoryFit, restore(cme(1), { rdbFiles: [file] })).findings;
    expect(findings.map((finding) => [finding.severity, finding.message])).toEqual([[
      'warning',
      expect.stringMatching(/^dump\.rdb: the Valkey 8\.0 model puts its data at 2050\.\d MiB on one node, but its used-mem says 6144\.0 MiB \(0\.33×\)/),
    ]]);
  });
});
