import { Token } from 'aws-cdk-lib';
import { BackupSourceFacts } from '../model/backup-source-facts';

/**
 * An ElastiCache backup (snapshot) to restore from.
 */
export class BackupSource {
  /**
   * A backup by its name in this account and Region.
   *
   * @param snapshotName the backup's name, e.g. `nightly-2026-11-01`
   * @param facts what you know of it, for synth-time checks
   */
  public static fromSnapshotName(snapshotName: string, facts: BackupSourceFacts = {}): BackupSource {
    if (!Token.isUnresolved(snapshotName) && !/^[A-Za-z][A-Za-z0-9-]{0,254}$/.test(snapshotName)) {
      throw new Error(`BackupSource.fromSnapshotName: '${snapshotName}' is not a backup name (a letter, then letters, digits and hyphens, at most 255).`);
    }
    return new BackupSource(snapshotName, facts);
  }

  private constructor(
    /** The backup's name. */
    public readonly snapshotName: string,
    /** What was declared about it. */
    public readonly facts: BackupSourceFacts,
  ) {}
}
