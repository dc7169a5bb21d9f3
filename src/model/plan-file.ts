import { readFileSync } from 'fs';
import { isReservedMemoryPercent, RESERVED_MEMORY_PERCENT_RANGE } from './reserved-memory';

/** The plan file format this library writes; it also reads version 1, whose estimates were used-mem spread by bytes. */
export const PLAN_FILE_VERSION = 2;
const READABLE_VERSIONS = [1, PLAN_FILE_VERSION];

/**
 * The plan file `cdk-elasticache-restore plan --out` writes (and `--json` prints), which
 * `SlotLayout.fromPlanFile` reads. Byte figures are whole bytes.
 */
export interface PlanFile {
  readonly version: number;
  /** The .rdb files planned for. */
  readonly files: string[];
  readonly reservedMemoryPercent: number;
  /** The memory profile the estimates are for, e.g. `valkey-8.1` (version 2). */
  readonly engineProfile?: string;
  /** The files' used-mem, summed, for comparison; absent when a file lacks it. */
  readonly usedMemoryBytes?: number;
  /** Why the shards have no `estimatedMemoryBytes` (version 1 only). */
  readonly estimateUnavailable?: string;
  /** In shard order. */
  readonly shards: PlanFileShard[];
  /** The fullest shard's bytes under an even split (what ElastiCache does unless told), for comparison. */
  readonly evenSplitFullestBytes?: number;
  /** The estimated memory of the even split's fullest shard (version 2). */
  readonly evenSplitFullestMemoryBytes?: number;
  /** The estimated memory of the fullest shard of a split balancing bytes instead (version 2). */
  readonly byteBalancedFullestMemoryBytes?: number;
  /** The given node type and how the fullest shard sits in it. */
  readonly nodeType?: PlanFileNodeType;
  /** The smallest type of each recommended family that holds the fullest shard with 10% headroom. */
  readonly recommendedNodeTypes?: string[];
}

/** One shard of a plan file. */
export interface PlanFileShard {
  /** Slot ranges as ElastiCache writes them, e.g. `["0-5460"]`. */
  readonly slots: string[];
  readonly keys: number;
  readonly bytes: number;
  /** The shard node's `used_memory` once loaded, by the memory model; what the memory-fit rule checks. */
  readonly estimatedMemoryBytes?: number;
}

/** The node type a plan was checked against. */
export interface PlanFileNodeType {
  readonly name: string;
  readonly usableMemoryBytes: number;
  /** The fullest shard's estimate as a percentage of the usable memory. */
  readonly fullestShardPercent: number;
  readonly verdict: 'fits' | 'tight' | 'does-not-fit';
}

/** The plan file's text: JSON, two-space indented, newline-terminated. */
export function formatPlanFile(plan: PlanFile): string {
  return `${JSON.stringify(plan, undefined, 2)}\n`;
}

/** A file a plan was made for: its name as the plan gives it, and its size when the plan records one. */
export interface PlannedFile {
  readonly name: string;
  readonly bytes?: number;
}

/** The files a plan was made for. */
export function plannedFilesOf(plan: PlanFile): PlannedFile[] {
  return plan.files.map((name) => ({ name }));
}

/**
 * Why a plan was not made for the files a restore reads (other names or sizes), naming both; undefined
 * when it was. Names are compared without directories: a plan names local paths, a restore S3 keys.
 */
export function planFilesMismatch(planned: PlannedFile[], files: PlannedFile[]): string | undefined {
  const sameFile = (a: PlannedFile, b: PlannedFile) =>
    baseName(a.name) === baseName(b.name) && (a.bytes === undefined || b.bytes === undefined || a.bytes === b.bytes);
  const matches = planned.length === files.length && planned.every((plan) => files.some((file) => sameFile(plan, file)));
  const describe = (list: PlannedFile[]) => list.map((file) => (file.bytes === undefined ? file.name : `${file.name} (${file.bytes} bytes)`)).join(', ');
  return matches ? undefined : `the slot layout was planned for ${describe(planned)}, but the restore reads ${describe(files)}`;
}

/** A path's or S3 key's last part: how a local file and the object it was uploaded as are matched. */
export function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/** An error about a plan file that names the file and the remedy; `problem` names the field. */
export function planFileError(file: string, problem: string): Error {
  return new Error(`Plan file ${file}: ${problem.replace(/\.$/, '')}; correct it, or write the plan again with \`cdk-elasticache-restore plan FILE… --shards N --out ${file}\`.`);
}

/** Reads a plan file and checks its version and shape (not its slot coverage: SlotLayout checks that). */
export function readPlanFile(file: string): PlanFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw planFileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parsePlanFile(text, file);
}

/** Parses a plan file's text and checks its version and shape; `file` names it in errors. */
export function parsePlanFile(text: string, file: string): PlanFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw planFileError(file, `its text is not JSON (${(error as Error).message})`);
  }
  const fail = (field: string, problem: string) => planFileError(file, `${field} ${problem}`);
  if (!isObject(parsed)) throw fail('its top level', 'must be an object');
  if (!READABLE_VERSIONS.includes(parsed.version as number)) {
    throw fail('"version"', `is ${JSON.stringify(parsed.version)}; this library reads versions ${READABLE_VERSIONS.join(' and ')}`);
  }
  if (!Array.isArray(parsed.files) || !parsed.files.every((name) => typeof name === 'string')) {
    throw fail('"files"', 'must be a list of file names');
  }
  if (typeof parsed.reservedMemoryPercent !== 'number' || !isReservedMemoryPercent(parsed.reservedMemoryPercent)) {
    throw fail('"reservedMemoryPercent"', `is ${JSON.stringify(parsed.reservedMemoryPercent)}; it must be ${RESERVED_MEMORY_PERCENT_RANGE}`);
  }
  if (!Array.isArray(parsed.shards) || parsed.shards.length === 0) {
    throw fail('"shards"', 'must be a non-empty list of shards');
  }
  parsed.shards.forEach((shard: unknown, i: number) => {
    const field = `"shards[${i}]`;
    if (!isObject(shard)) throw fail(`${field}"`, 'must be an object with "slots", "keys" and "bytes"');
    if (!Array.isArray(shard.slots) || shard.slots.length === 0 || !shard.slots.every((range) => typeof range === 'string')) {
      throw fail(`${field}.slots"`, 'must be a non-empty list of ranges like "0-5460"');
    }
    for (const name of ['keys', 'bytes', 'estimatedMemoryBytes']) {
      const value = shard[name];
      if ((value !== undefined || name !== 'estimatedMemoryBytes') && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
        throw fail(`${field}.${name}"`, `is ${JSON.stringify(value)}; it must be a number of bytes or keys, 0 or more`);
      }
    }
  });
  // The memory-fit rule compares every shard, so estimates come for all shards or none.
  const estimated = parsed.shards.map((shard: { estimatedMemoryBytes?: number }) => shard.estimatedMemoryBytes !== undefined);
  const without = estimated.indexOf(false);
  if (estimated.includes(true) && without >= 0) {
    throw fail(`"shards[${without}].estimatedMemoryBytes"`, 'is missing while other shards have one; give every shard an estimate or none');
  }
  return parsed as unknown as PlanFile;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
