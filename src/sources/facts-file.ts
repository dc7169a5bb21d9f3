import { readFileSync } from 'fs';
import { denseSlots, FACTS_FILE_VERSION, FileReportJson } from './facts-file-format';
import { baseName } from '../model/plan-file';
import { SLOT_COUNT } from '../model/slots';
import { FileReport } from '../rdb/report';
import { RdbFileFacts } from '../rules/facts';

const CHECKSUMS = ['ok', 'mismatch', 'disabled', 'absent', 'not-checked'];
const MAGICS = ['REDIS', 'VALKEY'];

/**
 * Reads the facts file that `cdk-elasticache-restore inspect --json` writes (`{ version, files: FileReport[] }`),
 * checks it field by field, and matches each report to one of `keys` (the S3 object keys it describes) by
 * file name: a report of another file, or an object without a report, is refused. The answer is in key
 * order; the preflight checks at deploy time that each object has its report's size.
 */
export function readFactsFile(path: string, keys: string[]): RdbFileFacts[] {
  const remedy = `write it again with: npx cdk-elasticache-restore inspect --json FILE.rdb… > ${path}`;
  const fail = (problem: string) => new Error(`factsFile ${path}: ${problem}; ${remedy}`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw fail(`cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw fail(`is not JSON (${(e as Error).message})`);
  }
  if (!isObject(parsed)) throw fail('its top level must be an object');
  if (parsed.version !== FACTS_FILE_VERSION) {
    throw fail(`"version" is ${JSON.stringify(parsed.version)}; this library reads version ${FACTS_FILE_VERSION}`);
  }
  if (!Array.isArray(parsed.files) || parsed.files.length === 0) throw fail('"files" must be a non-empty list of file reports');
  const reports = parsed.files.map((report, i) => {
    const problem = reportProblem(report);
    if (problem) throw fail(`"files[${i}]${problem.field}" ${problem.message}`);
    const json = report as FileReportJson;
    return { ...json, slots: denseSlots(json.slots, `factsFile ${path}: files[${i}].slots`) } as FileReport;
  });
  return matchToObjects(reports, keys, fail);
}

/** Each object's report, by file name (a report names a local path, an object an S3 key). */
function matchToObjects(reports: FileReport[], keys: string[], fail: (problem: string) => Error): RdbFileFacts[] {
  const unmatched = reports.filter((report) => !keys.some((key) => baseName(key) === baseName(report.file)));
  if (unmatched.length > 0) {
    throw fail(`it reports ${unmatched.map((report) => report.file).join(', ')}, which the source does not name (it names ${keys.join(', ')})`);
  }
  return keys.map((key) => {
    const matching = reports.filter((report) => baseName(report.file) === baseName(key));
    if (matching.length !== 1) {
      throw fail(matching.length === 0 ? `it has no report for ${key}` : `${matching.length} reports (${matching.map((r) => r.file).join(', ')}) could be ${key}`);
    }
    return { file: matching[0].file, report: matching[0] };
  });
}

/** The first field of a report that is not what `inspect --json` writes, and why. */
function reportProblem(report: unknown): { field: string; message: string } | undefined {
  if (!isObject(report)) return { field: '', message: 'must be a file report object' };
  const count = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 0;
  const checks: Array<[string, boolean, string]> = [
    ['.file', typeof report.file === 'string' && report.file !== '', 'must be the file name'],
    ['.bytes', count(report.bytes), 'must be a number of bytes'],
    ['.magic', report.magic === undefined || MAGICS.includes(report.magic as string), `must be one of ${MAGICS.join(', ')}`],
    ['.rdbVersion', report.rdbVersion === undefined || count(report.rdbVersion), 'must be a whole number'],
    ['.aux', isObject(report.aux) && Object.values(report.aux).every((value) => typeof value === 'string'), 'must map AUX field names to text'],
    ['.databases', Array.isArray(report.databases) && report.databases.every((db) => isObject(db) && count(db.db) && count(db.keys) && count(db.expires)),
      'must be a list of { db, keys, expires } counts'],
    ['.keys', count(report.keys), 'must be a number of keys'],
    ['.types', isObject(report.types) && Object.values(report.types).every(count), 'must map type names to key counts'],
    ['.modules', Array.isArray(report.modules) && report.modules.every((name) => typeof name === 'string'), 'must be a list of module type names'],
    ['.functions', count(report.functions), 'must be a number of function libraries'],
    ['.checksum', CHECKSUMS.includes(report.checksum as string), `must be one of ${CHECKSUMS.join(', ')}`],
    ['.complete', typeof report.complete === 'boolean', 'must be true or false'],
    // Sparse columns at the slots `slot` lists (checked as they are read), or the dense columns of earlier files.
    ['.slots', report.slots === undefined || (isObject(report.slots) && ('slot' in report.slots || [report.slots.keys, report.slots.bytes].every(
      (list) => Array.isArray(list) && list.length === SLOT_COUNT && list.every(count)))), `must list "slot" with its columns, or hold "keys" and "bytes", ${SLOT_COUNT} counts each`],
    ['.error', report.error === undefined || (isObject(report.error) && typeof report.error.message === 'string' && count(report.error.offset)),
      'must be { message, offset }'],
  ];
  const failed = checks.find(([, ok]) => !ok);
  return failed && { field: failed[0], message: `is ${describe(report[failed[0].slice(1)])}; it ${failed[2]}` };
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? 'missing';
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
