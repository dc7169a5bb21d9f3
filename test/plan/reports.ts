import { SLOT_COUNT } from '../../src/model/slots';
import { FileReport } from '../../src/rdb/report';
import { report } from '../support/reports';

/** A complete scan's report holding `bytes` (and one key) in each listed slot; `usedMem` as its AUX field. */
export function reportWith(file: string, bytesBySlot: Record<number, number>, usedMem?: number): FileReport {
  const keys = new Array<number>(SLOT_COUNT).fill(0);
  const bytes = new Array<number>(SLOT_COUNT).fill(0);
  for (const [slot, value] of Object.entries(bytesBySlot)) {
    keys[Number(slot)] = 1;
    bytes[Number(slot)] = value;
  }
  const count = keys.reduce((a, b) => a + b, 0);
  return report({
    file,
    bytes: 1000,
    rdbVersion: 10,
    aux: usedMem === undefined ? { 'redis-ver': '7.0.15' } : { 'redis-ver': '7.0.15', 'used-mem': String(usedMem) },
    databases: [{ db: 0, keys: count, expires: 0 }],
    keys: count,
    types: { string: count },
    slots: { keys, bytes },
  });
}

/** The bytes each shard of a layout holds under a per-slot histogram, computed independently of the planner. */
export function bytesPerShard(histogram: number[], shards: { start: number; end: number }[][]): number[] {
  return shards.map((ranges) => ranges.reduce((sum, range) => sum + histogram.slice(range.start, range.end + 1).reduce((a, b) => a + b, 0), 0));
}
