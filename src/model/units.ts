/** Bytes in a kibibyte, mebibyte, gibibyte and tebibyte: ElastiCache, S3 and the CLI all count in powers of 1024. */
export const KIB = 2 ** 10;
export const MIB = 2 ** 20;
export const GIB = 2 ** 30;
export const TIB = 2 ** 40;

/** Bytes in the unit that fits, e.g. `1.5 MiB`, `832 B`: for sizes of any scale (files, slots, progress). */
export function formatBytes(bytes: number): string {
  const units: Array<[string, number]> = [['TiB', TIB], ['GiB', GIB], ['MiB', MIB], ['KiB', KIB]];
  const [unit, size] = units.find(([, unitBytes]) => bytes >= unitBytes) ?? ['B', 1];
  return size === 1 ? `${bytes} B` : `${(bytes / size).toFixed(1)} ${unit}`;
}

/** Bytes as GiB with two decimals, e.g. `9.80 GiB`: node memory and what must fit in it, always on one scale. */
export function gib(bytes: number): string {
  return `${(bytes / GIB).toFixed(2)} GiB`;
}
