import { Finding, RdbFileFacts, RestoreFacts } from './facts';
import { FileReport } from '../rdb/report';

/** How serious a finding is: an error stops the restore, a warning asks for attention. */
export type Severity = Finding['severity'];

/**
 * One restore rule: a check over the facts plus what the README table says about it.
 */
export interface RestoreRule {
  /** The stable id (DESIGN.md § Rules), used in findings, annotations and warning acknowledgements. */
  readonly id: string;
  /** The severity of its main finding (a rule may also warn about a milder case). */
  readonly severity: Severity;
  /** When it fires, in one line. */
  readonly refuses: string;
  /** How to fix what it refuses, in one line. */
  readonly fix: string;
  /** The findings for these facts; calls `context.skip` for every check an unknown fact prevents. */
  check(facts: RestoreFacts, context: RuleContext): Finding[];
}

/** What a rule reports through. */
export interface RuleContext {
  /** A finding that stops the restore. */
  error(message: string, file?: string): Finding;
  /** A finding that asks for attention. */
  warning(message: string, file?: string): Finding;
  /** Says that a check could not run because a fact is unknown; returns no findings, for `return context.skip(…)`. */
  skip(reason: string): Finding[];
}

/** The context of one rule: findings carry its id, skips go to `debug`. */
export function ruleContext(rule: RestoreRule, subject: string, debug?: (message: string) => void): RuleContext {
  const finding = (severity: Severity, message: string, file?: string): Finding =>
    (file === undefined ? { rule: rule.id, severity, message } : { rule: rule.id, severity, message, file });
  return {
    error: (message, file) => finding('error', message, file),
    warning: (message, file) => finding('warning', message, file),
    skip: (reason) => {
      debug?.(`[${rule.id}] ${subject}: skipped: ${reason}`);
      return [];
    },
  };
}

/** The `.rdb` files that were scanned; each one that was not is skipped through the context. */
export function scannedFiles(rdbFiles: RdbFileFacts[] | undefined, context: RuleContext): Array<{ file: string; report: FileReport }> {
  return (rdbFiles ?? []).flatMap(({ file, report }) => {
    if (report) return [{ file, report }];
    context.skip(`${file} not scanned`);
    return [];
  });
}
