import { SLOT_COUNT } from '../model/slots';
import { FileReport, SlotHistogram } from '../rdb/report';

/** The format of the facts file that `inspect --json` writes; a reader refuses any other. */
export const FACTS_FILE_VERSION = 1;

/**
 * The slot histogram as written: the histogram's columns at the slots that hold anything, which
 * `slot` lists in order. Dense 16,384-entry columns took ~118 KB per file, mostly zeros.
 */
export interface SparseSlots {
  readonly slot: number[];
  readonly keys: number[];
  readonly bytes: number[];
  readonly expires?: number[];
  readonly memory?: Record<string, number[]>;
}

/** A file report as the facts file holds it: sparse slots, or the dense columns of earlier files. */
export type FileReportJson = Omit<FileReport, 'slots'> & { readonly slots?: SparseSlots | SlotHistogram };

/** A report as the facts file's `files` list holds it. */
export function toFileReportJson({ slots, ...report }: FileReport): FileReportJson {
  return slots ? { ...report, slots: sparseSlots(slots) } : report;
}

/**
 * A report's slot histogram as the scanner makes it, from the sparse form or from the dense
 * columns that facts files had before; `field` names it in errors.
 */
export function denseSlots(slots: SparseSlots | SlotHistogram | undefined, field: string): SlotHistogram | undefined {
  if (slots === undefined || !('slot' in slots)) {
    return slots;
  }
  const remedy = 'write the file again with cdk-elasticache-restore inspect --json';
  const { slot } = slots;
  if (!Array.isArray(slot) || !slot.every((s, i) => Number.isInteger(s) && s >= 0 && s < SLOT_COUNT && (i === 0 || s > slot[i - 1]))) {
    throw new Error(`${field}.slot must list slots 0-${SLOT_COUNT - 1} in increasing order: ${remedy}`);
  }
  const dense = (column: unknown, name: string): number[] => {
    if (!Array.isArray(column) || column.length !== slot.length || !column.every((value) => typeof value === 'number' && value >= 0)) {
      throw new Error(`${field}.${name} must hold ${slot.length} counts, one for each slot of ${field}.slot: ${remedy}`);
    }
    const values = new Array<number>(SLOT_COUNT).fill(0);
    slot.forEach((s, i) => (values[s] = column[i]));
    return values;
  };
  const memory = slots.memory === undefined ? undefined
    : Object.fromEntries(Object.entries(slots.memory).map(([profile, column]) => [profile, dense(column, `memory.${profile}`)]));
  return {
    keys: dense(slots.keys, 'keys'),
    bytes: dense(slots.bytes, 'bytes'),
    ...(slots.expires === undefined ? {} : { expires: dense(slots.expires, 'expires') }),
    ...(memory === undefined ? {} : { memory }),
  };
}

function sparseSlots(histogram: SlotHistogram): SparseSlots {
  const columns = [histogram.keys, histogram.bytes, ...(histogram.expires ? [histogram.expires] : []), ...Object.values(histogram.memory ?? {})];
  const slot = histogram.keys.flatMap((_, s) => (columns.some((column) => column![s] > 0) ? [s] : []));
  const pick = (column: number[]) => slot.map((s) => column[s]);
  return {
    slot,
    keys: pick(histogram.keys),
    bytes: pick(histogram.bytes),
    ...(histogram.expires ? { expires: pick(histogram.expires) } : {}),
    ...(histogram.memory
      ? { memory: Object.fromEntries(Object.entries(histogram.memory).map(([profile, column]) => [profile, pick(column!)])) }
      : {}),
  };
}
