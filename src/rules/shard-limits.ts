import { Finding, TargetFacts } from './facts';
import { RestoreRule, RuleContext } from './rule';
import { MAX_SHARDS } from '../model/engine-version';
import { listing, plural } from '../model/text';

const MAX_REPLICAS = 5;
const SHARD_LIMIT_BEFORE_5_0_6 = 250;
/** ElastiCache's default quota of nodes per cluster (adjustable through Service Quotas). */
const NODE_QUOTA = 90;

export const shardLimits: RestoreRule = {
  id: 'shard-limits',
  severity: 'error',
  refuses: 'shards outside 1-500 (1-250 before Redis OSS 5.0.6) or several without cluster mode, replicas outside 0-5, replica Availability Zones that do not match the replica count, cluster mode enabled without automatic failover, automatic failover (cluster mode disabled) or Multi-AZ without a replica (a warning above 90 nodes, the default quota); a cache cluster of more than one node or .rdb ARN',
  fix: 'keep shards and replicas within the limits, give one Availability Zone per replica, keep automatic failover on with cluster mode enabled, add a replica or turn failover and Multi-AZ off; seed a cache cluster from one .rdb file into one node, or use a replication group',
  check({ target }, context) {
    // A serverless cache has no shards or replicas to choose.
    if (target.resource === 'serverless-cache') return [];
    if (target.resource === 'cache-cluster') return checkSingleNode(target, context);
    return [
      ...checkShardCount(target, context),
      ...checkReplicas(target, context),
      ...checkFailover(target, context),
      ...checkNodeQuota(target, context),
    ];
  },
};

/** CreateCacheCluster: a Redis OSS or Valkey cluster has one node, and SnapshotArns "a single-element list". */
function checkSingleNode(target: TargetFacts, context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  if (target.numCacheNodes !== undefined && target.numCacheNodes !== 1) {
    findings.push(context.error(`the cache cluster has NumCacheNodes ${target.numCacheNodes}, but a Valkey or Redis OSS cache cluster has exactly one node: set NumCacheNodes to 1, or create a replication group for replicas.`));
  }
  if (target.snapshotArnCount !== undefined && target.snapshotArnCount > 1) {
    findings.push(context.error(`the cache cluster is seeded from ${target.snapshotArnCount} .rdb ARNs, but CreateCacheCluster takes exactly one: seed from one file, or create a cluster-mode-enabled replication group to seed from several.`));
  }
  return findings;
}

function checkShardCount(target: TargetFacts, context: RuleContext): Finding[] {
  const count = target.numNodeGroups ?? (target.shards?.length || undefined);
  if (count === undefined) return target.clusterModeEnabled === false ? [] : context.skip('shard count unknown');
  if (target.clusterModeEnabled === false) {
    return count > 1
      ? [context.error(`the group has ${count} shards but cluster mode is disabled, which allows exactly one: enable cluster mode or use one shard.`)]
      : [];
  }
  if (!Number.isInteger(count) || count < 1) {
    return [context.error(`the group has ${count} shards: a group has at least one.`)];
  }
  const engine = target.engineVersion;
  const limit = engine?.maxShards ?? MAX_SHARDS;
  if (count > limit) {
    return [context.error(`the group has ${count} shards but ${engine ?? 'ElastiCache'} allows at most ${limit}: use at most ${limit} shards, with larger nodes if the data needs it.`)];
  }
  if (!engine && count > SHARD_LIMIT_BEFORE_5_0_6) {
    return context.skip(`${count} shards exceed the limit of engines before Redis OSS 5.0.6, but the target engine is unknown`);
  }
  return [];
}

function checkReplicas(target: TargetFacts, context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const outOfRange = (replicas: number) => !Number.isInteger(replicas) || replicas < 0 || replicas > MAX_REPLICAS;
  if (target.replicasPerShard !== undefined && outOfRange(target.replicasPerShard)) {
    findings.push(context.error(`the group has ${target.replicasPerShard} replicas per shard: a shard has 0 to ${MAX_REPLICAS} replicas (at most 6 nodes).`));
  }
  const shards = target.shards ?? [];
  shards.forEach((shard, index) => {
    const name = `shard ${index + 1}`;
    if (shard.replicaCount !== undefined && outOfRange(shard.replicaCount)) {
      findings.push(context.error(`${name} has ReplicaCount ${shard.replicaCount}: a shard has 0 to ${MAX_REPLICAS} replicas.`));
    }
    const replicas = shard.replicaCount ?? target.replicasPerShard;
    if (shard.replicaAvailabilityZones !== undefined) {
      if (replicas === undefined) {
        context.skip(`replica count of ${name} unknown, so its ReplicaAvailabilityZones cannot be checked`);
      } else if (shard.replicaAvailabilityZones.length !== replicas) {
        findings.push(context.error(`${name} lists ${plural(shard.replicaAvailabilityZones.length, 'replica Availability Zone')} for ${plural(replicas, 'replica')}: give exactly one zone per replica.`));
      }
    }
  });
  return findings;
}

/**
 * What CreateReplicationGroup accepts: cluster mode enabled always has automatic failover (replicas or not);
 * cluster mode disabled has it only with a replica; Multi-AZ needs failover and a replica in every shard.
 */
function checkFailover(target: TargetFacts, context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const { clusterModeEnabled, automaticFailoverEnabled: failover, multiAzEnabled: multiAz } = target;
  if (clusterModeEnabled === true && failover === false) {
    findings.push(context.error('cluster mode is enabled but AutomaticFailoverEnabled is false, which ElastiCache refuses for every cluster-mode-enabled group (with or without replicas): set AutomaticFailoverEnabled to true.'));
  }
  if (multiAz && failover === false) {
    findings.push(context.error('MultiAZEnabled is true but AutomaticFailoverEnabled is false: Multi-AZ needs automatic failover; enable it or set MultiAZEnabled to false.'));
  }
  const needsReplicas = [
    ...(failover && clusterModeEnabled === false ? ['automatic failover is enabled'] : []),
    ...(multiAz ? ['Multi-AZ is enabled'] : []),
  ];
  if (needsReplicas.length === 0) return findings;
  if (failover && clusterModeEnabled === undefined && !multiAz) {
    return [...findings, ...context.skip('cluster mode unknown, so whether automatic failover needs a replica is unknown')];
  }
  const withoutReplicas = shardsWithoutReplicas(target);
  if (withoutReplicas === undefined) {
    return [...findings, ...context.skip('replica count unknown, so automatic failover and Multi-AZ cannot be checked')];
  }
  if (withoutReplicas.length > 0) {
    const where = !target.shards?.length
      ? 'the group has no replicas'
      : `shard${withoutReplicas.length === 1 ? '' : 's'} ${listing(withoutReplicas)} ${withoutReplicas.length === 1 ? 'has' : 'have'} no replica`;
    findings.push(context.error(`${listing(needsReplicas)} but ${where}: that needs at least one replica in every shard; add one, or turn ${multiAz ? 'Multi-AZ' : 'automatic failover'} off.`));
  }
  return findings;
}

/** The 1-based numbers of the shards without a replica; undefined when a replica count is unknown. */
function shardsWithoutReplicas(target: TargetFacts): string[] | undefined {
  const shards = target.shards?.length ? target.shards : [{ replicaCount: undefined }];
  const counts = shards.map((shard) => shard.replicaCount ?? target.replicasPerShard);
  if (counts.some((count) => count === undefined)) return undefined;
  return counts.flatMap((count, index) => (count === 0 ? [`${index + 1}`] : []));
}

function checkNodeQuota(target: TargetFacts, context: RuleContext): Finding[] {
  const count = target.clusterModeEnabled === false ? 1 : target.numNodeGroups ?? (target.shards?.length || undefined);
  if (count === undefined) return [];
  let nodes = 0;
  for (let index = 0; index < count; index++) {
    const replicas = target.shards?.[index]?.replicaCount ?? target.replicasPerShard;
    if (replicas === undefined) return context.skip('replica count unknown, so the node count is unknown');
    nodes += replicas + 1;
  }
  return nodes > NODE_QUOTA
    ? [context.warning(`the group has ${nodes} nodes, above ElastiCache's default quota of ${NODE_QUOTA} nodes per cluster: request a quota increase (Service Quotas) before deploying, or use fewer shards or replicas.`)]
    : [];
}
