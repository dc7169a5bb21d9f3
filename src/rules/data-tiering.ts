import { RestoreRule } from './rule';

/** AWS: a data-tiering (r6gd) backup restores only into data-tiering nodes, and the reverse. */
export const dataTiering: RestoreRule = {
  id: 'data-tiering',
  severity: 'error',
  refuses: 'a backup of data-tiering nodes (r6gd) restored into a node type without data tiering, or the reverse',
  fix: 'choose a node type with the same tiering as the backup (cache.r6gd.* for a tiered backup)',
  check({ target, backup }, context) {
    if (!backup) return [];
    const sourceTiering = backup.dataTiering ?? backup.nodeType?.dataTiering;
    if (sourceTiering === undefined) return context.skip(`data tiering of backup '${backup.snapshotName}' unknown`);
    if (!target.nodeType) return context.skip('target node type unknown');
    if (sourceTiering === target.nodeType.dataTiering) return [];
    const source = `backup '${backup.snapshotName}'${backup.nodeType ? ` (${backup.nodeType})` : ''}`;
    return [sourceTiering
      ? context.error(`${source} comes from data-tiering nodes and restores only into data-tiering nodes, but the target uses ${target.nodeType}: choose a data-tiering type (cache.r6gd.*).`)
      : context.error(`${source} comes from nodes without data tiering and cannot be restored into the data-tiering ${target.nodeType}: choose a type without data tiering (e.g. cache.r6g.* or cache.r7g.*).`)];
  },
};
