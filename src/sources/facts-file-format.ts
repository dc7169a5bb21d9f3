import { SLOT_COUNT } from '../rdb/key-slot';
import { FileReport, SlotHistogram } from '../rdb/report';

/** The format of the facts file that `inspect --json` writes; a reader refuses any other. */
export const FACTS_FILE_VERSION = 1;

/**
 * The slot histogram as written: `[slot, keys, bytes]` for each slot that holds keys, in slot
 * order. Two dense 16,384-entry arrays took ~118 KB per file, mostly zeros.
 */
export type SparseSlots = Array<[number, number, number]>;

/** A file report as the facts file holds it (or held it: dense slots before `version`). */
export type FileReportJson = Omit<FileReport, 'slots'> & { readonly slots?: SparseSlots | SlotHistogram };

/** A report as the facts file's `files` list holds it. */
export function toFileReportJson({ slots, ...report }: FileReport): FileReportJson {
  return slots ? { ...report, slots: sparseSlots(slots) } : report;
}

/**
 * A report's slot histogram as the scanner makes it, from the sparse form or from the dense
 * `{ keys: [...], bytes: [...] }` that facts files had before the format carried a version.
 */
export function denseSlots(slots: SparseSlots | SlotHistogram | undefined, field: string): SlotHistogram | undefined {
  if (!Array.isArray(slots)) {
    return slots;
  }
  const keys = new Array<number>(SLOT_COUNT).fill(0);
  const bytes = new Array<number>(SLOT_COUNT).fill(0);
  for (const [index, entry] of slots.entries()) {
    const [slot, slotKeys, slotBytes]: unknown[] = Array.isArray(entry) ? entry : [];
    if (typeof slot !== 'number' || !Number.isInteger(slot) || slot < 0 || slot >= SLOT_COUNT || typeof slotKeys !== 'number' || typeof slotBytes !== 'number') {
      throw new Error(`${field}[${index}] is not [slot 0-${SLOT_COUNT - 1}, keys, bytes]: write the file again with cdk-elasticache-restore inspect --json`);
    }
    keys[slot] = slotKeys;
    bytes[slot] = slotBytes;
  }
  return { keys, bytes };
}

function sparseSlots({ keys, bytes }: SlotHistogram): SparseSlots {
  const sparse: SparseSlots = [];
  keys.forEach((slotKeys, slot) => {
    if (slotKeys > 0 || bytes[slot] > 0) sparse.push([slot, slotKeys, bytes[slot]]);
  });
  return sparse;
}
