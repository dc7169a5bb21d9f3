import { FileReport } from '../rdb';
import { evaluateRules, Finding, TargetFacts } from '../rules';

/** A check that did not run for want of a fact. */
export interface NotChecked {
  /** The rule id. */
  readonly rule: string;
  /** Why it did not run, as the rule says it. */
  readonly reason: string;
  /** The fact that lets it run and the flags that give it, e.g. `the target engine: --engine and --engine-version`; absent when no flag can. */
  readonly needs?: string;
}

/** What the rules say about restoring the files into the target. */
export interface Verdict {
  readonly findings: Finding[];
  /** Checks that did not run; empty when every check that concerns the files and the target ran. */
  readonly notChecked: NotChecked[];
}

/** Which flags supply the fact a rule's skip names. */
const FLAG_FOR_SKIP: ReadonlyArray<readonly [RegExp, string]> = [
  [/target engine/, 'the target engine: --engine and --engine-version'],
  [/target cluster mode unknown/, 'the cluster mode: --cluster-mode or --shards'],
  [/target node type unknown/, 'the node type: --node-type'],
  [/shard count unknown|NodeGroupConfiguration unknown/, 'the shards: --shards or --slots-file'],
  [/not read to the end|not scanned/, 'the whole file: leave out --header-only'],
];

/**
 * Skips about what the command line does not describe (replicas, S3 objects, a named backup, the
 * Region, authentication): the synth-time and deploy-time checks judge those. Any other skip is
 * listed, so that a rule whose wording this table does not know yet is reported as not run rather
 * than passed over.
 */
const DEPLOY_TIME_SKIP = /replica|backup '|s3:\/\/|bucket|Region|target authentication/;

const SKIPPED = ': skipped: ';

/**
 * Runs every rule of the catalogue over the files and the target, and notes the checks that did
 * not run, so that the command never reports a restore as fine when a rule that could refuse it
 * did not run.
 */
export function judge(files: FileReport[], target: TargetFacts, subject: string): Verdict {
  const notChecked: NotChecked[] = [];
  const findings = evaluateRules(
    { subject, target, rdbFiles: files.map((report) => ({ file: report.file, report })) },
    {
      debug: (message) => {
        // `[rule] subject: skipped: reason`, as ruleContext writes it.
        const rule = /^\[([^\]]+)\] /.exec(message)?.[1];
        const reason = message.slice(message.indexOf(SKIPPED) + SKIPPED.length);
        if (rule === undefined || DEPLOY_TIME_SKIP.test(reason)) return;
        const needs = FLAG_FOR_SKIP.find(([pattern]) => pattern.test(reason))?.[1];
        if (!notChecked.some((skip) => skip.rule === rule && (needs ? skip.needs === needs : skip.reason === reason))) {
          notChecked.push(needs ? { rule, reason, needs } : { rule, reason });
        }
      },
    },
  );
  return { findings, notChecked };
}
