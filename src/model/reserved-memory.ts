/**
 * The reserved-memory-percent values a restore can use, said the same way by the constructs, the
 * parameter-group reader, the CLI, the planner and the plan file reader. ElastiCache takes 100 too,
 * but such a node holds no data.
 */
export const RESERVED_MEMORY_PERCENT_RANGE = 'a whole number from 0 to 99, as 100 leaves no memory for data';

/** Whether `percent` is a reserved-memory-percent a restore can use. */
export function isReservedMemoryPercent(percent: number): boolean {
  return Number.isInteger(percent) && percent >= 0 && percent <= 99;
}

/** The reserved-memory-percent `text` gives; throws, naming the range, for anything else. */
export function parseReservedMemoryPercent(text: string): number {
  const percent = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!isReservedMemoryPercent(percent)) throw new Error(`expected ${RESERVED_MEMORY_PERCENT_RANGE}`);
  return percent;
}
