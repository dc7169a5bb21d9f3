import * as fc from 'fast-check';
import { balancedPartition } from '../../src/plan/linear-partition';

/** The heaviest part of a split given by exclusive part ends. */
function heaviestPart(weights: number[], ends: number[]): number {
  return Math.max(...ends.map((end, i) => weights.slice(i === 0 ? 0 : ends[i - 1], end).reduce((a, b) => a + b, 0)));
}

/** The lightest heaviest part over every way of cutting `weights` into `parts` non-empty contiguous parts. */
function bruteForceOptimum(weights: number[], parts: number): number {
  if (parts === 1) return weights.reduce((a, b) => a + b, 0);
  let best = Infinity;
  for (let cut = 1; cut <= weights.length - parts + 1; cut++) {
    const first = weights.slice(0, cut).reduce((a, b) => a + b, 0);
    best = Math.min(best, Math.max(first, bruteForceOptimum(weights.slice(cut), parts - 1)));
  }
  return best;
}

const smallInstance = fc
  .array(fc.oneof(fc.constant(0), fc.nat(20), fc.nat(1_000_000)), { minLength: 1, maxLength: 12 })
  .chain((weights) => fc.tuple(fc.constant(weights), fc.integer({ min: 1, max: weights.length })));

describe('balancedPartition', () => {
  test('its heaviest part is as light as the brute-force optimum', () => {
    fc.assert(
      fc.property(smallInstance, ([weights, parts]) => {
        expect(heaviestPart(weights, balancedPartition(weights, parts))).toBe(bruteForceOptimum(weights, parts));
      }),
      { numRuns: 500 },
    );
  });

  test('gives exactly the requested number of non-empty contiguous parts covering everything', () => {
    fc.assert(
      fc.property(smallInstance, ([weights, parts]) => {
        const ends = balancedPartition(weights, parts);
        expect(ends).toHaveLength(parts);
        expect(ends[parts - 1]).toBe(weights.length);
        ends.forEach((end, i) => expect(end).toBeGreaterThan(i === 0 ? 0 : ends[i - 1]));
      }),
      { numRuns: 500 },
    );
  });

  test('shares weightless stretches evenly: uniform or zero weights give the even split', () => {
    expect(balancedPartition(new Array(10).fill(0), 3)).toEqual([3, 7, 10]);
    expect(balancedPartition(new Array(12).fill(5), 4)).toEqual([3, 6, 9, 12]);
  });

  test('isolates one heavy element', () => {
    expect(balancedPartition([1, 1, 1, 100, 1, 1, 1], 3)).toEqual([3, 4, 7]);
  });

  test('splits 16384 slots into 500 parts well under a second', () => {
    const weights = Array.from({ length: 16384 }, (_, slot) => (slot * 7919) % 100_003 + (slot === 9000 ? 50_000_000 : 0));
    const ends = balancedPartition(weights, 500);
    expect(ends).toHaveLength(500);
    // The heavy slot is a part of its own: nothing beats its weight.
    expect(heaviestPart(weights, ends)).toBe(weights[9000]);
  });

  test.each([
    [[1, 2], 3, /parts must be a whole number from 1 to 2/],
    [[1, 2], 0, /parts must be a whole number from 1 to 2/],
    [[1, -2], 1, /Weight 1 is -2/],
    [[1, 0.5], 1, /Weight 1 is 0.5/],
    [[Number.MAX_SAFE_INTEGER, 1], 2, /beyond exact integer arithmetic/],
  ])('refuses %p in %p parts', (weights, parts, message) => {
    expect(() => balancedPartition(weights, parts)).toThrow(message);
  });
});
