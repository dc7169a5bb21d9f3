import { engineVersionOf, parameterGroupOf, PropertyReader, RenderedGroup, reservedMemoryPercentOf, Unknown } from './target-facts';
import { NodeType } from '../model/node-type';
import { TargetFacts } from '../rules/facts';

/**
 * The rules' facts about a single-node `AWS::ElastiCache::CacheCluster` restore (CreateCacheCluster):
 * one node without cluster mode, seeded from one `.rdb` ARN or a named backup. The one reading of its
 * rendered properties, for the Aspect and the preflight alike.
 */
export function cacheClusterTargetFactsOf(cluster: RenderedGroup, unknown: Unknown): TargetFacts {
  const read = new PropertyReader(unknown);
  const properties = cluster.properties;
  const parameterGroup = parameterGroupOf(cluster, properties.CacheParameterGroupName, read);
  const arns = properties.SnapshotArns === undefined ? undefined : read.list('SnapshotArns', properties.SnapshotArns);
  return {
    resource: 'cache-cluster',
    engineVersion: engineVersionOf(properties, read),
    nodeType: read.parse('CacheNodeType', properties.CacheNodeType, (name) => NodeType.of(name)),
    // A cache cluster is one node of one shard: cluster mode disabled, no replicas.
    clusterModeEnabled: false,
    numCacheNodes: read.number('NumCacheNodes', properties.NumCacheNodes),
    shards: [],
    replicasPerShard: 0,
    reservedMemoryPercent: reservedMemoryPercentOf(parameterGroup, read),
    region: cluster.region,
    seededFromArns: properties.SnapshotArns !== undefined,
    snapshotArnCount: arns?.length,
    parameterGroup,
  };
}
