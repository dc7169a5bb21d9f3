import { formatBytes, GIB, gib, KIB, MIB, TIB } from '../../src/model/units';

describe('units', () => {
  test.each([
    [0, '0 B'],
    [832, '832 B'],
    [KIB, '1.0 KiB'],
    [MIB - 1, '1024.0 KiB'],
    [1.5 * MIB, '1.5 MiB'],
    [10 * GIB, '10.0 GiB'],
    [3 * TIB, '3.0 TiB'],
    [2048 * TIB, '2048.0 TiB'],
  ])('formatBytes(%d) is %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  test('gib keeps node memory on one scale with two decimals', () => {
    expect(gib(9.8 * GIB)).toBe('9.80 GiB');
    expect(gib(MIB)).toBe('0.00 GiB');
  });
});
