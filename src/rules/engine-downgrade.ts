import { RestoreRule } from './rule';

export const engineDowngrade: RestoreRule = {
  id: 'engine-downgrade',
  severity: 'error',
  refuses: 'a target engine older than the backup\'s (a warning for a Redis OSS backup into Valkey, which AWS does not document)',
  fix: 'choose the backup\'s engine version or a newer one; for Valkey, restore into Redis OSS and upgrade in place',
  check({ target, backup }, context) {
    if (!backup) return [];
    const source = backup.engineVersion;
    if (!source) return context.skip(`engine of backup '${backup.snapshotName}' unknown`);
    const engine = target.engineVersion;
    if (!engine) return context.skip('target engine unknown');
    if (!engine.isAtLeast(source)) {
      return [context.error(`backup '${backup.snapshotName}' was taken on ${source}, and ElastiCache restores it only into the same engine or a newer one, not ${engine}: choose ${source} or later.`)];
    }
    if (engine.isValkey && !source.isValkey) {
      return [context.warning(`backup '${backup.snapshotName}' was taken on ${source}; AWS documents restoring Redis OSS backups into Redis OSS only and moving to Valkey by an in-place upgrade: restore into ${source} and upgrade to ${engine}, or test this restore first.`)];
    }
    return [];
  },
};
