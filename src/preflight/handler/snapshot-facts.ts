import { DescribeSnapshotsCommand, ElastiCacheClient, Snapshot } from '@aws-sdk/client-elasticache';
import { CallStopped, Deadline } from './deadline';
import { EngineVersion } from '../../model/engine-version';
import { NodeType } from '../../model/node-type';
import { GIB, KIB, MIB, TIB } from '../../model/units';
import { BackupFacts } from '../../rules/facts';

/** What the backup is, or why the preflight could not tell. */
export interface SnapshotLookup {
  readonly facts: BackupFacts;
  /** An API error that kept the preflight from reading the backup (not "it does not exist"). */
  readonly error?: string;
  /** The call the deadline stopped. */
  readonly stopped?: string;
}

/** DescribeSnapshots of one named backup, turned into the rules' backup facts. */
export async function describeBackup(
  client: ElastiCacheClient, snapshotName: string, snapshotArn: string, deadline: Deadline, log: (message: string) => void,
): Promise<SnapshotLookup> {
  let snapshot: Snapshot | undefined;
  try {
    const response = await deadline.run('DescribeSnapshots', (abortSignal) =>
      client.send(new DescribeSnapshotsCommand({ SnapshotName: snapshotName, ShowNodeGroupConfig: true }), { abortSignal }));
    snapshot = response.Snapshots?.[0];
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (error instanceof CallStopped) {
      return { facts: { snapshotName }, stopped: error.call };
    } else if (name === 'SnapshotNotFoundFault') {
      snapshot = undefined;
    } else if (name === 'AccessDenied' || name === 'AccessDeniedException') {
      return { facts: { snapshotName }, error: `the preflight role lacks elasticache:DescribeSnapshots on ${snapshotArn}` };
    } else {
      return { facts: { snapshotName }, error: `DescribeSnapshots of ${snapshotArn} failed: ${name}: ${(error as Error).message}` };
    }
  }
  if (!snapshot) {
    log(`backup ${snapshotName}: not found`);
    return { facts: { snapshotName, exists: false } };
  }
  const facts = backupFactsOf(snapshotName, snapshot, log);
  log(`backup ${snapshotName}: ${JSON.stringify({ ...facts, engineVersion: facts.engineVersion?.toString(), nodeType: facts.nodeType?.name })}`);
  return { facts };
}

/**
 * A Snapshot as the rules' facts. A Snapshot has no cluster-mode field: it is on when the backup
 * has several shards, a cluster-enabled parameter group, or slots in its shard configuration.
 */
export function backupFactsOf(snapshotName: string, snapshot: Snapshot, log: (message: string) => void): BackupFacts {
  const nodeSnapshots = snapshot.NodeSnapshots ?? [];
  const shardCount = snapshot.NumNodeGroups ?? (new Set(nodeSnapshots.map((node) => node.NodeGroupId)).size || undefined);
  const nodeType = attempt(() => snapshot.CacheNodeType && NodeType.of(snapshot.CacheNodeType), log);
  return {
    snapshotName,
    exists: true,
    status: snapshot.SnapshotStatus,
    engineVersion: attempt(() => snapshot.Engine && snapshot.EngineVersion && engineVersionOf(snapshot.Engine, snapshot.EngineVersion), log),
    nodeType,
    dataTiering: snapshot.DataTiering ? snapshot.DataTiering === 'enabled' : nodeType?.dataTiering,
    shardCount,
    clusterModeEnabled: (shardCount ?? 1) > 1
      || /cluster\.on/.test(snapshot.CacheParameterGroupName ?? '')
      || nodeSnapshots.some((node) => Boolean(node.NodeGroupConfiguration?.Slots)),
    dataBytes: dataBytesOf(nodeSnapshots.map((node) => ({ shard: node.NodeGroupId ?? '', size: node.CacheSize }))),
  };
}

/**
 * The engine version as a group names it. From Redis OSS 6 on (and for every Valkey) a group asks
 * for MAJOR.MINOR and ElastiCache picks the patch, so a backup of `7.0.7` restores into `7.0`.
 */
export function engineVersionOf(engine: string, version: string): EngineVersion {
  const [major, minor] = version.split('.');
  const patchChosenByElastiCache = engine === 'valkey' || Number(major) >= 6;
  return EngineVersion.of(engine, patchChosenByElastiCache && minor !== undefined ? `${major}.${minor}` : version);
}

/**
 * Total bytes over shards from each node's `CacheSize`, an undocumented free-form string such as
 * `6 MB` or `1.5 GB`. One node per shard counts (the largest); any unreadable size makes the
 * total unknown rather than low.
 */
export function dataBytesOf(nodes: { shard: string; size?: string }[]): number | undefined {
  const perShard = new Map<string, number>();
  for (const node of nodes) {
    const bytes = parseSize(node.size);
    if (bytes === undefined) return undefined;
    perShard.set(node.shard, Math.max(perShard.get(node.shard) ?? 0, bytes));
  }
  return perShard.size === 0 ? undefined : [...perShard.values()].reduce((sum, bytes) => sum + bytes, 0);
}

const UNITS: Record<string, number> = { B: 1, KB: KIB, MB: MIB, GB: GIB, TB: TIB };

function parseSize(text: string | undefined): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*$/i.exec(text ?? '');
  if (!match) return undefined;
  return Math.round(Number(match[1]) * UNITS[`${match[2].toUpperCase()}B`]);
}

/** A fact the library cannot model (an engine or node type it does not know) is unknown, not fatal. */
function attempt<T>(make: () => T | '' | undefined, log: (message: string) => void): T | undefined {
  try {
    return make() || undefined;
  } catch (error) {
    log(`skipping a backup fact: ${(error as Error).message}`);
    return undefined;
  }
}
