import { plural, printable } from '../../model/text';
import { Finding } from '../../rules/facts';

/**
 * The most bytes (UTF-8, JSON-escaped) of findings the preflight sends CloudFormation. Its limit is
 * 4,096 bytes for the whole response object ("Response object is too long"), which also carries
 * the stack, request and resource ids and the provider framework's `Logs:` line; the function's
 * log has everything.
 */
export const MAX_ANSWER_BYTES = 2_500;

/** Files named for each rule; the rest are counted. */
const FILES_NAMED = 3;
/** Bytes of a file name shown in the summary: a long key must not crowd out the other rules. */
const FILE_NAME_BYTES = 120;
const ELLIPSIS = '…';

/** A finding as a log line: all of it, with text from files made printable. */
export function logLine(finding: Finding): string {
  return printable(`${finding.severity} [${finding.rule}]${finding.file ? ` ${finding.file}:` : ''} ${finding.message}`);
}

/**
 * Why CloudFormation refuses the restore: the errors by rule (count, first files, first message),
 * within `MAX_ANSWER_BYTES`.
 */
export function refusalReason(subject: string, errors: Finding[]): string {
  const heading = `ElastiCache restore refused for ${clip(printable(subject), FILE_NAME_BYTES)}: ${plural(errors.length, 'error')}`
    + ' (each one is in the function\'s log)';
  return summary(heading, errors);
}

/** The `Warnings` attribute of a check that passed: the same summary, empty without warnings. */
export function warningsAttribute(warnings: Finding[]): string {
  return warnings.length === 0 ? '' : summary(`${plural(warnings.length, 'warning')} (each one is in the function's log)`, warnings);
}

function summary(heading: string, findings: Finding[]): string {
  const byRule = new Map<string, Finding[]>();
  findings.forEach((finding) => byRule.set(finding.rule, [...(byRule.get(finding.rule) ?? []), finding]));
  // Every rule gets its share, so one long message cannot hide the others.
  const share = Math.floor((MAX_ANSWER_BYTES - jsonBytes(heading)) / Math.max(1, byRule.size)) - jsonBytes('\n');
  const lines = [...byRule].map(([rule, ruleFindings]) => clip(ruleLine(rule, ruleFindings), share));
  return clip([heading, ...lines].join('\n'), MAX_ANSWER_BYTES);
}

/** `[rule] 5 findings (s3://a, s3://b, s3://c and 2 more): first message`. */
function ruleLine(rule: string, findings: Finding[]): string {
  const files = [...new Set(findings.flatMap(({ file }) => (file === undefined ? [] : [file])))];
  const named = files.slice(0, FILES_NAMED).map((file) => clip(printable(file), FILE_NAME_BYTES));
  const more = files.length > FILES_NAMED ? ` and ${files.length - FILES_NAMED} more` : '';
  const count = findings.length > 1 ? ` ${findings.length} findings${named.length > 0 ? ` (${named.join(', ')}${more})` : ''}, the first:` : '';
  return `[${rule}]${count} ${printable(findings[0].message)}`;
}

/** `text` cut to at most `maxBytes` bytes of JSON-escaped UTF-8, never inside a character. */
export function clip(text: string, maxBytes: number): string {
  if (jsonBytes(text) <= maxBytes) return text;
  let kept = '';
  let used = jsonBytes(ELLIPSIS);
  for (const character of text) {
    used += jsonBytes(character);
    if (used > maxBytes) break;
    kept += character;
  }
  return kept + ELLIPSIS;
}

/** Bytes of `text` inside a JSON string, as CloudFormation receives it. */
function jsonBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text)) - 2;
}
