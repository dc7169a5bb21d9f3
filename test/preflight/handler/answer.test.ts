import { frameworkSuccess } from './handler-harness';
import { clip, logLine, MAX_ANSWER_BYTES, refusalReason, warningsAttribute } from '../../../src/preflight/handler/answer';
import { Finding } from '../../../src/rules/facts';

const jsonBytes = (text: string) => Buffer.byteLength(JSON.stringify(text));

describe('clip', () => {
  test('counts bytes as CloudFormation receives them (UTF-8, JSON-escaped), not characters', () => {
    expect(clip('ab', 2)).toBe('ab');
    expect(clip('üüüü', 5)).toBe('ü…'); // 2 bytes each; the ellipsis takes 3
    expect(clip('"""', 4)).toBe('…'); // 2 bytes each, escaped
  });

  test('never cuts a character in two', () => {
    const clipped = clip('😀'.repeat(10), 13);
    expect(clipped).toBe('😀😀…');
    expect(clipped).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe('refusalReason', () => {
  const error = (rule: string, file: string | undefined, message: string): Finding => ({ rule, severity: 'error', file, message });

  test('one line per rule: the count, the first files and the first message', () => {
    const findings = [
      ...['a', 'b', 'c', 'd', 'e'].map((name) => error('s3-access', `s3://seeds/${name}.rdb`, `s3://seeds/${name}.rdb does not exist.`)),
      error('memory-fit', undefined, 'the fullest shard needs 9.80 GiB.'),
    ];
    expect(refusalReason('Stack/Cache', findings)).toBe([
      'ElastiCache restore refused for Stack/Cache: 6 errors (each one is in the function\'s log)',
      '[s3-access] 5 findings (s3://seeds/a.rdb, s3://seeds/b.rdb, s3://seeds/c.rdb and 2 more), the first: s3://seeds/a.rdb does not exist.',
      '[memory-fit] the fullest shard needs 9.80 GiB.',
    ].join('\n'));
  });

  test('stays within the budget however many and however long the findings, and every rule keeps its line', () => {
    const long = 'ü'.repeat(2_000);
    const findings = Array.from({ length: 19 }, (_, rule) => Array.from({ length: 30 }, (__, i) => error(`rule-${rule}`, `s3://seeds/${long}${i}`, `${long} broken`))).flat();
    const reason = refusalReason('Stack', findings);
    expect(jsonBytes(reason)).toBeLessThanOrEqual(MAX_ANSWER_BYTES + 2);
    expect(reason.split('\n').slice(1).map((line) => /^\[(rule-\d+)\]/.exec(line)?.[1])).toEqual(Array.from({ length: 19 }, (_, rule) => `rule-${rule}`));
  });

  test('escapes control characters from file names and messages; only its own line breaks remain', () => {
    const reason = refusalReason('Stack', [error('rdb-version', 's3://seeds/a\nb.rdb', 'written by Redis 7\u001b[31m\r\n')]);
    expect(reason).toContain('written by Redis 7\\x1b[31m\\x0d\\x0a');
    expect(reason.split('\n')).toHaveLength(2);
  });
});

describe('warningsAttribute', () => {
  test('empty without warnings; a bounded summary with them', () => {
    expect(warningsAttribute([])).toBe('');
    const warnings = Array.from({ length: 40 }, (_, i): Finding => ({ rule: 'single-database', severity: 'warning', file: `s3://b/${'к'.repeat(500)}${i}`, message: `${'к'.repeat(500)} has 2 databases.` }));
    const attribute = warningsAttribute(warnings);
    expect(attribute).toMatch(/^40 warnings \(each one is in the function's log\)\n\[single-database\] 40 findings \(s3:\/\/b\/к+…, s3:\/\/b\/к+…, s3:\/\/b\/к+… and 37 more\), the first: к+/);
    expect(jsonBytes(attribute)).toBeLessThanOrEqual(MAX_ANSWER_BYTES + 2);
    // As the Provider framework answers CloudFormation for a check that passed.
    expect(Buffer.byteLength(frameworkSuccess(attribute))).toBeLessThan(4_096);
  });
});

test('logLine has everything, on one line', () => {
  expect(logLine({ rule: 's3-access', severity: 'error', file: 's3://b/k\u0007', message: 'gone\nreally' })).toBe('error [s3-access] s3://b/k\\x07: gone\\x0areally');
});
