import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import { BackupFacts, RdbFileFacts } from '../rules/facts';
import { DeclaredModels } from '../target/target-facts';

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

const attached = new WeakMap<CfnReplicationGroup, AttachedRestoreFacts>();

/** Records source facts for the checks to merge with what they read off the resource. */
export function attachRestoreFacts(resource: CfnReplicationGroup, facts: AttachedRestoreFacts): void {
  attached.set(resource, facts);
}

/** The source facts a construct attached to the resource, if any. */
export function attachedRestoreFacts(resource: CfnReplicationGroup): AttachedRestoreFacts | undefined {
  return attached.get(resource);
}
