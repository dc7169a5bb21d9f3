import { databaseLimit, highestNumberedDatabase } from './databases';
import { Finding, ParameterGroupFacts } from './facts';
import { RestoreRule, scannedFiles } from './rule';

/** ElastiCache's default groups: `default.<family>`, and `default.<family>.cluster.on` for cluster mode. */
const DEFAULT_GROUP = /^default\.([a-z0-9.]+?)(\.cluster\.on)?$/;

/** What a parameter group's name says: everything for a default group, only the name for any other. */
export function parameterGroupNamed(name: string): ParameterGroupFacts {
  const standard = DEFAULT_GROUP.exec(name);
  return standard ? { name, family: standard[1], parameters: { 'cluster-enabled': standard[2] ? 'yes' : 'no' } } : { name };
}

/**
 * CreateReplicationGroup / CreateCacheCluster refuse a parameter group of another family than the
 * engine's (valkey9 groups are "incompatible with Valkey 8.x and Redis OSS") and one whose
 * `cluster-enabled` contradicts the cluster mode; Valkey 9 cluster mode then loads only the
 * databases its `cluster-databases` (set at creation) allows.
 */
export const parameterGroup: RestoreRule = {
  id: 'parameter-group',
  severity: 'error',
  refuses: 'a parameter group whose family does not match the engine (valkey9 for 9.x, valkey8 for 8.x, valkey7 for 7.2, redis7, redis6.x…) or whose `cluster-enabled` does not match the cluster mode, or a Valkey 9 `cluster-databases` below the highest database of an .rdb file',
  fix: 'use a parameter group of the engine\'s family with `cluster-enabled` matching the cluster mode (the default groups end in `.cluster.on` for cluster mode), and `cluster-databases` above the highest database',
  check({ target, rdbFiles }, context) {
    const group = target.parameterGroup;
    if (!group) return [];
    const findings: Finding[] = [];
    const engine = target.engineVersion;
    if (group.family === undefined || !engine) {
      context.skip(`the family of ${group.name} or the target engine is unknown`);
    } else if (group.family !== engine.parameterGroupFamily) {
      findings.push(context.error(`Parameter group ${group.name} is of family ${group.family}, but ${engine} needs family ${engine.parameterGroupFamily}, so the create fails: use a ${engine.parameterGroupFamily} group (e.g. default.${engine.parameterGroupFamily}${target.clusterModeEnabled ? '.cluster.on' : ''}).`));
    }
    if (!group.parameters || target.clusterModeEnabled === undefined) {
      return [...findings, ...context.skip(`the parameters of ${group.name} or the target cluster mode are unknown`)];
    }
    // A custom group that does not set cluster-enabled inherits the family default, `no`.
    const clusterEnabled = (group.parameters['cluster-enabled'] ?? 'no') === 'yes';
    if (clusterEnabled !== target.clusterModeEnabled) {
      findings.push(context.error(`Parameter group ${group.name} has cluster-enabled ${clusterEnabled ? 'yes' : 'no'}, but the target has cluster mode ${target.clusterModeEnabled ? 'enabled' : 'disabled'}, so the create fails: set cluster-enabled to ${target.clusterModeEnabled ? 'yes' : 'no'} or use a default group${target.clusterModeEnabled ? ' ending in .cluster.on' : ' without .cluster.on'}.`));
    }
    const limit = databaseLimit(target, true);
    if (target.clusterModeEnabled && engine?.supportsClusterDatabases && limit?.setInGroup) {
      for (const { file, report } of scannedFiles(rdbFiles, context)) {
        const highest = highestNumberedDatabase(report);
        if (highest !== undefined && highest >= limit.count) {
          findings.push(context.error(`${file} has keys in database ${highest}, but parameter group ${group.name} sets cluster-databases ${limit.count} (databases 0-${limit.count - 1}), so ${engine} refuses to load it: set cluster-databases above ${highest} when creating the group (it cannot change later), or move the keys into lower databases.`, file));
        }
      }
    }
    return findings;
  },
};
