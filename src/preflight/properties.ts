import { EngineVersion } from '../model/engine-version';
import { NodeType } from '../model/node-type';
import { ShardFacts, TargetFacts } from '../rules/facts';
import { parameterGroupNamed } from '../rules/parameter-group';

/** The resource type of the preflight custom resource. */
export const PREFLIGHT_RESOURCE_TYPE = 'Custom::ElastiCacheRestorePreflight';

/** How much of each `.rdb` object the preflight reads. */
export enum ScanMode {
  /** Every byte: databases, keys, slots, checksum. */
  FULL = 'full',
  /** The first 64 KiB: magic, RDB version and the AUX fields. */
  HEADER = 'header',
}

/**
 * The custom resource's properties. CloudFormation hands custom resources strings only, so the
 * structured ones travel as JSON (`Stack.toJsonString`, which keeps tokens such as bucket names).
 */
export interface PreflightProperties {
  /** The restore construct's path, for the messages. */
  readonly Subject: string;
  readonly Mode: ScanMode;
  /** The Region the group is created in. */
  readonly Region: string;
  /** JSON of `TargetSpec`. */
  readonly Target: string;
  /** JSON of `ObjectSpec[]` when seeding from `.rdb` objects. */
  readonly Objects?: string;
  /** The backup's name when restoring a named backup. */
  readonly SnapshotName?: string;
  /** The backup's ARN, which the preflight role may describe. */
  readonly SnapshotArn?: string;
  /** `'true'` when the preflight puts ElastiCache's object ACL grant (Regions that use ACLs). */
  readonly GrantAccess?: string;
}

/** One `.rdb` object to check. */
export interface ObjectSpec {
  readonly bucket: string;
  readonly key: string;
  readonly arn: string;
}

/** The target group, as plain JSON. */
export interface TargetSpec {
  readonly engine: string;
  readonly engineVersion: string;
  readonly maxRdbVersion: number;
  readonly nodeType: string;
  readonly maxMemoryBytes?: number;
  readonly clusterModeEnabled: boolean;
  readonly numNodeGroups: number;
  readonly shards: ShardFacts[];
  readonly replicasPerShard: number;
  readonly reservedMemoryPercent: number;
  readonly seededFromArns: boolean;
  /** Per-shard memory estimates of a plan file, when the layout came from one. */
  readonly plannedShardBytes?: number[];
  /** The parameter group the group names, when it names one (the library's own group says nothing the rules need). */
  readonly parameterGroupName?: string;
}

/** The rules' target facts from the JSON the construct rendered. */
export function targetFactsOf(spec: TargetSpec, region: string): TargetFacts {
  return {
    engineVersion: EngineVersion.of(spec.engine, spec.engineVersion, { maxRdbVersion: spec.maxRdbVersion }),
    nodeType: NodeType.of(spec.nodeType, spec.maxMemoryBytes),
    clusterModeEnabled: spec.clusterModeEnabled,
    numNodeGroups: spec.numNodeGroups,
    shards: spec.shards,
    replicasPerShard: spec.replicasPerShard,
    reservedMemoryPercent: spec.reservedMemoryPercent,
    region,
    seededFromArns: spec.seededFromArns,
    plannedShardBytes: spec.plannedShardBytes,
    parameterGroup: spec.parameterGroupName === undefined ? undefined : parameterGroupNamed(spec.parameterGroupName),
  };
}
