import { balancedPartition } from './linear-partition';
import { FamilyRecommendation, fitIn, NodeTypeFit, recommendNodeTypes } from './node-type-fit';
import { MAX_SHARDS } from '../model/engine-version';
import { DEFAULT_RESERVED_MEMORY_PERCENT, NodeType } from '../model/node-type';
import { SLOT_COUNT, SlotLayout, SlotRange } from '../model/slots';
import { FileReport } from '../rdb/report';


/** What to plan for. */
export interface PlanOptions {
  /** How many shards the restored cluster gets. */
  readonly shards: number;
  /** A node type to check the fullest shard against; recommendations are made either way. */
  readonly nodeType?: NodeType;
  /** The target's `reserved-memory-percent`; default 25. */
  readonly reservedMemoryPercent?: number;
}

/** One shard of a plan. */
export interface ShardPlan {
  /** Its slots: one contiguous range. */
  readonly range: SlotRange;
  /** Keys in its slots, summed over the files. */
  readonly keys: number;
  /** Bytes of its slots in the files (strings uncompressed), summed over the files. */
  readonly bytes: number;
  /** The memory its data takes once loaded: the files' used-mem in proportion to bytes. Undefined without used-mem. */
  readonly estimatedMemoryBytes?: number;
}

/** A slot layout balanced by measured bytes, with what each shard holds and the node types that hold it. */
export interface SlotPlan {
  /** The files planned for, as their reports name them. */
  readonly files: string[];
  readonly layout: SlotLayout;
  readonly shards: ShardPlan[];
  readonly keys: number;
  readonly bytes: number;
  readonly reservedMemoryPercent: number;
  /** The files' used-mem AUX fields, summed; undefined when a file lacks one. */
  readonly usedMemoryBytes?: number;
  /** Why there are no memory estimates (a file without used-mem). */
  readonly estimateUnavailable?: string;
  /** The shard (0-based) with the most bytes. */
  readonly fullestShard: number;
  /** The bytes of the fullest shard of `SlotLayout.even(shards)`, what ElastiCache does unless told: for comparison. */
  readonly evenSplitFullestBytes: number;
  /** How the fullest shard sits in the given node type; undefined without a node type or an estimate. */
  readonly nodeTypeFit?: NodeTypeFit;
  /** The smallest type of each recommended family that holds the fullest shard; empty without an estimate. */
  readonly recommendations: FamilyRecommendation[];
}

/**
 * Plans `options.shards` contiguous slot ranges over the files' data (their slot histograms add
 * up, as when they seed one cluster) so that the fullest shard holds as few bytes as possible.
 *
 * @throws when a report has no slot histogram (a failed or header-only scan) or an option is out of range
 */
export function planSlots(reports: FileReport[], options: PlanOptions): SlotPlan {
  const { shards } = options;
  const reservedMemoryPercent = options.reservedMemoryPercent ?? DEFAULT_RESERVED_MEMORY_PERCENT;
  if (reports.length === 0) throw new Error('Nothing to plan: give at least one scanned .rdb file.');
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS) {
    throw new Error(`${shards} shards: a cluster has a whole number of shards from 1 to ${MAX_SHARDS}.`);
  }
  if (!(reservedMemoryPercent >= 0 && reservedMemoryPercent < 100)) {
    throw new Error(`reserved-memory-percent ${reservedMemoryPercent}: it must be a number from 0 to 99.`);
  }

  const { keys, bytes } = addHistograms(reports);
  const ends = balancedPartition(bytes, shards);
  const ranges = ends.map((end, shard) => SlotRange.of(shard === 0 ? 0 : ends[shard - 1], end - 1));
  const sum = (values: number[], range: SlotRange) => values.slice(range.start, range.end + 1).reduce((a, b) => a + b, 0);
  const shardKeys = ranges.map((range) => sum(keys, range));
  const shardBytes = ranges.map((range) => sum(bytes, range));
  const totalBytes = shardBytes.reduce((a, b) => a + b, 0);
  const fullestShard = shardBytes.indexOf(Math.max(...shardBytes));
  const evenSplitFullestBytes = Math.max(...SlotLayout.even(shards).shards.map(([range]) => sum(bytes, range)));

  const usedMemory = usedMemoryOf(reports);
  const estimates = 'bytes' in usedMemory
    // As the memory-fit rule spreads used-mem: by bytes, or by slots when the files hold no data; rounded up to err towards "does not fit".
    ? ranges.map((range, shard) => Math.ceil(usedMemory.bytes * (totalBytes > 0 ? shardBytes[shard] / totalBytes : range.size / SLOT_COUNT)))
    : undefined;
  const fullestEstimate = estimates?.[fullestShard];

  return {
    files: reports.map((report) => report.file),
    layout: SlotLayout.fromSlotRanges(ranges.map((range) => [range])),
    shards: ranges.map((range, shard) => ({
      range,
      keys: shardKeys[shard],
      bytes: shardBytes[shard],
      estimatedMemoryBytes: estimates?.[shard],
    })),
    keys: shardKeys.reduce((a, b) => a + b, 0),
    bytes: totalBytes,
    reservedMemoryPercent,
    usedMemoryBytes: 'bytes' in usedMemory ? usedMemory.bytes : undefined,
    estimateUnavailable: 'unavailable' in usedMemory ? usedMemory.unavailable : undefined,
    fullestShard,
    evenSplitFullestBytes,
    nodeTypeFit: options.nodeType && fullestEstimate !== undefined ? fitIn(options.nodeType, fullestEstimate, reservedMemoryPercent) : undefined,
    recommendations: fullestEstimate !== undefined ? recommendNodeTypes(fullestEstimate, reservedMemoryPercent) : [],
  };
}

/** The files' slot histograms added slot by slot. */
function addHistograms(reports: FileReport[]): { keys: number[]; bytes: number[] } {
  const keys = new Array<number>(SLOT_COUNT).fill(0);
  const bytes = new Array<number>(SLOT_COUNT).fill(0);
  for (const report of reports) {
    const histogram = report.slots;
    if (!histogram || histogram.keys.length !== SLOT_COUNT || histogram.bytes.length !== SLOT_COUNT) {
      throw new Error(`${report.file} has no slot histogram of ${SLOT_COUNT} slots: plan from a complete scan (not --header-only) of a readable file.`);
    }
    for (let slot = 0; slot < SLOT_COUNT; slot++) {
      keys[slot] += histogram.keys[slot];
      bytes[slot] += histogram.bytes[slot];
    }
  }
  return { keys, bytes };
}

/** The used-mem AUX fields summed over the files, or which file lacks one. */
function usedMemoryOf(reports: FileReport[]): { bytes: number } | { unavailable: string } {
  let bytes = 0;
  for (const report of reports) {
    const text = report.aux['used-mem'];
    const value = Number(text);
    if (!text || !Number.isFinite(value) || value < 0) {
      return { unavailable: `${report.file} has no used-mem AUX field, so the memory its data takes is unknown` };
    }
    bytes += value;
  }
  return { bytes };
}
