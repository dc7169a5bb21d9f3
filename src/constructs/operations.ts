import { Duration, Token } from 'aws-cdk-lib';
import { CfnReplicationGroupProps } from 'aws-cdk-lib/aws-elasticache';
import * as sns from 'aws-cdk-lib/aws-sns';
import { LogDelivery, logDeliveryConfigurations } from './log-delivery';
import { IpDiscovery, NetworkType, TransitEncryptionMode } from './network';
import { EngineVersion } from '../model/engine-version';

/** ElastiCache keeps automatic backups for at most 35 days. */
const MAX_BACKUP_RETENTION_DAYS = 35;

/** Parameters the library sets from other props; setting them twice would let the two disagree. */
const OWNED_PARAMETERS: Record<string, string> = {
  'cluster-enabled': 'clusterMode',
  'reserved-memory-percent': 'reservedMemoryPercent',
};

/** ElastiCache fixes `maxmemory` per node type; no parameter group may change it. */
const FIXED_PARAMETERS = ['maxmemory'];

/**
 * Parameters a parameter-group family gained, by the first engine that has them (ElastiCache's
 * "parameter changes" pages): a group of an older family refuses them when it is created.
 */
const PARAMETERS_SINCE: Record<string, EngineVersion> = {
  'cluster-allow-pubsubshard-when-down': EngineVersion.REDIS_7_0,
  'cluster-preferred-endpoint-type': EngineVersion.REDIS_7_0,
  'latency-tracking': EngineVersion.REDIS_7_0,
  'hash-max-listpack-entries': EngineVersion.REDIS_7_0,
  'hash-max-listpack-value': EngineVersion.REDIS_7_0,
  'zset-max-listpack-entries': EngineVersion.REDIS_7_0,
  'zset-max-listpack-value': EngineVersion.REDIS_7_0,
  'cluster-databases': EngineVersion.VALKEY_9_0,
};

/**
 * How a group is run: maintenance, backups, notifications, parameters, network and logs.
 */
export interface ReplicationGroupOperationsProps {
  /**
   * The weekly window (UTC) for maintenance, `ddd:hh24:mi-ddd:hh24:mi`, at least an hour, e.g. `sun:05:00-sun:06:00`.
   *
   * @default - a 60-minute window ElastiCache picks
   */
  readonly maintenanceWindow?: string;

  /**
   * How long ElastiCache keeps automatic daily backups, in whole days up to 35.
   *
   * @default - no automatic backups
   */
  readonly backupRetention?: Duration;

  /**
   * The daily window (UTC) for automatic backups, `hh24:mi-hh24:mi`, at least an hour, e.g. `03:00-04:00`.
   * Needs `backupRetention`.
   *
   * @default - a 60-minute window ElastiCache picks
   */
  readonly backupWindow?: string;

  /**
   * The SNS topic ElastiCache sends the group's events to (failovers, maintenance, backups).
   *
   * @default - no notifications
   */
  readonly notificationTopic?: sns.ITopic;

  /**
   * Engine parameters, set in the parameter group the library creates, e.g. `{ 'maxmemory-policy': 'allkeys-lru' }`.
   * `cluster-enabled` and `reserved-memory-percent` follow `clusterMode` and `reservedMemoryPercent`;
   * `maxmemory` follows the node type; a parameter that the engine's family is known to lack is refused.
   * Not with `parameterGroupName`.
   *
   * @default - the engine family's defaults
   */
  readonly parameters?: Record<string, string>;

  /**
   * Apply minor engine upgrades automatically in the maintenance window.
   *
   * @default true
   */
  readonly autoMinorVersionUpgrade?: boolean;

  /**
   * Whether clients must use TLS (Redis OSS 7.0 or later, or Valkey). Needs transit encryption.
   *
   * @default TransitEncryptionMode.REQUIRED when transit encryption is on
   */
  readonly transitEncryptionMode?: TransitEncryptionMode;

  /**
   * The IP protocols of the nodes.
   *
   * @default NetworkType.IPV4
   */
  readonly networkType?: NetworkType;

  /**
   * Which addresses the nodes give clients that discover the cluster.
   *
   * @default IpDiscovery.IPV4
   */
  readonly ipDiscovery?: IpDiscovery;

  /**
   * Slow log and engine log delivery to CloudWatch Logs or Kinesis Data Firehose.
   *
   * @default - no log delivery
   */
  readonly logDelivery?: LogDelivery;
}

/** What the operations props need to know of the group. */
export interface OperationsContext {
  readonly engineVersion: EngineVersion;
  readonly transitEncryption: boolean;
  readonly parameterGroupName?: string;
}

/**
 * The group's properties for its operations props; `problems` collects what the other props or the
 * engine rule out.
 */
export function operationsProperties(
  props: ReplicationGroupOperationsProps, context: OperationsContext, problems: string[],
): Partial<CfnReplicationGroupProps> {
  checkWindow('maintenanceWindow', props.maintenanceWindow, /^(mon|tue|wed|thu|fri|sat|sun):\d\d:\d\d-(mon|tue|wed|thu|fri|sat|sun):\d\d:\d\d$/, 'sun:05:00-sun:06:00', problems);
  checkWindow('backupWindow', props.backupWindow, /^\d\d:\d\d-\d\d:\d\d$/, '03:00-04:00', problems);
  if (props.backupWindow !== undefined && props.backupRetention === undefined) {
    problems.push('backupWindow needs backupRetention: without it ElastiCache takes no automatic backups');
  }
  checkParameters(props.parameters, context, problems);
  checkNetwork(props, context, problems);
  const logs = props.logDelivery && logDeliveryConfigurations(props.logDelivery, context.engineVersion, problems);
  return {
    preferredMaintenanceWindow: props.maintenanceWindow,
    snapshotRetentionLimit: props.backupRetention && backupRetentionDays(props.backupRetention, problems),
    snapshotWindow: props.backupWindow,
    notificationTopicArn: props.notificationTopic?.topicArn,
    autoMinorVersionUpgrade: props.autoMinorVersionUpgrade,
    transitEncryptionMode: props.transitEncryptionMode,
    networkType: props.networkType,
    ipDiscovery: props.ipDiscovery,
    logDeliveryConfigurations: logs?.length ? logs : undefined,
  };
}

function checkWindow(name: string, window: string | undefined, format: RegExp, example: string, problems: string[]): void {
  if (window === undefined || Token.isUnresolved(window)) return;
  if (!format.test(window.toLowerCase())) {
    problems.push(`${name} is '${window}': write it in UTC like '${example}'`);
  }
}

function backupRetentionDays(retention: Duration, problems: string[]): number | undefined {
  if (retention.isUnresolved()) return retention.toDays();
  const days = retention.toDays({ integral: false });
  if (!Number.isInteger(days) || days < 0 || days > MAX_BACKUP_RETENTION_DAYS) {
    problems.push(`backupRetention is ${retention.toHumanString()}: give whole days from 0 to ${MAX_BACKUP_RETENTION_DAYS}`);
    return undefined;
  }
  return days;
}

function checkParameters(parameters: Record<string, string> | undefined, context: OperationsContext, problems: string[]): void {
  if (parameters === undefined) return;
  if (context.parameterGroupName !== undefined) {
    problems.push('parameters go into the parameter group the library creates: set them in your parameter group, or remove parameterGroupName');
  }
  const engine = context.engineVersion;
  for (const name of Object.keys(parameters)) {
    const owner = OWNED_PARAMETERS[name];
    const since = PARAMETERS_SINCE[name];
    if (owner) {
      problems.push(`parameters sets ${name}: set ${owner} instead`);
    } else if (FIXED_PARAMETERS.includes(name)) {
      problems.push(`parameters sets ${name}, which ElastiCache fixes per node type: choose another nodeType instead`);
    } else if (since && !engine.isAtLeast(since)) {
      problems.push(`parameters sets ${name}, which the ${engine.parameterGroupFamily} family lacks: it needs ${since} or later`);
    }
  }
}

function checkNetwork(props: ReplicationGroupOperationsProps, context: OperationsContext, problems: string[]): void {
  if (props.transitEncryptionMode !== undefined) {
    if (!context.transitEncryption) {
      problems.push('transitEncryptionMode needs transit encryption: remove transitEncryption: false or the transitEncryptionMode');
    }
    if (!context.engineVersion.isAtLeast(EngineVersion.REDIS_7_0)) {
      problems.push(`transitEncryptionMode needs Redis OSS 7.0 or later, or Valkey; the engine is ${context.engineVersion}`);
    }
  }
  if (props.networkType !== undefined && props.networkType !== NetworkType.IPV4 && !context.engineVersion.isAtLeast(EngineVersion.REDIS_6_2)) {
    problems.push(`networkType ${props.networkType} needs Redis OSS 6.2 or later, or Valkey; the engine is ${context.engineVersion}`);
  }
  if (props.ipDiscovery === IpDiscovery.IPV6 && (props.networkType ?? NetworkType.IPV4) === NetworkType.IPV4) {
    problems.push('ipDiscovery IPV6 needs IPv6 addresses: set networkType to NetworkType.IPV6 or NetworkType.DUAL_STACK');
  }
}
