import { Finding } from './facts';
import { listing } from './format';
import { RestoreRule } from './rule';
import { layoutOfShards } from './target-layout';

export const slotCoverage: RestoreRule = {
  id: 'slot-coverage',
  severity: 'error',
  refuses: 'per-shard slots that miss or repeat a slot, are given for some shards only, or a shard count that differs from NumNodeGroups',
  fix: 'build the slots with `SlotLayout.even(n)`, `SlotLayout.weighted([...])` or a plan file, with one entry per shard',
  check({ target }, context) {
    const shards = target.shards;
    if (shards === undefined) return context.skip('NodeGroupConfiguration unknown');
    const findings: Finding[] = [];
    if (target.numNodeGroups !== undefined && shards.length > 0 && shards.length !== target.numNodeGroups) {
      findings.push(context.error(`NodeGroupConfiguration lists ${shards.length} shards but NumNodeGroups is ${target.numNodeGroups}: give one NodeGroupConfiguration entry per shard.`));
    }
    const withoutSlots = shards.flatMap((shard, index) => (shard.slots === undefined ? [`${index + 1}`] : []));
    if (withoutSlots.length === shards.length) return findings;
    if (withoutSlots.length > 0) {
      findings.push(context.error(`shard${withoutSlots.length === 1 ? '' : 's'} ${listing(withoutSlots)} ${withoutSlots.length === 1 ? 'has' : 'have'} no Slots while the others do: give every shard its slots (e.g. SlotLayout.even(${shards.length})) or none.`));
      return findings;
    }
    try {
      layoutOfShards(shards);
    } catch (error) {
      findings.push(context.error(`${(error as Error).message} Build the slots with SlotLayout.even(${shards.length}) or SlotLayout.weighted([...]).`));
    }
    return findings;
  },
};
