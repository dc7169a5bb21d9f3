import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  ClusterMode, EngineVersion, IpDiscovery, LogDestination, LogFormat, NetworkType, NodeType, Preflight, RdbSource,
  SeededCluster, SeededClusterProps, TransitEncryptionMode,
} from '../../src';

const RG = 'AWS::ElastiCache::ReplicationGroup';

function build(overrides: (stack: Stack) => Partial<SeededClusterProps> = () => ({})) {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const group = new SeededCluster(stack, 'Cache', {
    vpc,
    source: RdbSource.fromArns(['arn:aws:s3:::dumps/a.rdb']),
    engineVersion: EngineVersion.VALKEY_8_0,
    nodeType: NodeType.R7G_LARGE,
    clusterMode: ClusterMode.disabled(),
    preflight: Preflight.disabled(),
    ...overrides(stack),
  });
  return { stack, group, get template() { return Template.fromStack(stack); } };
}

describe('operations props', () => {
  test('by default, ElastiCache\'s own choices: none of them is rendered', () => {
    build().template.hasResourceProperties(RG, {
      PreferredMaintenanceWindow: Match.absent(),
      SnapshotRetentionLimit: Match.absent(),
      SnapshotWindow: Match.absent(),
      NotificationTopicArn: Match.absent(),
      AutoMinorVersionUpgrade: Match.absent(),
      TransitEncryptionMode: Match.absent(),
      NetworkType: Match.absent(),
      IpDiscovery: Match.absent(),
      LogDeliveryConfigurations: Match.absent(),
    });
  });

  test('render into the one replication group', () => {
    const { template } = build((stack) => ({
      maintenanceWindow: 'sun:05:00-sun:06:00',
      backupRetention: Duration.days(7),
      backupWindow: '03:00-04:00',
      notificationTopic: new sns.Topic(stack, 'Events'),
      autoMinorVersionUpgrade: false,
      transitEncryptionMode: TransitEncryptionMode.PREFERRED,
      networkType: NetworkType.DUAL_STACK,
      ipDiscovery: IpDiscovery.IPV6,
      logDelivery: {
        slowLog: LogDestination.cloudWatchLogs(new logs.LogGroup(stack, 'Slow')),
        engineLog: LogDestination.firehose('cache-engine-logs'),
        format: LogFormat.TEXT,
      },
    }));
    template.hasResourceProperties(RG, {
      PreferredMaintenanceWindow: 'sun:05:00-sun:06:00',
      SnapshotRetentionLimit: 7,
      SnapshotWindow: '03:00-04:00',
      NotificationTopicArn: { Ref: Match.stringLikeRegexp('^Events') },
      AutoMinorVersionUpgrade: false,
      TransitEncryptionMode: 'preferred',
      NetworkType: 'dual_stack',
      IpDiscovery: 'ipv6',
      LogDeliveryConfigurations: [
        {
          LogType: 'slow-log',
          LogFormat: 'text',
          DestinationType: 'cloudwatch-logs',
          DestinationDetails: { CloudWatchLogsDetails: { LogGroup: { Ref: Match.stringLikeRegexp('^Slow') } } },
        },
        {
          LogType: 'engine-log',
          LogFormat: 'text',
          DestinationType: 'kinesis-firehose',
          DestinationDetails: { KinesisFirehoseDetails: { DeliveryStream: 'cache-engine-logs' } },
        },
      ],
    });
  });

  test('log entries are JSON unless told otherwise', () => {
    const { template } = build((stack) => ({ logDelivery: { slowLog: LogDestination.cloudWatchLogs(new logs.LogGroup(stack, 'Slow')) } }));
    template.hasResourceProperties(RG, { LogDeliveryConfigurations: [Match.objectLike({ LogType: 'slow-log', LogFormat: 'json' })] });
  });

  test('parameters go into the library\'s parameter group, beside the ones it sets itself', () => {
    const { template } = build(() => ({
      parameters: { 'maxmemory-policy': 'allkeys-lru', 'notify-keyspace-events': 'Ex' },
      clusterMode: ClusterMode.enabled({ shardCount: 2 }),
    }));
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'valkey8',
      Properties: { 'maxmemory-policy': 'allkeys-lru', 'notify-keyspace-events': 'Ex', 'cluster-enabled': 'yes' },
    });
    template.hasResourceProperties(RG, { CacheParameterGroupName: { Ref: Match.stringLikeRegexp('CacheParameterGroup') } });
  });

  test('parameters of a newer family pass on an engine that has them', () => {
    const { template } = build(() => ({ parameters: { 'latency-tracking': 'no', 'cluster-databases': '4' }, engineVersion: EngineVersion.VALKEY_9_0 }));
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'valkey9',
      Properties: { 'latency-tracking': 'no', 'cluster-databases': '4' },
    });
  });

  test('parameters alone are enough to create the parameter group', () => {
    const { template } = build(() => ({ parameters: { 'maxmemory-policy': 'volatile-lru' } }));
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { Properties: { 'maxmemory-policy': 'volatile-lru' } });
  });

  test.each<[string, Partial<SeededClusterProps>, RegExp]>([
    ['a maintenance window without days', { maintenanceWindow: '05:00-06:00' }, /maintenanceWindow is '05:00-06:00': write it in UTC like 'sun:05:00-sun:06:00'/],
    ['a backup window with days', { backupWindow: 'sun:03:00-sun:04:00', backupRetention: Duration.days(1) }, /backupWindow is 'sun:03:00-sun:04:00'/],
    ['a backup window without retention', { backupWindow: '03:00-04:00' }, /backupWindow needs backupRetention/],
    ['36 days of backups', { backupRetention: Duration.days(36) }, /backupRetention is 36 days: give whole days from 0 to 35/],
    ['part of a day of backups', { backupRetention: Duration.hours(36) }, /backupRetention is 1 day 12 hours: give whole days/],
    ['parameters with a parameter group of yours', { parameters: { 'maxmemory-policy': 'noeviction' }, parameterGroupName: 'mine' },
      /parameters go into the parameter group the library creates/],
    ['cluster-enabled as a parameter', { parameters: { 'cluster-enabled': 'yes' } }, /parameters sets cluster-enabled: set clusterMode instead/],
    ['reserved-memory-percent as a parameter', { parameters: { 'reserved-memory-percent': '30' } },
      /parameters sets reserved-memory-percent: set reservedMemoryPercent instead/],
    ['maxmemory as a parameter', { parameters: { maxmemory: '1000000' } }, /parameters sets maxmemory, which ElastiCache fixes per node type/],
    ['a Redis OSS 7 parameter on Redis OSS 6.2', { parameters: { 'latency-tracking': 'yes' }, engineVersion: EngineVersion.REDIS_6_2 },
      /parameters sets latency-tracking, which the redis6.x family lacks: it needs Redis OSS 7.0 or later/],
    ['cluster-databases before Valkey 9', { parameters: { 'cluster-databases': '4' }, engineVersion: EngineVersion.VALKEY_8_1 },
      /parameters sets cluster-databases, which the valkey8 family lacks: it needs Valkey 9.0 or later/],
    ['a TLS mode without TLS', { transitEncryptionMode: TransitEncryptionMode.REQUIRED, transitEncryption: false },
      /transitEncryptionMode needs transit encryption/],
    ['a TLS mode on Redis OSS 6.2', { transitEncryptionMode: TransitEncryptionMode.PREFERRED, engineVersion: EngineVersion.REDIS_6_2 },
      /transitEncryptionMode needs Redis OSS 7.0 or later, or Valkey; the engine is Redis OSS 6.2/],
    ['IPv6 on Redis OSS 6.0', { networkType: NetworkType.IPV6, engineVersion: EngineVersion.REDIS_6_0, nodeType: NodeType.R6G_LARGE },
      /networkType ipv6 needs Redis OSS 6.2 or later/],
    ['IPv6 discovery on an IPv4 network', { ipDiscovery: IpDiscovery.IPV6 }, /ipDiscovery IPV6 needs IPv6 addresses/],
    ['an engine log from Redis OSS 6.0', {
      logDelivery: { engineLog: LogDestination.firehose('s') }, engineVersion: EngineVersion.REDIS_6_0, nodeType: NodeType.R6G_LARGE,
    }, /logDelivery.engineLog needs Redis OSS 6.2 or later \(or Valkey\); Redis OSS 6.0 does not deliver it/],
  ])('refuses %s', (_, overrides, message) => {
    expect(() => build(() => overrides)).toThrow(message);
  });

  test('lists every problem at once, naming the construct', () => {
    expect(() => build(() => ({ maintenanceWindow: 'x', backupWindow: 'y' }))).toThrow(
      /^Invalid props of Stack\/Cache: maintenanceWindow is 'x'.*; backupWindow is 'y'.*; backupWindow needs backupRetention/);
  });
});
