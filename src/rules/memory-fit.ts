import { RestoreFacts } from './facts';
import { RestoreRule } from './rule';
import { listing } from '../model/text';
import { describeShard, targetLayout } from './support/target-layout';
import { DataSpread, SpreadResult, usedMemoryMismatch } from '../memory/data-spread';
import { MemoryProfile } from '../memory/memory-profile';
import { smallestFitting } from '../memory/node-type-fit';
import { EngineVersion, MAX_SHARDS } from '../model/engine-version';
import { DEFAULT_RESERVED_MEMORY_PERCENT, MEMORY_HEADROOM as HEADROOM, NodeType } from '../model/node-type';
import { SlotLayout } from '../model/slots';
import { gib } from '../model/units';


/** AWS: a backup larger than the node leaves the group in `restore-failed`, to be deleted and started over. */
export const memoryFit: RestoreRule = {
  id: 'memory-fit',
  severity: 'error',
  refuses: 'estimated data of the fullest shard above the node\'s usable memory, maxmemory × (1 − reserved-memory-percent); a warning above 90% of it',
  fix: 'choose a larger node type or more shards (the message names both), or a layout that gives the fullest shard fewer slots',
  check(facts, context) {
    const { target } = facts;
    const nodeType = target.nodeType;
    if (!nodeType) return context.skip('target node type unknown');
    const reserved = target.reservedMemoryPercent ?? DEFAULT_RESERVED_MEMORY_PERCENT;
    const usable = nodeType.usableMemoryBytes(reserved);
    if (usable === undefined) return context.skip(`memory of ${nodeType} unknown: give it with NodeType.of(name, maxMemoryBytes)`);
    const layoutResult = targetLayout(target);
    if ('unknown' in layoutResult) return context.skip(layoutResult.unknown);
    const layout = layoutResult.layout;
    const profile = target.engineVersion ? MemoryProfile.forEngine(target.engineVersion) : MemoryProfile.newest();
    const crossChecks = (facts.rdbFiles ?? []).flatMap(({ file, report }) => (report && usedMemoryMismatch(file, report, profile)) || [])
      .map((message) => context.warning(`${message}.`));

    let spread: DataSpread;
    let shardBytes: number[];
    if (target.plannedShardBytes) {
      if (target.plannedShardBytes.length !== layout.shardCount) {
        return context.skip(`the plan has ${target.plannedShardBytes.length} shard estimates but the target has ${layout.shardCount} shards`);
      }
      shardBytes = target.plannedShardBytes;
      spread = DataSpread.even(shardBytes.reduce((sum, bytes) => sum + bytes, 0), "the plan's estimate");
    } else {
      const spreadResult = spreadOf(facts, profile);
      if ('unknown' in spreadResult) return context.skip(spreadResult.unknown);
      spread = spreadResult.spread;
      shardBytes = spread.perShard(layout);
    }

    const fullest = shardBytes.reduce((best, bytes, shard) => (bytes > shardBytes[best] ? shard : best), 0);
    const needed = shardBytes[fullest];
    if (needed <= usable * HEADROOM) return crossChecks;
    const where = `${describeShard(layout, fullest)} needs ~${gib(needed)} (${spread.source})`;
    const holds = `${nodeType} holds ${gib(usable)} at ${reserved}% reserved memory`;
    const remedies = remediesFor(nodeType, reserved, spread, needed, layout.shardCount, target.engineVersion, target.clusterModeEnabled === true);
    const remedy = (verb: string) => (remedies.length > 0
      ? `${verb} ${listing(remedies, 'or')}`
      : `no ${nodeType.family} node type and no even split into up to ${target.engineVersion?.maxShards ?? MAX_SHARDS} shards holds it; choose a larger node family, lower reserved-memory-percent, or give the fullest slots a shard of their own`);
    if (needed > usable) {
      const over = shardBytes.filter((bytes) => bytes > usable).length;
      const others = over > 1 ? ` (${over} of ${layout.shardCount} shards do not fit)` : '';
      return [...crossChecks, context.error(`${where} but ${holds}${others}, so the restore would fail: ${remedy('choose')}.`)];
    }
    return [...crossChecks, context.warning(`${where}, ${Math.round((needed / usable) * 100)}% of the ${gib(usable)} ${nodeType} holds at ${reserved}% reserved memory, leaving little room for writes: ${remedy('consider')}.`)];
  },
};

/**
 * The data's spread on the target's engine: the memory model of the .rdb files' scans, else a
 * named backup's size spread evenly.
 */
function spreadOf({ rdbFiles = [], backup }: RestoreFacts, profile: MemoryProfile): SpreadResult {
  if (rdbFiles.length > 0) return DataSpread.fromReports(rdbFiles, profile);
  if (backup?.dataBytes !== undefined) {
    return { spread: DataSpread.even(backup.dataBytes, `size of backup '${backup.snapshotName}' spread evenly over the slots`) };
  }
  return { unknown: 'data size unknown: no scanned .rdb file and no backup size' };
}

/** The smallest node type of the same family and the fewest evenly split shards that hold the data with headroom, if any. */
function remediesFor(
  nodeType: NodeType, reserved: number, spread: DataSpread, needed: number, shardCount: number,
  engine: EngineVersion | undefined, clusterModeEnabled: boolean,
): string[] {
  const remedies: string[] = [];
  const larger = smallestFitting(nodeType.family, needed, reserved);
  if (larger) remedies.push(larger.nodeType.name);
  const usable = nodeType.usableMemoryBytes(reserved) ?? 0;
  const maxShards = engine?.maxShards ?? MAX_SHARDS;
  if (engine?.supportsClusterMode !== false) {
    for (let count = shardCount + 1; count <= maxShards; count++) {
      if (Math.max(...spread.perShard(SlotLayout.even(count))) <= usable * HEADROOM) {
        remedies.push(clusterModeEnabled ? `${count} shards` : `cluster mode enabled with ${count} shards`);
        break;
      }
    }
  }
  return remedies;
}
