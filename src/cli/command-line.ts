import { parseArgs, ParseArgsConfig } from 'util';
import { UsageError } from './command';

type Options = NonNullable<ParseArgsConfig['options']>;
type StrictConfig<T extends Options> = { args: string[]; options: T; allowPositionals: true; strict: true };
/** What `util.parseArgs` returns for a command's options. */
export type CommandLine<T extends Options> = ReturnType<typeof parseArgs<StrictConfig<T>>>;

/**
 * A command's options and file arguments, as `util.parseArgs` reads them. An unknown option is a
 * usage error that names the closest valid one, so `--shard 3` says `did you mean --shards?`.
 */
export function parseCommandLine<const T extends Options>(args: string[], options: T): CommandLine<T> {
  try {
    return parseArgs<StrictConfig<T>>({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const unknown = /^Unknown option '(-{1,2}[^']+)'/.exec((error as Error).message)?.[1];
    if (unknown === undefined) {
      // Missing values and the like: parseArgs says them well.
      throw new UsageError((error as Error).message);
    }
    const suggestion = closest(unknown, Object.keys(options).map((name) => `--${name}`));
    throw new UsageError(`unknown option '${unknown}'${suggestion ? `; did you mean ${suggestion}?` : '.'}`);
  }
}

/** The candidate nearest to `input` by edit distance, when it is near enough to be a slip of the keyboard. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(input, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // A third of the name may be wrong: `--shard` finds `--shards`, `--json` does not find `--out`.
  return bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
