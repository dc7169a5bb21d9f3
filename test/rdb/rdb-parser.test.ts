/**
 * The parser's seam: what it tells a listener, call by call, for a file built byte by byte —
 * so that another listener than the report builder can rely on it.
 */
import { AUX, EXPIRETIME_MS, intStr, key, len, listpack, lzfCompress, lzfStr, moduleId, rdbFile, SELECTDB, str } from './rdb-builder';
import { keySlot } from '../../src/rdb';
import { RdbListener } from '../../src/rdb/rdb-listener';
import { RdbParser } from '../../src/rdb/rdb-parser';

/** Every call the parser makes, as text. */
class RecordingListener implements RdbListener {
  public readonly calls: string[] = [];
  constructor(private readonly refuseDbAbove = Infinity) {}
  public aux(name: string, value: string): void { this.calls.push(`aux ${name}=${value}`); }
  public selectDb(db: number): string | undefined {
    this.calls.push(`selectDb ${db}`);
    return db > this.refuseDbAbove ? `db ${db} is one too many` : undefined;
  }
  public keyStart(type: number, keyLength: number): void { this.calls.push(`keyStart type=${type} keyLength=${keyLength}`); }
  public valueString(length: number, isInteger: boolean): void { this.calls.push(`valueString ${length}${isInteger ? ' integer' : ''}`); }
  public valueBlob(length: number): void { this.calls.push(`valueBlob ${length}`); }
  public keyEnd(slot: number, expires: boolean, recordBytes: number): void { this.calls.push(`keyEnd slot=${slot} expires=${expires} bytes=${recordBytes}`); }
  public keySkipped(): void { this.calls.push('keySkipped'); }
  public module(name: string): void { this.calls.push(`module ${name}`); }
  public functionLibrary(preRelease: boolean): void { this.calls.push(`function${preRelease ? ' pre-release' : ''}`); }
  public end(): void { this.calls.push('end'); }
}

function parse(file: Buffer, chunk: number, listener = new RecordingListener()): { parser: RdbParser; calls: string[] } {
  const parser = new RdbParser(listener);
  for (let offset = 0; offset < file.length && !parser.finished; offset += chunk) {
    parser.consume(file.subarray(offset, offset + chunk), offset);
  }
  return { parser, calls: listener.calls };
}

const slotOf = (name: string) => keySlot(Buffer.from(name));

const LIBRARY = '#!lua name=lib\nredis.register_function("f", function() return 1 end)';

describe('RdbParser tells its listener', () => {
  const ttlKey = key(0, 'session:{user1}', str('x'.repeat(20)));
  const hashRecord = key(4, 'user:1', len(2), str('name'), lzfStr('a'.repeat(100)), str('age'), intStr(42));
  const file = rdbFile('REDIS0011', [
    AUX('redis-ver', '7.2.4'), AUX('redis-bits', intStr(64)),
    [0xf5], str(LIBRARY),
    SELECTDB(0),
    EXPIRETIME_MS(1800000000000), ttlKey,
    hashRecord,
    key(16, 'hash:small', str(listpack(4))),
    key(2, 'empty-set', len(0)),
    SELECTDB(5),
    key(7, 'json', len(moduleId('ReJSON-RL', 3)), len(5), str('{}'), len(0)),
    key(0, intStr(12345), str('v')),
  ]);
  const expected = [
    'aux redis-ver=7.2.4',
    'aux redis-bits=64',
    'function',
    `valueString ${LIBRARY.length}`,
    'selectDb 0',
    'keyStart type=0 keyLength=15',
    'valueString 20',
    // The EXPIRETIME_MS prefix (9 bytes) counts towards the key's record.
    `keyEnd slot=${slotOf('user1')} expires=true bytes=${9 + ttlKey.length}`,
    'keyStart type=4 keyLength=6',
    'valueString 4', 'valueString 100', 'valueString 3', 'valueString 2 integer',
    // The LZF value counts at its 100 decoded bytes, not its compressed ones.
    `keyEnd slot=${slotOf('user:1')} expires=false bytes=${hashRecord.length - lzfCompress('a'.repeat(100)).length + 100}`,
    'keyStart type=16 keyLength=10',
    `valueBlob ${listpack(4).length}`,
    `keyEnd slot=${slotOf('hash:small')} expires=false bytes=${key(16, 'hash:small', str(listpack(4))).length}`,
    'keyStart type=2 keyLength=9',
    'keySkipped',
    'selectDb 5',
    'keyStart type=7 keyLength=4',
    'module ReJSON-RL',
    `keyEnd slot=${slotOf('json')} expires=false bytes=${key(7, 'json', len(moduleId('ReJSON-RL', 3)), len(5), str('{}'), len(0)).length}`,
    'keyStart type=0 keyLength=5',
    'valueString 1',
    `keyEnd slot=${slotOf('12345')} expires=false bytes=${key(0, intStr(12345), str('v')).length}`,
    'end',
  ];

  test.each([1, 7, 64, 100000])('every record in order, in chunks of %d bytes', (chunk) => {
    const { parser, calls } = parse(file, chunk);
    expect(parser.error).toBeUndefined();
    expect(parser.done).toBe(true);
    expect(calls).toEqual(expected);
  });

  test('a listener that refuses a database stops the parser at that SELECTDB record', () => {
    const { parser, calls } = parse(file, 4096, new RecordingListener(3));
    expect(parser.finished).toBe(true);
    expect(parser.done).toBe(false);
    expect(parser.error).toEqual({ message: 'db 5 is one too many', offset: file.indexOf(SELECTDB(5), 9) });
    expect(calls[calls.length - 1]).toBe('selectDb 5');
  });

  test('nothing after a failure reaches the listener', () => {
    const broken = rdbFile('REDIS0011', [SELECTDB(0), key(0, 'a', str('1')), [0xc8], key(0, 'b', str('2'))]);
    const { parser, calls } = parse(broken, 3);
    expect(parser.error?.message).toMatch(/^unknown object type 200 in db 0, after key 'a'/);
    expect(calls).toEqual(['selectDb 0', 'keyStart type=0 keyLength=1', 'valueString 1', `keyEnd slot=${slotOf('a')} expires=false bytes=5`]);
  });

  test('a pre-release function library is told apart', () => {
    const preRelease = rdbFile('REDIS0010', [[0xf6], str('lib'), str('LUA'), len(0), str('code')]);
    expect(parse(preRelease, 2).calls).toEqual(['function pre-release', 'valueString 3', 'valueString 3', 'valueString 4', 'end']);
  });
});
