/** The `AWS::ElastiCache::ReplicationGroup` properties the target facts read. */
export const TARGET_PROPERTIES = [
  'Engine', 'EngineVersion', 'CacheNodeType', 'ClusterMode', 'CacheParameterGroupName',
  'NumNodeGroups', 'NodeGroupConfiguration', 'ReplicasPerNodeGroup', 'NumCacheClusters',
  'AutomaticFailoverEnabled', 'MultiAZEnabled', 'DataTieringEnabled', 'SnapshotName', 'SnapshotArns',
  'AuthToken', 'UserGroupIds', 'TransitEncryptionEnabled', 'TransitEncryptionMode',
];

/** What the preflight carries in place of the AUTH token: the facts read only whether one is given. */
export const AUTH_TOKEN_GIVEN = '(given)';

/**
 * The `createOnlyProperties` of the resource's registry schema: changing one makes CloudFormation
 * replace the group, and the new group restores its data again.
 */
export const CREATE_ONLY_PROPERTIES = [
  'KmsKeyId', 'Port', 'SnapshotArns', 'SnapshotName', 'CacheSubnetGroupName', 'NetworkType', 'DataTieringEnabled',
  'AtRestEncryptionEnabled', 'ReplicationGroupId', 'GlobalReplicationGroupId', 'ReplicasPerNodeGroup', 'PreferredCacheClusterAZs',
];

/** Resharding changes: a replacement too, unless the group has the `UseOnlineResharding` update policy. */
export const RESHARDING_PROPERTIES = ['NumNodeGroups', 'NodeGroupConfiguration'];

/** What the preflight carries of the group: everything the facts read or a replacement depends on (the AUTH token only as AUTH_TOKEN_GIVEN). */
export const CARRIED_PROPERTIES = [...new Set([...TARGET_PROPERTIES, ...CREATE_ONLY_PROPERTIES, ...RESHARDING_PROPERTIES])];

/**
 * The properties whose change between two renderings of a group replaces it: the create-only ones, and
 * the shard count and configuration without online resharding.
 */
export function replacingChanges(old: Record<string, unknown>, current: Record<string, unknown>, onlineResharding: boolean): string[] {
  const properties = onlineResharding ? CREATE_ONLY_PROPERTIES : [...CREATE_ONLY_PROPERTIES, ...RESHARDING_PROPERTIES];
  return properties.filter((name) => JSON.stringify(old[name]) !== JSON.stringify(current[name]));
}
