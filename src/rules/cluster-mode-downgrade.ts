import { Finding } from './facts';
import { RestoreRule, scannedFiles } from './rule';

/** Valkey 8+ writes one `slot-info` AUX record per slot, and only in cluster mode. */
const CLUSTER_MODE_AUX = 'slot-info';

/** AWS: a cluster-mode-enabled backup or .rdb cannot become a cluster-mode-disabled group. */
export const clusterModeDowngrade: RestoreRule = {
  id: 'cluster-mode-downgrade',
  severity: 'error',
  refuses: 'a backup or .rdb file of a cluster-mode-enabled source restored into a group with cluster mode disabled',
  fix: 'restore with cluster mode enabled (`ClusterMode.enabled(...)`), or from a cluster-mode-disabled source',
  check({ target, backup, rdbFiles }, context) {
    if (target.clusterModeEnabled === undefined) return context.skip('target cluster mode unknown');
    if (target.clusterModeEnabled) return [];
    const findings: Finding[] = [];
    if (backup) {
      // Only a cluster-mode-enabled group has several shards.
      const sourceClusterMode = backup.clusterModeEnabled ?? (backup.shardCount !== undefined && backup.shardCount > 1 ? true : undefined);
      if (sourceClusterMode) {
        findings.push(context.error(`backup '${backup.snapshotName}' comes from a cluster-mode-enabled group, which ElastiCache cannot restore with cluster mode disabled: enable cluster mode on the target (ClusterMode.enabled).`));
      } else if (sourceClusterMode === undefined) {
        context.skip(`cluster mode of backup '${backup.snapshotName}' unknown`);
      }
    }
    for (const { file, report } of scannedFiles(rdbFiles, context)) {
      if (CLUSTER_MODE_AUX in report.aux) {
        findings.push(context.error(`${file} was saved by a cluster-mode-enabled server (it has ${CLUSTER_MODE_AUX} records), and ElastiCache cannot seed a cluster-mode-disabled group from it: enable cluster mode on the target (ClusterMode.enabled), or save the data from a cluster-mode-disabled server.`, file));
      }
    }
    return findings;
  },
};
