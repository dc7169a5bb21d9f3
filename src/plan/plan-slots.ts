import { balancedPartition } from './linear-partition';
import { DataSpread, usedMemoryMismatch, usedMemoryOf } from '../memory/data-spread';
import { MemoryProfile } from '../memory/memory-profile';
import { FamilyRecommendation, fitIn, NodeTypeFit, recommendNodeTypes } from '../memory/node-type-fit';
import { MAX_SHARDS } from '../model/engine-version';
import { DEFAULT_RESERVED_MEMORY_PERCENT, NodeType } from '../model/node-type';
import { PLAN_FILE_VERSION, PlanFile } from '../model/plan-file';
import { isReservedMemoryPercent, RESERVED_MEMORY_PERCENT_RANGE } from '../model/reserved-memory';
import { SLOT_COUNT, SlotLayout, SlotRange } from '../model/slots';
import { FileReport } from '../rdb/report';


/** What to plan for. */
export interface PlanOptions {
  /** How many shards the restored cluster gets. */
  readonly shardCount: number;
  /** A node type to check the fullest shard against; recommendations are made either way. */
  readonly nodeType?: NodeType;
  /** The target's `reserved-memory-percent`; default 25. */
  readonly reservedMemoryPercent?: number;
  /** The target engine's memory profile; default the newest Valkey on ElastiCache. */
  readonly profile?: MemoryProfile;
}

/** One shard of a plan. */
export interface ShardPlan {
  /** Its slots: one contiguous range. */
  readonly range: SlotRange;
  /** Keys in its slots, summed over the files. */
  readonly keys: number;
  /** Bytes of its slots in the files (strings uncompressed), summed over the files. */
  readonly bytes: number;
  /** The `used_memory` of its node once loaded, estimated by the memory model; rounded up. */
  readonly estimatedMemoryBytes: number;
}

/** A slot layout balanced by estimated memory, with what each shard holds and the node types that hold it. */
export interface SlotPlan {
  /** The files planned for, as their reports name them. */
  readonly files: string[];
  /** The engine profile the estimates are for. */
  readonly profile: MemoryProfile;
  readonly layout: SlotLayout;
  readonly shards: ShardPlan[];
  readonly keys: number;
  readonly bytes: number;
  readonly reservedMemoryPercent: number;
  /** The files' used-mem AUX fields, summed, for comparison; undefined when a file lacks one. */
  readonly usedMemoryBytes?: number;
  /** Files whose modelled memory is far from their used-mem, one message each. */
  readonly usedMemoryWarnings: string[];
  /** The shard (0-based) with the most estimated memory. */
  readonly fullestShard: number;
  /** The bytes of the fullest shard of `SlotLayout.even(shardCount)`, what ElastiCache does unless told: for comparison. */
  readonly evenSplitFullestBytes: number;
  /** The estimated memory of the even split's fullest shard, for comparison. */
  readonly evenSplitFullestMemoryBytes: number;
  /** The estimated memory of the fullest shard of a split that balances bytes instead, for comparison. */
  readonly byteBalancedFullestMemoryBytes: number;
  /** How the fullest shard sits in the given node type; undefined without a node type. */
  readonly nodeTypeFit?: NodeTypeFit;
  /** The smallest type of each recommended family that holds the fullest shard. */
  readonly recommendations: FamilyRecommendation[];
}

/**
 * Plans `options.shardCount` contiguous slot ranges over the files' data (their slot histograms add
 * up, as when they seed one cluster) so that the fullest shard needs as little memory as possible,
 * by the memory model of the target engine (`MemoryProfile`).
 *
 * @throws when a report has no slot histogram (a failed or header-only scan) or an option is out of range
 */
export function planSlots(reports: FileReport[], options: PlanOptions): SlotPlan {
  const { shardCount } = options;
  const reservedMemoryPercent = options.reservedMemoryPercent ?? DEFAULT_RESERVED_MEMORY_PERCENT;
  const profile = options.profile ?? MemoryProfile.newest();
  if (reports.length === 0) throw new Error('Nothing to plan: give at least one scanned .rdb file.');
  if (!Number.isInteger(shardCount) || shardCount < 1 || shardCount > MAX_SHARDS) {
    throw new Error(`${shardCount} shards: a cluster has a whole number of shards from 1 to ${MAX_SHARDS}.`);
  }
  if (!isReservedMemoryPercent(reservedMemoryPercent)) {
    throw new Error(`reserved-memory-percent ${reservedMemoryPercent}: it must be ${RESERVED_MEMORY_PERCENT_RANGE}.`);
  }
  for (const report of reports) {
    const histogram = report.slots;
    if (!histogram || histogram.keys.length !== SLOT_COUNT || histogram.bytes.length !== SLOT_COUNT || !histogram.memory || !histogram.expires) {
      throw new Error(`${report.file} has no slot histogram with memory estimates: plan from a complete scan (not --header-only) of a readable file.`);
    }
  }

  const spreadResult = DataSpread.fromReports(reports.map((report) => ({ file: report.file, report })), profile);
  if (!('spread' in spreadResult)) throw new Error(spreadResult.unknown);
  const spread = spreadResult.spread;
  const keys = addSlots(reports.map((report) => report.slots!.keys));
  const bytes = addSlots(reports.map((report) => report.slots!.bytes));
  const layout = contiguousLayout(balancedPartition(spread.slotWeights()!, shardCount));
  const ranges = layout.shards.map(([range]) => range);
  const sum = (values: number[], range: SlotRange) => values.slice(range.start, range.end + 1).reduce((a, b) => a + b, 0);
  const estimates = spread.perShard(layout).map(Math.ceil);
  const fullestShard = estimates.indexOf(Math.max(...estimates));
  const fullestEstimate = estimates[fullestShard];
  const even = SlotLayout.even(shardCount);
  const usedMemory = reports.map(usedMemoryOf);

  return {
    files: reports.map((report) => report.file),
    profile,
    layout,
    shards: ranges.map((range, shard) => ({ range, keys: sum(keys, range), bytes: sum(bytes, range), estimatedMemoryBytes: estimates[shard] })),
    keys: keys.reduce((a, b) => a + b, 0),
    bytes: bytes.reduce((a, b) => a + b, 0),
    reservedMemoryPercent,
    usedMemoryBytes: usedMemory.every((value) => value !== undefined) ? usedMemory.reduce((a, b) => a! + b!, 0) : undefined,
    usedMemoryWarnings: reports.flatMap((report) => usedMemoryMismatch(report.file, report, profile) ?? []),
    fullestShard,
    evenSplitFullestBytes: Math.max(...even.shards.map(([range]) => sum(bytes, range))),
    evenSplitFullestMemoryBytes: Math.ceil(Math.max(...spread.perShard(even))),
    byteBalancedFullestMemoryBytes: Math.ceil(Math.max(...spread.perShard(contiguousLayout(balancedPartition(bytes, shardCount))))),
    nodeTypeFit: options.nodeType ? fitIn(options.nodeType, fullestEstimate, reservedMemoryPercent) : undefined,
    recommendations: recommendNodeTypes(fullestEstimate, reservedMemoryPercent),
  };
}

/** The plan as its file holds it. */
export function toPlanFile(plan: SlotPlan): PlanFile {
  const fit = plan.nodeTypeFit;
  const recommended = plan.recommendations.flatMap((recommendation) => (recommendation.fit ? [recommendation.fit.nodeType.name] : []));
  return {
    version: PLAN_FILE_VERSION,
    files: plan.files,
    reservedMemoryPercent: plan.reservedMemoryPercent,
    engineProfile: plan.profile.id,
    usedMemoryBytes: plan.usedMemoryBytes,
    shards: plan.shards.map((shard) => ({
      slots: [shard.range.toString()],
      keys: shard.keys,
      bytes: shard.bytes,
      estimatedMemoryBytes: shard.estimatedMemoryBytes,
    })),
    evenSplitFullestBytes: plan.evenSplitFullestBytes,
    evenSplitFullestMemoryBytes: plan.evenSplitFullestMemoryBytes,
    byteBalancedFullestMemoryBytes: plan.byteBalancedFullestMemoryBytes,
    nodeType: fit && {
      name: fit.nodeType.name,
      usableMemoryBytes: fit.usableMemoryBytes,
      fullestShardPercent: Math.round(fit.share * 1000) / 10,
      verdict: fit.verdict,
    },
    recommendedNodeTypes: recommended,
  };
}

/** The layout whose shard i ends (exclusive) at `ends[i]`. */
export function contiguousLayout(ends: number[]): SlotLayout {
  return SlotLayout.fromSlotRanges(ends.map((end, shard) => [SlotRange.of(shard === 0 ? 0 : ends[shard - 1], end - 1)]));
}

/** The files' slot histograms added slot by slot. */
function addSlots(histograms: number[][]): number[] {
  const total = new Array<number>(SLOT_COUNT).fill(0);
  for (const values of histograms) {
    for (let slot = 0; slot < SLOT_COUNT; slot++) total[slot] += values[slot];
  }
  return total;
}
