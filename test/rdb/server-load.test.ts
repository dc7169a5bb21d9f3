/**
 * What the servers do on load is the reader's oracle: files built byte by byte with empty
 * collections, header counts that cannot be right and the Redis 7.0 release-candidate function
 * format are loaded by every real server; the reader must refuse exactly what they refuse and
 * count exactly the keys they hold afterwards.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bytes, intset, key, len, listpack, moduleId, rdbFile, SELECTDB, str, ziplist, zipmap } from './rdb-builder';
import { scanBytes } from './scan-bytes';
import { describeWithServers, loadRdb, SERVER_BINARIES } from '../support/redis-server';

/** A file of RDB version 10, which every server here loads, with these records in db 0 after one string key. */
function file(...records: Buffer[]): Buffer {
  return rdbFile('REDIS0010', [SELECTDB(0), key(0, 'kept', str('v')), ...records]);
}

/** A zipmap counting `count` entries that holds one. */
function zipmapCounting(count: number): Buffer {
  const map = zipmap();
  map[0] = count;
  return map;
}

/** A ziplist whose header counts `count` entries while it holds `entries`. */
function ziplistCounting(entries: number, count: number): Buffer {
  const list = ziplist(entries);
  list.writeUInt16LE(count, 8);
  return list;
}

/** A listpack whose header counts `count` elements while it holds two. */
function listpackCounting(count: number): Buffer {
  const pack = listpack(2);
  pack.writeUInt16LE(count, 4);
  return pack;
}

/** Files the servers load, with the keys they then hold in db 0. */
const LOADED: [string, Buffer, number][] = [
  ['an empty list (type 1)', file(key(1, 'empty', len(0))), 1],
  ['an empty set (type 2)', file(key(2, 'empty', len(0))), 1],
  ['an empty hash (type 4)', file(key(4, 'empty', len(0))), 1],
  ['an empty ziplist list (type 10)', file(key(10, 'empty', str(ziplist()))), 1],
  ['an empty ziplist hash (type 13)', file(key(13, 'empty', str(ziplist()))), 1],
  ['an empty listpack hash (type 16)', file(key(16, 'empty', str(listpack(0)))), 1],
  ['a quicklist of one empty ziplist (type 14)', file(key(14, 'empty', len(1), str(ziplist()))), 1],
  ['a quicklist of an empty and a full ziplist (type 14)', file(key(14, 'list', len(2), str(ziplist()), str(ziplist(2)))), 2],
  ['a zipmap of one entry (type 9)', file(key(9, 'hash', str(zipmap()))), 2],
  ['a zipmap whose count byte is 254, "count them"', file(key(9, 'hash', str(zipmapCounting(254)))), 2],
  ['a ziplist hash of two entries (type 13)', file(key(13, 'hash', str(ziplist(2)))), 2],
  // Listpacks are checked by size and terminator only unless sanitize-dump-payload is on, so a miscount loads.
  ['a listpack hash whose header counts 9 elements (type 16)', file(key(16, 'hash', str(listpackCounting(9)))), 2],
  ['functions in the Redis 7.0 release-candidate format (opcode 246)', file(
    bytes([0xf6], str('mylib'), str('LUA'), len(1), str('a description'), str("redis.register_function('f1', function() return 1 end)")),
    bytes([0xf6], str('otherlib'), str('LUA'), len(0), str("redis.register_function('f2', function() return 2 end)")),
  ), 1],
];

/** Files every server refuses, with what the reader must say. */
const REFUSED: [string, Buffer, RegExp][] = [
  ['a zipmap whose count byte is 0xFF', file(key(9, 'hash', str(zipmapCounting(0xff)))), /a zipmap counts 255 entries, which cannot fit in its 7 bytes/],
  ['a zipmap whose count byte is 0', file(key(9, 'hash', str(zipmapCounting(0)))), /a zipmap counts no entries/],
  ['a zipmap of no entries', file(key(9, 'hash', str([0, 0xff]))), /a zipmap counts no entries/],
  ['a ziplist counting more entries than fit', file(key(10, 'list', str(ziplistCounting(1, 9)))), /a ziplist counts 9 entries, which cannot fit in its 13 bytes/],
  ['a ziplist hash of an odd count', file(key(13, 'hash', str(ziplist(3)))), /a ziplist of pairs counts 3 entries, an odd number/],
  ['an empty ziplist with bytes after its header', file(key(10, 'list', str(ziplistCounting(2, 0)))), /a ziplist counts no entries but is 15 bytes/],
  ['an intset of no elements', file(key(11, 'set', str(intset([])))), /an intset holds no elements/],
  // Redis 7.0 would load it with the module; without it every server refuses it, as the reader does.
  ['module data of the Redis 4.0 release candidates (type 6)', file(key(6, 'old', len(moduleId('ReJSON-RL', 0)), str('payload'))), /only Redis OSS 4\.0 to 7\.1 with that module load it/],
];

describeWithServers('what real servers load', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'server-load-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const written = (name: string, data: Buffer) => {
    const target = path.join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.rdb`);
    fs.writeFileSync(target, data);
    return target;
  };
  // Redis 7.2+ and every Valkey refuse opcode 246; the reader's rdb-version rule says so (test/rules/server-oracle.test.ts).
  const loaders = (name: string) => (/opcode 246/.test(name) ? SERVER_BINARIES.filter((server) => server.name === 'Redis 7.0') : SERVER_BINARIES);

  test.each(LOADED)('%s: loaded, and the keys the servers hold are the keys the reader counts', async (name, data, keys) => {
    const report = scanBytes(data);
    expect(report.error).toBeUndefined();
    expect(report.keys).toBe(keys);
    const rdb = written(name, data);
    for (const server of loaders(name)) {
      const loaded = await loadRdb(rdb, { binary: server.binary });
      expect({ server: server.name, loaded: loaded.loaded, keys: loaded.keyspace?.[0] }).toEqual({ server: server.name, loaded: true, keys });
    }
  });

  test('opcode 246: Redis 7.0 loads the libraries, Redis 7.2+ and Valkey refuse them, and the reader counts them', async () => {
    const [, data] = LOADED.find(([name]) => /opcode 246/.test(name))!;
    expect(scanBytes(data)).toMatchObject({ functions: 2, preReleaseFunctions: 2 });
    const rdb = written('functions', data);
    for (const server of SERVER_BINARIES.filter((candidate) => candidate.name !== 'Redis 7.0')) {
      const loaded = await loadRdb(rdb, { binary: server.binary });
      expect({ server: server.name, loaded: loaded.loaded, log: loaded.log }).toEqual({ server: server.name, loaded: false, log: expect.stringContaining('Pre-release function format not supported') });
    }
  });

  test.each(REFUSED)('%s: refused by every server and by the reader', async (name, data, message) => {
    expect(scanBytes(data).error?.message).toMatch(message);
    const rdb = written(name, data);
    for (const server of SERVER_BINARIES) {
      const loaded = await loadRdb(rdb, { binary: server.binary });
      expect({ server: server.name, loaded: loaded.loaded }).toEqual({ server: server.name, loaded: false });
    }
  });
});
