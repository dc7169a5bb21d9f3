import { MemoryProfile, MemoryProfileId } from './memory-profile';
import { SLOT_COUNT, SlotLayout } from '../model/slots';
import { plural } from '../model/text';
import { FileReport } from '../rdb/report';

/** The data spread, or why it is not known. */
export type SpreadResult = { readonly spread: DataSpread } | { readonly unknown: string };

/**
 * A modelled total far from a file's used-mem by more than this factor either way, and by more
 * than the floor (small files differ mostly in the servers' base memory), is worth a warning.
 */
const USED_MEMORY_MISMATCH = 1.5;
const USED_MEMORY_MISMATCH_FLOOR = 64 * 2 ** 20;

/**
 * How much memory a restore's data takes on each shard: the one estimate behind `plan` and the
 * memory-fit rule.
 *
 * From scanned `.rdb` files it is structural: every key's estimated memory on the target's engine
 * (`MemoryProfile`), added up per slot, plus what each node pays once (its empty-node
 * `used_memory` and its keyspace tables). A scan made for another engine lends its keys' memory
 * (the message says so); facts files written before per-slot memory existed fall back to the
 * files' `used-mem` spread by bytes; a named backup's size is spread evenly.
 */
export class DataSpread {
  /**
   * From the .rdb files' scans (every file needs one), on `profile`'s engine.
   */
  public static fromReports(reports: readonly { file: string; report?: FileReport }[], profile: MemoryProfile): SpreadResult {
    const slots: FileReport['slots'][] = [];
    for (const { file, report } of reports) {
      if (!report) return { unknown: `${file} not scanned` };
      slots.push(report.slots);
    }
    const files = plural(reports.length, '.rdb file');
    if (slots.every((histogram) => histogram?.memory && histogram.expires && keyMemoryOf(histogram.memory, profile))) {
      const sum = (pick: (histogram: NonNullable<FileReport['slots']>) => number[]) => addSlots(slots.map((histogram) => pick(histogram!)));
      const stand = slots.map((histogram) => keyMemoryOf(histogram!.memory!, profile)!.profile)
        .filter((scanned) => !scanned.laysOutKeysLike(profile));
      const source = stand.length === 0
        ? `${profile.describes} model of ${files}`
        : `${profile.describes} model of ${files}, keys as ${stand[0].describes} lays them out (the engine the scan estimated for)`;
      return {
        spread: new DataSpread(source, {
          profile,
          keys: sum((histogram) => histogram.keys),
          expires: sum((histogram) => histogram.expires!),
          memory: sum((histogram) => keyMemoryOf(histogram.memory!, profile)!.bytes),
        }),
      };
    }
    let usedMemory = 0;
    for (const { file, report } of reports) {
      const value = usedMemoryOf(report!);
      if (value === undefined) return { unknown: `${file} has no used-mem AUX field` };
      usedMemory += value;
    }
    const source = `used-mem of ${files}`;
    return slots.every((histogram) => histogram !== undefined)
      ? { spread: DataSpread.weighted(usedMemory, `${source} spread by slot`, addSlots(slots.map((histogram) => histogram!.bytes))) }
      : { spread: DataSpread.even(usedMemory, `${source} spread evenly over the slots`) };
  }

  /** `totalBytes` spread evenly over the slots. */
  public static even(totalBytes: number, source: string): DataSpread {
    return new DataSpread(source, undefined, totalBytes);
  }

  /** `totalBytes` spread in proportion to per-slot weights. */
  private static weighted(totalBytes: number, source: string, weights: Float64Array): DataSpread {
    // Without any weight (empty files) the histogram says nothing about the spread.
    return new DataSpread(source, undefined, totalBytes, weights.some((weight) => weight > 0) ? cumulate(weights) : undefined);
  }

  private readonly cumulativeMemory?: Float64Array;

  private constructor(
    /** Where the figure comes from, for messages. */
    public readonly source: string,
    /** The per-slot model, when the estimate is structural. */
    private readonly model?: { profile: MemoryProfile; keys: Float64Array; expires: Float64Array; memory: Float64Array },
    /** The data's memory for a proportional spread. */
    private readonly totalBytes = 0,
    /** Running sum of the slot weights of a proportional spread (SLOT_COUNT + 1 entries). */
    private readonly cumulative?: Float64Array,
  ) {
    this.cumulativeMemory = model && cumulate(model.memory);
  }

  /** Whether each shard's estimate is the structural model's (else a share of a total). */
  public get modelled(): boolean {
    return this.model !== undefined;
  }

  /**
   * What balancing weighs each slot by: its keys' modelled memory and its share of the tables,
   * whole bytes. Undefined for a spread that is a share of a total.
   */
  public slotWeights(): number[] | undefined {
    const model = this.model;
    if (!model) return undefined;
    return Array.from(model.memory, (bytes, slot) =>
      Math.round(bytes + model.profile.slotTableBytes(model.keys[slot]) + model.profile.slotTableBytes(model.expires[slot])));
  }

  /** The estimated `used_memory` of every shard of the layout once loaded, in shard order. */
  public perShard(layout: SlotLayout): number[] {
    const { model, cumulativeMemory } = this;
    if (model && cumulativeMemory) {
      return layout.shards.map((ranges) => model.profile.emptyNodeBytes
        + ranges.reduce((sum, range) => sum + cumulativeMemory[range.end + 1] - cumulativeMemory[range.start], 0)
        + model.profile.tableBytes(model.keys, model.expires, ranges));
    }
    const cumulative = this.cumulative;
    const weightOf = cumulative
      ? (start: number, end: number) => cumulative[end + 1] - cumulative[start]
      : (start: number, end: number) => end - start + 1;
    const total = cumulative ? cumulative[SLOT_COUNT] : SLOT_COUNT;
    return layout.shards.map((ranges) => this.totalBytes * ranges.reduce((sum, range) => sum + weightOf(range.start, range.end), 0) / total);
  }
}

/**
 * A warning when the model puts a file's data far from its `used-mem` (the source server's
 * `used_memory` when it saved): the file may hold what the model misjudges, or the source held
 * much besides its keys. Undefined when they agree or either is missing.
 */
export function usedMemoryMismatch(file: string, report: FileReport, profile: MemoryProfile): string | undefined {
  const usedMemory = usedMemoryOf(report);
  const modelled = DataSpread.fromReports([{ file, report }], profile);
  if (usedMemory === undefined || !('spread' in modelled) || !modelled.spread.modelled) return undefined;
  const [total] = modelled.spread.perShard(SlotLayout.even(1));
  const ratio = total / usedMemory;
  const near = ratio <= USED_MEMORY_MISMATCH && ratio >= 1 / USED_MEMORY_MISMATCH;
  if (near || Math.abs(total - usedMemory) <= USED_MEMORY_MISMATCH_FLOOR) return undefined;
  return `${file}: the ${profile.describes} model puts its data at ${mib(total)} on one node, but its used-mem says ${mib(usedMemory)} `
    + `(${ratio.toFixed(2)}×); the server that wrote it may have held much besides its keys, or the file holds values the model misjudges`;
}

/**
 * A scan's per-slot key memory for `profile`: its own, else that of a profile laying keys out
 * alike, else that of the profile the scan estimated for (a scan estimates only for the engines
 * asked). Undefined when the scan has none.
 */
function keyMemoryOf(
  memory: Partial<Record<MemoryProfileId, number[]>>, profile: MemoryProfile,
): { profile: MemoryProfile; bytes: number[] } | undefined {
  const scanned = MemoryProfile.all().filter((candidate) => Array.isArray(memory[candidate.id]));
  const best = scanned.find((candidate) => candidate === profile) ?? scanned.find((candidate) => candidate.laysOutKeysLike(profile)) ?? scanned[0];
  return best && { profile: best, bytes: memory[best.id]! };
}

/** A file's used-mem AUX field (the writing server's used_memory), or undefined when absent or not a number. */
export function usedMemoryOf(report: FileReport): number | undefined {
  const text = report.aux['used-mem'];
  const value = Number(text);
  return text && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

function addSlots(arrays: ArrayLike<number>[]): Float64Array {
  const sum = new Float64Array(SLOT_COUNT);
  for (const values of arrays) {
    for (let slot = 0; slot < SLOT_COUNT; slot++) sum[slot] += values[slot] ?? 0;
  }
  return sum;
}

function cumulate(values: Float64Array): Float64Array {
  const cumulative = new Float64Array(SLOT_COUNT + 1);
  for (let slot = 0; slot < SLOT_COUNT; slot++) cumulative[slot + 1] = cumulative[slot] + values[slot];
  return cumulative;
}
