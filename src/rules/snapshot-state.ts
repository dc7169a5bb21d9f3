import { RestoreRule } from './rule';

const AVAILABLE = 'available';

export const snapshotState: RestoreRule = {
  id: 'snapshot-state',
  severity: 'error',
  refuses: 'a named backup that does not exist or is not `available`',
  fix: 'correct the backup name (and Region), or wait until the backup is `available`',
  check({ backup }, context) {
    if (!backup) return [];
    if (backup.exists === false) {
      return [context.error(`backup '${backup.snapshotName}' does not exist in this account and Region: correct the name, or copy the backup here (aws elasticache copy-snapshot).`)];
    }
    if (backup.status === undefined) return context.skip(`state of backup '${backup.snapshotName}' unknown`);
    if (backup.status !== AVAILABLE) {
      return [context.error(`backup '${backup.snapshotName}' is ${backup.status}, and ElastiCache restores only ${AVAILABLE} backups: wait until it is ${AVAILABLE}, or choose another backup.`)];
    }
    return [];
  },
};
