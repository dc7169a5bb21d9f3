/** Where a command reads and writes; the real process's streams, or buffers in tests. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: TextSink;
  /** The bytes of `-` given as a file. */
  readonly stdin: AsyncIterable<Uint8Array>;
}

/** A stream to write text to; `isTTY` and `columns` are set for a terminal. */
export interface TextSink {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

/** The exit codes of DESIGN.md § The command line. */
export const ExitCode = {
  /** Readable, and compatible with the target (or no target given). */
  OK: 0,
  /** At least one error finding. */
  FINDINGS: 1,
  /** A file that cannot be read or is corrupt. */
  UNREADABLE: 2,
  /** The command line itself is wrong (sysexits EX_USAGE). */
  USAGE: 64,
  /** A bug in the command itself, not in its input (sysexits EX_SOFTWARE). */
  INTERNAL: 70,
} as const;

/** A mistake in the command line: printed with the command's usage, exit code 64. */
export class UsageError extends Error {}

/** A subcommand of `cdk-elasticache-restore`. */
export interface Command {
  /** What follows the program name, e.g. `inspect`. */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The full `--help` text. */
  readonly help: string;
  /** Runs with the arguments after the command name; resolves to the exit code. Throws `UsageError` for a bad command line. */
  run(args: string[], io: CliIo): Promise<number>;
}
