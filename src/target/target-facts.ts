import { EngineVersion } from '../model/engine-version';
import { NodeType } from '../model/node-type';
import type { PlannedFile } from '../model/plan-file';
import { parseReservedMemoryPercent } from '../model/reserved-memory';
import { AuthenticationFacts, ParameterGroupFacts, ShardFacts, TargetFacts } from '../rules/facts';
import { parameterGroupNamed } from '../rules/parameter-group';

/**
 * A replication group as CloudFormation receives it. The Aspect reads it off the resolved L1 at synth
 * time, where a value CloudFormation resolves later is an intrinsic (`{ "Ref": … }`) and so unknown; the
 * preflight receives it resolved at deploy time, as custom-resource properties, whose scalars are strings.
 */
export interface RenderedGroup {
  /** The `AWS::ElastiCache::ReplicationGroup` properties, as in the template (PascalCase). */
  readonly properties: Record<string, unknown>;
  /** The parameter group `CacheParameterGroupName` refers to, when it is one of the stack. */
  readonly parameterGroup?: RenderedParameterGroup;
  /** The Region the group is created in, when known. */
  readonly region?: string;
  /** What a restore construct declared beyond the names the properties give. */
  readonly declared?: DeclaredModels;
}

/** A parameter group of the stack, as the template renders it. */
export interface RenderedParameterGroup {
  /** Its construct path, for messages. */
  readonly name: string;
  /** CacheParameterGroupFamily. */
  readonly family?: unknown;
  /** Its `Properties`: parameter name to value. */
  readonly parameters?: Record<string, unknown>;
}

/** Model values beyond their names: an unlisted node type's memory, an engine's RDB version limit. */
export interface DeclaredModels {
  readonly nodeType?: { readonly name: string; readonly maxMemoryBytes?: number };
  readonly engineVersion?: { readonly engine: string; readonly version: string; readonly maxRdbVersion: number };
  /** The files the plan file of the slot layout was made for. */
  readonly plannedFor?: PlannedFile[];
}

/** Says why a fact is unknown. */
export type Unknown = (message: string) => void;

/** Whether the group is created from data: a named backup (SnapshotName) or `.rdb` files (SnapshotArns). */
export function restoresData(properties: Record<string, unknown>): boolean {
  return properties.SnapshotName !== undefined || seededFromArns(properties);
}

/**
 * The rules' facts about the group being created: the one reading of its properties, for the Aspect
 * and the preflight alike. A property that is not a plain value is unknown, and `unknown` says so.
 */
export function targetFactsOf(group: RenderedGroup, unknown: Unknown): TargetFacts {
  const read = new PropertyReader(unknown);
  const properties = group.properties;
  const numNodeGroups = read.number('NumNodeGroups', properties.NumNodeGroups);
  const shards = read.shards(properties.NodeGroupConfiguration);
  const parameterGroup = parameterGroupOf(group, properties.CacheParameterGroupName, read);
  const clusterModeEnabled = clusterModeOf(properties, read, parameterGroup, numNodeGroups ?? shards?.length);
  const numCacheClusters = read.number('NumCacheClusters', properties.NumCacheClusters);
  return {
    engineVersion: engineVersionOf(properties, read, group.declared?.engineVersion),
    nodeType: read.parse('CacheNodeType', properties.CacheNodeType, (name) => {
      const declared = group.declared?.nodeType;
      return NodeType.of(name, declared?.name === name ? declared.maxMemoryBytes : undefined);
    }),
    clusterModeEnabled,
    numNodeGroups,
    shards,
    replicasPerShard: read.number('ReplicasPerNodeGroup', properties.ReplicasPerNodeGroup)
      ?? (numCacheClusters !== undefined && clusterModeEnabled === false ? numCacheClusters - 1 : undefined),
    reservedMemoryPercent: reservedMemoryPercentOf(parameterGroup, read),
    parameterGroup,
    region: group.region,
    seededFromArns: seededFromArns(properties),
    automaticFailoverEnabled: read.boolean('AutomaticFailoverEnabled', properties.AutomaticFailoverEnabled),
    multiAzEnabled: read.boolean('MultiAZEnabled', properties.MultiAZEnabled),
    dataTieringEnabled: properties.DataTieringEnabled === undefined ? false : read.boolean('DataTieringEnabled', properties.DataTieringEnabled),
    plannedFor: group.declared?.plannedFor,
    authentication: authenticationOf(properties, read),
  };
}

function seededFromArns(properties: Record<string, unknown>): boolean {
  return listGiven(properties.SnapshotArns);
}

/** Whether a list property names anything; a list CloudFormation resolves later (an intrinsic, not an array) does. */
function listGiven(value: unknown): boolean {
  return value !== undefined && !(Array.isArray(value) && value.length === 0);
}

/** AuthToken by its presence only (its value is a secret), UserGroupIds, and transit encryption. */
function authenticationOf(properties: Record<string, unknown>, read: PropertyReader): AuthenticationFacts {
  return {
    authToken: properties.AuthToken !== undefined,
    userGroups: listGiven(properties.UserGroupIds),
    // CloudFormation's TransitEncryptionEnabled defaults to false.
    transitEncryption: properties.TransitEncryptionEnabled === undefined ? false : read.boolean('TransitEncryptionEnabled', properties.TransitEncryptionEnabled),
    transitEncryptionMode: read.string('TransitEncryptionMode', properties.TransitEncryptionMode),
  };
}

/** Engine and EngineVersion, which replication groups and cache clusters share. */
export function engineVersionOf(properties: Record<string, unknown>, read: PropertyReader, declared?: DeclaredModels['engineVersion']): EngineVersion | undefined {
  // CloudFormation's Engine defaults to redis; without EngineVersion ElastiCache picks the latest, unknown here.
  const engine = properties.Engine === undefined ? 'redis' : read.string('Engine', properties.Engine)?.toLowerCase();
  if (properties.EngineVersion === undefined) {
    read.unknown('EngineVersion is not set (ElastiCache picks the latest), so the engine version is unknown');
    return undefined;
  }
  return engine === undefined ? undefined : read.parse('EngineVersion', properties.EngineVersion, (version) =>
    EngineVersion.of(engine, version, declared?.engine === engine && declared.version === version ? { maxRdbVersion: declared.maxRdbVersion } : {}));
}

/**
 * Cluster mode: ClusterMode, else the parameter group's `cluster-enabled`, else several shards; a group
 * without a parameter group gets its family's default, which has cluster mode disabled.
 */
function clusterModeOf(
  properties: Record<string, unknown>, read: PropertyReader, parameterGroup: ParameterGroupFacts | undefined, shardCount: number | undefined,
): boolean | undefined {
  if (properties.ClusterMode !== undefined) {
    const mode = read.string('ClusterMode', properties.ClusterMode);
    if (mode === 'enabled' || mode === 'disabled') return mode === 'enabled';
    if (mode !== undefined) read.unknown(`ClusterMode is ${mode}, so whether the restored data must fit cluster mode is unknown`);
    return undefined;
  }
  // A parameter the group does not set keeps the family's default, `no`.
  if (parameterGroup?.parameters) return parameterGroup.parameters['cluster-enabled'] === 'yes';
  if (shardCount !== undefined && shardCount > 1) return true;
  return properties.CacheParameterGroupName === undefined ? false : undefined;
}

/**
 * What the group's parameter group says: a default group by its name, a group of the stack by its
 * properties, any other by its name only. Undefined when the group names none.
 */
export function parameterGroupOf(group: Pick<RenderedGroup, 'parameterGroup'>, name: unknown, read: PropertyReader): ParameterGroupFacts | undefined {
  if (name === undefined) return undefined;
  const rendered = group.parameterGroup;
  if (rendered) {
    const family = read.string(`CacheParameterGroupFamily of ${rendered.name}`, rendered.family);
    const values = Object.entries(rendered.parameters ?? {});
    const tokens = values.filter(([, value]) => typeof value !== 'string').map(([parameter]) => parameter);
    // Any parameter may decide a rule, so one that is not known makes them all unknown.
    if (tokens.length > 0) read.unknown(`${tokens.join(', ')} ${tokens.length === 1 ? 'is' : 'are'} not known until deploy time (in ${rendered.name}), so the checks that need its parameters skip`);
    return { name: rendered.name, family, parameters: tokens.length > 0 ? undefined : Object.fromEntries(values) as Record<string, string> };
  }
  if (typeof name === 'string') {
    const named = parameterGroupNamed(name);
    if (!named.parameters) read.unknown(`parameter group ${name} is not defined in this stack, so its family and parameters are unknown`);
    return named;
  }
  read.unknown('the parameter group name is not a Ref to a parameter group of this stack, so its family and parameters are unknown');
  return { name: JSON.stringify(name) };
}

/** The group's reserved-memory-percent; a parameter the group does not set keeps the family's default, 25%. */
export function reservedMemoryPercentOf(parameterGroup: ParameterGroupFacts | undefined, read: PropertyReader): number | undefined {
  return read.parse('reserved-memory-percent', parameterGroup?.parameters?.['reserved-memory-percent'], parseReservedMemoryPercent);
}

/**
 * Reads property values as plain values. Custom-resource properties arrive as strings, so a number or
 * boolean may be written either way; anything else (an intrinsic at synth time) is unknown.
 */
export class PropertyReader {
  constructor(public readonly unknown: Unknown) {}

  public string(name: string, value: unknown): string | undefined {
    return this.read(name, value, (v) => (typeof v === 'string' ? v : undefined));
  }

  public number(name: string, value: unknown): number | undefined {
    return this.read(name, value, (v) => (typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : undefined));
  }

  public boolean(name: string, value: unknown): boolean | undefined {
    return this.read(name, value, (v) => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined));
  }

  /** A list of values; undefined when the list itself is not known. */
  public list(name: string, value: unknown): unknown[] | undefined {
    return this.read(name, value, (v) => (Array.isArray(v) ? v as unknown[] : undefined));
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

  /** NodeGroupConfiguration: `[]` when not given, undefined when any shard's Slots (or the list) is unknown. */
  public shards(value: unknown): ShardFacts[] | undefined {
    if (value === undefined) return [];
    const entries = this.list('NodeGroupConfiguration', value);
    if (entries === undefined) return undefined;
    const shards: ShardFacts[] = [];
    for (const [index, entry] of entries.entries()) {
      const fields = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
      const slots = fields.Slots === undefined ? undefined : this.string(`Slots of shard ${index + 1}`, fields.Slots);
      if (fields.Slots !== undefined && slots === undefined) return undefined;
      const zones = fields.ReplicaAvailabilityZones;
      shards.push({
        slots,
        replicaCount: this.number(`ReplicaCount of shard ${index + 1}`, fields.ReplicaCount),
        primaryAvailabilityZone: typeof fields.PrimaryAvailabilityZone === 'string' ? fields.PrimaryAvailabilityZone : undefined,
        replicaAvailabilityZones: Array.isArray(zones) && zones.every((zone) => typeof zone === 'string') ? zones : undefined,
      });
    }
    return shards;
  }

  private read<T>(name: string, value: unknown, plain: (value: unknown) => T | undefined): T | undefined {
    if (value === undefined) return undefined;
    const result = plain(value);
    if (result === undefined) {
      this.unknown(`${name} is not known until deploy time (${JSON.stringify(value)}), so the checks that need it skip`);
    }
    return result;
  }
}
