import { FileReport } from '../rdb/report';
import { Finding } from '../rules/facts';
import { printable } from '../rules/format';

/** `1.5 MiB`, `832 B`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** The human-readable output of `inspect`: one row per file, its details, then the findings. */
export function renderInspection(files: FileReport[], findings: Finding[], target: string | undefined): string {
  const rows = files.map((report) => [
    report.file,
    formatBytes(report.bytes),
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
  if (findings.length === 0) {
    lines.push(target ? 'No findings: the restore should succeed.' : 'No findings. Give a target (--engine, --node-type, --shards…) to check a restore.');
  } else {
    lines.push(...table(['SEVERITY', 'RULE', 'MESSAGE'], findings.map((finding) => [finding.severity, finding.rule, finding.message])));
  }
  return `${lines.join('\n')}\n`;
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
    lines.push(`  ERROR        at byte ${report.error.offset}: ${report.error.message}`);
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
