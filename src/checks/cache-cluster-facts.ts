import { CfnCacheCluster } from 'aws-cdk-lib/aws-elasticache';
import { Debug, namedBackupOf } from './replication-group-facts';
import { RestoreFacts } from '../rules/facts';
import { acknowledgedFindings, attachedRestoreFacts } from '../target/attached-facts';
import { cacheClusterTargetFactsOf } from '../target/cache-cluster-facts';
import { renderedGroupOf } from '../target/rendered-group';

/** Whether a Valkey or Redis OSS cache cluster is created from data (SnapshotName or SnapshotArns); Memcached restores nothing. */
export function cacheClusterRestoresData(resource: CfnCacheCluster): boolean {
  return resource.engine !== 'memcached' && (resource.snapshotName !== undefined || (resource.snapshotArns?.length ?? 0) > 0);
}

/**
 * The rules' facts about a single-node CfnCacheCluster restore (CreateCacheCluster), as its rendered
 * properties say (what the preflight reads at deploy time too).
 */
export function cacheClusterFactsOf(resource: CfnCacheCluster, debug: Debug): RestoreFacts {
  const subject = resource.node.path;
  const unknown = (message: string) => debug(`${subject}: ${message}`);
  const cluster = renderedGroupOf(resource);
  return {
    subject,
    target: cacheClusterTargetFactsOf(cluster, unknown),
    backup: namedBackupOf(cluster.properties, unknown),
    // A facts file given to its preflight (RestorePreflight.forCacheCluster) serves synth time too.
    rdbFiles: attachedRestoreFacts(resource)?.rdbFiles,
    acknowledged: acknowledgedFindings(resource),
  };
}
