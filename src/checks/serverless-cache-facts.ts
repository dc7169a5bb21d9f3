import { CfnServerlessCache } from 'aws-cdk-lib/aws-elasticache';
import { Debug } from './replication-group-facts';
import { RestoreFacts } from '../rules/facts';
import { acknowledgedFindings, attachedRestoreFacts } from '../target/attached-facts';
import { renderedGroupOf } from '../target/rendered-group';
import { serverlessCacheTargetFactsOf } from '../target/serverless-cache-facts';

/** Whether a Valkey or Redis OSS serverless cache is created from data (SnapshotArnsToRestore); Memcached restores nothing here. */
export function serverlessCacheRestoresData(resource: CfnServerlessCache): boolean {
  return resource.engine !== 'memcached' && (resource.snapshotArnsToRestore?.length ?? 0) > 0;
}

/**
 * The rules' facts about a CfnServerlessCache restore, as its rendered properties say (what the
 * preflight reads at deploy time too).
 */
export function serverlessCacheFactsOf(resource: CfnServerlessCache, debug: Debug): RestoreFacts {
  const subject = resource.node.path;
  return {
    subject,
    target: serverlessCacheTargetFactsOf(renderedGroupOf(resource), (message) => debug(`${subject}: ${message}`)),
    // A facts file given to its preflight (RestorePreflight.forServerlessCache) serves synth time too.
    rdbFiles: attachedRestoreFacts(resource)?.rdbFiles,
    acknowledged: acknowledgedFindings(resource),
  };
}
