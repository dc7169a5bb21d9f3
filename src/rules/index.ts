import { authentication } from './authentication';
import { clusterModeDowngrade } from './cluster-mode-downgrade';
import { clusterModeEngine } from './cluster-mode-engine';
import { dataTiering } from './data-tiering';
import { engineDowngrade } from './engine-downgrade';
import { Finding, RestoreFacts } from './facts';
import { memoryFit } from './memory-fit';
import { modules } from './modules';
import { nodeTypeEngine } from './node-type-engine';
import { parameterGroup } from './parameter-group';
import { preflightIncomplete } from './preflight-incomplete';
import { rdbIntegrity } from './rdb-integrity';
import { rdbVersion } from './rdb-version';
import { RestoreRule, ruleContext } from './rule';
import { s3Access } from './s3-access';
import { s3Encryption } from './s3-encryption';
import { s3Region } from './s3-region';
import { seedSlots } from './seed-slots';
import { shardLimits } from './shard-limits';
import { singleDatabase } from './single-database';
import { slotCoverage } from './slot-coverage';
import { snapshotState } from './snapshot-state';

export * from './facts';
export type { RestoreRule, RuleContext, Severity } from './rule';

/** Every restore rule, in the order of DESIGN.md § Rules. */
export const RULES: readonly RestoreRule[] = [
  clusterModeDowngrade,
  clusterModeEngine,
  singleDatabase,
  dataTiering,
  engineDowngrade,
  rdbVersion,
  memoryFit,
  slotCoverage,
  shardLimits,
  seedSlots,
  nodeTypeEngine,
  s3Region,
  s3Encryption,
  s3Access,
  snapshotState,
  rdbIntegrity,
  modules,
  parameterGroup,
  authentication,
  preflightIncomplete,
];

/**
 * Runs every rule over the facts. A rule that needs a fact nobody knows yet skips that check and
 * says so through `debug`; the CLI, the preflight Lambda and the synth-time Aspect all call this.
 * A rule that throws is a finding of its own, never a crash; an acknowledged error is a warning.
 */
export function evaluateRules(facts: RestoreFacts, options?: { debug?: (message: string) => void }): Finding[] {
  return RULES.flatMap((rule) => {
    const context = ruleContext(rule, facts.subject, options?.debug);
    let findings: Finding[];
    try {
      findings = rule.check(facts, context);
    } catch (error) {
      findings = [context.error(`the rule could not judge this restore (${(error as Error).message}). This is a bug in cdk-elasticache-restore: `
        + 'please report it with this message; to deploy meanwhile, acknowledge the rule with your reason.')];
    }
    return findings.map((finding) => acknowledge(finding, facts.acknowledged));
  });
}

/** An acknowledged error stays visible, as a warning that carries the user's reason. */
function acknowledge(finding: Finding, acknowledged: Record<string, string> | undefined): Finding {
  const reason = acknowledged?.[finding.rule];
  if (finding.severity !== 'error' || reason === undefined) return finding;
  return { ...finding, severity: 'warning', message: `${finding.message} (acknowledged: ${reason})` };
}

/** The README's rules table (markdown): id, severity, when it fires, how to fix. */
export function renderRulesTable(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| id | severity | when it fires | how to fix |',
    '|---|---|---|---|',
    ...RULES.map((rule) => `| \`${rule.id}\` | ${rule.severity} | ${cell(rule.refuses)} | ${cell(rule.fix)} |`),
  ].join('\n');
}
