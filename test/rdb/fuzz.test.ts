/**
 * Mutation fuzzing: real files (the corpus, and one built with every type) with bits flipped,
 * bytes inserted or deleted, or cut short, fed in random chunks. The scanner must never throw,
 * must point inside the file when it fails, and must not care how the input is chunked.
 */
import * as fs from 'fs';
import * as fc from 'fast-check';
import { AUX, bytes, key, len, listpack, lzfStr, rdbFile, SELECTDB, str, u64 } from './rdb-builder';
import { expectSameReport, scanBytes } from './scan-bytes';
import { FileReport, RdbScanner } from '../../src/rdb';
import { describeWith, RDB_CORPUS } from '../support/requirements';

/** Real files small enough to fuzz quickly, picked to cover streams, modules, ziplists, zipmaps, intsets. */
const CORPUS_FILES = [
  'redis_50_with_streams.rdb', 'redis_40_with_module.rdb', 'redis_60_with_module_aux.rdb', 'encodings.rdb',
  'zset-ziplist.rdb', 'hash-zipmap.rdb', 'list-quicklist.rdb', 'scriptbackup.rdb', 'intset_64.rdb', 'non_ascii_values.rdb',
];

const built = rdbFile('REDIS0012', [
  AUX('redis-ver', '7.4.0'), SELECTDB(0),
  key(0, '{tag}key', lzfStr('value'.repeat(20))),
  key(21, 'stream', len(1), str(Buffer.alloc(16, 1)), str(listpack(2)), len(2), len(1), len(1), len(1), len(0), len(0), len(0), len(2),
    len(1), str('g'), len(1), len(1), len(1), len(1), Buffer.alloc(16), u64(1), len(1), len(1), str('c'), u64(1), u64(1), len(0)),
  key(24, 'hfe', u64(1), len(1), len(0), str('f'), str('v')),
  bytes([0xf5], str('#!lua name=lib')),
]);

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'insert'; at: number; byte: number }
  | { kind: 'delete'; at: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'set'; at: number; byte: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.constantFrom(0x00, 0x3f, 0x40, 0x80, 0x81, 0xc3, 0xfe, 0xff) }),
);

function mutate(data: Buffer, mutations: Mutation[]): Buffer {
  let result = Buffer.from(data);
  for (const m of mutations) {
    const at = result.length ? m.at % result.length : 0;
    switch (m.kind) {
      // eslint-disable-next-line no-bitwise
      case 'flip': if (result.length) result[at] = result[at] ^ (1 << m.bit); break;
      case 'set': if (result.length) result[at] = m.byte; break;
      case 'insert': result = Buffer.concat([result.subarray(0, at), Buffer.from([m.byte]), result.subarray(at)]); break;
      case 'delete': result = Buffer.concat([result.subarray(0, at), result.subarray(at + 1)]); break;
      case 'truncate': result = result.subarray(0, at); break;
    }
  }
  return result;
}

function checkInvariants(data: Buffer, report: FileReport): void {
  expect(report.bytes).toBeLessThanOrEqual(data.length);
  if (report.error) {
    expect(report.complete).toBe(false);
    expect(report.error.offset).toBeGreaterThanOrEqual(0);
    expect(report.error.offset).toBeLessThanOrEqual(data.length);
    expect(report.error.message.length).toBeGreaterThan(0);
  } else {
    expect(report.complete).toBe(true);
  }
}

const chunkSizes = fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 6 });

/** The properties every file keeps under mutation, truncation and chunking. */
function fuzz(original: Buffer): void {
  test('never throw, fail inside the file, and do not depend on chunking', () => {
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), chunkSizes, (mutations, sizes) => {
      const data = mutate(original, mutations);
      const whole = scanBytes(data);
      checkInvariants(data, whole);
      expectSameReport(scanBytes(data, { chunkSizes: sizes }), whole);
    }), { numRuns: 150 });
  });

  test('the unmutated file reads cleanly in any chunking', () => {
    const whole = scanBytes(original);
    expect(whole.error).toBeUndefined();
    fc.assert(fc.property(chunkSizes, (sizes) => {
      expectSameReport(scanBytes(original, { chunkSizes: sizes }), whole);
    }), { numRuns: 50 });
  });

  test('every truncation is an error at the end of the data', () => {
    // Up to the end of the checksum: bytes after it (redis_40_with_module.rdb has 40) are ignored, as servers do.
    for (let cut = 0; cut < scanBytes(original).bytes; cut++) {
      const report = scanBytes(original.subarray(0, cut));
      expect(report.error?.offset).toBe(cut);
    }
  });
}

describe('mutations of built.rdb', () => fuzz(built));

describeWith([RDB_CORPUS], 'mutations of corpus files', () => {
  describe.each(CORPUS_FILES)('%s', (name) => fuzz(fs.readFileSync(RDB_CORPUS.file(name))));
});

test('random bytes after a valid header never throw', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), chunkSizes, (tail, sizes) => {
    const data = Buffer.concat([Buffer.from('REDIS0011'), tail]);
    const whole = scanBytes(data);
    checkInvariants(data, whole);
    expectSameReport(scanBytes(data, { chunkSizes: sizes }), whole);
  }), { numRuns: 500 });
});

test('writes after the end change nothing, and end() reports once more the same', () => {
  const scanner = new RdbScanner({ file: 'x' });
  expect(scanner.write(built)).toBe(false);
  expect(scanner.write(Buffer.from('garbage'))).toBe(false);
  expect(scanner.end()).toEqual(scanBytes(built, { file: 'x' }));
});
