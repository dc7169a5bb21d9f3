import { KeyShape } from '../../src/memory/key-shape';
import { MemoryProfile } from '../../src/memory/memory-profile';
import { EngineVersion } from '../../src/model/engine-version';

/** A key as the scan sees it. */
function shape(type: number, keyLength: number, value: (key: KeyShape) => void, expires = false): KeyShape {
  const key = new KeyShape();
  key.start(type, keyLength);
  value(key);
  key.expires = expires;
  return key;
}
const string = (length: number) => (key: KeyShape) => key.string(length, false);

// Each figure is what the server's used_memory grew by per key, measured with 16384–262144 such keys on a
// cluster node (bench/memory.bench.ts measures whole datasets), less the keyspace tables.
describe('MemoryProfile.keyBytes matches what the servers allocate', () => {
  test.each([
    // dictEntry with slot links 40 → 48, key sds 12 → 16, EMBSTR 23 → 32.
    [MemoryProfile.REDIS_7_0, 10, 3, false, 96],
    [MemoryProfile.REDIS_7_0, 34, 3, false, 128],
    // … and a 24-byte expires entry, 32 with quantum 16.
    [MemoryProfile.REDIS_7_0, 10, 3, true, 128],
    // A 100-byte value is its own sds: 104 → 112, plus the 16-byte object.
    [MemoryProfile.REDIS_7_0, 10, 100, false, 48 + 16 + 16 + 112],
    // Quantum 8: 40 + 16 + 24.
    [MemoryProfile.VALKEY_7_2, 10, 3, false, 80],
    [MemoryProfile.VALKEY_7_2, 10, 3, true, 104],
    // One object of 16 + 15 + 7 = 38 → 40, and a 16-byte entry in the slot's dict.
    [MemoryProfile.VALKEY_8_0, 10, 3, false, 56],
    // Too big to embed (16 + 15 + 34 > 64): object 31 → 32, value 34 → 40.
    [MemoryProfile.VALKEY_8_0, 10, 30, false, 16 + 32 + 40],
    [MemoryProfile.VALKEY_8_1, 10, 3, false, 40],
    [MemoryProfile.VALKEY_8_1, 10, 30, false, 64],
    [MemoryProfile.VALKEY_8_1, 40, 3, false, 72],
    // The expiry is 8 more bytes in the object: 46 → 48.
    [MemoryProfile.VALKEY_8_1, 10, 3, true, 48],
    [MemoryProfile.VALKEY_9_0, 10, 100, false, 32 + 112],
  ])('%s: a %p-byte key with a %p-byte string (TTL: %p) takes %p bytes', (profile, keyLength, valueLength, expires, bytes) => {
    expect(profile.keyBytes(shape(0, keyLength, string(valueLength), expires))).toBe(bytes);
  });

  test('an integer string is held in its object', () => {
    const counter = shape(0, 10, (key) => key.string(5, true));
    expect(MemoryProfile.REDIS_7_0.keyBytes(counter)).toBe(48 + 16 + 16);
    expect(MemoryProfile.VALKEY_8_1.keyBytes(counter)).toBe(32);
  });

  test('a listpack or intset is its blob, rounded to a size class', () => {
    const hash = shape(16, 10, (key) => key.blob(4007));
    expect(MemoryProfile.REDIS_7_0.keyBytes(hash)).toBe(48 + 16 + 16 + 4096);
    expect(MemoryProfile.VALKEY_8_1.keyBytes(hash)).toBe(32 + 4096);
  });

  test('a hash table hash: 40 fields of 14 bytes with 70-byte values', () => {
    const hash = shape(4, 10, (key) => {
      for (let i = 0; i < 40; i++) {
        key.string(14, false);
        key.string(70, false);
      }
    });
    // dict 64 + 64 buckets + 40 × (entry 32 + field 16 + value 80), measured 5696 beyond the key's 80 bytes.
    expect(MemoryProfile.REDIS_7_0.keyBytes(hash)).toBe(80 + 5696);
    expect(MemoryProfile.VALKEY_7_2.keyBytes(hash)).toBe(72 + 5368);
  });

  test('a skiplist sorted set of 200 members is within 0.5% of the measured 23062 bytes', () => {
    const zset = shape(5, 10, (key) => {
      for (let i = 0; i < 200; i++) key.string(8, false);
    });
    expect(MemoryProfile.REDIS_7_0.keyBytes(zset) - 80).toBeCloseTo(23_062, -2);
  });
});

describe('MemoryProfile.tableBytes', () => {
  const keys = new Array<number>(16384).fill(0);
  const expires = new Array<number>(16384).fill(0);
  keys[0] = 1;
  keys[1] = 7;
  expires[1] = 7;

  test('Redis OSS: one power-of-two bucket array per node for keys and one for expires', () => {
    expect(MemoryProfile.REDIS_7_0.tableBytes(keys, expires, [{ start: 0, end: 16383 }])).toBe(8 * 8 + 8 * 8);
  });

  test('Valkey 8.1: a table per slot, a 64-byte bucket per 6 entries', () => {
    // Slot 0: struct 96 + 1 bucket; slot 1: 7 keys need 2 buckets, and 7 expires as many.
    expect(MemoryProfile.VALKEY_8_1.tableBytes(keys, expires, [{ start: 0, end: 1 }])).toBeCloseTo(160 + 2 * (96 + 128), -2);
  });
});

describe('MemoryProfile.forEngine', () => {
  test.each([
    [EngineVersion.REDIS_6_2, 'redis-7.0'],
    [EngineVersion.REDIS_7_1, 'redis-7.0'],
    [EngineVersion.VALKEY_7_2, 'valkey-7.2'],
    [EngineVersion.VALKEY_8_0, 'valkey-8.0'],
    [EngineVersion.VALKEY_8_2, 'valkey-8.1'],
    [EngineVersion.VALKEY_9_0, 'valkey-9.0'],
    [EngineVersion.valkey('9.1'), 'valkey-9.0'],
  ])('%s is modelled by %s', (engine, id) => {
    expect(MemoryProfile.forEngine(engine).id).toBe(id);
  });
});
