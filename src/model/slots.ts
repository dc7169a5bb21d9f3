import { PlannedFile, plannedFilesOf, planFileError, readPlanFile } from './plan-file';

/** The number of hash slots in a Redis OSS / Valkey cluster. */
export const SLOT_COUNT = 16384;

/**
 * A contiguous range of cluster hash slots, both ends included.
 */
export class SlotRange {
  /**
   * The slots from `start` to `end`, both included.
   */
  public static of(start: number, end: number): SlotRange {
    for (const [name, value] of [['start', start], ['end', end]] as const) {
      if (!Number.isInteger(value) || value < 0 || value >= SLOT_COUNT) {
        throw new Error(`Slot range ${start}-${end}: ${name} must be a whole number from 0 to ${SLOT_COUNT - 1}.`);
      }
    }
    if (start > end) {
      throw new Error(`Slot range ${start}-${end}: start is after end; write it as ${end}-${start}.`);
    }
    return new SlotRange(start, end);
  }

  /**
   * A range written as ElastiCache writes it: `'0-5460'`, or `'42'` for a single slot.
   */
  public static parse(text: string): SlotRange {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
    if (!match) {
      throw new Error(`Invalid slot range '${text}': expected 'START-END' (e.g. '0-5460') or a single slot number.`);
    }
    return SlotRange.of(Number(match[1]), Number(match[2] ?? match[1]));
  }

  private constructor(
    /** The first slot. */
    public readonly start: number,
    /** The last slot (included). */
    public readonly end: number,
  ) {}

  /** How many slots the range holds. */
  public get size(): number {
    return this.end - this.start + 1;
  }

  /** `START-END`, as ElastiCache's `Slots` property takes it. */
  public toString(): string {
    return `${this.start}-${this.end}`;
  }
}

/**
 * Which hash slots each shard of a cluster-mode-enabled group serves.
 *
 * A layout always covers slots 0 to 16383 exactly once; every factory refuses anything else
 * and names the missing or repeated slots.
 */
export class SlotLayout {
  /**
   * `shardCount` contiguous ranges whose sizes differ by at most one slot, split as `redis-cli --cluster create`
   * and ElastiCache do (3 shards: `0-5460`, `5461-10922`, `10923-16383`).
   */
  public static even(shardCount: number): SlotLayout {
    checkShardCount(shardCount, 'SlotLayout.even');
    return SlotLayout.weighted(new Array(shardCount).fill(1));
  }

  /**
   * Contiguous ranges in proportion to the weights, e.g. `[2, 1, 1]` gives the first shard half the slots.
   * Every shard gets at least one slot.
   */
  public static weighted(weights: number[]): SlotLayout {
    checkShardCount(weights.length, 'SlotLayout.weighted');
    weights.forEach((weight, i) => {
      if (!Number.isFinite(weight) || weight <= 0) {
        throw new Error(`SlotLayout.weighted: weight ${i + 1} is ${weight}; every weight must be a positive number.`);
      }
    });
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    const shards: SlotRange[][] = [];
    let first = 0;
    let cumulative = 0;
    weights.forEach((weight, i) => {
      cumulative += weight;
      const remaining = weights.length - i - 1;
      // Round the shard's end as redis-cli does, but leave at least one slot for every later shard.
      const ideal = Math.round((cumulative / total) * SLOT_COUNT) - 1;
      const last = remaining === 0 ? SLOT_COUNT - 1 : Math.min(Math.max(ideal, first), SLOT_COUNT - 1 - remaining);
      shards.push([SlotRange.of(first, last)]);
      first = last + 1;
    });
    return new SlotLayout(shards);
  }

  /**
   * Shards given as lists of ranges, e.g. `[['0-8000'], ['8001-16383']]`.
   */
  public static fromRanges(shards: string[][]): SlotLayout {
    return SlotLayout.fromSlotRanges(shards.map((ranges) => ranges.map((range) => SlotRange.parse(range))));
  }

  /**
   * Shards given as lists of `SlotRange`s.
   */
  public static fromSlotRanges(shards: SlotRange[][]): SlotLayout {
    checkShardCount(shards.length, 'SlotLayout');
    const owners = new Uint32Array(SLOT_COUNT);
    shards.forEach((ranges, shard) => {
      if (ranges.length === 0) {
        throw new Error(`SlotLayout: shard ${shard + 1} has no slots; give every shard at least one range.`);
      }
      ranges.forEach((range) => {
        for (let slot = range.start; slot <= range.end; slot++) owners[slot]++;
      });
    });
    const missing = describeRuns(owners, (count) => count === 0);
    const repeated = describeRuns(owners, (count) => count > 1);
    const problems = [
      ...(missing ? [`slots ${missing} are in no shard`] : []),
      ...(repeated ? [`slots ${repeated} are in more than one shard`] : []),
    ];
    if (problems.length) {
      throw new Error(`SlotLayout must cover slots 0-${SLOT_COUNT - 1} exactly once: ${problems.join('; ')}.`);
    }
    return new SlotLayout(shards.map((ranges) => [...ranges].sort((a, b) => a.start - b.start)));
  }

  /**
   * The layout of a plan file written by `cdk-elasticache-restore plan --out FILE`, with the plan's
   * per-shard memory estimates (`plannedShardBytes`), which the memory-fit check then uses.
   *
   * The file is checked when read: a wrong version or shape is refused naming the field, and
   * slots that are missing or repeated (after a hand edit) are refused naming the slots.
   *
   * @param path the plan file, relative to the working directory (where `cdk synth` runs)
   */
  public static fromPlanFile(path: string): SlotLayout {
    const plan = readPlanFile(path);
    const shards = plan.shards.map((shard, i) => shard.slots.map((text, j) => {
      try {
        return SlotRange.parse(text);
      } catch (error) {
        throw planFileError(path, `"shards[${i}].slots[${j}]" is not a slot range: ${(error as Error).message}`);
      }
    }));
    let layout: SlotLayout;
    try {
      layout = SlotLayout.fromSlotRanges(shards);
    } catch (error) {
      throw planFileError(path, `"shards[].slots" do not make a layout: ${(error as Error).message}`);
    }
    const estimates = plan.shards.map((shard) => shard.estimatedMemoryBytes);
    return new SlotLayout(layout.ranges, estimates.every((bytes) => bytes !== undefined) ? estimates as number[] : undefined, plannedFilesOf(plan));
  }

  private constructor(
    private readonly ranges: SlotRange[][],
    /**
     * The memory each shard's node takes once loaded, in bytes and shard order, as the plan file
     * estimated it (version 2: the memory model of its engine; version 1: used-mem spread by bytes).
     *
     * @default - undefined: the layout does not come from a plan file, or the plan has no estimates
     */
    public readonly plannedShardBytes?: number[],
    /** @internal The files a plan file was made for, which the restore's files must match. */
    public readonly _plannedFiles?: PlannedFile[],
  ) {}

  /** The number of shards (node groups). */
  public get shardCount(): number {
    return this.ranges.length;
  }

  /** The ranges of every shard, in shard order. */
  public get shards(): SlotRange[][] {
    return this.ranges.map((ranges) => [...ranges]);
  }

  /** The `Slots` value of each shard for `NodeGroupConfiguration`, e.g. `'0-5460'` or `'0-99,200-299'`. */
  public toSlotStrings(): string[] {
    return this.ranges.map((ranges) => ranges.map((range) => range.toString()).join(','));
  }

  /** Which shard (0-based) serves each of the 16384 slots. */
  public shardOfSlots(): number[] {
    const owner = new Array<number>(SLOT_COUNT);
    this.ranges.forEach((ranges, shard) => ranges.forEach((range) => owner.fill(shard, range.start, range.end + 1)));
    return owner;
  }
}

function checkShardCount(shardCount: number, where: string): void {
  if (!Number.isInteger(shardCount) || shardCount < 1 || shardCount > SLOT_COUNT) {
    throw new Error(`${where}: ${shardCount} shards; a layout needs a whole number of shards from 1 to ${SLOT_COUNT}.`);
  }
}

/** The runs of slots whose owner count matches, as `a-b, c, …`. */
function describeRuns(owners: Uint32Array, matches: (count: number) => boolean): string {
  const runs: string[] = [];
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    if (!matches(owners[slot])) continue;
    let end = slot;
    while (end + 1 < SLOT_COUNT && matches(owners[end + 1])) end++;
    runs.push(end === slot ? `${slot}` : `${slot}-${end}`);
    slot = end;
  }
  return summarize(runs);
}

function summarize(items: string[]): string {
  const shown = items.slice(0, 10).join(', ');
  return items.length > 10 ? `${shown} and ${items.length - 10} more` : shown;
}
