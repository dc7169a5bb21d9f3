import { SlotLayout } from '../../model/slots';
import { ShardFacts, TargetFacts } from '../facts';

/** The layout, or why it is not known. */
export type LayoutResult = { readonly layout: SlotLayout } | { readonly unknown: string };

/**
 * The shards' `Slots` as a layout; throws SlotLayout's error, which names the missing and repeated slots.
 * CloudFormation writes several ranges of one shard comma-separated.
 */
export function layoutOfShards(shards: ShardFacts[]): SlotLayout {
  return SlotLayout.fromRanges(shards.map((shard) => (shard.slots ?? '').split(',')));
}

/** How many shards the target gets: 1 with cluster mode disabled, else NumNodeGroups or the NodeGroupConfiguration length. */
export function targetShardCount(target: TargetFacts): number | undefined {
  if (target.clusterModeEnabled === false) return 1;
  if (target.clusterModeEnabled === undefined) return undefined;
  return target.numNodeGroups ?? (target.shards?.length || undefined);
}

/** Which slots each shard of the target serves: the given `Slots`, else what ElastiCache does (an even split). */
export function targetLayout(target: TargetFacts): LayoutResult {
  const shards = target.shards ?? [];
  if (target.clusterModeEnabled && shards.length > 0 && shards.every((shard) => shard.slots !== undefined)) {
    try {
      return { layout: layoutOfShards(shards) };
    } catch (error) {
      return { unknown: `the slot layout is invalid (slot-coverage reports it): ${(error as Error).message}` };
    }
  }
  const count = targetShardCount(target);
  if (count === undefined) {
    return { unknown: target.clusterModeEnabled === undefined ? 'target cluster mode unknown' : 'target shard count unknown' };
  }
  try {
    return { layout: SlotLayout.even(count) };
  } catch (error) {
    return { unknown: `the shard count is invalid (shard-limits reports it): ${(error as Error).message}` };
  }
}

/** `shard 2 (slots 5461-10922)`, or `the group's only shard` without cluster mode. */
export function describeShard(layout: SlotLayout, shard: number): string {
  return layout.shardCount === 1 ? "the group's only shard" : `shard ${shard + 1} (slots ${layout.toSlotStrings()[shard]})`;
}
