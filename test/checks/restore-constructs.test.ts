import { App, AspectPriority, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  BackupSource, ClusterMode, EngineVersion, NodeType, Preflight, RestoreCompatibilityChecks,
  RestoredReplicationGroup, RestoredReplicationGroupProps, SlotLayout,
} from '../../src';
import { restoreFactsOf } from '../../src/checks/replication-group-facts';

/** The library's construct, read by the same extractor as a raw CfnReplicationGroup. */
function restored(props: Partial<RestoredReplicationGroupProps>) {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const group = new RestoredReplicationGroup(stack, 'Orders', {
    vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] }),
    backup: BackupSource.fromSnapshotName('nightly'),
    engineVersion: EngineVersion.REDIS_7_1,
    nodeType: NodeType.R7G_LARGE,
    clusterMode: ClusterMode.disabled(),
    preflight: Preflight.disabled(),
    ...props,
  });
  return { stack, group };
}

test('the extractor reads what RestoredReplicationGroup renders', () => {
  const { group } = restored({
    clusterMode: ClusterMode.enabled({ slotLayout: SlotLayout.weighted([2, 1]), replicasPerShard: 2 }),
    reservedMemoryPercent: 40,
    backup: BackupSource.fromSnapshotName('nightly', { clusterModeEnabled: false, dataBytes: 2 ** 30 }),
  });
  const facts = restoreFactsOf(group.resource, () => undefined)!;
  expect(facts.backup).toMatchObject({ snapshotName: 'nightly', clusterModeEnabled: false, dataBytes: 2 ** 30 });
  expect(facts.target).toMatchObject({
    engineVersion: EngineVersion.REDIS_7_1,
    nodeType: NodeType.R7G_LARGE,
    clusterModeEnabled: true,
    numNodeGroups: 2,
    shards: [{ slots: '0-10922', replicaCount: 2 }, { slots: '10923-16383', replicaCount: 2 }],
    reservedMemoryPercent: 40,
    region: 'us-east-1',
    seededFromArns: false,
    dataTieringEnabled: false,
  });
});

test('a RestoredReplicationGroup that turns cluster mode off fails synth', () => {
  const { stack } = restored({ backup: BackupSource.fromSnapshotName('nightly', { clusterModeEnabled: true }) });
  Aspects.of(stack).add(new RestoreCompatibilityChecks(), { priority: AspectPriority.READONLY });
  Annotations.fromStack(stack).hasError('/Stack/Orders/Resource', Match.stringLikeRegexp('^\\[cluster-mode-downgrade\\] backup \'nightly\''));
});

test('a verbose instance the user adds to the app joins the construct\'s own: one set of findings, with the skipped checks', () => {
  const { stack } = restored({ backup: BackupSource.fromSnapshotName('nightly', { clusterModeEnabled: true }) });
  Aspects.of(stack.node.root).add(new RestoreCompatibilityChecks({ verbose: true }), { priority: AspectPriority.READONLY });
  const annotations = Annotations.fromStack(stack);
  expect(annotations.findError('*', Match.anyValue()).map((error) => String(error.entry.data))).toEqual([
    expect.stringMatching(/^\[cluster-mode-downgrade\] backup 'nightly'/),
  ]);
  expect(annotations.findInfo('/Stack/Orders/Resource', Match.stringLikeRegexp('skipped'))).not.toEqual([]);
});
