import { ArnFormat, IResource, Resource, ResourceProps, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Endpoint } from './endpoint';

/** The port Redis OSS and Valkey listen on unless told otherwise. */
export const DEFAULT_PORT = 6379;

/**
 * Which node of a replication group a metric is about.
 *
 * ElastiCache publishes its `AWS/ElastiCache` metrics per node only, under the `CacheClusterId` of the
 * node's member cluster (`<group id>-<node>` with cluster mode disabled, `<group id>-<shard>-<node>`
 * with it enabled); no metric carries the replication group's id. Node numbers name member clusters,
 * not roles: after a failover, node 1 may be a replica.
 */
export interface ReplicationGroupMetricOptions extends cloudwatch.MetricOptions {
  /**
   * The shard, from 1 (cluster mode enabled only).
   *
   * @default 1
   */
  readonly shard?: number;

  /**
   * The node of the shard, from 1; ElastiCache creates node 1 as the primary.
   *
   * @default 1 (2, the first replica, for `metricReplicationLag`)
   */
  readonly node?: number;
}

/**
 * An ElastiCache (Redis OSS or Valkey) replication group.
 */
export interface IReplicationGroup extends IResource, ec2.IConnectable {
  /**
   * The replication group's id.
   *
   * @attribute
   */
  readonly replicationGroupId: string;

  /**
   * The replication group's ARN.
   *
   * @attribute
   */
  readonly replicationGroupArn: string;

  /**
   * Where clients connect: the primary endpoint with cluster mode disabled, the configuration
   * endpoint with it enabled.
   */
  readonly endpoint: Endpoint;

  /**
   * Lets `grantee` connect with IAM authentication (`elasticache:Connect`) to this group as the given
   * ElastiCache users. IAM authentication needs the group to use RBAC user groups.
   *
   * @param grantee who connects
   * @param userIds the ElastiCache users `grantee` connects as; none given: any user the group's user groups hold
   */
  grantConnect(grantee: iam.IGrantable, ...userIds: string[]): iam.Grant;

  /**
   * A metric of one node in the `AWS/ElastiCache` namespace.
   *
   * @param metricName e.g. `CPUUtilization`
   * @param props which node, and the usual metric options
   */
  metric(metricName: string, props?: ReplicationGroupMetricOptions): cloudwatch.Metric;

  /**
   * Percent of the engine thread's CPU in use on a node (average).
   *
   * @param props which node, and the usual metric options
   */
  metricEngineCPUUtilization(props?: ReplicationGroupMetricOptions): cloudwatch.Metric;

  /**
   * Percent of a node's `maxmemory` in use (average).
   *
   * @param props which node, and the usual metric options
   */
  metricDatabaseMemoryUsagePercentage(props?: ReplicationGroupMetricOptions): cloudwatch.Metric;

  /**
   * Keys evicted because a node reached `maxmemory` (sum).
   *
   * @param props which node, and the usual metric options
   */
  metricEvictions(props?: ReplicationGroupMetricOptions): cloudwatch.Metric;

  /**
   * Client connections open on a node, replicas' links excluded (average).
   *
   * @param props which node, and the usual metric options
   */
  metricCurrConnections(props?: ReplicationGroupMetricOptions): cloudwatch.Metric;

  /**
   * Seconds a replica is behind its primary (average); published by replicas only.
   *
   * @param props which node (default: node 2, the first replica), and the usual metric options
   */
  metricReplicationLag(props?: ReplicationGroupMetricOptions): cloudwatch.Metric;
}

/**
 * What is known of an existing replication group.
 */
export interface ReplicationGroupAttributes {
  /**
   * The replication group's id.
   */
  readonly replicationGroupId: string;

  /**
   * The security groups of its nodes.
   *
   * @default - none: `connections` changes no security group
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * The port its nodes listen on.
   *
   * @default 6379
   */
  readonly port?: number;

  /**
   * The address clients connect to: the primary endpoint with cluster mode disabled, the
   * configuration endpoint with it enabled.
   *
   * @default - unknown: reading `endpoint` throws
   */
  readonly endpointAddress?: string;

  /**
   * Whether the group has cluster mode enabled; it names the member clusters of per-node metrics.
   *
   * @default false
   */
  readonly clusterModeEnabled?: boolean;
}

/**
 * What every replication group offers, created here or imported: grants and metrics.
 * Hidden from the public API, like `RestoredClusterBase`.
 *
 * @internal
 */
export abstract class ReplicationGroupBase extends Resource implements IReplicationGroup {
  public abstract readonly replicationGroupId: string;
  public abstract readonly replicationGroupArn: string;
  public abstract readonly endpoint: Endpoint;
  public abstract readonly connections: ec2.Connections;

  /**
   * @param clusterModeEnabled whether node metrics name `<group id>-<shard>-<node>` member clusters
   */
  protected constructor(scope: Construct, id: string, private readonly clusterModeEnabled: boolean, props: ResourceProps = {}) {
    super(scope, id, props);
  }

  /**
   * Lets `grantee` connect with IAM authentication (`elasticache:Connect`) as the given users.
   *
   * @param grantee who connects
   * @param userIds the ElastiCache users `grantee` connects as; none given: any user the group's user groups hold
   */
  public grantConnect(grantee: iam.IGrantable, ...userIds: string[]): iam.Grant {
    const users = userIds.length > 0 ? userIds : ['*'];
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['elasticache:Connect'],
      resourceArns: [this.replicationGroupArn, ...users.map((user) => elastiCacheArn(this, 'user', user))],
    });
  }

  /**
   * A metric of one node in the `AWS/ElastiCache` namespace.
   *
   * @param metricName e.g. `CPUUtilization`
   * @param props which node, and the usual metric options
   */
  public metric(metricName: string, props: ReplicationGroupMetricOptions = {}): cloudwatch.Metric {
    const { shard, node, ...options } = props;
    return new cloudwatch.Metric({
      namespace: 'AWS/ElastiCache',
      metricName,
      dimensionsMap: { CacheClusterId: this.memberClusterId(shard ?? 1, node ?? 1) },
      ...options,
    });
  }

  /** Percent of the engine thread's CPU in use on a node (average). */
  public metricEngineCPUUtilization(props?: ReplicationGroupMetricOptions): cloudwatch.Metric {
    return this.metric('EngineCPUUtilization', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /** Percent of a node's `maxmemory` in use (average). */
  public metricDatabaseMemoryUsagePercentage(props?: ReplicationGroupMetricOptions): cloudwatch.Metric {
    return this.metric('DatabaseMemoryUsagePercentage', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /** Keys evicted because a node reached `maxmemory` (sum). */
  public metricEvictions(props?: ReplicationGroupMetricOptions): cloudwatch.Metric {
    return this.metric('Evictions', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** Client connections open on a node, replicas' links excluded (average). */
  public metricCurrConnections(props?: ReplicationGroupMetricOptions): cloudwatch.Metric {
    return this.metric('CurrConnections', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /** Seconds a replica is behind its primary (average); node 2, the first replica, unless told otherwise. */
  public metricReplicationLag(props?: ReplicationGroupMetricOptions): cloudwatch.Metric {
    return this.metric('ReplicationLag', { statistic: cloudwatch.Stats.AVERAGE, node: 2, ...props });
  }

  private memberClusterId(shard: number, node: number): string {
    checkOrdinal('shard', shard);
    checkOrdinal('node', node);
    const nodePart = String(node).padStart(3, '0');
    return this.clusterModeEnabled
      ? `${this.replicationGroupId}-${String(shard).padStart(4, '0')}-${nodePart}`
      : `${this.replicationGroupId}-${nodePart}`;
  }
}

/** An ElastiCache ARN in the account and Region of `scope`, e.g. `arn:aws:elasticache:…:replicationgroup:orders`. */
export function elastiCacheArn(scope: Construct, resource: string, name: string): string {
  return Stack.of(scope).formatArn({ service: 'elasticache', resource, resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

function checkOrdinal(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`Metric ${name} is ${value}: number shards and nodes from 1.`);
  }
}

/** A replication group that exists outside this app. */
class ImportedReplicationGroup extends ReplicationGroupBase {
  public readonly replicationGroupId: string;
  public readonly replicationGroupArn: string;
  public readonly connections: ec2.Connections;
  private readonly endpointAddress?: string;
  private readonly port: number;

  constructor(scope: Construct, id: string, attrs: ReplicationGroupAttributes) {
    super(scope, id, attrs.clusterModeEnabled ?? false);
    this.replicationGroupId = attrs.replicationGroupId;
    this.replicationGroupArn = elastiCacheArn(this, 'replicationgroup', attrs.replicationGroupId);
    this.port = attrs.port ?? DEFAULT_PORT;
    this.connections = new ec2.Connections({ securityGroups: attrs.securityGroups, defaultPort: ec2.Port.tcp(this.port) });
    this.endpointAddress = attrs.endpointAddress;
  }

  public get endpoint(): Endpoint {
    if (this.endpointAddress === undefined) {
      throw new Error(`Replication group ${this.node.path} was imported without endpointAddress: give it to read endpoint.`);
    }
    return new Endpoint(this.endpointAddress, this.port);
  }
}

/** The one import both restore constructs offer. */
export function importReplicationGroup(scope: Construct, id: string, attrs: ReplicationGroupAttributes): IReplicationGroup {
  return new ImportedReplicationGroup(scope, id, attrs);
}

