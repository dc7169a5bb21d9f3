import { FileReport, RdbScanner } from '../../src/rdb';

/**
 * Scans bytes held in memory, cut into chunks at the given sizes (cycled), or in one piece.
 */
export function scanBytes(data: Uint8Array, options: { chunkSizes?: number[]; headerOnly?: boolean; file?: string } = {}): FileReport {
  const scanner = new RdbScanner({ file: options.file ?? 'test.rdb', headerOnly: options.headerOnly });
  const sizes = options.chunkSizes?.length ? options.chunkSizes : [Math.max(1, data.length)];
  let offset = 0;
  for (let i = 0; offset < data.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length]);
    if (!scanner.write(data.subarray(offset, offset + size))) {
      break;
    }
    offset += size;
  }
  return scanner.end();
}

/**
 * `expect(actual).toEqual(expected)` for two reports, fast: jest's toEqual takes ~100 ms on the
 * 16384-slot columns, so those are compared as JSON (they hold whole numbers) and the rest with toEqual.
 */
export function expectSameReport(actual: FileReport, expected: FileReport): void {
  expect({ ...actual, slots: undefined }).toEqual({ ...expected, slots: undefined });
  expect(JSON.stringify(actual.slots)).toBe(JSON.stringify(expected.slots));
}
