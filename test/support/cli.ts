import { main } from '../../src/cli/main';

/** What one run of the command line gave. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of a captured run: what stdin holds, and what kind of terminal stderr is. */
export interface CliRunOptions {
  readonly stdin?: Buffer;
  readonly tty?: boolean;
  readonly columns?: number;
}

/** Runs the command line in process with captured output (stderr a 100-column non-terminal unless told). */
export async function runCli(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.tty, columns: 'columns' in options ? options.columns : 100 },
    stdin: (async function* () {
      if (options.stdin) yield options.stdin;
    })(),
  });
  return { code, stdout, stderr };
}
