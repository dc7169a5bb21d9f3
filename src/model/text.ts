/** `a`, `a and b`, `a, b and c` (or another conjunction). */
export function listing(items: string[], conjunction: string = 'and'): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** `1 file`, `2 files` (or another plural form). */
export function plural(count: number, noun: string, nouns: string = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/**
 * Text from a file or a name made safe to show: control characters (C0, DEL, C1), line and
 * paragraph separators and bidirectional overrides as `\xNN` / `\u{NNNN}` escapes, so an AUX field
 * or a key can neither break a line of a log or message nor reorder what is shown.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}
