import { App, CfnParameter, Fn, Lazy, Stack } from 'aws-cdk-lib';
import { CfnParameterGroup, CfnReplicationGroup, CfnReplicationGroupProps } from 'aws-cdk-lib/aws-elasticache';
import { restoreFactsOf } from '../../src/checks/replication-group-facts';
import { EngineVersion } from '../../src/model/engine-version';
import { NodeType } from '../../src/model/node-type';
import { attachRestoreFacts } from '../../src/target/attached-facts';
import { renderedGroupOf } from '../../src/target/rendered-group';
import { restoresData, targetFactsOf } from '../../src/target/target-facts';

const base: CfnReplicationGroupProps = {
  replicationGroupDescription: 'restored',
  engine: 'redis',
  engineVersion: '7.1',
  cacheNodeType: 'cache.r6g.large',
  snapshotName: 'nightly',
};

function group(props: Partial<CfnReplicationGroupProps> = {}, configure?: (stack: Stack) => Partial<CfnReplicationGroupProps>) {
  const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
  const resource = new CfnReplicationGroup(stack, 'Cache', { ...base, ...props, ...configure?.(stack) });
  return resource;
}

function factsOf(resource: CfnReplicationGroup) {
  const debug: string[] = [];
  const facts = restoreFactsOf(resource, (message) => debug.push(message));
  if (!facts) throw new Error(`${resource.node.path} restores nothing`);
  return { facts, debug };
}

describe('restoresData', () => {
  test.each<[string, Partial<CfnReplicationGroupProps>, boolean]>([
    ['SnapshotName', {}, true],
    ['SnapshotArns', { snapshotName: undefined, snapshotArns: ['arn:aws:s3:::dumps/a.rdb'] }, true],
    ['neither', { snapshotName: undefined }, false],
    ['an empty SnapshotArns', { snapshotName: undefined, snapshotArns: [] }, false],
  ])('%s', (_, props, expected) => {
    expect(restoresData(renderedGroupOf(group(props)).properties)).toBe(expected);
  });
});

describe('restoreFactsOf', () => {
  test('reads a cluster-mode-disabled group', () => {
    const { facts, debug } = factsOf(group({ numCacheClusters: 3, automaticFailoverEnabled: true }));
    expect(facts).toEqual({
      subject: 'Stack/Cache',
      backup: { snapshotName: 'nightly' },
      target: {
        engineVersion: EngineVersion.REDIS_7_1,
        nodeType: NodeType.R6G_LARGE,
        clusterModeEnabled: false,
        shards: [],
        replicasPerShard: 2,
        region: 'eu-west-1',
        seededFromArns: false,
        automaticFailoverEnabled: true,
        dataTieringEnabled: false,
        authentication: { authToken: false, userGroups: false, transitEncryption: false },
      },
    });
    expect(debug).toEqual([]);
  });

  test.each<[string, Partial<CfnReplicationGroupProps>, object]>([
    ['an AUTH token by its presence only, over TLS', { authToken: 'a-token-of-sixteen-chars', transitEncryptionEnabled: true },
      { authToken: true, userGroups: false, transitEncryption: true }],
    ['user groups that are Refs, and a transit encryption mode', { userGroupIds: [Fn.ref('Users')], transitEncryptionEnabled: true, transitEncryptionMode: 'preferred' },
      { authToken: false, userGroups: true, transitEncryption: true, transitEncryptionMode: 'preferred' }],
    ['an empty UserGroupIds as none', { userGroupIds: [] }, { authToken: false, userGroups: false, transitEncryption: false }],
  ])('reads the authentication: %s', (_, props, expected) => {
    const { facts } = factsOf(group(props));
    expect(facts.target.authentication).toEqual(expected);
    expect(JSON.stringify(facts)).not.toContain('a-token-of-sixteen-chars');
  });

  test('reads what the template says, property overrides included', () => {
    const resource = group({ numCacheClusters: 3 });
    resource.addPropertyOverride('CacheNodeType', 'cache.r7g.xlarge');
    resource.addPropertyOverride('NumCacheClusters', 1);
    resource.addPropertyOverride('MultiAZEnabled', true);
    expect(factsOf(resource).facts.target).toMatchObject({ nodeType: NodeType.R7G_XLARGE, replicasPerShard: 0, multiAzEnabled: true });
  });

  test('reads a seeded cluster-mode-enabled group with its shards', () => {
    const { facts } = factsOf(group({
      snapshotName: undefined,
      snapshotArns: ['arn:aws:s3:::dumps/a.rdb'],
      engine: 'valkey',
      engineVersion: '8.0',
      clusterMode: 'enabled',
      numNodeGroups: 2,
      replicasPerNodeGroup: 1,
      nodeGroupConfiguration: [
        { slots: '0-8191', replicaCount: 1, primaryAvailabilityZone: 'eu-west-1a', replicaAvailabilityZones: ['eu-west-1b'] },
        { slots: '8192-16383' },
      ],
    }));
    expect(facts.backup).toBeUndefined();
    expect(facts.target).toMatchObject({
      engineVersion: EngineVersion.VALKEY_8_0,
      clusterModeEnabled: true,
      numNodeGroups: 2,
      replicasPerShard: 1,
      seededFromArns: true,
      shards: [
        { slots: '0-8191', replicaCount: 1, primaryAvailabilityZone: 'eu-west-1a', replicaAvailabilityZones: ['eu-west-1b'] },
        { slots: '8192-16383' },
      ],
    });
  });

  test.each<[string, string | undefined, Partial<CfnReplicationGroupProps>, boolean | undefined]>([
    ['a default .cluster.on group', 'default.redis7.cluster.on', {}, true],
    ['a default group', 'default.redis7', {}, false],
    ['no group', undefined, {}, false],
    ['no group but several shards', undefined, { numNodeGroups: 3 }, true],
    ['a group defined elsewhere', 'shared-params', {}, undefined],
    ['ClusterMode over the group', 'default.redis7', { clusterMode: 'enabled' }, true],
    ['ClusterMode compatible', undefined, { clusterMode: 'compatible' }, undefined],
  ])('cluster mode from %s', (_, name, props, expected) => {
    expect(factsOf(group({ cacheParameterGroupName: name, ...props })).facts.target.clusterModeEnabled).toBe(expected);
  });

  test('reads cluster-enabled and reserved-memory-percent from a CfnParameterGroup of the stack', () => {
    const resource = group({}, (stack) => ({
      cacheParameterGroupName: new CfnParameterGroup(stack, 'Params', {
        cacheParameterGroupFamily: 'redis7',
        description: 'restore',
        properties: { 'cluster-enabled': 'yes', 'reserved-memory-percent': '40' },
      }).ref,
    }));
    expect(factsOf(resource).facts.target).toMatchObject({ clusterModeEnabled: true, reservedMemoryPercent: 40 });
  });

  test('a reserved-memory-percent that leaves no memory is not understood, as the constructs and the CLI refuse it', () => {
    const resource = group({}, (stack) => ({
      cacheParameterGroupName: new CfnParameterGroup(stack, 'Params', { cacheParameterGroupFamily: 'redis7', description: 'restore', properties: { 'reserved-memory-percent': '100' } }).ref,
    }));
    const { facts, debug } = factsOf(resource);
    expect(facts.target.reservedMemoryPercent).toBeUndefined();
    expect(debug).toContainEqual(expect.stringMatching(/reserved-memory-percent 100 is not understood \(expected a whole number from 0 to 99/));
  });

  test('a CfnParameterGroup without those parameters keeps the family defaults', () => {
    const resource = group({}, (stack) => ({
      cacheParameterGroupName: new CfnParameterGroup(stack, 'Params', { cacheParameterGroupFamily: 'redis7', description: 'restore', properties: {} }).ref,
    }));
    const { facts } = factsOf(resource);
    expect(facts.target.clusterModeEnabled).toBe(false);
    expect(facts.target.reservedMemoryPercent).toBeUndefined();
  });

  test('merges the facts a restore construct attached', () => {
    const resource = group();
    const rdbFiles = [{ file: 'a.rdb' }];
    attachRestoreFacts(resource, { backup: { snapshotName: 'nightly', clusterModeEnabled: true }, rdbFiles, plannedShardBytes: [1, 2] });
    const { facts } = factsOf(resource);
    expect(facts.backup).toEqual({ snapshotName: 'nightly', clusterModeEnabled: true });
    expect(facts.rdbFiles).toBe(rdbFiles);
    expect(facts.target.plannedShardBytes).toEqual([1, 2]);
  });

  describe('tokens and values it cannot read are unknown, with a reason', () => {
    test.each<[string, (stack: Stack) => Partial<CfnReplicationGroupProps>, (facts: ReturnType<typeof factsOf>['facts']) => unknown, RegExp]>([
      ['EngineVersion from a parameter', (stack) => ({ engineVersion: new CfnParameter(stack, 'Version').valueAsString }),
        (facts) => facts.target.engineVersion, /EngineVersion is not known until deploy time \(\{"Ref":"Version"\}\)/],
      ['an engine version ElastiCache does not have', () => ({ engineVersion: '6.x' }),
        (facts) => facts.target.engineVersion, /EngineVersion 6\.x is not understood \(Invalid redis version '6\.x'/],
      ['no EngineVersion', () => ({ engineVersion: undefined }),
        (facts) => facts.target.engineVersion, /EngineVersion is not set/],
      ['a node type from an import', () => ({ cacheNodeType: Fn.importValue('NodeType') }),
        (facts) => facts.target.nodeType, /CacheNodeType is not known until deploy time/],
      ['Slots from a lazy value', () => ({ nodeGroupConfiguration: [{ slots: Fn.join('-', ['0', Fn.importValue('Last')]) }] }),
        (facts) => facts.target.shards, /Slots of shard 1 is not known until deploy time/],
      ['a cluster-enabled token', (stack) => ({
        cacheParameterGroupName: new CfnParameterGroup(stack, 'Params', {
          cacheParameterGroupFamily: 'redis7', description: 'restore', properties: { 'cluster-enabled': new CfnParameter(stack, 'Cluster').valueAsString },
        }).ref,
      }), (facts) => facts.target.clusterModeEnabled, /cluster-enabled is not known until deploy time/],
      ['NumNodeGroups from a lazy number', () => ({ numNodeGroups: Lazy.number({ produce: () => Fn.importValue('Shards') as unknown as number }) }),
        (facts) => facts.target.numNodeGroups, /NumNodeGroups is not known until deploy time/],
    ])('%s', (_, configure, fact, reason) => {
      const { facts, debug } = factsOf(group({}, configure));
      expect(fact(facts)).toBeUndefined();
      expect(debug).toContainEqual(expect.stringMatching(new RegExp(`^Stack/Cache: ${reason.source}`)));
    });

    test('the Region of an environment-agnostic stack', () => {
      const stack = new Stack(new App(), 'Agnostic');
      const { facts } = factsOf(new CfnReplicationGroup(stack, 'Cache', base));
      expect(facts.target.region).toBeUndefined();
    });
  });
});

describe('targetFactsOf on deploy-time properties', () => {
  test('reads numbers and booleans that CloudFormation hands a custom resource as strings', () => {
    const debug: string[] = [];
    const target = targetFactsOf({
      properties: {
        Engine: 'valkey',
        EngineVersion: '8.0',
        CacheNodeType: 'cache.r7g.large',
        ClusterMode: 'enabled',
        NumNodeGroups: '2',
        CacheParameterGroupName: 'params-1',
        NodeGroupConfiguration: [{ Slots: '0-8191', ReplicaCount: '0' }, { Slots: '8192-16383', ReplicaCount: '1' }],
        AutomaticFailoverEnabled: 'true',
        MultiAZEnabled: 'false',
        DataTieringEnabled: 'false',
        SnapshotArns: ['arn:aws:s3:::b/a.rdb'],
        UserGroupIds: ['users'],
        TransitEncryptionEnabled: 'true',
      },
      parameterGroup: { name: 'Stack/Params', family: 'valkey8', parameters: { 'cluster-enabled': 'yes', 'reserved-memory-percent': '30' } },
      region: 'eu-west-1',
    }, (message) => debug.push(message));
    expect(target).toEqual({
      engineVersion: EngineVersion.VALKEY_8_0,
      nodeType: NodeType.R7G_LARGE,
      clusterModeEnabled: true,
      numNodeGroups: 2,
      shards: [{ slots: '0-8191', replicaCount: 0 }, { slots: '8192-16383', replicaCount: 1 }],
      reservedMemoryPercent: 30,
      parameterGroup: { name: 'Stack/Params', family: 'valkey8', parameters: { 'cluster-enabled': 'yes', 'reserved-memory-percent': '30' } },
      region: 'eu-west-1',
      seededFromArns: true,
      automaticFailoverEnabled: true,
      multiAzEnabled: false,
      dataTieringEnabled: false,
      authentication: { authToken: false, userGroups: true, transitEncryption: true },
    });
    expect(debug).toEqual([]);
  });

  test('a value that is neither is unknown, with the reason', () => {
    const debug: string[] = [];
    const target = targetFactsOf({ properties: { NumNodeGroups: 'two', AutomaticFailoverEnabled: 'yes' } }, (message) => debug.push(message));
    expect(target.numNodeGroups).toBeUndefined();
    expect(target.automaticFailoverEnabled).toBeUndefined();
    expect(debug).toEqual(expect.arrayContaining([expect.stringMatching(/^NumNodeGroups is not known until deploy time \("two"\)/)]));
  });
});
