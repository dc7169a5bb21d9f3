import { App, AspectPriority, Aspects, Annotations as CoreAnnotations, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { CfnParameterGroup, CfnReplicationGroup, CfnReplicationGroupProps } from 'aws-cdk-lib/aws-elasticache';
import { RestoreCompatibilityChecks } from '../../src/checks/restore-compatibility-checks';
import { EngineVersion } from '../../src/model/engine-version';
import { NodeType } from '../../src/model/node-type';
import { FileReport } from '../../src/rdb/report';
import { acknowledgeFinding, attachRestoreFacts } from '../../src/target/attached-facts';
import { report } from '../support/reports';

/** A seeded cluster-mode-enabled group with everything right: Valkey 8.0, two shards with slots. */
const seeded: CfnReplicationGroupProps = {
  replicationGroupDescription: 'seeded',
  engine: 'valkey',
  engineVersion: '8.0',
  cacheNodeType: 'cache.r7g.large',
  cacheParameterGroupName: 'default.valkey8.cluster.on',
  snapshotArns: ['arn:aws:s3:::dumps/a.rdb'],
  numNodeGroups: 2,
  replicasPerNodeGroup: 1,
  automaticFailoverEnabled: true,
  nodeGroupConfiguration: [{ slots: '0-8191' }, { slots: '8192-16383' }],
};

const scan = (overrides: Partial<FileReport> = {}): FileReport => report({
  file: 's3://dumps/a.rdb',
  aux: { 'used-mem': '1048576' },
  databases: [{ db: 0, keys: 3, expires: 0 }],
  keys: 3,
  types: { string: 3 },
  ...overrides,
});

function stackWith(props: Partial<CfnReplicationGroupProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
  const resource = new CfnReplicationGroup(stack, 'Cache', { ...seeded, ...props });
  return { app, stack, resource };
}

function checked(props: Partial<CfnReplicationGroupProps> = {}, prepare?: (resource: CfnReplicationGroup, stack: Stack) => void) {
  const { stack, resource } = stackWith(props);
  prepare?.(resource, stack);
  Aspects.of(stack).add(new RestoreCompatibilityChecks(), { priority: AspectPriority.READONLY });
  return Annotations.fromStack(stack);
}

describe('RestoreCompatibilityChecks', () => {
  test('a compliant seeded group has no errors and no warnings', () => {
    const annotations = checked({}, (resource) => attachRestoreFacts(resource, { rdbFiles: [{ file: 's3://dumps/a.rdb', report: scan() }] }));
    annotations.hasNoError('*', Match.anyValue());
    annotations.hasNoWarning('*', Match.anyValue());
  });

  test('keys outside database 0 in cluster mode fail synth with the rule id', () => {
    const annotations = checked({}, (resource) => attachRestoreFacts(resource, {
      rdbFiles: [{ file: 's3://dumps/a.rdb', report: scan({ databases: [{ db: 0, keys: 1, expires: 0 }, { db: 2, keys: 5, expires: 0 }] }) }],
    }));
    annotations.hasError('/Stack/Cache', Match.stringLikeRegexp('^\\[single-database\\] s3://dumps/a\\.rdb has 5 keys outside database 0'));
  });

  test('a raw group seeding cluster mode from ARNs without slots is caught', () => {
    checked({ nodeGroupConfiguration: undefined }).hasError('/Stack/Cache', Match.stringLikeRegexp('^\\[seed-slots\\] the group is seeded from \\.rdb ARNs'));
  });

  test('a raw group restoring a named backup is checked from its properties alone', () => {
    const annotations = checked({
      snapshotArns: undefined, snapshotName: 'nightly', numNodeGroups: 3, nodeGroupConfiguration: [{ slots: '0-100' }, { slots: '101-16383' }],
    });
    annotations.hasError('/Stack/Cache', Match.stringLikeRegexp('^\\[slot-coverage\\] NodeGroupConfiguration lists 2 shards but NumNodeGroups is 3'));
  });

  test('a raw group\'s authentication is checked, overrides included', () => {
    const annotations = checked({ engine: 'redis', engineVersion: '5.0.6', userGroupIds: ['users'], transitEncryptionEnabled: true }, (resource) => {
      resource.addPropertyOverride('AuthToken', 'a-token-of-sixteen-chars');
      resource.addPropertyOverride('TransitEncryptionEnabled', false);
    });
    for (const message of ['AuthToken and UserGroupIds are both given', 'UserGroupIds needs RBAC, which Redis OSS 5\\.0\\.6 lacks', 'AuthToken and UserGroupIds need in-transit encryption']) {
      annotations.hasError('/Stack/Cache', Match.stringLikeRegexp(`^\\[authentication\\] ${message}`));
    }
    expect(JSON.stringify(annotations.findError('*', Match.anyValue()))).not.toContain('a-token-of-sixteen-chars');
  });

  test('warnings carry an id that acknowledges them', () => {
    const backup = { snapshotName: 'nightly', engineVersion: EngineVersion.REDIS_7_1, clusterModeEnabled: true, nodeType: NodeType.R7G_LARGE };
    const warned = checked({ snapshotArns: undefined, snapshotName: 'nightly' }, (resource) => attachRestoreFacts(resource, { backup }));
    warned.hasWarning('/Stack/Cache', Match.stringLikeRegexp('^\\[engine-downgrade\\] backup \'nightly\' was taken on Redis OSS 7.1.*\\[ack: cdk-elasticache-restore:engine-downgrade\\]'));
    warned.hasNoError('*', Match.anyValue());

    const acknowledged = checked({ snapshotArns: undefined, snapshotName: 'nightly' }, (resource, stack) => {
      attachRestoreFacts(resource, { backup });
      CoreAnnotations.of(stack).acknowledgeWarning('cdk-elasticache-restore:engine-downgrade', 'tested on a copy');
    });
    acknowledged.hasNoWarning('*', Match.anyValue());
  });

  test('ignores groups that restore nothing, however wrong', () => {
    checked({ snapshotArns: undefined, numNodeGroups: 0 }).hasNoError('*', Match.anyValue());
  });

  test('reads cluster mode and reserved memory from a parameter group of the stack', () => {
    // 2.5 GiB of data on cache.t3.medium (3.09 GiB): fits at 0% reserved memory, not at the 25% default.
    const data = { rdbFiles: [{ file: 's3://dumps/a.rdb', report: scan({ aux: { 'used-mem': `${2.5 * 2 ** 30}` } }) }] };
    const withReserved = (percent: string) => checked(
      { cacheNodeType: 'cache.t3.medium', numNodeGroups: 1, nodeGroupConfiguration: [{ slots: '0-16383' }] },
      (resource, stack) => {
        const group = new CfnParameterGroup(stack, 'Params', {
          cacheParameterGroupFamily: 'valkey8', description: 'seed', properties: { 'cluster-enabled': 'yes', 'reserved-memory-percent': percent },
        });
        resource.cacheParameterGroupName = group.ref;
        attachRestoreFacts(resource, data);
      });
    withReserved('25').hasError('/Stack/Cache', Match.stringLikeRegexp('^\\[memory-fit\\] .* at 25% reserved memory'));
    withReserved('0').hasNoError('*', Match.anyValue());
    withReserved('0').hasNoWarning('*', Match.anyValue());
  });

  test('skips facts that are tokens, and says so when verbose', () => {
    const { stack } = stackWith({ engineVersion: undefined });
    Aspects.of(stack).add(new RestoreCompatibilityChecks({ verbose: true }), { priority: AspectPriority.READONLY });
    const annotations = Annotations.fromStack(stack);
    annotations.hasNoError('*', Match.anyValue());
    annotations.hasInfo('/Stack/Cache', Match.stringLikeRegexp('^Stack/Cache: EngineVersion is not set'));
    annotations.hasInfo('/Stack/Cache', Match.stringLikeRegexp('^\\[rdb-version\\] Stack/Cache: skipped: target engine unknown'));
  });

  test('is quiet about skipped checks by default', () => {
    const annotations = checked({ engineVersion: undefined });
    expect(annotations.findInfo('*', Match.anyValue())).toEqual([]);
  });

  test('reports each problem once when added several times and by applyTo', () => {
    const { app, stack } = stackWith({ nodeGroupConfiguration: undefined });
    Aspects.of(app).add(new RestoreCompatibilityChecks());
    RestoreCompatibilityChecks.applyTo(stack);
    RestoreCompatibilityChecks.applyTo(stack.node.findChild('Cache'));
    Aspects.of(stack).add(new RestoreCompatibilityChecks(), { priority: AspectPriority.READONLY });
    expect(Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('seed-slots'))).toHaveLength(1);
  });

  test.each<[string, Partial<CfnReplicationGroupProps>, RegExp]>([
    ['a default group of another family', { cacheParameterGroupName: 'default.valkey9.cluster.on' }, /^\[parameter-group\] Parameter group default\.valkey9\.cluster\.on is of family valkey9, but Valkey 8\.0 needs family valkey8/],
    ['a default group without cluster mode', { cacheParameterGroupName: 'default.valkey8', clusterMode: 'enabled' }, /^\[parameter-group\] Parameter group default\.valkey8 has cluster-enabled no, but the target has cluster mode enabled/],
  ])('refuses %s for a raw group', (_, props, message) => {
    const annotations = checked(props, (resource) => attachRestoreFacts(resource, { rdbFiles: [{ file: 's3://dumps/a.rdb', report: scan() }] }));
    expect(annotations.findError('*', Match.anyValue()).map((error) => String(error.entry.data))).toEqual([expect.stringMatching(message)]);
  });

  test('applyTo adds one read-only instance to the construct itself, not its stack', () => {
    const { stack, resource } = stackWith();
    RestoreCompatibilityChecks.applyTo(resource);
    RestoreCompatibilityChecks.applyTo(resource);
    const applied = Aspects.of(resource).applied.filter((application) => application.aspect instanceof RestoreCompatibilityChecks);
    expect(applied.map((application) => application.priority)).toEqual([AspectPriority.READONLY]);
    expect(Aspects.of(stack).all).toEqual([]);
  });

  test.each([
    ['before the construct\'s own', AspectPriority.MUTATING],
    ['beside the construct\'s own', AspectPriority.READONLY],
    ['after the construct\'s own', AspectPriority.READONLY + 1],
  ])('a verbose instance added to the app %s checks each resource once, verbosely', (_, priority) => {
    const { app, stack, resource } = stackWith({ engineVersion: undefined, nodeGroupConfiguration: undefined });
    RestoreCompatibilityChecks.applyTo(resource);
    Aspects.of(app).add(new RestoreCompatibilityChecks({ verbose: true }), { priority });
    const annotations = Annotations.fromStack(stack);
    expect(annotations.findError('*', Match.anyValue()).map((error) => String(error.entry.data))).toEqual([expect.stringMatching(/^\[seed-slots\]/)]);
    expect(annotations.findInfo('/Stack/Cache', Match.stringLikeRegexp('^Stack/Cache: EngineVersion is not set'))).toHaveLength(1);
  });

  test('facts and acknowledgements recorded by one copy of the library are read by another', () => {
    const { resource } = stackWith();
    attachRestoreFacts(resource, { plannedShardBytes: [1, 2] });
    acknowledgeFinding(resource, 'memory-fit', 'small hashes');
    jest.isolateModules(() => {
      const otherCopy: typeof import('../../src/target/attached-facts') = jest.requireActual('../../src/target/attached-facts');
      expect(otherCopy.attachRestoreFacts).not.toBe(attachRestoreFacts);
      expect(otherCopy.attachedRestoreFacts(resource)).toEqual({ plannedShardBytes: [1, 2] });
      expect(otherCopy.acknowledgedFindings(resource)).toEqual({ 'memory-fit': 'small hashes' });
    });
  });
});
