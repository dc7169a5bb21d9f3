import { bytesPerShard, reportWith } from './reports';
import { NodeType } from '../../src/model/node-type';
import { SlotLayout } from '../../src/model/slots';
import { planSlots } from '../../src/plan/plan-slots';

const GIB = 2 ** 30;

describe('planSlots', () => {
  test('without data it plans what ElastiCache does: the even split', () => {
    const plan = planSlots([reportWith('empty.rdb', {}, 1_000_000)], { shards: 3 });
    expect(plan.layout.toSlotStrings()).toEqual(SlotLayout.even(3).toSlotStrings());
    // Nothing to weigh by, so used-mem spreads by slots, as the memory-fit rule spreads it.
    expect(plan.shards.map((shard) => shard.estimatedMemoryBytes)).toEqual([333_313, 333_375, 333_313]);
  });

  test('gives a heavy slot a shard of its own and beats the even split', () => {
    const report = reportWith('skewed.rdb', { 100: 50, 200: 50, 5000: 900, 9000: 50, 16000: 50 });
    const plan = planSlots([report], { shards: 3 });
    const planned = plan.shards.map((shard) => shard.bytes);
    expect(planned).toEqual(bytesPerShard(report.slots!.bytes, plan.layout.shards));
    expect(Math.max(...planned)).toBe(900);
    expect(Math.max(...bytesPerShard(report.slots!.bytes, SlotLayout.even(3).shards))).toBe(1000);
    expect(plan.evenSplitFullestBytes).toBe(1000);
    expect(plan.fullestShard).toBe(planned.indexOf(900));
    expect(plan.shards.map((shard) => shard.keys).reduce((a, b) => a + b)).toBe(5);
  });

  test('adds the files\' histograms and used-mem, and estimates memory in proportion to bytes', () => {
    const plan = planSlots([
      reportWith('a.rdb', { 10: 300, 16383: 100 }, 4000),
      reportWith('b.rdb', { 10: 100, 12000: 300, 16383: 200 }, 6000),
    ], { shards: 2 });
    expect(plan.files).toEqual(['a.rdb', 'b.rdb']);
    expect(plan.bytes).toBe(1000);
    expect(plan.keys).toBe(5);
    expect(plan.usedMemoryBytes).toBe(10_000);
    expect(plan.shards.map((shard) => shard.bytes)).toEqual([400, 600]);
    expect(plan.shards.map((shard) => shard.estimatedMemoryBytes)).toEqual([4000, 6000]);
  });

  test('estimates nothing, and says why, when a file has no used-mem', () => {
    const plan = planSlots([reportWith('a.rdb', { 1: 10 }, 100), reportWith('b.rdb', { 2: 10 })], { shards: 2, nodeType: NodeType.R7G_LARGE });
    expect(plan.estimateUnavailable).toMatch(/b\.rdb has no used-mem AUX field/);
    expect(plan.usedMemoryBytes).toBeUndefined();
    expect(plan.shards.every((shard) => shard.estimatedMemoryBytes === undefined)).toBe(true);
    expect(plan.nodeTypeFit).toBeUndefined();
    expect(plan.recommendations).toEqual([]);
  });

  describe('node types', () => {
    const fullestOf = (bytes: number, nodeType?: NodeType, reservedMemoryPercent?: number) =>
      planSlots([reportWith('one.rdb', { 0: 1 }, Math.round(bytes))], { shards: 1, nodeType, reservedMemoryPercent });

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
    [{ shards: 0 }, /0 shards: a cluster has a whole number of shards from 1 to 500/],
    [{ shards: 501 }, /501 shards/],
    [{ shards: 2, reservedMemoryPercent: 100 }, /reserved-memory-percent 100/],
  ])('refuses %p', (options, message) => {
    expect(() => planSlots([reportWith('a.rdb', {})], options)).toThrow(message);
  });

  test('refuses a report without a slot histogram, naming the file', () => {
    const { slots, ...headerOnly } = reportWith('head.rdb', {});
    expect(slots).toBeDefined();
    expect(() => planSlots([{ ...headerOnly, complete: false }], { shards: 2 })).toThrow(/head\.rdb has no slot histogram.*not --header-only/);
  });
});
