import * as fc from 'fast-check';
import { SLOT_COUNT, SlotLayout, SlotRange } from '../../src/model/slots';

/** Every slot's owner count under the layout, for invariant checks independent of the implementation. */
function ownerCounts(layout: SlotLayout): number[] {
  const counts = new Array(SLOT_COUNT).fill(0);
  for (const ranges of layout.shards) {
    for (const range of ranges) {
      for (let slot = range.start; slot <= range.end; slot++) counts[slot]++;
    }
  }
  return counts;
}

describe('SlotRange', () => {
  test('parses START-END and single slots', () => {
    expect(SlotRange.parse('0-5460').toString()).toBe('0-5460');
    expect(SlotRange.parse(' 42 ').toString()).toBe('42-42');
    expect(SlotRange.parse('10-20').size).toBe(11);
  });

  test.each([
    ['5460-0', /start is after end; write it as 0-5460/],
    ['0-16384', /end must be a whole number from 0 to 16383/],
    ['a-b', /expected 'START-END'/],
    ['', /expected 'START-END'/],
  ])('refuses %p', (text, message) => {
    expect(() => SlotRange.parse(text)).toThrow(message);
  });
});

describe('SlotLayout.even', () => {
  test('splits 3 shards as redis-cli does', () => {
    expect(SlotLayout.even(3).toSlotStrings()).toEqual(['0-5460', '5461-10922', '10923-16383']);
  });

  test('one shard holds every slot', () => {
    expect(SlotLayout.even(1).toSlotStrings()).toEqual(['0-16383']);
  });

  test('n contiguous ranges covering every slot once, sizes differing by at most one', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: SLOT_COUNT }), (n) => {
      const shards = SlotLayout.even(n).shards;
      let next = 0;
      const contiguous = shards.every((ranges) => {
        const follows = ranges.length === 1 && ranges[0].start === next;
        next = ranges[0].end + 1;
        return follows;
      });
      const sizes = shards.map(([range]) => range.size);
      expect({ shardCount: shards.length, contiguous, end: next, spread: Math.max(...sizes) - Math.min(...sizes) <= 1 })
        .toEqual({ shardCount: n, contiguous: true, end: SLOT_COUNT, spread: true });
    }), { numRuns: 200 });
  });

  test.each([0, -1, 1.5, 16385])('refuses %p shards', (n) => {
    expect(() => SlotLayout.even(n)).toThrow(/a whole number of shards from 1 to 16384/);
  });
});

describe('SlotLayout.weighted', () => {
  test('gives slots in proportion', () => {
    expect(SlotLayout.weighted([2, 1, 1]).toSlotStrings()).toEqual(['0-8191', '8192-12287', '12288-16383']);
  });

  test('covers every slot exactly once, every shard at least one slot, proportional within one slot', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 64 }), (weights) => {
      const layout = SlotLayout.weighted(weights);
      const total = weights.reduce((a, b) => a + b, 0);
      let cumulative = 0;
      // Each boundary lands near its ideal; a shard squeezed to one slot may push later ones by a slot each.
      const proportional = layout.shards.every(([range], i) => {
        cumulative += weights[i];
        return range.size >= 1 && Math.abs(range.end + 1 - (cumulative / total) * SLOT_COUNT) <= weights.length;
      });
      expect({ exactlyOnce: ownerCounts(layout).every((count) => count === 1), proportional, shardCount: layout.shardCount })
        .toEqual({ exactlyOnce: true, proportional: true, shardCount: weights.length });
    }), { numRuns: 200 });
  });

  test.each([[[1, 0]], [[1, -2]], [[Number.NaN]], [[]]])('refuses weights %p', (weights) => {
    expect(() => SlotLayout.weighted(weights)).toThrow(/weight|shards/);
  });
});

describe('SlotLayout.fromRanges', () => {
  test('keeps several ranges per shard, sorted', () => {
    const layout = SlotLayout.fromRanges([['8192-16383', '0-99'], ['100-8191']]);
    expect(layout.toSlotStrings()).toEqual(['0-99,8192-16383', '100-8191']);
    expect(layout.shardOfSlots()[50]).toBe(0);
    expect(layout.shardOfSlots()[100]).toBe(1);
  });

  test('names missing and repeated slots', () => {
    expect(() => SlotLayout.fromRanges([['0-100'], ['50-16000']]))
      .toThrow('SlotLayout must cover slots 0-16383 exactly once: slots 16001-16383 are in no shard; slots 50-100 are in more than one shard.');
  });

  test('refuses a shard without slots', () => {
    expect(() => SlotLayout.fromRanges([['0-16383'], []])).toThrow(/shard 2 has no slots/);
  });

  test('accepts exactly the partitions of 0-16383', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 1, max: SLOT_COUNT - 1 }), { maxLength: 40 }), (cuts) => {
      const bounds = [0, ...cuts.sort((a, b) => a - b), SLOT_COUNT];
      const shards = bounds.slice(1).map((end, i) => [`${bounds[i]}-${end - 1}`]);
      expect(SlotLayout.fromRanges(shards).shardCount).toBe(shards.length);
      // Dropping any one range leaves its slots uncovered, which must be named.
      if (shards.length > 1) {
        const [dropped] = shards.splice(shards.length - 1, 1);
        expect(() => SlotLayout.fromRanges(shards)).toThrow(`slots ${dropped[0].replace(/^(\d+)-\1$/, '$1')} are in no shard`);
      }
    }), { numRuns: 200 });
  });
});
