import { Lazy } from 'aws-cdk-lib';
import { BackupSource, EngineVersion, NodeType } from '../../src';

describe('BackupSource.fromSnapshotName', () => {
  test('keeps the name and what was declared about the backup', () => {
    const facts = {
      clusterModeEnabled: true, nodeType: NodeType.R6GD_XLARGE, engineVersion: EngineVersion.REDIS_7_1, shardCount: 3, dataBytes: 2 ** 30,
    };
    const backup = BackupSource.fromSnapshotName('nightly-2026-11-01', facts);
    expect(backup.snapshotName).toBe('nightly-2026-11-01');
    expect(backup.facts).toEqual(facts);
  });

  test('declares nothing by default', () => {
    expect(BackupSource.fromSnapshotName('nightly').facts).toEqual({});
  });

  test('takes a name of 255 characters, and a token as it is', () => {
    expect(BackupSource.fromSnapshotName(`a${'-'.repeat(254)}`).snapshotName).toHaveLength(255);
    const token = Lazy.string({ produce: () => 'nightly' });
    expect(BackupSource.fromSnapshotName(token).snapshotName).toBe(token);
  });

  test.each([
    ['a space', 'nightly backup'],
    ['a leading digit', '1nightly'],
    ['an underscore', 'nightly_1'],
    ['the empty name', ''],
    ['a name of 256 characters', `a${'b'.repeat(255)}`],
  ])('refuses %s, naming the rule', (_, name) => {
    expect(() => BackupSource.fromSnapshotName(name)).toThrow(/^BackupSource.fromSnapshotName: '.*' is not a backup name \(a letter, then letters, digits and hyphens, at most 255\)\.$/);
  });
});
