import { RestoreRule } from './rule';
import { listing } from '../model/text';

/** AWS: "Slots must be provided when restoring from snapshot ARNs with cluster mode enabled". */
export const seedSlots: RestoreRule = {
  id: 'seed-slots',
  severity: 'error',
  refuses: 'seeding a cluster-mode-enabled group from .rdb ARNs without the slots of every shard',
  fix: 'give every NodeGroupConfiguration entry its Slots (`SeededCluster` renders them from the slot layout)',
  check({ target }, context) {
    // ElastiCache places a serverless cache's slots itself.
    if (target.resource === 'serverless-cache') return [];
    if (target.seededFromArns === undefined) return context.skip('whether the target is seeded from .rdb ARNs is unknown');
    if (target.clusterModeEnabled === undefined) return context.skip('target cluster mode unknown');
    if (!target.seededFromArns || !target.clusterModeEnabled) return [];
    if (target.shards === undefined) return context.skip('NodeGroupConfiguration unknown');
    const without = target.shards.flatMap((shard, index) => (shard.slots === undefined ? [`${index + 1}`] : []));
    const fix = 'give every shard its Slots in NodeGroupConfiguration, e.g. from SlotLayout.even(n).toSlotStrings() (ElastiCache otherwise refuses with "Slots must be provided when restoring from snapshot ARNs with cluster mode enabled").';
    if (target.shards.length === 0) {
      return [context.error(`the group is seeded from .rdb ARNs with cluster mode enabled but has no NodeGroupConfiguration: ${fix}`)];
    }
    if (without.length > 0) {
      return [context.error(`the group is seeded from .rdb ARNs with cluster mode enabled but shard${without.length === 1 ? '' : 's'} ${listing(without)} ${without.length === 1 ? 'has' : 'have'} no Slots: ${fix}`)];
    }
    return [];
  },
};
