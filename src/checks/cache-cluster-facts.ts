import { Stack } from 'aws-cdk-lib';
import { CfnCacheCluster } from 'aws-cdk-lib/aws-elasticache';
import { Debug } from './replication-group-facts';
import { NodeType } from '../model/node-type';
import { RestoreFacts } from '../rules/facts';
import { parameterGroupPropertiesOf, regionOf, renderedResource } from '../target/rendered-group';
import { engineVersionOf, parameterGroupOf, PropertyReader, reservedMemoryPercentOf } from '../target/target-facts';

/** Whether a Valkey or Redis OSS cache cluster is created from data (SnapshotName or SnapshotArns); Memcached restores nothing. */
export function cacheClusterRestoresData(resource: CfnCacheCluster): boolean {
  return resource.engine !== 'memcached' && (resource.snapshotName !== undefined || (resource.snapshotArns?.length ?? 0) > 0);
}

/**
 * The rules' facts about a single-node CfnCacheCluster restore (CreateCacheCluster): one node without
 * cluster mode, seeded from one .rdb ARN or a named backup, as its rendered properties say.
 */
export function cacheClusterFactsOf(resource: CfnCacheCluster, debug: Debug): RestoreFacts {
  const subject = resource.node.path;
  const stack = Stack.of(resource);
  const properties = renderedResource(resource).Properties ?? {};
  const read = new PropertyReader((message) => debug(`${subject}: ${message}`));
  const snapshotName = read.string('SnapshotName', properties.SnapshotName);
  const parameterGroup = parameterGroupOf(
    { parameterGroup: parameterGroupPropertiesOf(stack, properties.CacheParameterGroupName) }, properties.CacheParameterGroupName, read);
  const arns = properties.SnapshotArns === undefined ? undefined : read.list('SnapshotArns', properties.SnapshotArns);
  return {
    subject,
    target: {
      resource: 'cache-cluster',
      engineVersion: engineVersionOf(properties, read),
      nodeType: read.parse('CacheNodeType', properties.CacheNodeType, (name) => NodeType.of(name)),
      // A cache cluster is one node of one shard: cluster mode disabled, no replicas.
      clusterModeEnabled: false,
      numCacheNodes: read.number('NumCacheNodes', properties.NumCacheNodes),
      shards: [],
      replicasPerShard: 0,
      reservedMemoryPercent: reservedMemoryPercentOf(parameterGroup, read),
      region: regionOf(resource),
      seededFromArns: properties.SnapshotArns !== undefined,
      snapshotArnCount: arns?.length,
      parameterGroup,
    },
    backup: snapshotName === undefined ? undefined : { snapshotName },
  };
}
