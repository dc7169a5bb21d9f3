import { CfnResource } from 'aws-cdk-lib';
import { RULES } from '../rules';
import { DeclaredModels } from './target-facts';
import { BackupFacts, RdbFileFacts } from '../rules/facts';

/**
 * What a restore construct knows about its source that its CfnReplicationGroup does not say:
 * the declared backup facts, the `.rdb` facts file, a plan's per-shard estimates.
 */
export interface AttachedRestoreFacts {
  readonly backup?: BackupFacts;
  readonly rdbFiles?: RdbFileFacts[];
  readonly plannedShardBytes?: number[];
  /** The construct's node type and engine, for what their names do not say. */
  readonly declared?: DeclaredModels;
}

// Properties on the resource itself, keyed by Symbol.for (aws-cdk-lib's idiom), so that two copies
// of the library installed side by side read what the other recorded.
const ATTACHED = Symbol.for('cdk-elasticache-restore.AttachedRestoreFacts');
const ACKNOWLEDGED = Symbol.for('cdk-elasticache-restore.AcknowledgedFindings');

/** A group with what the library records on it. */
interface RecordedOn {
  [ATTACHED]?: AttachedRestoreFacts;
  [ACKNOWLEDGED]?: Record<string, string>;
}

/** Records source facts for the checks to merge with what they read off the resource. */
export function attachRestoreFacts(resource: CfnResource, facts: AttachedRestoreFacts): void {
  (resource as RecordedOn)[ATTACHED] = facts;
}

/** The source facts a construct attached to the resource, if any. */
export function attachedRestoreFacts(resource: CfnResource): AttachedRestoreFacts | undefined {
  return (resource as RecordedOn)[ATTACHED];
}

/** Records that the user accepts the error findings of `rule` on this group, and why. */
export function acknowledgeFinding(resource: CfnResource, rule: string, reason: string): void {
  if (!RULES.some((known) => known.id === rule)) {
    throw new Error(`${resource.node.path}: cannot acknowledge '${rule}', which is not a rule id; use one of ${RULES.map((known) => known.id).join(', ')}.`);
  }
  if (reason.trim() === '') {
    throw new Error(`${resource.node.path}: acknowledging '${rule}' needs a reason, which the findings then carry; say why the restore is safe.`);
  }
  const recorded = resource as RecordedOn;
  recorded[ACKNOWLEDGED] = { ...recorded[ACKNOWLEDGED], [rule]: reason };
}

/** The rules whose error findings the user acknowledged on the group, with the reasons. */
export function acknowledgedFindings(resource: CfnResource): Record<string, string> | undefined {
  return (resource as RecordedOn)[ACKNOWLEDGED];
}
