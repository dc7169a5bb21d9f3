import { App, CfnParameter, RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  BackupSource, ClusterMode, EngineVersion, NodeType, Preflight, RestoredReplicationGroup, RestoredReplicationGroupProps, SlotLayout,
} from '../../src';

const RG = 'AWS::ElastiCache::ReplicationGroup';

function build(overrides: Partial<RestoredReplicationGroupProps> = {}) {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 0 });
  const group = new RestoredReplicationGroup(stack, 'Cache', {
    vpc,
    backup: BackupSource.fromSnapshotName('nightly-2026-11-01'),
    engineVersion: EngineVersion.REDIS_7_1,
    nodeType: NodeType.R7G_LARGE,
    clusterMode: ClusterMode.disabled(),
    ...overrides,
  });
  return { stack, vpc, group, get template() { return Template.fromStack(stack); } };
}

describe('RestoredReplicationGroup', () => {
  test('restores the named backup into a single-shard group with safe defaults', () => {
    const { template } = build();
    template.resourceCountIs(RG, 1);
    template.hasResourceProperties(RG, {
      SnapshotName: 'nightly-2026-11-01',
      ReplicationGroupDescription: 'Restored from backup nightly-2026-11-01',
      Engine: 'redis',
      EngineVersion: '7.1',
      CacheNodeType: 'cache.r7g.large',
      Port: 6379,
      ClusterMode: 'disabled',
      NumCacheClusters: 2,
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
      AtRestEncryptionEnabled: true,
      TransitEncryptionEnabled: true,
      NumNodeGroups: Match.absent(),
      NodeGroupConfiguration: Match.absent(),
      ReplicasPerNodeGroup: Match.absent(),
      CacheParameterGroupName: Match.absent(),
      DataTieringEnabled: Match.absent(),
      AuthToken: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: Match.stringLikeRegexp('^CacheAuthToken') }, ':SecretString:::}}']] },
      SnapshotArns: Match.absent(),
    });
    template.hasResource(RG, { DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
  });

  test('resizes 1 shard into 3 on the even layout with per-shard replicas', () => {
    const { template } = build({ clusterMode: ClusterMode.enabled({ shardCount: 3, replicasPerShard: 2 }), nodeType: NodeType.R7G_LARGE });
    template.hasResourceProperties(RG, {
      ClusterMode: 'enabled',
      NumNodeGroups: 3,
      NumCacheClusters: Match.absent(),
      NodeGroupConfiguration: [
        { NodeGroupId: '0001', Slots: '0-5460', ReplicaCount: 2 },
        { NodeGroupId: '0002', Slots: '5461-10922', ReplicaCount: 2 },
        { NodeGroupId: '0003', Slots: '10923-16383', ReplicaCount: 2 },
      ],
      CacheParameterGroupName: { Ref: Match.stringLikeRegexp('CacheParameterGroup') },
    });
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'redis7',
      Properties: { 'cluster-enabled': 'yes' },
    });
  });

  test('renders a custom layout and placements', () => {
    const { template } = build({
      clusterMode: ClusterMode.enabled({
        slotLayout: SlotLayout.fromRanges([['0-99', '8000-16383'], ['100-7999']]),
        replicasPerShard: 1,
        placements: [{ primaryAvailabilityZone: 'us-east-1a', replicaAvailabilityZones: ['us-east-1b'] }],
      }),
    });
    template.hasResourceProperties(RG, {
      NodeGroupConfiguration: [
        { Slots: '0-99,8000-16383', PrimaryAvailabilityZone: 'us-east-1a', ReplicaAvailabilityZones: ['us-east-1b'] },
        { Slots: '100-7999', PrimaryAvailabilityZone: Match.absent() },
      ],
    });
  });

  test('a parameter group holds a reserved-memory-percent other than 25', () => {
    const { template } = build({ reservedMemoryPercent: 40, engineVersion: EngineVersion.VALKEY_8_0 });
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'valkey8',
      Properties: { 'reserved-memory-percent': '40' },
    });
    template.hasResourceProperties(RG, { Engine: 'valkey', EngineVersion: '8.0' });
  });

  test('uses a given parameter group instead of creating one', () => {
    const { template } = build({ parameterGroupName: 'my-group', clusterMode: ClusterMode.enabled() });
    template.resourceCountIs('AWS::ElastiCache::ParameterGroup', 0);
    template.hasResourceProperties(RG, { CacheParameterGroupName: 'my-group' });
  });

  // CreateReplicationGroup refuses cluster mode enabled without failover, and failover without a replica otherwise.
  test.each<[string, ClusterMode, object]>([
    ['cluster mode disabled, no replicas: no failover, Multi-AZ stated off', ClusterMode.disabled({ replicas: 0 }),
      { NumCacheClusters: 1, AutomaticFailoverEnabled: false, MultiAZEnabled: false }],
    ['cluster mode disabled, a replica: failover and Multi-AZ', ClusterMode.disabled({ replicas: 1 }),
      { NumCacheClusters: 2, AutomaticFailoverEnabled: true, MultiAZEnabled: true }],
    ['cluster mode enabled, no replicas: failover all the same, Multi-AZ stated off', ClusterMode.enabled({ shardCount: 2, replicasPerShard: 0 }),
      { NumNodeGroups: 2, AutomaticFailoverEnabled: true, MultiAZEnabled: false }],
    ['cluster mode enabled, replicas: failover and Multi-AZ', ClusterMode.enabled({ shardCount: 2, replicasPerShard: 2 }),
      { NumNodeGroups: 2, AutomaticFailoverEnabled: true, MultiAZEnabled: true }],
  ])('%s', (_, clusterMode, rendered) => {
    const { stack, template } = build({ clusterMode });
    template.hasResourceProperties(RG, rendered);
    // ...and the synth-time rules accept what the construct renders.
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
  });

  test('an explicit multiAz: false is rendered', () => {
    const { template } = build({ clusterMode: ClusterMode.enabled({ replicasPerShard: 1 }), multiAz: false });
    template.hasResourceProperties(RG, { AutomaticFailoverEnabled: true, MultiAZEnabled: false });
  });

  test.each<[string, () => unknown, RegExp]>([
    ['replicas', () => ClusterMode.disabled({ replicas: new CfnParameter(new Stack(), 'Replicas', { type: 'Number' }).valueAsNumber }),
      /^ClusterMode\.disabled: replicas is -[\d.e+]+; give a whole number from 0 up, known at synth time \(a CfnParameter/],
    ['replicasPerShard', () => ClusterMode.enabled({ replicasPerShard: new CfnParameter(new Stack(), 'Replicas', { type: 'Number' }).valueAsNumber }),
      /^ClusterMode\.enabled: replicasPerShard is -[\d.e+]+; give a whole number from 0 up, known at synth time/],
    ['shardCount', () => ClusterMode.enabled({ shardCount: new CfnParameter(new Stack(), 'Shards', { type: 'Number' }).valueAsNumber }),
      /^ClusterMode\.enabled: shardCount is -[\d.e+]+; give a whole number from 1 up, known at synth time/],
    ['slots', () => SlotLayout.fromRanges([[new CfnParameter(new Stack(), 'Slots').valueAsString]]), /^Invalid slot range '\$\{Token\[/],
    ['engine version', () => EngineVersion.redis(new CfnParameter(new Stack(), 'Version').valueAsString), /^Invalid redis version '\$\{Token\[/],
    ['engine', () => EngineVersion.of(new CfnParameter(new Stack(), 'Engine').valueAsString, '7.1'), /^Unknown engine '\$\{Token\[/],
    ['node type', () => NodeType.of(new CfnParameter(new Stack(), 'NodeType').valueAsString), /^Invalid node type '\$\{Token\[/],
  ])('refuses a token for %s, naming it', (_, make, message) => {
    expect(make).toThrow(message);
  });

  test('places a single shard by AZ', () => {
    const { template } = build({
      clusterMode: ClusterMode.disabled({ replicas: 1, placement: { primaryAvailabilityZone: 'us-east-1a', replicaAvailabilityZones: ['us-east-1c'] } }),
    });
    template.hasResourceProperties(RG, { PreferredCacheClusterAZs: ['us-east-1a', 'us-east-1c'] });
  });

  test('data tiering follows the node type', () => {
    const { template } = build({ nodeType: NodeType.R6GD_XLARGE });
    template.hasResourceProperties(RG, { DataTieringEnabled: true, CacheNodeType: 'cache.r6gd.xlarge' });
  });

  test('network: private subnets, a closed security group, connections on the port', () => {
    const built = build({ port: 6380 });
    const { stack, vpc, group } = built;
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc });
    group.connections.allowDefaultPortFrom(client);
    const template = built.template;
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: vpc.isolatedSubnets.map((subnet) => stack.resolve(subnet.subnetId)),
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Nodes of Stack/Cache',
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })],
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 6380, ToPort: 6380 });
    expect(group.port).toBe(6380);
  });

  test('uses the given security groups', () => {
    const stack = new Stack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const sg = new ec2.SecurityGroup(stack, 'Mine', { vpc });
    new RestoredReplicationGroup(stack, 'Cache', {
      vpc,
      securityGroups: [sg],
      backup: BackupSource.fromSnapshotName('b'),
      engineVersion: EngineVersion.REDIS_7_1,
      nodeType: NodeType.R7G_LARGE,
      clusterMode: ClusterMode.disabled(),
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    template.hasResourceProperties(RG, { SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('Mine'), 'GroupId'] }] });
  });

  test('encryption, KMS key, AUTH token and removal policy', () => {
    const stack = new Stack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const key = new kms.Key(stack, 'Key');
    new RestoredReplicationGroup(stack, 'Cache', {
      vpc,
      backup: BackupSource.fromSnapshotName('b'),
      engineVersion: EngineVersion.REDIS_7_1,
      nodeType: NodeType.R7G_LARGE,
      clusterMode: ClusterMode.disabled(),
      kmsKey: key,
      authToken: SecretValue.secretsManager('cache-auth'),
      removalPolicy: RemovalPolicy.DESTROY,
      replicationGroupId: 'restored',
      description: 'mine',
      multiAz: false,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties(RG, {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Key'), 'Arn'] },
      AuthToken: '{{resolve:secretsmanager:cache-auth:SecretString:::}}',
      ReplicationGroupId: 'restored',
      ReplicationGroupDescription: 'mine',
      MultiAZEnabled: false,
    });
    template.hasResource(RG, { DeletionPolicy: 'Delete' });
  });

  test('endpoints follow the cluster mode', () => {
    const disabled = build().group;
    expect(Stack.of(disabled).resolve(disabled.endpointAddress)['Fn::GetAtt'][1]).toBe('PrimaryEndPoint.Address');
    expect(disabled.readerEndpointAddress).toBeDefined();
    expect(disabled.configurationEndpointAddress).toBeUndefined();
    const enabled = build({ clusterMode: ClusterMode.enabled({ shardCount: 2 }) }).group;
    expect(Stack.of(enabled).resolve(enabled.endpointAddress)['Fn::GetAtt'][1]).toBe('ConfigurationEndPoint.Address');
    expect(enabled.readerEndpointAddress).toBeUndefined();
  });

  test.each<[string, Partial<RestoredReplicationGroupProps>, RegExp]>([
    ['AUTH without TLS', { authToken: SecretValue.unsafePlainText('x'.repeat(16)), transitEncryption: false }, /authentication needs transitEncryption/],
    ['Multi-AZ without replicas', { multiAz: true, clusterMode: ClusterMode.disabled({ replicas: 0 }) }, /multiAz needs at least one replica/],
    ['reserved memory of 100%', { reservedMemoryPercent: 100 }, /reservedMemoryPercent is 100: give a whole number from 0 to 99, as 100 leaves no memory for data/],
    ['a fraction of a percent of reserved memory, which a parameter group cannot hold', { reservedMemoryPercent: 12.5 }, /reservedMemoryPercent is 12\.5: give a whole number from 0 to 99/],
    ['a privileged port', { port: 80 }, /port is 80: ElastiCache takes a port from 1024 to 65535/],
  ])('refuses %s', (_, overrides, message) => {
    expect(() => build(overrides)).toThrow(message);
  });

  test('the group waits for a preflight that may describe exactly the named backup', () => {
    const { template } = build();
    const [preflightId] = Object.keys(template.findResources('Custom::ElastiCacheRestorePreflight'));
    template.hasResource(RG, { DependsOn: Match.arrayWith([preflightId]) });
    template.hasResourceProperties('Custom::ElastiCacheRestorePreflight', { Group: Match.objectLike({ SnapshotName: 'nightly-2026-11-01' }), Mode: 'full' });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: 'elasticache:DescribeSnapshots',
          Effect: 'Allow',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:snapshot:nightly-2026-11-01']] },
        }],
      },
    });
  });

  test('Preflight.disabled() leaves only the synth-time checks', () => {
    const { template } = build({ preflight: Preflight.disabled() });
    template.resourceCountIs('Custom::ElastiCacheRestorePreflight', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('synth-time checks refuse what the declared backup facts rule out', () => {
    const { stack } = build({
      backup: BackupSource.fromSnapshotName('sharded', { clusterModeEnabled: true, nodeType: NodeType.R6GD_XLARGE }),
      clusterMode: ClusterMode.disabled(),
    });
    const errors = Annotations.fromStack(stack).findError('*', Match.anyValue()).map((message) => String(message.entry.data));
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^\[cluster-mode-downgrade\]/),
      expect.stringMatching(/^\[data-tiering\]/),
    ]));
  });

  describe('acknowledging an error finding', () => {
    const refused = () => build({ backup: BackupSource.fromSnapshotName('sharded', { clusterModeEnabled: true }), clusterMode: ClusterMode.disabled() });

    test('turns it into a warning with the reason, at synth time and for the preflight', () => {
      const { stack, group, template } = (() => {
        const built = refused();
        built.group.acknowledge('cluster-mode-downgrade', 'the backup holds one shard only');
        return { ...built, template: built.template };
      })();
      const annotations = Annotations.fromStack(stack);
      expect(annotations.findError('*', Match.anyValue())).toEqual([]);
      annotations.hasWarning(`/${group.resource.node.path}`, Match.stringLikeRegexp('^\\[cluster-mode-downgrade\\] .*\\(acknowledged: the backup holds one shard only\\)'));
      template.hasResourceProperties('Custom::ElastiCacheRestorePreflight', {
        Acknowledged: JSON.stringify({ 'cluster-mode-downgrade': 'the backup holds one shard only' }),
      });
    });

    test.each<[string, string, RegExp]>([
      ['an unknown rule', 'memory', /^Stack\/Cache\/Resource: cannot acknowledge 'memory', which is not a rule id; use one of cluster-mode-downgrade, /],
      ['no reason', '', /^Stack\/Cache\/Resource: acknowledging 'memory-fit' needs a reason/],
    ])('refuses %s', (_, rule, message) => {
      expect(() => refused().group.acknowledge(rule || 'memory-fit', rule ? 'why' : ' ')).toThrow(message);
    });
  });

});
