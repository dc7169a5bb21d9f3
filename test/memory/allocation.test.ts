import { allocationSize, powerOfTwoAtLeast, sdsAllocation, sdsHeaderSize } from '../../src/memory/allocation';

describe('allocationSize: jemalloc 5 size classes', () => {
  test.each([
    [1, 8], [8, 8], [9, 16], [16, 16], [17, 32], [33, 48], [48, 48], [49, 64], [65, 80], [113, 128], [128, 128],
    // Four classes per power of two above 128.
    [129, 160], [161, 192], [193, 224], [225, 256], [257, 320], [408, 448], [1207, 1280], [4007, 4096], [4097, 5120],
    // Large classes keep the same spacing.
    [16_385, 20_480], [2 ** 20 + 1, 2 ** 20 + 2 ** 18],
  ])('quantum 16: %p bytes take %p', (bytes, size) => {
    expect(allocationSize(bytes, 16)).toBe(size);
  });

  test.each([[17, 24], [24, 24], [25, 32], [33, 40], [41, 48], [57, 64], [65, 80], [129, 160]])('quantum 8: %p bytes take %p', (bytes, size) => {
    expect(allocationSize(bytes, 8)).toBe(size);
  });

  test('nothing takes nothing', () => {
    expect(allocationSize(0)).toBe(0);
  });

  test('every class is at least the request and the classes never shrink', () => {
    // One expect over the requests that break a rule, not two per request: 140,000 expects took 10 s.
    const broken: Array<{ bytes: number; size: number; previous: number }> = [];
    let previous = 0;
    for (let bytes = 1; bytes <= 70_000; bytes++) {
      const size = allocationSize(bytes, 16);
      if (size < bytes || size < previous) broken.push({ bytes, size, previous });
      previous = size;
    }
    expect(broken).toEqual([]);
  });
});

describe('sds strings', () => {
  test.each([
    [0, false, 3], [31, true, 1], [32, true, 3], [255, false, 3], [256, false, 5], [65_535, false, 5], [65_536, false, 9], [2 ** 32, false, 17],
  ])('a string of %p bytes (type 5 allowed: %p) has a %p-byte header', (length, allowType5, header) => {
    expect(sdsHeaderSize(length, allowType5)).toBe(header);
  });

  test('an allocation is header, bytes and NUL, rounded to the size class', () => {
    // 'k000000000' as Redis 7.0 loads a key: type 5, 1 + 10 + 1 = 12 → 16.
    expect(sdsAllocation(10, 16, true)).toBe(16);
    // A 100-byte value: type 8, 3 + 100 + 1 = 104 → 112.
    expect(sdsAllocation(100, 16)).toBe(112);
    // 3 + 30 + 1 = 34: 48 with quantum 16, 40 with quantum 8.
    expect(sdsAllocation(30, 16)).toBe(48);
    expect(sdsAllocation(30, 8)).toBe(40);
  });
});

test('bucket arrays are powers of two, at least 4', () => {
  expect([0, 1, 4, 5, 1000, 1024, 1025].map((count) => powerOfTwoAtLeast(count))).toEqual([4, 4, 4, 8, 1024, 1024, 2048]);
});
