import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import { RestoreFacts } from '../rules/facts';
import { acknowledgedFindings, attachedRestoreFacts } from '../target/attached-facts';
import { renderedGroupOf } from '../target/rendered-group';
import { restoresData, targetFactsOf } from '../target/target-facts';

/** Says why a fact is unknown at synth time. */
export type Debug = (message: string) => void;

/**
 * The rules' facts about a CfnReplicationGroup that restores data: the target as its rendered properties
 * say (what the preflight reads at deploy time too), plus the source facts a restore construct attached.
 * Undefined for a group that restores nothing.
 */
export function restoreFactsOf(resource: CfnReplicationGroup, debug: Debug): RestoreFacts | undefined {
  const group = renderedGroupOf(resource);
  if (!restoresData(group.properties)) return undefined;
  const subject = resource.node.path;
  const unknown = (message: string) => debug(`${subject}: ${message}`);
  const attached = attachedRestoreFacts(resource);
  return {
    subject,
    target: { ...targetFactsOf(group, unknown), plannedShardBytes: attached?.plannedShardBytes },
    backup: attached?.backup ?? namedBackupOf(group.properties, unknown),
    rdbFiles: attached?.rdbFiles,
    acknowledged: acknowledgedFindings(resource),
  };
}

/** The backup a resource names in `SnapshotName`, when synth time knows the name (a token says why not). */
export function namedBackupOf(properties: Record<string, unknown>, unknown: Debug): { snapshotName: string } | undefined {
  const snapshotName = properties.SnapshotName;
  if (snapshotName !== undefined && typeof snapshotName !== 'string') {
    unknown(`SnapshotName is not known until deploy time (${JSON.stringify(snapshotName)}), so the checks that need it skip`);
  }
  return typeof snapshotName === 'string' ? { snapshotName } : undefined;
}
