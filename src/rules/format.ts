const GIB = 2 ** 30;

/** Bytes as GiB with two decimals, e.g. `9.80 GiB`. */
export function gib(bytes: number): string {
  return `${(bytes / GIB).toFixed(2)} GiB`;
}

/** `a`, `a and b`, `a, b and c` (or another conjunction). */
export function listing(items: string[], conjunction: string = 'and'): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** `1 file`, `2 files` (or another plural form). */
export function plural(count: number, noun: string, nouns: string = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
