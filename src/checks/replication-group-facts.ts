import { Stack, Token } from 'aws-cdk-lib';
import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import { IConstruct } from 'constructs';
import { attachedRestoreFacts } from './attached-facts';
import { clusterEnabledOf, parameterGroupFactsOf } from './parameter-group-facts';
import { EngineVersion } from '../model/engine-version';
import { NodeType } from '../model/node-type';
import { ParameterGroupFacts, RestoreFacts, ShardFacts, TargetFacts } from '../rules/facts';

/** Says why a fact is unknown at synth time. */
export type Debug = (message: string) => void;

/** Whether the group is created from data: a named backup (SnapshotName) or `.rdb` files (SnapshotArns). */
export function restoresData(resource: CfnReplicationGroup): boolean {
  return resource.snapshotName !== undefined || seededFromArns(resource);
}

/**
 * The rules' facts about a CfnReplicationGroup: the target as its properties say (a property that is a
 * token at synth time is unknown, and `debug` says so), plus the source facts a restore construct attached.
 */
export function restoreFactsOf(resource: CfnReplicationGroup, debug: Debug): RestoreFacts {
  const subject = resource.node.path;
  const read = new PropertyReader(Stack.of(resource), (message) => debug(`${subject}: ${message}`));
  const attached = attachedRestoreFacts(resource);
  const snapshotName = read.string('SnapshotName', resource.snapshotName);
  const backup = attached?.backup ?? (snapshotName === undefined ? undefined : { snapshotName });
  return {
    subject,
    target: { ...targetFactsOf(resource, read), plannedShardBytes: attached?.plannedShardBytes },
    backup,
    rdbFiles: attached?.rdbFiles,
  };
}

function targetFactsOf(resource: CfnReplicationGroup, read: PropertyReader): TargetFacts {
  const numNodeGroups = read.number('NumNodeGroups', resource.numNodeGroups);
  const shards = read.shards(resource.nodeGroupConfiguration);
  const parameterGroup = parameterGroupFactsOf(resource, resource.cacheParameterGroupName, read.unknown);
  const clusterModeEnabled = clusterModeOf(resource, read, parameterGroup, numNodeGroups ?? shards?.length);
  const numCacheClusters = read.number('NumCacheClusters', resource.numCacheClusters);
  return {
    engineVersion: engineVersionOf(resource, read),
    nodeType: read.parse('CacheNodeType', resource.cacheNodeType, (name) => NodeType.of(name)),
    clusterModeEnabled,
    numNodeGroups,
    shards,
    replicasPerShard: read.number('ReplicasPerNodeGroup', resource.replicasPerNodeGroup)
      ?? (numCacheClusters !== undefined && clusterModeEnabled === false ? numCacheClusters - 1 : undefined),
    reservedMemoryPercent: reservedMemoryPercentOf(parameterGroup, read),
    parameterGroup,
    region: regionOf(resource),
    seededFromArns: seededFromArns(resource),
    automaticFailoverEnabled: read.boolean('AutomaticFailoverEnabled', resource.automaticFailoverEnabled),
    dataTieringEnabled: resource.dataTieringEnabled === undefined ? false : read.boolean('DataTieringEnabled', resource.dataTieringEnabled),
  };
}

/** The Region of the resource's stack; undefined for an environment-agnostic stack. */
export function regionOf(resource: IConstruct): string | undefined {
  const region = Stack.of(resource).region;
  return Token.isUnresolved(region) ? undefined : region;
}

function seededFromArns(resource: CfnReplicationGroup): boolean {
  // A list token is a one-element array, so it counts as ARNs given.
  return resource.snapshotArns !== undefined && resource.snapshotArns.length > 0;
}

/** Engine and EngineVersion, which CfnReplicationGroup and CfnCacheCluster share. */
export function engineVersionOf(resource: Pick<CfnReplicationGroup, 'engine' | 'engineVersion'>, read: PropertyReader): EngineVersion | undefined {
  // CloudFormation's Engine defaults to redis; without EngineVersion ElastiCache picks the latest, unknown here.
  const engine = resource.engine === undefined ? 'redis' : read.string('Engine', resource.engine)?.toLowerCase();
  if (resource.engineVersion === undefined) {
    read.unknown('EngineVersion is not set (ElastiCache picks the latest), so the engine version is unknown');
    return undefined;
  }
  return engine === undefined ? undefined : read.parse('EngineVersion', resource.engineVersion, (version) => EngineVersion.of(engine, version));
}

/**
 * Cluster mode: ClusterMode, else the parameter group's `cluster-enabled`, else several shards; a group
 * without a parameter group gets its family's default, which has cluster mode disabled.
 */
function clusterModeOf(
  resource: CfnReplicationGroup, read: PropertyReader, parameterGroup: ParameterGroupFacts | undefined, shardCount: number | undefined,
): boolean | undefined {
  if (resource.clusterMode !== undefined) {
    const mode = read.string('ClusterMode', resource.clusterMode);
    if (mode === 'enabled' || mode === 'disabled') return mode === 'enabled';
    if (mode !== undefined) read.unknown(`ClusterMode is ${mode}, so whether the restored data must fit cluster mode is unknown`);
    return undefined;
  }
  const clusterEnabled = parameterGroup && clusterEnabledOf(parameterGroup);
  if (clusterEnabled !== undefined) return clusterEnabled;
  if (shardCount !== undefined && shardCount > 1) return true;
  return parameterGroup === undefined ? false : undefined;
}

/** The group's reserved-memory-percent; a parameter the group does not set keeps the family's default, 25%. */
export function reservedMemoryPercentOf(parameterGroup: ParameterGroupFacts | undefined, read: PropertyReader): number | undefined {
  return read.parse('reserved-memory-percent', parameterGroup?.parameters?.['reserved-memory-percent'], percent);
}

function percent(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 100) throw new Error('expected a percentage from 0 to 100');
  return value;
}

/** Reads L1 property values as plain values; a value that resolves to a CloudFormation intrinsic is unknown. */
export class PropertyReader {
  constructor(private readonly stack: Stack, public readonly unknown: Debug) {}

  public string(name: string, value: unknown): string | undefined {
    return this.read(name, value, (resolved): resolved is string => typeof resolved === 'string');
  }

  public number(name: string, value: unknown): number | undefined {
    return this.read(name, value, (resolved): resolved is number => typeof resolved === 'number');
  }

  public boolean(name: string, value: unknown): boolean | undefined {
    return this.read(name, value, (resolved): resolved is boolean => typeof resolved === 'boolean');
  }

  /** A list whose length is known (its items may still be tokens). */
  public list(name: string, value: unknown): unknown[] | undefined {
    return this.read(name, value, (resolved): resolved is unknown[] => Array.isArray(resolved));
  }

  public record(name: string, value: unknown): Record<string, unknown> | undefined {
    return this.read(name, value, (resolved): resolved is Record<string, unknown> => typeof resolved === 'object' && resolved !== null && !Array.isArray(resolved));
  }

  /** A string value turned into a model value; a value the model refuses is unknown, with the model's reason. */
  public parse<T>(name: string, value: unknown, parse: (text: string) => T): T | undefined {
    const text = typeof value === 'number' ? String(value) : this.string(name, value);
    if (text === undefined) return undefined;
    try {
      return parse(text);
    } catch (error) {
      this.unknown(`${name} ${text} is not understood (${(error as Error).message})`);
      return undefined;
    }
  }

  /** NodeGroupConfiguration: `[]` when not given, undefined when any shard's Slots (or the list) is a token. */
  public shards(value: unknown): ShardFacts[] | undefined {
    if (value === undefined) return [];
    const entries = this.read('NodeGroupConfiguration', value, (resolved): resolved is unknown[] => Array.isArray(resolved));
    if (entries === undefined) return undefined;
    const shards: ShardFacts[] = [];
    for (const [index, entry] of entries.entries()) {
      const fields = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
      const slots = fields.slots === undefined ? undefined : this.string(`Slots of shard ${index + 1}`, fields.slots);
      if (fields.slots !== undefined && slots === undefined) return undefined;
      const zones = fields.replicaAvailabilityZones;
      shards.push({
        slots,
        replicaCount: typeof fields.replicaCount === 'number' ? fields.replicaCount : undefined,
        primaryAvailabilityZone: typeof fields.primaryAvailabilityZone === 'string' ? fields.primaryAvailabilityZone : undefined,
        replicaAvailabilityZones: Array.isArray(zones) && zones.every((zone) => typeof zone === 'string') ? zones : undefined,
      });
    }
    return shards;
  }

  private read<T>(name: string, value: unknown, is: (resolved: unknown) => resolved is T): T | undefined {
    if (value === undefined) return undefined;
    const resolved: unknown = this.stack.resolve(value);
    if (is(resolved)) return resolved;
    this.unknown(`${name} is not known until deploy time (${JSON.stringify(resolved)}), so the checks that need it skip`);
    return undefined;
  }
}
