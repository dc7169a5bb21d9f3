import { App, Resource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  Authentication, BackupSource, ClusterMode, EngineVersion, NodeType, Preflight,
  RestoredReplicationGroup, RestoredReplicationGroupProps, SeededCluster,
} from '../../src';

const ENV = { account: '123456789012', region: 'us-east-1' };

function build(overrides: Partial<RestoredReplicationGroupProps> = {}) {
  const stack = new Stack(new App(), 'Stack', { env: ENV });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const group = new RestoredReplicationGroup(stack, 'Cache', {
    vpc,
    backup: BackupSource.fromSnapshotName('nightly'),
    engineVersion: EngineVersion.VALKEY_8_0,
    nodeType: NodeType.R7G_LARGE,
    clusterMode: ClusterMode.disabled(),
    preflight: Preflight.disabled(),
    ...overrides,
  });
  return { stack, group };
}

function arn(resource: string, name: unknown) {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:elasticache:us-east-1:123456789012:${resource}:`, name]] };
}

describe('a restored group as a resource', () => {
  test('is a Resource named by its Ref, with an ElastiCache ARN', () => {
    const { stack, group } = build();
    expect(group).toBeInstanceOf(Resource);
    const ref = { Ref: stack.getLogicalId(group.resource) };
    expect(stack.resolve(group.replicationGroupId)).toEqual(ref);
    expect(stack.resolve(group.replicationGroupArn)).toEqual(arn('replicationgroup', ref));
  });

  test('a given replicationGroupId names the group, and references keep the dependency on it', () => {
    const { stack, group } = build({ replicationGroupId: 'orders' });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { ReplicationGroupId: 'orders' });
    expect(stack.resolve(group.replicationGroupId)).toEqual({ Ref: stack.getLogicalId(group.resource) });
  });

  test('typed endpoints: primary and reader with cluster mode disabled', () => {
    const { stack, group } = build();
    const id = stack.getLogicalId(group.resource);
    expect(stack.resolve(group.endpoint.hostname)).toEqual({ 'Fn::GetAtt': [id, 'PrimaryEndPoint.Address'] });
    expect(stack.resolve(group.endpoint.port)).toEqual({ 'Fn::GetAtt': [id, 'PrimaryEndPoint.Port'] });
    expect(stack.resolve(group.endpoint.socketAddress)).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'PrimaryEndPoint.Address'] }, ':', { 'Fn::GetAtt': [id, 'PrimaryEndPoint.Port'] }]],
    });
    expect(stack.resolve(group.readerEndpoint!.hostname)).toEqual({ 'Fn::GetAtt': [id, 'ReaderEndPoint.Address'] });
  });

  test('typed endpoints: the configuration endpoint with cluster mode enabled', () => {
    const { stack, group } = build({ clusterMode: ClusterMode.enabled({ shardCount: 2 }) });
    const id = stack.getLogicalId(group.resource);
    expect(stack.resolve(group.endpoint.hostname)).toEqual({ 'Fn::GetAtt': [id, 'ConfigurationEndPoint.Address'] });
    expect(group.readerEndpoint).toBeUndefined();
  });
});

describe('fromReplicationGroupAttributes', () => {
  test('imports a group by id, with its security groups, port and endpoint', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const nodes = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Nodes', 'sg-0123', { mutable: true });
    const group = RestoredReplicationGroup.fromReplicationGroupAttributes(stack, 'Imported', {
      replicationGroupId: 'orders',
      securityGroups: [nodes],
      port: 6380,
      endpointAddress: 'master.orders.abc123.use1.cache.amazonaws.com',
    });
    group.connections.allowDefaultPortFrom(new ec2.SecurityGroup(stack, 'App', { vpc }));
    expect(group.replicationGroupId).toBe('orders');
    expect(stack.resolve(group.replicationGroupArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:replicationgroup:orders']],
    });
    expect(group.endpoint.socketAddress).toBe('master.orders.abc123.use1.cache.amazonaws.com:6380');
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: 'sg-0123', FromPort: 6380, ToPort: 6380 });
  });

  test('SeededCluster imports the same way, and an unknown endpoint says what to give', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const group = SeededCluster.fromReplicationGroupAttributes(stack, 'Imported', { replicationGroupId: 'sessions' });
    expect(group.replicationGroupId).toBe('sessions');
    expect(group.connections.defaultPort?.toString()).toBe('6379');
    expect(() => group.endpoint).toThrow(/Stack\/Imported was imported without endpointAddress/);
  });
});

describe('grantConnect', () => {
  const connectStatement = (resources: unknown[]) => ({
    PolicyDocument: { Statement: [{ Action: 'elasticache:Connect', Effect: 'Allow', Resource: resources }] },
  });

  test('grants IAM authentication on the group and the named users', () => {
    const { stack, group } = build({ authentication: Authentication.userGroups(['orders-users']) });
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    group.grantConnect(role, 'orders-app');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', connectStatement([
      stack.resolve(group.replicationGroupArn),
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:user:orders-app']] },
    ]));
  });

  test('without users, any user of the group\'s user groups', () => {
    const { stack, group } = build({ authentication: Authentication.userGroups(['orders-users']) });
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    group.grantConnect(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', connectStatement([
      stack.resolve(group.replicationGroupArn),
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:user:*']] },
    ]));
  });

  test('refuses a group without RBAC user groups, which IAM authentication needs', () => {
    const { stack, group } = build();
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    expect(() => group.grantConnect(role)).toThrow(/grantConnect on Stack\/Cache needs IAM authentication.*Authentication\.userGroups/);
  });

  test('works on an imported group', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const group = RestoredReplicationGroup.fromReplicationGroupAttributes(stack, 'Imported', { replicationGroupId: 'orders' });
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    group.grantConnect(role, 'u1');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', connectStatement([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:replicationgroup:orders']] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:user:u1']] },
    ]));
  });
});

describe('metrics', () => {
  function dimension(stack: Stack, metric: cloudwatch.Metric): unknown {
    return stack.resolve(metric.dimensions!.CacheClusterId);
  }

  test('name the member cluster of a node: <group>-<node> with cluster mode disabled', () => {
    const { stack, group } = build();
    const ref = { Ref: stack.getLogicalId(group.resource) };
    const cpu = group.metricEngineCPUUtilization();
    expect(cpu.namespace).toBe('AWS/ElastiCache');
    expect(cpu.metricName).toBe('EngineCPUUtilization');
    expect(cpu.statistic).toBe('Average');
    expect(dimension(stack, cpu)).toEqual({ 'Fn::Join': ['', [ref, '-001']] });
    expect(dimension(stack, group.metricReplicationLag())).toEqual({ 'Fn::Join': ['', [ref, '-002']] });
  });

  test('<group>-<shard>-<node> with cluster mode enabled', () => {
    const { stack, group } = build({ clusterMode: ClusterMode.enabled({ shardCount: 3 }) });
    const ref = { Ref: stack.getLogicalId(group.resource) };
    expect(dimension(stack, group.metric('CPUUtilization', { shard: 2, node: 3 }))).toEqual({ 'Fn::Join': ['', [ref, '-0002-003']] });
    expect(dimension(stack, group.metricEvictions())).toEqual({ 'Fn::Join': ['', [ref, '-0001-001']] });
  });

  test('each convenience metric has its name and statistic', () => {
    const { group } = build({ replicationGroupId: 'orders' });
    const metrics = [
      group.metricDatabaseMemoryUsagePercentage(), group.metricEvictions(), group.metricCurrConnections(), group.metricReplicationLag(),
    ];
    expect(metrics.map((m) => [m.metricName, m.statistic])).toEqual([
      ['DatabaseMemoryUsagePercentage', 'Average'], ['Evictions', 'Sum'], ['CurrConnections', 'Average'], ['ReplicationLag', 'Average'],
    ]);
  });

  test('an alarm renders the dimension and the options given', () => {
    const { stack, group } = build();
    group.metricDatabaseMemoryUsagePercentage({ statistic: 'Maximum' }).createAlarm(stack, 'Memory', { threshold: 80, evaluationPeriods: 3 });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ElastiCache',
      MetricName: 'DatabaseMemoryUsagePercentage',
      Statistic: 'Maximum',
      Dimensions: [{ Name: 'CacheClusterId', Value: { 'Fn::Join': ['', [{ Ref: stack.getLogicalId(group.resource) }, '-001']] } }],
      Threshold: 80,
    });
  });

  test('an imported group names its nodes by the cluster mode it declares', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const group = RestoredReplicationGroup.fromReplicationGroupAttributes(stack, 'Imported', { replicationGroupId: 'orders', clusterModeEnabled: true });
    expect(group.metricCurrConnections({ shard: 12 }).dimensions).toEqual({ CacheClusterId: 'orders-0012-001' });
  });

  test('refuses node or shard numbers below 1', () => {
    const { group } = build();
    expect(() => group.metric('CPUUtilization', { node: 0 })).toThrow(/Metric node is 0: number shards and nodes from 1/);
    expect(() => group.metric('CPUUtilization', { shard: 1.5 })).toThrow(/Metric shard is 1.5/);
  });
});
