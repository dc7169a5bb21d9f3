import { Stack } from 'aws-cdk-lib';
import { CfnCacheCluster } from 'aws-cdk-lib/aws-elasticache';
import { parameterGroupFactsOf } from './parameter-group-facts';
import { Debug, engineVersionOf, PropertyReader, regionOf, reservedMemoryPercentOf } from './replication-group-facts';
import { NodeType } from '../model/node-type';
import { RestoreFacts } from '../rules/facts';

/** Whether a Valkey or Redis OSS cache cluster is created from data (SnapshotName or SnapshotArns); Memcached restores nothing. */
export function cacheClusterRestoresData(resource: CfnCacheCluster): boolean {
  return resource.engine !== 'memcached' && (resource.snapshotName !== undefined || (resource.snapshotArns?.length ?? 0) > 0);
}

/**
 * The rules' facts about a single-node CfnCacheCluster restore (CreateCacheCluster): one node without
 * cluster mode, seeded from one .rdb ARN or a named backup, as its properties say.
 */
export function cacheClusterFactsOf(resource: CfnCacheCluster, debug: Debug): RestoreFacts {
  const subject = resource.node.path;
  const read = new PropertyReader(Stack.of(resource), (message) => debug(`${subject}: ${message}`));
  const snapshotName = read.string('SnapshotName', resource.snapshotName);
  const parameterGroup = parameterGroupFactsOf(resource, resource.cacheParameterGroupName, read.unknown);
  const arns = resource.snapshotArns === undefined ? undefined : read.list('SnapshotArns', resource.snapshotArns);
  return {
    subject,
    target: {
      resource: 'cache-cluster',
      engineVersion: engineVersionOf(resource, read),
      nodeType: read.parse('CacheNodeType', resource.cacheNodeType, (name) => NodeType.of(name)),
      // A cache cluster is one node of one shard: cluster mode disabled, no replicas.
      clusterModeEnabled: false,
      numCacheNodes: read.number('NumCacheNodes', resource.numCacheNodes),
      shards: [],
      replicasPerShard: 0,
      reservedMemoryPercent: reservedMemoryPercentOf(parameterGroup, read),
      region: regionOf(resource),
      seededFromArns: (resource.snapshotArns?.length ?? 0) > 0,
      snapshotArnCount: arns?.length,
      parameterGroup,
    },
    backup: snapshotName === undefined ? undefined : { snapshotName },
  };
}
