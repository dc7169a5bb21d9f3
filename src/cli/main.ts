#!/usr/bin/env node
import { CliIo, Command, ExitCode, UsageError } from './command';
import { inspectCommand } from './inspect';
import { planCommand } from './plan';

/** The subcommands; a new one only needs its own file and a line here. */
const COMMANDS: readonly Command[] = [inspectCommand, planCommand];

const PROGRAM = 'cdk-elasticache-restore';

function overview(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    `Usage: ${PROGRAM} COMMAND [options]`,
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
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr.write(`${PROGRAM}: unknown command '${name}'\n\n${overview()}`);
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

if (require.main === module) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`${PROGRAM}: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = ExitCode.INTERNAL;
    },
  );
}
