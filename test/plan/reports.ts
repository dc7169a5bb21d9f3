import { MemoryProfile, MemoryProfileId } from '../../src/memory/memory-profile';
import { SLOT_COUNT } from '../../src/model/slots';
import { FileReport } from '../../src/rdb/report';
import { report } from '../support/reports';

/**
 * A complete scan's report holding `bytes` (and one key) in each listed slot; `usedMem` as its
 * AUX field; each key's modelled memory on every engine `memoryBySlot` (default: its bytes).
 */
export function reportWith(file: string, bytesBySlot: Record<number, number>, usedMem?: number, memoryBySlot = bytesBySlot): FileReport {
  const keys = new Array<number>(SLOT_COUNT).fill(0);
  const bytes = new Array<number>(SLOT_COUNT).fill(0);
  const slotMemory = new Array<number>(SLOT_COUNT).fill(0);
  for (const [slot, value] of Object.entries(bytesBySlot)) {
    keys[Number(slot)] = 1;
    bytes[Number(slot)] = value;
  }
  for (const [slot, value] of Object.entries(memoryBySlot)) slotMemory[Number(slot)] = value;
  const memory = Object.fromEntries(MemoryProfile.all().map((profile) => [profile.id, slotMemory])) as Record<MemoryProfileId, number[]>;
  const count = keys.reduce((a, b) => a + b, 0);
  return report({
    file,
    bytes: 1000,
    rdbVersion: 10,
    aux: usedMem === undefined ? { 'redis-ver': '7.0.15' } : { 'redis-ver': '7.0.15', 'used-mem': String(usedMem) },
    databases: [{ db: 0, keys: count, expires: 0 }],
    keys: count,
    types: { string: count },
    slots: { keys, bytes, expires: new Array<number>(SLOT_COUNT).fill(0), memory },
  });
}

/** The bytes each shard of a layout holds under a per-slot histogram, computed independently of the planner. */
export function bytesPerShard(histogram: number[], shards: { start: number; end: number }[][]): number[] {
  return shards.map((ranges) => ranges.reduce((sum, range) => sum + histogram.slice(range.start, range.end + 1).reduce((a, b) => a + b, 0), 0));
}
