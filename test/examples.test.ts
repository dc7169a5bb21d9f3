import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { RefusedRestoreStack } from '../examples/refused-restore-stack';
import { RestoreExampleStack } from '../examples/restore-example-stack';

/** Asset hashes change with every handler build; the snapshot is about the template's shape. */
function withoutAssetHashes(template: unknown): unknown {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}(\.zip)?/g, 'ASSET-HASH$1'));
}

describe('the example app', () => {
  const stack = new RestoreExampleStack(new App(), 'RestoreExample', { env: { account: '123456789012', region: 'eu-west-1' } });
  const template = Template.fromStack(stack);

  test('synthesizes as the snapshot says', () => {
    expect(withoutAssetHashes(template.toJSON())).toMatchSnapshot();
  });

  test('passes the restore checks', () => {
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('resizes the backup to 3 shards and seeds 2 objects', () => {
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { SnapshotName: 'orders-nightly-2026-11-01', NumNodeGroups: 3 });
    const seeded = Object.values(template.findResources('AWS::ElastiCache::ReplicationGroup', { Properties: { SnapshotArns: Match.anyValue() } }));
    expect(seeded.map((group) => group.Properties.SnapshotArns.length)).toEqual([2]);
  });
});

describe('the example of a refused restore', () => {
  test('fails synth with the rule, the construct and the remedy', () => {
    const stack = new RefusedRestoreStack(new App(), 'RefusedRestore', { env: { account: '123456789012', region: 'eu-west-1' } });
    const errors = Annotations.fromStack(stack).findError('*', Match.anyValue());
    expect(errors.map((error) => [error.id, error.entry.data])).toEqual([[
      '/RefusedRestore/Carts/Resource',
      expect.stringMatching(/^\[cluster-mode-downgrade\] backup 'carts-nightly-2026-11-01' comes from a cluster-mode-enabled group.*enable cluster mode/),
    ]]);
  });
});
