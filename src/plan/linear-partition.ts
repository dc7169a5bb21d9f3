/**
 * Splits a sequence of non-negative integer weights into `parts` contiguous, non-empty parts so
 * that the heaviest part is as light as possible (the linear partition problem), exactly.
 *
 * The smallest feasible cap is found by binary search over the integers: a cap is feasible when
 * greedy packing needs at most `parts` parts, which is exact for contiguous parts. Among the many
 * splits that meet that cap, each boundary is placed as close as the cap allows to where an even
 * split by element count puts it, so weightless stretches (empty slots) are shared out evenly
 * rather than piled on one part, and uniform weights give exactly the even split.
 *
 * O(n log(total weight)) time, O(n) memory.
 *
 * @returns the exclusive end index of every part, in order; the last is `weights.length`
 */
export function balancedPartition(weights: ArrayLike<number>, parts: number): number[] {
  const n = weights.length;
  if (!Number.isInteger(parts) || parts < 1 || parts > n) {
    throw new Error(`Cannot split ${n} weights into ${parts} non-empty parts: parts must be a whole number from 1 to ${n}.`);
  }
  let heaviest = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const weight = weights[i];
    if (!Number.isSafeInteger(weight) || weight < 0) {
      throw new Error(`Weight ${i} is ${weight}; every weight must be a non-negative whole number.`);
    }
    heaviest = Math.max(heaviest, weight);
    total += weight;
  }
  if (!Number.isSafeInteger(total)) {
    throw new Error(`The weights add up to ${total}, beyond exact integer arithmetic (${Number.MAX_SAFE_INTEGER}).`);
  }

  // No part can be lighter than the heaviest weight or the average; one part holding everything always fits.
  let low = Math.max(heaviest, Math.ceil(total / parts));
  let high = total;
  while (low < high) {
    const cap = Math.floor((low + high) / 2);
    if (fewestParts(weights, cap)[0] <= parts) high = cap;
    else low = cap + 1;
  }
  return boundariesUnder(weights, parts, low);
}

/**
 * For every start index i, the fewest parts of weight ≤ cap that cover weights[i..n) (greedy packing
 * is optimal for that); index n needs 0. Every weight must be ≤ cap.
 */
function fewestParts(weights: ArrayLike<number>, cap: number): Uint32Array {
  const n = weights.length;
  const fewest = new Uint32Array(n + 1);
  // Walk from the right with a window [i, end) holding the most weights from i that fit under the cap.
  let end = n;
  let sum = 0;
  for (let i = n - 1; i >= 0; i--) {
    sum += weights[i];
    while (sum > cap) sum -= weights[--end];
    fewest[i] = 1 + fewest[end];
  }
  return fewest;
}

/** Part ends under a feasible cap, each as close to the even split's end as the cap and the later parts allow. */
function boundariesUnder(weights: ArrayLike<number>, parts: number, cap: number): number[] {
  const n = weights.length;
  const fewest = fewestParts(weights, cap);
  const ends: number[] = [];
  let start = 0;
  for (let part = 0; part < parts - 1; part++) {
    const later = parts - part - 1;
    // Latest end: under the cap, and leaving one weight for every later part.
    let latest = start + 1;
    let sum = weights[start];
    while (latest < n - later && sum + weights[latest] <= cap) sum += weights[latest++];
    // Earliest end: the later parts can still cover the rest under the cap (fewest only falls as the index grows).
    let earliest = start + 1;
    while (fewest[earliest] > later) earliest++;
    const even = Math.round(((part + 1) / parts) * n);
    start = Math.min(Math.max(even, earliest), latest);
    ends.push(start);
  }
  ends.push(n);
  return ends;
}
