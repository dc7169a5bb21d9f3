/**
 * What tests need from outside the project, and the one policy for when it is missing: skip with a
 * message locally, fail under `CI=true` (CI provides everything, so missing there is a broken setup).
 *
 * - the conformance corpus of real `.rdb` files: `$RDB_CORPUS`, default `../shared/fixtures/rdb`
 *   beside the project (read in place, never copied in);
 * - the real servers: Debian's `redis-server` (`$REDIS_SERVER`), and the other Redis and Valkey
 *   builds in `$RDB_SERVERS`, default `../shared/servers` beside the project.
 *
 * ```ts
 * describeWith([RDB_CORPUS, sharedServer('valkey-server-9.0')], 'my feature', () => {
 *   test('…', () => { fs.readFileSync(RDB_CORPUS.file('encodings.rdb')); });
 * });
 * ```
 */
import * as fs from 'fs';
import * as path from 'path';

/** The directory that holds the project, where `shared/` sits beside it. */
const BESIDE_PROJECT = path.resolve(__dirname, '../../..');

/** Something outside the project that a test reads or runs. */
export class Requirement {
  public constructor(
    /** What it is, for the skip message. */
    public readonly description: string,
    /** Where it is looked for. */
    public readonly location: string,
    /** How to provide it. */
    public readonly remedy: string,
  ) {}

  /** Whether it is there. */
  public get present(): boolean {
    return fs.existsSync(this.location);
  }

  /** A file inside it (for a directory). */
  public file(name: string): string {
    return path.join(this.location, name);
  }
}

/** The conformance corpus: real `.rdb` files from many Redis versions and their `expected.json`. */
export const RDB_CORPUS = new Requirement(
  'the RDB corpus',
  process.env.RDB_CORPUS ?? path.join(BESIDE_PROJECT, 'shared/fixtures/rdb'),
  'set RDB_CORPUS to the directory of shared/fixtures/rdb',
);

/** Debian's `redis-server` (7.0), the tests' default writer and oracle. */
export const DEBIAN_REDIS_SERVER = new Requirement(
  'redis-server',
  process.env.REDIS_SERVER ?? '/usr/bin/redis-server',
  'apt-get install redis-server, or set REDIS_SERVER',
);

/** The `redis-check-rdb` beside it, the oracle of whether a file is sound. */
export const DEBIAN_REDIS_CHECK_RDB = new Requirement(
  'redis-check-rdb',
  path.join(path.dirname(DEBIAN_REDIS_SERVER.location), 'redis-check-rdb'),
  'apt-get install redis-server (it ships redis-check-rdb beside redis-server)',
);

/** A server binary from `$RDB_SERVERS`, e.g. `redis-server-7.4` or `valkey-server-9.0`. */
export function sharedServer(binary: string): Requirement {
  const directory = process.env.RDB_SERVERS ?? path.join(BESIDE_PROJECT, 'shared/servers');
  return new Requirement(binary, path.join(directory, binary), 'set RDB_SERVERS to the directory of shared/servers');
}

/**
 * `describe` for tests that need `requirements`: skipped with a message when one is missing, and
 * failed instead when `CI=true`. The body may read them while it declares its tests.
 */
export function describeWith(requirements: Requirement[], name: string, body: () => void): void {
  const missing = requirements.filter((requirement) => !requirement.present);
  if (missing.length === 0) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      test.each(missing.map((requirement) => [requirement.description, requirement] as const))('%s is present', (_, requirement) => {
        throw new Error(`${requirement.description} is missing at ${requirement.location}: ${requirement.remedy}.`);
      });
    });
  } else {
    const what = missing.map((requirement) => `${requirement.description} (not at ${requirement.location}; ${requirement.remedy})`);
    // eslint-disable-next-line no-console
    console.warn(`Skipping '${name}': missing ${what.join(', ')}.`);
    // Not even collected: collecting may read what is missing.
    describe(name, () => test.skip(`needs ${missing.map((requirement) => requirement.description).join(', ')}`, () => undefined));
  }
}
