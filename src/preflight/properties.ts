import type { RenderedParameterGroup } from '../target/target-facts';

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
 * The custom resource's properties. CloudFormation resolves the tokens inside them and hands every
 * scalar over as a string; `Objects` travels as JSON (`Stack.toJsonString`, which keeps bucket-name tokens).
 */
export interface PreflightProperties {
  /** The checked resource's construct path, for the messages. */
  readonly Subject: string;
  /**
   * The checked resource's CloudFormation type: `AWS::ElastiCache::ReplicationGroup`, `CacheCluster` or
   * `ServerlessCache`. Absent in the properties of a preflight created before cache clusters had one: a group.
   */
  readonly ResourceType?: string;
  readonly Mode: ScanMode;
  /** The Region the group is created in. */
  readonly Region: string;
  /** The resource's properties (`carriedProperties` of its type) as the template renders them. */
  readonly Group: Record<string, unknown>;
  /** The resource's parameter group (path, family, parameters), when the stack defines it. */
  readonly ParameterGroup?: RenderedParameterGroup;
  /** JSON of the `DeclaredModels` of a restore construct. */
  readonly Declared?: string;
  /** JSON of the acknowledged error findings: rule id to the user's reason. */
  readonly Acknowledged?: string;
  /** `'true'` when the group has the `UseOnlineResharding` update policy. */
  readonly OnlineResharding?: string;
  /** JSON of `ObjectSpec[]` when seeding from `.rdb` objects. */
  readonly Objects?: string;
  /** The backup's ARN, which the preflight role may describe, when restoring a named backup. */
  readonly SnapshotArn?: string;
  /** `'true'` when the preflight puts ElastiCache's object ACL grant (Regions that use ACLs). */
  readonly GrantAccess?: string;
}

/** One `.rdb` object to check. */
export interface ObjectSpec {
  readonly bucket: string;
  readonly key: string;
  readonly arn: string;
  /** The file's size in the facts file, which the object must have for the synth-time verdict to hold. */
  readonly factsFileBytes?: number;
}
