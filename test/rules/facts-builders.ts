import { FileReport } from '../../src/rdb/report';
import { Finding, RdbFileFacts, RestoreFacts, TargetFacts } from '../../src/rules';
import { RestoreRule, ruleContext } from '../../src/rules/rule';
import { report } from '../support/reports';

/** Facts about a restore into `target`, with whatever else the case needs. */
export function restore(target: TargetFacts, rest: Partial<Omit<RestoreFacts, 'target'>> = {}): RestoreFacts {
  return { subject: 'Test/Cache', target, ...rest };
}

/** An .rdb file fact named after its report. */
export function rdbFile(overrides: Partial<FileReport> = {}, rest: Partial<RdbFileFacts> = {}): RdbFileFacts {
  const scanned = report(overrides);
  return { file: scanned.file, report: scanned, ...rest };
}

/** Runs one rule, collecting its findings and its skip messages. */
export function run(rule: RestoreRule, facts: RestoreFacts): { findings: Finding[]; skipped: string[] } {
  const skipped: string[] = [];
  const findings = rule.check(facts, ruleContext(rule, facts.subject, (message) => skipped.push(message)));
  return { findings, skipped };
}

/** `rule: severity` of each finding, the shape most cases compare. */
export function severities(rule: RestoreRule, facts: RestoreFacts): string[] {
  return run(rule, facts).findings.map((finding) => `${finding.rule}: ${finding.severity}`);
}
