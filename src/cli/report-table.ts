import { NotChecked, Verdict } from './verdict';
import { printable } from '../model/text';
import { formatBytes } from '../model/units';
import { FileReport } from '../rdb/report';


/** A file's report and its size on disk (undefined for stdin and pipes). */
export interface InspectedFile {
  readonly report: FileReport;
  readonly size?: number;
}

/** The human-readable output of `inspect`: one row per file, its details, then the verdict. */
export function renderInspection(inspected: InspectedFile[], verdict: Verdict, target: string | undefined): string {
  const files = inspected.map(({ report }) => report);
  const rows = inspected.map(({ report, size }) => [
    report.file,
    // A header-only or failed read shows what it read of the file.
    size === undefined || size === report.bytes ? formatBytes(report.bytes) : `${formatBytes(report.bytes)} of ${formatBytes(size)}`,
    report.magic ? `${report.magic} ${report.rdbVersion}` : '?',
    report.keys.toLocaleString('en-US'),
    report.databases.filter((db) => db.keys > 0).map((db) => `db${db.db}:${db.keys}`).join(' ') || '-',
    report.checksum,
    status(report),
  ]);
  const lines = table(['FILE', 'SIZE', 'FORMAT', 'KEYS', 'DATABASES', 'CHECKSUM', 'STATUS'], rows);
  for (const report of files) {
    lines.push('', ...details(report));
  }
  lines.push('');
  if (target) {
    lines.push(`Target: ${target}`);
  }
  lines.push(...renderVerdict(verdict, target !== undefined));
  return `${lines.join('\n')}\n`;
}

/**
 * The findings, the checks that did not run and what would let them, and one line that claims no
 * more than the checks that ran can tell.
 */
export function renderVerdict({ findings, notChecked }: Verdict, hasTarget: boolean): string[] {
  const lines = findings.length === 0
    ? []
    : table(['SEVERITY', 'RULE', 'MESSAGE'], findings.map((finding) => [finding.severity, finding.rule, printable(finding.message)]));
  if (!hasTarget) {
    return [...lines, 'No target given: only the files were checked. Give one (--engine, --cluster-mode, --shards, --node-type…) to check a restore.'];
  }
  if (notChecked.length > 0) {
    // Rules that need the same fact share one note: `rdb-version, modules (need the target engine: …)`.
    const note = (skip: NotChecked) => skip.needs ?? skip.reason;
    const notes = [...new Set(notChecked.map(note))].map((text) => {
      const rules = notChecked.filter((skip) => note(skip) === text);
      return `${rules.map((skip) => skip.rule).join(', ')} (${rules[0].needs ? `${rules.length === 1 ? 'needs' : 'need'} ${text}` : text})`;
    });
    lines.push(`Not checked: ${notes.join('; ')}.`);
  }
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  if (errors > 0) {
    lines.push(`Refused: ${errors} error finding${errors === 1 ? '' : 's'}; the restore would fail.`);
  } else if (notChecked.length > 0) {
    lines.push('No error findings from the checks that ran; with the checks above not run, the restore is not fully checked.');
  } else {
    lines.push('No error findings: ElastiCache can load these files into this target. The preflight checks S3 access, encryption and Region at deploy time.');
  }
  return lines;
}

function status(report: FileReport): string {
  if (report.error) {
    return 'UNREADABLE';
  }
  return report.complete ? 'complete' : 'header only';
}

function details(report: FileReport): string[] {
  const lines = [`${report.file}:`];
  // AUX values are the file's text: a control character in one must not reach the terminal.
  const server = report.aux['valkey-ver'] ? `Valkey ${printable(report.aux['valkey-ver'])}` : report.aux['redis-ver'] ? `Redis ${printable(report.aux['redis-ver'])}` : undefined;
  if (server) {
    lines.push(`  written by   ${server}${report.aux['used-mem'] ? `, used-mem ${formatBytes(Number(report.aux['used-mem']))}` : ''}`);
  }
  const types = Object.entries(report.types).map(([name, count]) => `${name} ${count.toLocaleString('en-US')}`).join(', ');
  if (types) {
    lines.push(`  types        ${types}`);
  }
  const expires = report.databases.reduce((sum, db) => sum + db.expires, 0);
  if (expires > 0) {
    lines.push(`  with a TTL   ${expires.toLocaleString('en-US')}`);
  }
  if (report.modules.length > 0) {
    lines.push(`  modules      ${report.modules.join(', ')}`);
  }
  if (report.functions > 0) {
    lines.push(`  functions    ${report.functions} libraries`);
  }
  if (report.slots) {
    const used = report.slots.keys.filter((keys) => keys > 0).length;
    lines.push(`  slots        ${used.toLocaleString('en-US')} of 16384 hold keys; fullest: ${fullestSlot(report)}`);
  }
  if (report.error) {
    lines.push(`  ERROR        at byte ${report.error.offset}: ${printable(report.error.message)}`);
  }
  return lines;
}

function fullestSlot(report: FileReport): string {
  const bytes = report.slots!.bytes;
  const slot = bytes.reduce((best, value, index) => (value > bytes[best] ? index : best), 0);
  const keys = report.slots!.keys[slot];
  return `slot ${slot} (${formatBytes(bytes[slot])}, ${keys.toLocaleString('en-US')} key${keys === 1 ? '' : 's'})`;
}

/** Left-aligned columns; the last column is not padded. */
function table(header: string[], rows: string[][]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => row[column].length)));
  return all.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  '));
}
