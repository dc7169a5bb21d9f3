/**
 * Layouts no installed server writes (Redis 7.2/7.4, Valkey 9, modules, cluster opcodes) and
 * broken input, built byte by byte.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  AUX, bytes, EXPIRETIME_MS, intset, intStr, key, len, listpack, lzfStr, moduleId, rdbFile, RESIZEDB, SELECTDB, str, u64, ziplist, zipmap,
} from './rdb-builder';
import { scanBytes } from './scan-bytes';
import { FileReport, keySlot, scanRdb } from '../../src/rdb';

/** A stream value of type 15 (v1), 19 (v2) or 21 (v3): one listpack, one group with a PEL, one consumer. */
function streamValue(version: 1 | 2 | 3): Buffer {
  return bytes(
    len(1), str(Buffer.alloc(16, 1)), str(listpack(4)),
    len(4), len(1700000000000), len(3),
    ...(version >= 2 ? [len(1700000000000), len(0), len(0), len(0), len(4)] : []),
    len(1),
    str('group'), len(1700000000000), len(2), ...(version >= 2 ? [len(2)] : []),
    len(1), Buffer.alloc(16, 2), u64(1700000000001), len(1),
    len(1), str('consumer'), u64(1700000000002), ...(version === 3 ? [u64(1700000000003)] : []), len(1), Buffer.alloc(16, 2),
  );
}

/** A module value walking every module item opcode. */
function moduleItems(): Buffer {
  return bytes(len(2), len(5), len(1), len(7), len(3), [0, 0, 0x80, 0x3f], len(4), u64(0), len(5), str('payload'), len(0));
}

const EVERY_REDIS_TYPE: [number, Buffer][] = [
  [0, str('value')],
  [1, bytes(len(2), str('a'), intStr(1000))],
  [2, bytes(len(1), str('member'))],
  [3, bytes(len(2), str('a'), [3], '1.5', str('b'), [253])],
  [4, bytes(len(1), str('field'), str('value'))],
  [5, bytes(len(1), str('a'), u64(0))],
  [7, bytes(len(moduleId('ReJSON-RL', 3)), moduleItems())],
  [9, str(zipmap())],
  [10, str(ziplist(2))],
  [11, str(intset([1, 2, 3]))],
  [12, str(ziplist(2))],
  [13, str(ziplist(2))],
  [14, bytes(len(1), str(ziplist(1)))],
  [15, streamValue(1)],
  [16, str(listpack())],
  [17, str(listpack())],
  [18, bytes(len(2), len(1), str('a plain node'), len(2), str(listpack(3)))],
  [19, streamValue(2)],
  [20, str(listpack())],
  [21, streamValue(3)],
  [22, bytes(len(2), len(0), str('f1'), str('v1'), len(1800000000000), str('f2'), str('v2'))],
  [23, str(listpack(3))],
  [24, bytes(u64(1700000000000), len(2), len(0), str('f1'), str('v1'), len(5), str('f2'), str('v2'))],
  [25, bytes(u64(1700000000000), str(listpack(3)))],
];

describe('every object type and opcode of RDB 12', () => {
  const file = rdbFile('REDIS0012', [
    AUX('redis-ver', '7.4.0'), AUX('redis-bits', intStr(64)), AUX('lzf-aux', lzfStr('x'.repeat(100))),
    [0xf7], len(moduleId('test__rdb', 2)), len(2), len(2), moduleItems(),
    [0xf5], str('#!lua name=mylib\nredis.register_function("f", function() return 1 end)'),
    SELECTDB(0), RESIZEDB(EVERY_REDIS_TYPE.length, 1),
    ...EVERY_REDIS_TYPE.map(([type, value], i) => bytes(i === 3 ? bytes([0xf9, 5], [0xf8], len(100)) : [], key(type, `key:${type}`, value))),
    [0xf4], len(42), len(1), len(0), AUX('slot-info', '42,1,0'),
    SELECTDB(3), EXPIRETIME_MS(1800000000000), key(0, '{tag}:a', str('1')), [0xfd, 0, 0, 0, 0], key(0, intStr(12345), intStr(7)),
  ]);
  let report: FileReport;
  beforeAll(() => {
    report = scanBytes(file);
  });

  test('reads it to the end with a good checksum', () => {
    expect(report.error).toBeUndefined();
    expect(report).toMatchObject({ complete: true, checksum: 'ok', magic: 'REDIS', rdbVersion: 12, bytes: file.length });
  });

  test('counts keys by database, type and TTL', () => {
    expect(report.keys).toBe(EVERY_REDIS_TYPE.length + 2);
    expect(report.databases).toEqual([{ db: 0, keys: EVERY_REDIS_TYPE.length, expires: 0 }, { db: 3, keys: 2, expires: 2 }]);
    expect(report.types).toEqual({ string: 3, list: 4, set: 3, zset: 4, hash: 8, module: 1, stream: 3 });
  });

  test('names modules, counts functions, and keeps AUX fields as text (integers and LZF included)', () => {
    expect(report.modules).toEqual(['ReJSON-RL', 'test__rdb']);
    expect(report.functions).toBe(1);
    expect(report.aux).toEqual({ 'redis-ver': '7.4.0', 'redis-bits': '64', 'lzf-aux': 'x'.repeat(100), 'slot-info': '42,1,0' });
  });

  test('puts every key in its slot, integer keys by their decimal text', () => {
    expect(report.slots!.keys[keySlot(Buffer.from('tag'))]).toBe(1);
    expect(report.slots!.keys[keySlot(Buffer.from('12345'))]).toBe(1);
    expect(report.slots!.keys[keySlot(Buffer.from('key:0'))]).toBe(1);
    expect(report.slots!.keys.reduce((a, b) => a + b)).toBe(report.keys);
  });

  test('gives the same report in any chunking', () => {
    for (const size of [1, 2, 3, 5, 8, 13, 64]) {
      expect(scanBytes(file, { chunkSizes: [size] })).toEqual(report);
    }
  });
});

describe('magic and version', () => {
  test('VALKEY080: type 22 is HASH_2 and opcode 243 is SLOT_IMPORT', () => {
    const file = rdbFile('VALKEY080', [
      AUX('valkey-ver', '9.0.0'), SELECTDB(0),
      key(22, 'h', len(2), str('f1'), str('v1'), u64(-1), str('f2'), str('v2'), u64(1800000000000)),
      [0xf3], str('a'.repeat(40)), len(2), len(0), len(100), len(200), len(300),
      key(21, 's', streamValue(3)),
    ]);
    expect(scanBytes(file)).toMatchObject({ magic: 'VALKEY', rdbVersion: 80, keys: 2, types: { hash: 1, stream: 1 }, checksum: 'ok', complete: true });
  });

  test('the same type 22 bytes under the REDIS magic are the other layout, and fail', () => {
    const file = rdbFile('REDIS0012', [SELECTDB(0), key(22, 'h', len(1), str('f1'), str('v1'), u64(-1))]);
    expect(scanBytes(file).error).toBeDefined();
  });

  test.each([
    ['VALKEY080', 23, /Valkey PATH_HASH/],
    ['VALKEY080', 24, /unknown object type 24/],
    ['REDIS0013', 26, /unknown object type 26 \(Redis 8\.6\+ stream/],
    ['REDIS0012', 200, /unknown object type 200/],
    ['REDIS0013', 0xf3, /KEY_META/],
    ['REDIS0012', 0xf2, /unreleased Valkey/],
  ])('%s: byte %d is refused', (magic, byte, message) => {
    const file = rdbFile(magic, [SELECTDB(0), key(0, 'foo', str('bar')), [byte], str('x')]);
    const offset = file.indexOf(Buffer.from([byte]), 9 + 2 + 1 + 4 + 4);
    expect(scanBytes(file).error).toEqual({ message: expect.stringMatching(message), offset });
  });

  test('module data of the Redis 4.0 release candidates says which servers load it', () => {
    const file = rdbFile('REDIS0008', [SELECTDB(0), key(6, 'old', len(moduleId('ReJSON-RL', 0)), str('payload'))]);
    expect(scanBytes(file).error).toEqual({
      message: expect.stringMatching(/^object type 6 is module data in the format of the Redis 4\.0 release candidates.*only Redis OSS 4\.0 to 7\.1 with that module load it/),
      offset: 11,
      loadableBy: 'Redis OSS 4.0 to 7.1 with the module',
    });
  });

  test('an unknown type names the database and the key before it', () => {
    const file = rdbFile('REDIS0011', [SELECTDB(0), key(0, 'foo', str('bar')), [200], str('next')]);
    expect(scanBytes(file).error).toEqual({ message: "unknown object type 200 in db 0, after key 'foo'", offset: 20 });
  });

  test.each([
    ['not an RDB file', Buffer.from('PK\x03\x04 this is a zip file'), /not an RDB file/, 0],
    ['an empty file', Buffer.alloc(0), /unexpected end of file while reading the 9-byte header/, 0],
    ['version 0', Buffer.from('REDIS0000\xff'), /RDB version 0/, 5],
    ['VALKEY magic below 80', Buffer.from('VALKEY011\xff'), /VALKEY magic/, 6],
  ])('refuses %s', (_, file, message, offset) => {
    const report = scanBytes(file);
    expect(report.error).toEqual({ message: expect.stringMatching(message), offset });
    expect(report.complete).toBe(false);
  });
});

describe('checksum', () => {
  const records = [SELECTDB(0), key(0, 'foo', str('bar'))];

  test('8 zero bytes mean checksums were disabled', () => {
    expect(scanBytes(rdbFile('REDIS0010', records, { checksum: 'zero' }))).toMatchObject({ checksum: 'disabled', complete: true });
  });

  test('a wrong checksum is an error at the trailer, with the keys still counted', () => {
    const file = rdbFile('REDIS0010', records, { checksum: 'wrong' });
    const report = scanBytes(file);
    expect(report).toMatchObject({ checksum: 'mismatch', complete: false, keys: 1, error: { offset: file.length - 8 } });
    expect(report.error!.message).toMatch(/^CRC64 checksum mismatch: the trailer says [0-9a-f]{16} but the bytes give [0-9a-f]{16}/);
  });

  test('before RDB 5 there is none', () => {
    expect(scanBytes(rdbFile('REDIS0004', records))).toMatchObject({ checksum: 'absent', complete: true });
  });

  test('a missing trailer is a truncated file', () => {
    const file = rdbFile('REDIS0010', records).subarray(0, -3);
    expect(scanBytes(file).error).toEqual({ message: 'unexpected end of file while reading the 8-byte CRC64 checksum after the EOF marker', offset: file.length });
  });
});

describe('lengths from the file never size anything', () => {
  const huge = 2n ** 62n;

  test.each([
    ['a string value', key(0, 'big', len(huge), 'abc'), "the value of key 'big' (string, type 0) in db 0"],
    ['a list length', key(1, 'big', len(huge), str('a')), "the value of key 'big' (list, type 1) in db 0"],
    ['an LZF key', bytes([0], [0xc3], len(huge), len(huge), [2], 'abc'), 'the name of a key (string, type 0) in db 0 at offset 11'],
    ['a key name', bytes([0], len(huge), 'abc'), 'the name of a key (string, type 0) in db 0 at offset 11'],
  ])('2^62 in %s is a truncated file, not an allocation', (_, record, what) => {
    const file = bytes('REDIS0011', SELECTDB(0), record);
    expect(scanBytes(file).error).toEqual({ message: `unexpected end of file while reading ${what}`, offset: file.length });
  });

  test('an unknown length encoding is an error at its byte', () => {
    const file = bytes('REDIS0011', SELECTDB(0), key(1, 'l', [0x85]));
    expect(scanBytes(file).error).toEqual({ message: "unknown length encoding 0x85 in the value of key 'l' (list, type 1) in db 0", offset: 14 });
  });
});

describe('values and keys larger than any chunk', () => {
  test('a 256 MiB string is skipped as it streams, without holding it', async () => {
    const size = 256 * 1024 * 1024;
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const head = bytes('REDIS0009', SELECTDB(0), key(0, 'big', len(size)));
    async function* source() {
      yield head;
      for (let sent = 0; sent < size; sent += chunk.length) yield chunk;
      yield Buffer.from([0xff, 0, 0, 0, 0, 0, 0, 0, 0]);
    }
    const before = process.memoryUsage().arrayBuffers;
    const report = await scanRdb(source(), { file: 'big.rdb' });
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 1024 * 1024);
    expect(report).toMatchObject({ keys: 1, bytes: head.length + size + 9, checksum: 'disabled', complete: true });
    expect(report.slots!.bytes[keySlot(Buffer.from('big'))]).toBe(1 + 4 + len(size).length + size);
  });

  test('a 1 MiB key and a 200 KiB LZF key get their slots from the hashtag, in 4 KiB chunks', () => {
    const rawKey = Buffer.alloc(1024 * 1024, 0x61);
    rawKey.write('{raw-tag}', 500_000);
    const lzfKey = Buffer.concat([Buffer.from('prefix{lzf-tag}'), Buffer.alloc(200 * 1024, 0x62)]);
    const file = rdbFile('REDIS0010', [SELECTDB(0), key(0, rawKey, str('v')), bytes([0], lzfStr(lzfKey), str('v'))]);
    const report = scanBytes(file, { chunkSizes: [4096] });
    expect(report.error).toBeUndefined();
    expect(report.slots!.keys[keySlot(Buffer.from('raw-tag'))]).toBe(1);
    expect(report.slots!.keys[keySlot(Buffer.from('lzf-tag'))]).toBe(1);
  });

  test('LZF strings count at their uncompressed size in the slot bytes', () => {
    const compressed = scanBytes(rdbFile('REDIS0010', [SELECTDB(0), key(0, 'k', lzfStr('z'.repeat(10_000)))]));
    const plain = scanBytes(rdbFile('REDIS0010', [SELECTDB(0), key(0, 'k', str('z'.repeat(10_000)))]));
    const slot = keySlot(Buffer.from('k'));
    expect(compressed.bytes).toBeLessThan(1000);
    expect(Math.abs(compressed.slots!.bytes[slot] - plain.slots!.bytes[slot])).toBeLessThan(8);
  });

  test('a corrupt LZF key is an error at its string', () => {
    const file = rdbFile('REDIS0010', [SELECTDB(0), bytes([0], [0xc3], len(2), len(5), [0x20, 0x05], str('v'))]);
    expect(scanBytes(file).error).toEqual({
      message: 'LZF back-reference points before the start of the data in the name of a key (string, type 0) in db 0 at offset 11',
      offset: 12,
    });
  });
});

describe('encoded collections are checked as the server checks them', () => {
  test.each([
    ['a ziplist with a wrong size', 13, str(Buffer.from([12, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0xff])), /a ziplist says it is 12 bytes but its string is 11/],
    ['a listpack without its terminator', 16, str(Buffer.from([7, 0, 0, 0, 0, 0, 0])), /a listpack does not end with its 0xFF terminator/],
    ['an intset with a bad width', 11, str(Buffer.from([3, 0, 0, 0, 0, 0, 0, 0])), /an intset has element width 3/],
    ['an integer where a ziplist belongs', 10, intStr(5), /expected a ziplist, found an integer/],
    ['a quicklist node of container 3', 18, bytes(len(1), len(3), str('x')), /unknown quicklist node container 3/],
    ['a stream master ID of 15 bytes', 15, bytes(len(1), str(Buffer.alloc(15)), str(listpack())), /master ID is 15 bytes, not 16/],
  ])('%s', (_, type, value, message) => {
    expect(scanBytes(rdbFile('REDIS0011', [SELECTDB(0), key(type, 'k', value)])).error?.message).toMatch(message);
  });
});

describe('header-only', () => {
  const bigFile = rdbFile('REDIS0011', [
    AUX('redis-ver', '7.2.4'), SELECTDB(0), RESIZEDB(1000, 0),
    ...Array.from({ length: 1000 }, (_, i) => key(0, `key:${i}`, str('v'.repeat(200)))),
  ]);

  test('reads 64 KiB: header, AUX and the first keys, no checksum, no slots, no error', () => {
    const report = scanBytes(bigFile, { headerOnly: true, chunkSizes: [10_000] });
    expect(report).toMatchObject({ bytes: 65536, complete: false, checksum: 'not-checked', aux: { 'redis-ver': '7.2.4' }, rdbVersion: 11 });
    expect(report.error).toBeUndefined();
    expect(report.slots).toBeUndefined();
    expect(report.keys).toBeGreaterThan(100);
    expect(report.keys).toBeLessThan(1000);
  });

  test('stops pulling from the source after 64 KiB', async () => {
    let pulled = 0;
    async function* source() {
      for (let offset = 0; offset < bigFile.length; offset += 4096) {
        pulled += 4096;
        yield bigFile.subarray(offset, offset + 4096);
      }
    }
    await scanRdb(source(), { file: 'x', headerOnly: true });
    expect(pulled).toBe(65536);
  });

  test('still reports a bad header', () => {
    expect(scanBytes(Buffer.from('GARBAGE!!'), { headerOnly: true }).error?.offset).toBe(0);
  });
});

describe('scanRdb', () => {
  test('a failing source gives a report with the error, not a rejection', async () => {
    async function* source(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('REDIS0011');
      throw new Error('EIO: i/o error');
    }
    expect((await scanRdb(source(), { file: 'x' })).error).toEqual({ message: 'reading the file failed: EIO: i/o error', offset: 9, readFailed: true });
  });

  test('a file that cannot be opened is marked as unread, not corrupt', async () => {
    const report = await scanRdb(fs.createReadStream(path.join(os.tmpdir(), 'no-such-dir', 'missing.rdb')), { file: 'missing.rdb' });
    expect(report).toMatchObject({ bytes: 0, complete: false, checksum: 'not-checked' });
    expect(report.error).toEqual({ message: expect.stringMatching(/^reading the file failed: ENOENT/), offset: 0, readFailed: true });
  });

  test('an aborted scan rejects with the signal\'s reason', async () => {
    const controller = new AbortController();
    async function* source(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('REDIS0011');
      controller.abort(new Error('stop'));
      yield Buffer.from([0xff]);
    }
    await expect(scanRdb(source(), { file: 'x', signal: controller.signal })).rejects.toThrow('stop');
  });

  test('reports progress after each chunk', async () => {
    const seen: number[] = [];
    async function* source() {
      yield Buffer.from('REDIS0003');
      yield Buffer.from([0xff]);
    }
    await scanRdb(source(), { file: 'x', onProgress: (read) => seen.push(read) });
    expect(seen).toEqual([9, 10]);
  });
});
