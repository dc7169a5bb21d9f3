#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { CliIo, Command, ExitCode, UsageError } from './command';
import { closest } from './command-line';
import { inspectCommand } from './inspect';
import { planCommand } from './plan';

/** The subcommands; a new one only needs its own file and a line here. */
const COMMANDS: readonly Command[] = [inspectCommand, planCommand];

const PROGRAM = 'cdk-elasticache-restore';

function overview(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    `Usage: ${PROGRAM} COMMAND [options]`,
    `       ${PROGRAM} --version`,
    '',
    'Checks ElastiCache (Redis OSS / Valkey) restores before anything is created.',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    `Run '${PROGRAM} COMMAND --help' for a command's options.`,
    '',
  ].join('\n');
}

/** Runs the command line `args` (without node and the script); resolves to the exit code. */
export async function main(args: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(overview());
    return name === undefined ? ExitCode.USAGE : ExitCode.OK;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${PROGRAM} ${version()}\n`);
    return ExitCode.OK;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    const suggestion = closest(name, COMMANDS.map((candidate) => candidate.name));
    io.stderr.write(`${PROGRAM}: unknown command '${name}'${suggestion ? `; did you mean '${suggestion}'?` : ''}\n\n${overview()}`);
    return ExitCode.USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.help);
    return ExitCode.OK;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${PROGRAM} ${command.name}: ${error.message}\nRun '${PROGRAM} ${command.name} --help' for its options.\n`);
      return ExitCode.USAGE;
    }
    throw error;
  }
}

/** The package's version, from the package.json beside `lib/` (and `src/`). */
function version(): string {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
}

/**
 * Exits once stdout has taken everything written: stdin whose writer stays open would keep the
 * event loop alive after the scan has read the RDB to its end.
 */
function exit(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

if (require.main === module) {
  // A reader that stops early (`| head`) has all it wanted: stop quietly, as `cat` does.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(ExitCode.OK);
    // Output that cannot be written (a full disk) fails like a file that cannot be read.
    process.stderr.write(`${PROGRAM}: cannot write the output: ${error.message}\n`);
    process.exit(ExitCode.UNREADABLE);
  });
  // Progress and errors are best effort: a closed stderr must not turn into a crash.
  process.stderr.on('error', () => undefined);
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }).then(exit, (error) => {
    process.stderr.write(`${PROGRAM}: ${error instanceof Error ? error.stack : String(error)}\n`);
    exit(ExitCode.INTERNAL);
  });
}
