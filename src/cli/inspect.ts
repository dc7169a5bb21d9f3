import { CliIo, Command, ExitCode, UsageError } from './command';
import { parseCommandLine } from './command-line';
import { renderInspection } from './report-table';
import { fileSize, scanFile, STDIN } from './scan-file';
import { describeTarget, TARGET_HELP, TARGET_OPTIONS, targetFromOptions } from './target-options';
import { judge } from './verdict';
import { MemoryProfile } from '../memory/memory-profile';
import { FileReport } from '../rdb';
import { FACTS_FILE_VERSION, toFileReportJson } from '../sources/facts-file-format';


const HELP = `Usage: cdk-elasticache-restore inspect FILE|- [FILE…] [options]

Reads .rdb files (- for stdin) to the end: header, AUX fields, databases, key types, the
CRC64 checksum and the cluster slot of every key. With a target, checks that ElastiCache can
restore them into it.

Options:
  --json                         print the facts file RdbSource reads, on one line:
                                 { "version": ${FACTS_FILE_VERSION}, "files", "findings", "notChecked" (with a target) }
  --header-only                  read only the first 64 KiB of each file (no checksum, no slots)
  -h, --help                     show this help

${TARGET_HELP}

Exit codes: 0 readable (and compatible with the target), 1 at least one error finding,
2 a file that cannot be read or is corrupt, 64 a usage error.
`;

/** `cdk-elasticache-restore inspect`. */
export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'read .rdb files and check them against a target group',
  help: HELP,
  run: inspect,
};

async function inspect(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine(args, {
    'json': { type: 'boolean' },
    'header-only': { type: 'boolean' },
    ...TARGET_OPTIONS,
  });
  if (positionals.length === 0) {
    throw new UsageError('give at least one .rdb file, or - for stdin.');
  }
  if (positionals.filter((file) => file === STDIN).length > 1) {
    throw new UsageError('stdin (-) can be read only once.');
  }
  const target = targetFromOptions(values);

  const files: FileReport[] = [];
  for (const file of positionals) {
    // The memory check estimates for the target's engine; without one, for the newest Valkey.
    const memoryProfiles = target?.engineVersion ? [MemoryProfile.forEngine(target.engineVersion)] : undefined;
    files.push(await scanFile(file, io, { headerOnly: values['header-only'], memoryProfiles }));
  }
  const { findings, notChecked } = judge(files, target ?? {}, target ? describeTarget(target) : 'inspect');

  io.stdout.write(values.json
    // Without a target nothing was checked against one: no notChecked list.
    ? `${terminalSafeJson({ version: FACTS_FILE_VERSION, files: files.map(toFileReportJson), findings, ...(target && { notChecked }) })}\n`
    : renderInspection(files.map((report) => ({ report, size: fileSize(report.file) })), { findings, notChecked }, target && describeTarget(target)));
  if (files.some((report) => report.error)) {
    return ExitCode.UNREADABLE;
  }
  return findings.some((finding) => finding.severity === 'error') ? ExitCode.FINDINGS : ExitCode.OK;
}

/**
 * JSON whose text holds no C1 control character (JSON.stringify escapes only those below 0x20):
 * a corrupt header's bytes must not reach a terminal that `--json` is printed to. Parses the same.
 */
function terminalSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
