import * as fc from 'fast-check';
import { lzfCompress } from './rdb-builder';
import { crc64, Crc64, keySlot, KeySlotHasher } from '../../src/rdb';
import { crc16 } from '../../src/rdb/key-slot';
import { ByteSink, LzfStream } from '../../src/rdb/lzf';

const text = (value: string) => Buffer.from(value, 'latin1');

describe('crc64', () => {
  test('has the Jones check value', () => {
    expect(crc64(text('123456789'))).toBe('e9c6d914c4b8d9ca');
  });

  test('is the same however the bytes are split', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(200), (data, cut) => {
      const at = Math.min(cut, data.length);
      expect(new Crc64().update(data, 0, at).update(data, at).toHex()).toBe(crc64(data));
    }));
  });
});

describe('keySlot', () => {
  test.each([
    ['foo', 12182],
    ['{user1000}.following', 3443],
    ['{user1000}.followers', 3443],
    ['foo{bar}{zap}', keySlot(text('bar'))],
    ['foo{}{bar}', crc16(text('foo{}{bar}')) % 16384],
    ['foo{{bar}}zap', keySlot(text('{bar'))],
    ['{', crc16(text('{')) % 16384],
  ])('%s is in slot %d', (key, slot) => {
    expect(keySlot(text(key))).toBe(slot);
  });

  test('CRC16 has the XMODEM check value', () => {
    expect(crc16(text('123456789'))).toBe(0x31c3);
  });

  test('the streaming hasher agrees with keySlot however the key is split', () => {
    const keyChars = fc.constantFrom(...'ab{}x'.split(''));
    fc.assert(fc.property(fc.array(keyChars, { maxLength: 30 }), fc.array(fc.nat(30), { maxLength: 4 }), (chars, cuts) => {
      const key = text(chars.join(''));
      const hasher = new KeySlotHasher();
      hasher.reset();
      let start = 0;
      for (const cut of [...cuts.map((c) => Math.min(c, key.length))].sort((a, b) => a - b)) {
        hasher.update(key, start, Math.max(start, cut));
        start = Math.max(start, cut);
      }
      hasher.update(key, start, key.length);
      expect(hasher.slot()).toBe(keySlot(key));
    }));
  });
});

describe('LzfStream', () => {
  function decompress(compressed: Uint8Array, expected: number, chunk = 3): { output: number[]; problem?: string } {
    const output: number[] = [];
    const sink: ByteSink = { updateByte: (byte) => output.push(byte) };
    const lzf = new LzfStream();
    lzf.reset(expected, sink);
    for (let i = 0; i < compressed.length; i += chunk) {
      const problem = lzf.update(compressed, i, Math.min(i + chunk, compressed.length));
      if (problem) return { output, problem };
    }
    return { output, problem: lzf.finish() };
  }

  test('decompresses literals and back-references in any chunking', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(0, 1, 2, 97), { maxLength: 3000 }), fc.integer({ min: 1, max: 40 }), (data, chunk) => {
      const result = decompress(lzfCompress(Buffer.from(data)), data.length, chunk);
      expect(result.problem).toBeUndefined();
      expect(result.output).toEqual(data);
    }));
  });

  test('refuses a back-reference before the start', () => {
    expect(decompress(Buffer.from([0x20, 0x05]), 3).problem).toMatch(/before the start/);
  });

  test('refuses data longer or shorter than stated', () => {
    expect(decompress(lzfCompress('abcdef'), 4).problem).toMatch(/more than its stated length/);
    expect(decompress(lzfCompress('abcdef'), 10).problem).toMatch(/decompresses to 6 bytes, not the stated 10/);
  });

  test('refuses data cut inside an instruction', () => {
    expect(decompress(Buffer.from([0x00, 0x61, 0xe0]), 1).problem).toMatch(/middle of an instruction/);
  });
});
