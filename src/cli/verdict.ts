import { FileReport } from '../rdb';
import { evaluateRules, Finding, TargetFacts } from '../rules';

/** A check that did not run because the command line did not give a fact it needs. */
export interface NotChecked {
  /** The rule id. */
  readonly rule: string;
  /** The fact that lets it run and the flags that give it, e.g. `the target engine: --engine and --engine-version`. */
  readonly needs: string;
}

/** What the rules say about restoring the files into the target. */
export interface Verdict {
  readonly findings: Finding[];
  /** Checks the command line could have enabled and did not; empty when every check ran. */
  readonly notChecked: NotChecked[];
}

/**
 * Which flag supplies the fact a rule's skip names. Skips that no flag can supply (S3, the named
 * backup, the Region, replicas) belong to the deploy-time preflight and are not listed.
 */
const FLAG_FOR_SKIP: ReadonlyArray<readonly [RegExp, string]> = [
  [/target engine/, 'the target engine: --engine and --engine-version'],
  [/target cluster mode unknown/, 'the cluster mode: --cluster-mode or --shards'],
  [/target node type unknown/, 'the node type: --node-type'],
  [/shard count unknown|NodeGroupConfiguration unknown/, 'the shards: --shards or --slots-file'],
  [/not read to the end|not scanned/, 'the whole file: leave out --header-only'],
];

/**
 * Runs the rules that the CLI can feed (every rule of the catalogue, with the facts of the files
 * and the target) and notes the checks that skipped for want of a flag, so that the command
 * never reports a restore as fine when a rule that could refuse it did not run.
 */
export function judge(files: FileReport[], target: TargetFacts, subject: string): Verdict {
  const skips: NotChecked[] = [];
  const prefix = /^\[([^\]]+)\] /;
  const findings = evaluateRules(
    { subject, target, rdbFiles: files.map((report) => ({ file: report.file, report })) },
    {
      debug: (message) => {
        // `[rule] subject: skipped: reason`, as ruleContext writes it.
        const rule = prefix.exec(message)?.[1];
        const reason = message.slice(message.indexOf(': skipped: ') + ': skipped: '.length);
        const needs = FLAG_FOR_SKIP.find(([pattern]) => pattern.test(reason))?.[1];
        if (rule && needs && !skips.some((skip) => skip.rule === rule && skip.needs === needs)) {
          skips.push({ rule, needs });
        }
      },
    },
  );
  return { findings, notChecked: skips };
}
