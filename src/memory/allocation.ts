/* eslint-disable no-bitwise -- size classes are powers of two */
/**
 * What the allocator really takes for a request: jemalloc 5 size classes, and the sizes of the
 * servers' sds strings and hash table bucket arrays, whose rounding is most of the gap between
 * a value's bytes and its memory.
 */

/**
 * The jemalloc size class a request of `bytes` gets (what `used_memory` counts). `quantum` is the
 * spacing of the small classes: 16 by default (8, 16, 32, 48 … 128), 8 where the server's
 * jemalloc is built with `--with-lg-quantum=3` (Redis 7.2 and every Valkey: 8, 16, 24 … 64, 80 …).
 * Above 128 bytes every power of two is split into 4 classes, for small and large allocations alike.
 */
export function allocationSize(bytes: number, quantum: 8 | 16 = 16): number {
  if (bytes < TABULATED && bytes >= 0) return quantum === 16 ? CLASSES_16[bytes] : CLASSES_8[bytes];
  return computeAllocationSize(bytes, quantum);
}

function computeAllocationSize(bytes: number, quantum: 8 | 16): number {
  if (bytes <= 8) return bytes <= 0 ? 0 : 8;
  if (bytes <= 128) {
    const step = bytes <= 64 ? quantum : 16;
    return Math.ceil(bytes / step) * step;
  }
  // Four classes between 2^(k-1) and 2^k: a step of 2^(k-3).
  const k = bytes <= 2 ** 31 ? 32 - Math.clz32(bytes - 1) : Math.ceil(Math.log2(bytes));
  const step = 2 ** (k - 3);
  return Math.ceil(bytes / step) * step;
}

/** Requests below this are looked up: nearly all of them are. */
const TABULATED = 4096;
const CLASSES_16 = Uint16Array.from({ length: TABULATED }, (_, bytes) => computeAllocationSize(bytes, 16));
const CLASSES_8 = Uint16Array.from({ length: TABULATED }, (_, bytes) => computeAllocationSize(bytes, 8));

/**
 * The header of an sds string of `length` bytes (sds.h): type 5 (1 byte, strings created from
 * other strings shorter than 32), 8, 16, 32 or 64, by the length it must hold.
 */
export function sdsHeaderSize(length: number, allowType5 = false): number {
  if (allowType5 && length < 32) return 1;
  if (length < 2 ** 8) return 3;
  if (length < 2 ** 16) return 5;
  if (length < 2 ** 32) return 9;
  return 17;
}

/** An sds string of `length` bytes as allocated: header, bytes and the trailing NUL, rounded to a size class. */
export function sdsAllocation(length: number, quantum: 8 | 16, allowType5 = false): number {
  return allocationSize(sdsHeaderSize(length, allowType5) + length + 1, quantum);
}

/** The smallest power of two at least `count` and at least `minimum`: the bucket count of a dict holding `count` entries. */
export function powerOfTwoAtLeast(count: number, minimum = 4): number {
  let size = minimum;
  while (size < count) size *= 2;
  return size;
}
