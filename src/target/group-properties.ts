/** The resource types a preflight checks, as CloudFormation names them. */
export const REPLICATION_GROUP = 'AWS::ElastiCache::ReplicationGroup';
export const CACHE_CLUSTER = 'AWS::ElastiCache::CacheCluster';
export const SERVERLESS_CACHE = 'AWS::ElastiCache::ServerlessCache';

/** What the preflight needs to know of one resource type's properties. */
interface ResourceProperties {
  /** The properties the target facts read. */
  readonly read: string[];
  /**
   * The `createOnlyProperties` of the resource's registry schema: changing one makes CloudFormation
   * replace the resource, and the new one restores its data again.
   */
  readonly createOnly: string[];
}

const PROPERTIES: Record<string, ResourceProperties> = {
  [REPLICATION_GROUP]: {
    read: [
      'Engine', 'EngineVersion', 'CacheNodeType', 'ClusterMode', 'CacheParameterGroupName',
      'NumNodeGroups', 'NodeGroupConfiguration', 'ReplicasPerNodeGroup', 'NumCacheClusters',
      'AutomaticFailoverEnabled', 'MultiAZEnabled', 'DataTieringEnabled', 'SnapshotName', 'SnapshotArns',
      'AuthToken', 'UserGroupIds', 'TransitEncryptionEnabled', 'TransitEncryptionMode',
    ],
    createOnly: [
      'KmsKeyId', 'Port', 'SnapshotArns', 'SnapshotName', 'CacheSubnetGroupName', 'NetworkType', 'DataTieringEnabled',
      'AtRestEncryptionEnabled', 'ReplicationGroupId', 'GlobalReplicationGroupId', 'ReplicasPerNodeGroup', 'PreferredCacheClusterAZs',
    ],
  },
  [CACHE_CLUSTER]: {
    read: ['Engine', 'EngineVersion', 'CacheNodeType', 'CacheParameterGroupName', 'NumCacheNodes', 'SnapshotName', 'SnapshotArns'],
    createOnly: ['ClusterName', 'Port', 'SnapshotArns', 'SnapshotName', 'CacheSubnetGroupName', 'Engine', 'NetworkType'],
  },
  [SERVERLESS_CACHE]: {
    read: ['Engine', 'MajorEngineVersion', 'SnapshotArnsToRestore'],
    createOnly: ['ServerlessCacheName', 'KmsKeyId', 'SnapshotArnsToRestore', 'SubnetIds'],
  },
};

/** Resharding changes of a group: a replacement too, unless the group has the `UseOnlineResharding` update policy. */
const RESHARDING_PROPERTIES = ['NumNodeGroups', 'NodeGroupConfiguration'];

/** What the preflight carries of a resource: everything the facts read or a replacement depends on (the AUTH token only as AUTH_TOKEN_GIVEN). */
export function carriedProperties(resourceType: string): string[] {
  const { read, createOnly } = propertiesOf(resourceType);
  const resharding = resourceType === REPLICATION_GROUP ? RESHARDING_PROPERTIES : [];
  return [...new Set([...read, ...createOnly, ...resharding])];
}

/** What the preflight carries in place of the AUTH token: the facts read only whether one is given. */
export const AUTH_TOKEN_GIVEN = '(given)';

/**
 * The properties whose change between two renderings of a resource replaces it: the create-only ones,
 * and a group's shard count and configuration without online resharding.
 */
export function replacingChanges(
  resourceType: string, old: Record<string, unknown>, current: Record<string, unknown>, onlineResharding: boolean,
): string[] {
  const { createOnly } = propertiesOf(resourceType);
  const properties = onlineResharding || resourceType !== REPLICATION_GROUP ? createOnly : [...createOnly, ...RESHARDING_PROPERTIES];
  return properties.filter((name) => JSON.stringify(old[name]) !== JSON.stringify(current[name]));
}

function propertiesOf(resourceType: string): ResourceProperties {
  const properties = PROPERTIES[resourceType];
  if (!properties) throw new Error(`The preflight checks ${Object.keys(PROPERTIES).join(', ')}, not ${resourceType}.`);
  return properties;
}
