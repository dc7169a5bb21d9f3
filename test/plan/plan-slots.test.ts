import { bytesPerShard, reportWith } from './reports';
import { MemoryProfile } from '../../src/memory/memory-profile';
import { NodeType } from '../../src/model/node-type';
import { formatPlanFile, parsePlanFile, PLAN_FILE_VERSION } from '../../src/model/plan-file';
import { SlotLayout } from '../../src/model/slots';
import { planSlots, toPlanFile } from '../../src/plan/plan-slots';

const GIB = 2 ** 30;

describe('planSlots', () => {
  const newest = MemoryProfile.newest();
  /** A node holding one key of `memory` bytes: its base, the key and its slot's table. */
  const oneKeyNode = (memory: number, profile = newest) => profile.emptyNodeBytes + memory + profile.slotTableBytes(1);

  test('without data it plans what ElastiCache does: the even split, each shard an empty node', () => {
    const plan = planSlots([reportWith('empty.rdb', {}, 1_000_000)], { shardCount: 3 });
    expect(plan.layout.toSlotStrings()).toEqual(SlotLayout.even(3).toSlotStrings());
    expect(plan.shards.map((shard) => shard.estimatedMemoryBytes)).toEqual([1, 2, 3].map(() => newest.emptyNodeBytes));
    expect(plan.profile).toBe(newest);
  });

  test('gives a heavy slot a shard of its own and beats the even split', () => {
    const report = reportWith('skewed.rdb', { 100: 50, 200: 50, 5000: 900, 9000: 50, 16000: 50 });
    const plan = planSlots([report], { shardCount: 3 });
    const planned = plan.shards.map((shard) => shard.bytes);
    expect(planned).toEqual(bytesPerShard(report.slots!.bytes, plan.layout.shards));
    expect(Math.max(...planned)).toBe(900);
    expect(plan.evenSplitFullestBytes).toBe(1000);
    expect(plan.fullestShard).toBe(planned.indexOf(900));
    expect(plan.shards[plan.fullestShard].estimatedMemoryBytes).toBe(Math.ceil(oneKeyNode(900)));
    expect(plan.evenSplitFullestMemoryBytes).toBeGreaterThan(plan.shards[plan.fullestShard].estimatedMemoryBytes);
    expect(plan.shards.map((shard) => shard.keys).reduce((a, b) => a + b)).toBe(5);
  });

  test('balances memory, not bytes', () => {
    // By bytes slot 3000 wants a shard of its own; by memory (slot 9000 holds many small keys) slot 15000 does.
    const report = reportWith('keys.rdb', { 3000: 5000, 9000: 100, 15000: 4000 }, undefined, { 3000: 100_000, 9000: 900_000, 15000: 200_000 });
    const plan = planSlots([report], { shardCount: 2 });
    expect(plan.shards.map((shard) => shard.keys)).toEqual([2, 1]);
    const bothSlots = newest.emptyNodeBytes + 1_000_000 + 2 * newest.slotTableBytes(1);
    expect(plan.shards[0].estimatedMemoryBytes).toBe(Math.ceil(bothSlots));
    expect(plan.byteBalancedFullestMemoryBytes).toBe(Math.ceil(bothSlots + 100_000));
  });

  test('adds the files\' histograms and used-mem; estimates are the target engine\'s', () => {
    const reports = [
      reportWith('a.rdb', { 10: 300, 16383: 100 }, 4000),
      reportWith('b.rdb', { 10: 100, 12000: 300, 16383: 200 }, 6000),
    ];
    const plan = planSlots(reports, { shardCount: 2, profile: MemoryProfile.REDIS_7_0 });
    expect(plan.files).toEqual(['a.rdb', 'b.rdb']);
    expect(plan.bytes).toBe(1000);
    expect(plan.keys).toBe(5);
    expect(plan.usedMemoryBytes).toBe(10_000);
    expect(plan.profile).toBe(MemoryProfile.REDIS_7_0);
    const total = plan.shards.reduce((sum, shard) => sum + shard.estimatedMemoryBytes, 0);
    // Two empty 7.0 nodes, 1000 bytes of keys, and a bucket array of at least 4 pointers each.
    expect(total).toBe(2 * MemoryProfile.REDIS_7_0.emptyNodeBytes + 1000 + 2 * 32);
  });

  test('warns when the model is far from a file\'s used-mem, naming both', () => {
    const plan = planSlots([
      reportWith('far.rdb', { 1: 10 }, 200 * 2 ** 20),
      // Twice the model, but within 64 MiB: base memory, not data.
      reportWith('small.rdb', { 2: 10 }, 6_000_000),
    ], { shardCount: 2 });
    expect(plan.usedMemoryWarnings).toHaveLength(1);
    expect(plan.usedMemoryWarnings[0]).toMatch(/^far\.rdb: the Valkey 9\.0\/9\.1 model puts its data at 2\.7 MiB on one node, but its used-mem says 200\.0 MiB/);
  });

  describe('node types', () => {
    const fullestOf = (bytes: number, nodeType?: NodeType, reservedMemoryPercent?: number) =>
      planSlots([reportWith('one.rdb', { 0: 1 }, undefined, { 0: Math.round(bytes) })], { shardCount: 1, nodeType, reservedMemoryPercent });

    test('recommends the smallest type of each family that holds the fullest shard with 10% headroom', () => {
      const plan = fullestOf(5 * GIB);
      expect(plan.recommendations.map((r) => [r.family, r.fit?.nodeType.name])).toEqual([
        ['r7g', 'cache.r7g.large'], // 13.07 GiB × 75% × 90% = 8.82 GiB
        ['m7g', 'cache.m7g.xlarge'], // m7g.large: 6.38 GiB × 75% × 90% = 4.31 GiB, too small
        ['t4g', undefined], // t4g.medium holds 2.09 GiB
        ['r6gd', 'cache.r6gd.xlarge'],
      ]);
    });

    test('a higher reserved-memory-percent needs a larger type', () => {
      expect(fullestOf(6 * GIB, undefined, 25).recommendations[0].fit?.nodeType.name).toBe('cache.r7g.large');
      // 13.07 GiB × 50% × 90% = 5.88 GiB
      expect(fullestOf(6 * GIB, undefined, 50).recommendations[0].fit?.nodeType.name).toBe('cache.r7g.xlarge');
    });

    test.each([
      [5, 'fits', 51],
      [9.5, 'tight', 97],
      [11, 'does-not-fit', 112],
    ])('%p GiB in cache.r7g.large (9.80 GiB usable): %s at %p%%', (gib, verdict, percent) => {
      const fit = fullestOf(gib * GIB, NodeType.R7G_LARGE).nodeTypeFit!;
      expect(fit.verdict).toBe(verdict);
      expect(Math.round(fit.share * 100)).toBe(percent);
      expect(fit.usableMemoryBytes).toBe(NodeType.R7G_LARGE.usableMemoryBytes(25));
    });

    test('refuses a node type whose memory is unknown', () => {
      expect(() => fullestOf(GIB, NodeType.of('cache.x9.large'))).toThrow(/memory of cache\.x9\.large is unknown/);
    });
  });

  test.each([
    [{ shardCount: 0 }, /0 shards: a cluster has a whole number of shards from 1 to 500/],
    [{ shardCount: 501 }, /501 shards/],
    [{ shardCount: 2, reservedMemoryPercent: 100 }, /reserved-memory-percent 100: it must be a whole number from 0 to 99/],
    [{ shardCount: 2, reservedMemoryPercent: 12.5 }, /reserved-memory-percent 12\.5: it must be a whole number from 0 to 99/],
  ])('refuses %p', (options, message) => {
    expect(() => planSlots([reportWith('a.rdb', {})], options)).toThrow(message);
  });

  test('refuses a report without a slot histogram, naming the file', () => {
    const { slots, ...headerOnly } = reportWith('head.rdb', {});
    expect(slots).toBeDefined();
    expect(() => planSlots([{ ...headerOnly, complete: false }], { shardCount: 2 })).toThrow(/head\.rdb has no slot histogram with memory estimates.*not --header-only/);
  });
});

describe('toPlanFile', () => {
  const plan = planSlots([reportWith('a.rdb', { 10: 300, 12000: 700 }, 2000)], { shardCount: 2, nodeType: NodeType.R7G_LARGE });
  /** A node of the newest Valkey holding one key of `memory` bytes. */
  const oneKeyNode = (memory: number) => Math.ceil(MemoryProfile.newest().emptyNodeBytes + memory + MemoryProfile.newest().slotTableBytes(1));

  test('holds the layout, the per-shard figures and the node type verdict', () => {
    const file = toPlanFile(plan);
    expect(file).toMatchObject({
      version: PLAN_FILE_VERSION,
      files: ['a.rdb'],
      reservedMemoryPercent: 25,
      engineProfile: 'valkey-9.0',
      usedMemoryBytes: 2000,
      shards: [
        { slots: [plan.layout.toSlotStrings()[0]], keys: 1, bytes: 300, estimatedMemoryBytes: oneKeyNode(300) },
        { slots: [plan.layout.toSlotStrings()[1]], keys: 1, bytes: 700, estimatedMemoryBytes: oneKeyNode(700) },
      ],
      evenSplitFullestBytes: 700,
      evenSplitFullestMemoryBytes: oneKeyNode(700),
      byteBalancedFullestMemoryBytes: oneKeyNode(700),
      nodeType: { name: 'cache.r7g.large', usableMemoryBytes: NodeType.R7G_LARGE.usableMemoryBytes(25), fullestShardPercent: 0, verdict: 'fits' },
      recommendedNodeTypes: ['cache.r7g.large', 'cache.m7g.large', 'cache.t4g.micro', 'cache.r6gd.xlarge'],
    });
  });

  test('its text parses back to itself', () => {
    const file = toPlanFile(plan);
    expect(parsePlanFile(formatPlanFile(file), 'plan.json')).toEqual(JSON.parse(JSON.stringify(file)));
  });
});
