import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import * as logs from 'aws-cdk-lib/aws-logs';
import { EngineVersion } from '../model/engine-version';

/**
 * How delivered log entries are written.
 */
export enum LogFormat {
  /** One JSON object per entry. */
  JSON = 'json',
  /** One line of text per entry. */
  TEXT = 'text',
}

/**
 * Where ElastiCache delivers a log.
 */
export class LogDestination {
  /**
   * A CloudWatch Logs log group.
   *
   * @param logGroup the log group
   */
  public static cloudWatchLogs(logGroup: logs.ILogGroup): LogDestination {
    return new LogDestination({ destinationType: 'cloudwatch-logs', destinationDetails: { cloudWatchLogsDetails: { logGroup: logGroup.logGroupName } } });
  }

  /**
   * A Kinesis Data Firehose delivery stream.
   *
   * @param deliveryStreamName the stream's name
   */
  public static firehose(deliveryStreamName: string): LogDestination {
    return new LogDestination({ destinationType: 'kinesis-firehose', destinationDetails: { kinesisFirehoseDetails: { deliveryStream: deliveryStreamName } } });
  }

  private constructor(private readonly destination: Pick<CfnReplicationGroup.LogDeliveryConfigurationRequestProperty, 'destinationType' | 'destinationDetails'>) {}

  /** @internal */
  public _render(logType: string, format: LogFormat): CfnReplicationGroup.LogDeliveryConfigurationRequestProperty {
    return { ...this.destination, logType, logFormat: format };
  }
}

/**
 * Which logs ElastiCache delivers, and where.
 */
export interface LogDelivery {
  /**
   * Commands slower than `slowlog-log-slower-than` (Redis OSS 6.0 or later, or Valkey).
   *
   * @default - not delivered
   */
  readonly slowLog?: LogDestination;

  /**
   * The engine's own log (Redis OSS 6.2 or later, or Valkey).
   *
   * @default - not delivered
   */
  readonly engineLog?: LogDestination;

  /**
   * How entries are written.
   *
   * @default LogFormat.JSON
   */
  readonly format?: LogFormat;
}

/** The group's log delivery configurations; `problems` collects logs the engine does not write. */
export function logDeliveryConfigurations(
  delivery: LogDelivery, engineVersion: EngineVersion, problems: string[],
): CfnReplicationGroup.LogDeliveryConfigurationRequestProperty[] {
  const format = delivery.format ?? LogFormat.JSON;
  const configurations: CfnReplicationGroup.LogDeliveryConfigurationRequestProperty[] = [];
  const kinds: Array<[string, string, LogDestination | undefined, EngineVersion]> = [
    ['slowLog', 'slow-log', delivery.slowLog, EngineVersion.REDIS_6_0],
    ['engineLog', 'engine-log', delivery.engineLog, EngineVersion.REDIS_6_2],
  ];
  for (const [prop, logType, destination, since] of kinds) {
    if (!destination) continue;
    if (!engineVersion.isAtLeast(since)) {
      problems.push(`logDelivery.${prop} needs ${since} or later (or Valkey); ${engineVersion} does not deliver it`);
    }
    configurations.push(destination._render(logType, format));
  }
  return configurations;
}
