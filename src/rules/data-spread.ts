import { RestoreFacts } from './facts';
import { plural } from './support/format';
import { SLOT_COUNT, SlotLayout } from '../model/slots';

/** The data spread, or why it is not known. */
export type SpreadResult = { readonly spread: DataSpread } | { readonly unknown: string };

/**
 * How much memory a restore's data takes and how it spreads over the hash slots: by the .rdb files'
 * slot histogram when every file has one, else evenly over the slots.
 */
export class DataSpread {
  /**
   * From the facts: the .rdb files' `used-mem` (summed over files) spread by their slot histograms,
   * else the backup's data size spread evenly.
   */
  public static of({ rdbFiles = [], backup }: RestoreFacts): SpreadResult {
    if (rdbFiles.length > 0) {
      let usedMemory = 0;
      for (const { file, report } of rdbFiles) {
        if (!report) return { unknown: `${file} not scanned` };
        const value = Number(report.aux['used-mem']);
        if (!report.aux['used-mem'] || !Number.isFinite(value)) return { unknown: `${file} has no used-mem AUX field` };
        usedMemory += value;
      }
      const histograms = rdbFiles.map(({ report }) => report?.slots?.bytes);
      const source = `used-mem of ${plural(rdbFiles.length, '.rdb file')}`;
      return histograms.every((bytes) => bytes !== undefined)
        ? { spread: DataSpread.weighted(usedMemory, `${source} spread by slot`, histograms as number[][]) }
        : { spread: DataSpread.even(usedMemory, `${source} spread evenly over the slots`) };
    }
    if (backup?.dataBytes !== undefined) {
      return { spread: DataSpread.even(backup.dataBytes, `size of backup '${backup.snapshotName}' spread evenly over the slots`) };
    }
    return { unknown: 'data size unknown: no .rdb used-mem and no backup size' };
  }

  /** `totalBytes` spread evenly over the slots. */
  public static even(totalBytes: number, source: string): DataSpread {
    return new DataSpread(totalBytes, source);
  }

  /** `totalBytes` spread in proportion to the per-slot weights, summed over the histograms. */
  private static weighted(totalBytes: number, source: string, histograms: number[][]): DataSpread {
    const cumulative = new Float64Array(SLOT_COUNT + 1);
    for (let slot = 0; slot < SLOT_COUNT; slot++) {
      cumulative[slot + 1] = cumulative[slot] + histograms.reduce((sum, bytes) => sum + (bytes[slot] ?? 0), 0);
    }
    // Without any weight (empty files) the histogram says nothing about the spread.
    return new DataSpread(totalBytes, source, cumulative[SLOT_COUNT] > 0 ? cumulative : undefined);
  }

  private constructor(
    /** The memory the data takes, in bytes. */
    public readonly totalBytes: number,
    /** Where the figure comes from, for messages. */
    public readonly source: string,
    /** Running sum of the slot weights (index = slot; SLOT_COUNT + 1 entries); undefined for an even spread. */
    private readonly cumulative?: Float64Array,
  ) {}

  /** The estimated bytes of every shard of the layout, in shard order. */
  public perShard(layout: SlotLayout): number[] {
    const cumulative = this.cumulative;
    const weightOf = cumulative
      ? (start: number, end: number) => cumulative[end + 1] - cumulative[start]
      : (start: number, end: number) => end - start + 1;
    const total = cumulative ? cumulative[SLOT_COUNT] : SLOT_COUNT;
    return layout.shards.map((ranges) => this.totalBytes * ranges.reduce((sum, range) => sum + weightOf(range.start, range.end), 0) / total);
  }
}
