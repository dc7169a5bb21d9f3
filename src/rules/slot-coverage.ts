import { Finding, RestoreFacts } from './facts';
import { RestoreRule, RuleContext, scannedFiles } from './rule';
import { listing } from '../model/text';
import { layoutOfShards } from './support/target-layout';
import { planFilesMismatch } from '../model/plan-file';

export const slotCoverage: RestoreRule = {
  id: 'slot-coverage',
  severity: 'error',
  refuses: 'per-shard slots that miss or repeat a slot, are given for some shards only, a shard count that differs from NumNodeGroups, or a plan file made for other files',
  fix: 'build the slots with `SlotLayout.even(n)`, `SlotLayout.weighted([...])` or a plan file written for the files restored, with one entry per shard',
  check(facts, context) {
    const shards = facts.target.shards;
    if (shards === undefined) return context.skip('NodeGroupConfiguration unknown');
    const findings: Finding[] = checkPlannedFiles(facts, context);
    const target = facts.target;
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

/** A plan balances the files it was made for; for other files its layout is a guess. */
function checkPlannedFiles({ target, rdbFiles }: RestoreFacts, context: RuleContext): Finding[] {
  if (!target.plannedFor || !rdbFiles?.length) return [];
  const files = scannedFiles(rdbFiles, context);
  if (files.length < rdbFiles.length) return context.skip('not every file is scanned, so the plan cannot be matched to them');
  const mismatch = planFilesMismatch(target.plannedFor, files.map(({ file, report }) => ({ name: file, bytes: report.bytes })));
  return mismatch
    ? [context.error(`${mismatch}: write the plan again for these files (cdk-elasticache-restore plan FILE… --shards N --out PLAN), or lay the slots out another way.`)]
    : [];
}
