import { BackupSourceFacts } from '../model/backup-source-facts';
import { EngineVersion } from '../model/engine-version';
import { NodeType } from '../model/node-type';
import type { PlannedFile } from '../model/plan-file';
import { FileReport } from '../rdb/report';

/**
 * Everything the rules may know about one restore. Every field is optional: a fact that is not
 * known where the rules run (a token at synth time, the inside of an S3 object) makes the rules
 * that need it skip, and the next enforcement point checks them.
 */
export interface RestoreFacts {
  /** Who the findings are about, e.g. a construct path or a CLI target description. */
  readonly subject: string;
  readonly target: TargetFacts;
  /** The named ElastiCache backup (RestoredReplicationGroup / SnapshotName). */
  readonly backup?: BackupFacts;
  /** The `.rdb` files (SeededCluster / SnapshotArns), as scanned or as read from a facts file. */
  readonly rdbFiles?: RdbFileFacts[];
  /** What the deploy-time check could not read, so the rules could not judge it. */
  readonly incomplete?: IncompleteCheck[];
  /** Error findings the user acknowledged, by rule id, with the reason: reported as warnings. */
  readonly acknowledged?: Record<string, string>;
}

/** Something the deploy-time check could not read: a scan stopped by the deadline, a call that failed. */
export interface IncompleteCheck {
  /** What was not read and what to do about it. */
  readonly message: string;
  /** The `.rdb` file it is about, when it is about one. */
  readonly file?: string;
}

/** The group being created. */
export interface TargetFacts {
  /**
   * What restores: a replication group (the default); a single-node cache cluster (CreateCacheCluster:
   * one node, one .rdb ARN, cluster mode disabled); or a serverless cache (cluster mode with database 0
   * only, no nodes or shards to choose, RDB files of Redis OSS 5.0+ or Valkey 7.2+).
   */
  readonly resource?: 'replication-group' | 'cache-cluster' | 'serverless-cache';
  /** How many ARNs SnapshotArns (SnapshotArnsToRestore) gives. */
  readonly snapshotArnCount?: number;
  /** NumCacheNodes of a cache cluster. */
  readonly numCacheNodes?: number;
  readonly engineVersion?: EngineVersion;
  readonly nodeType?: NodeType;
  readonly clusterModeEnabled?: boolean;
  /** NumNodeGroups. */
  readonly numNodeGroups?: number;
  /**
   * NodeGroupConfiguration, in shard order, as written (slots unparsed so bad layouts can be reported).
   * `[]` when none is given; undefined when it is not known (e.g. a token at synth time).
   */
  readonly shards?: ShardFacts[];
  /** ReplicasPerNodeGroup, or NumCacheClusters − 1 when cluster mode is disabled. */
  readonly replicasPerShard?: number;
  /** reserved-memory-percent of the group's parameter group (25 by default). */
  readonly reservedMemoryPercent?: number;
  /** The Region the group is created in. */
  readonly region?: string;
  /** Whether the group is seeded from `.rdb` ARNs (SnapshotArns). */
  readonly seededFromArns?: boolean;
  /** Per-shard memory estimates from a plan file, bytes, in shard order (synth time only: the preflight has the scan). */
  readonly plannedShardBytes?: number[];
  /** The files the plan file of the slot layout was made for. */
  readonly plannedFor?: PlannedFile[];
  /** AutomaticFailoverEnabled. */
  readonly automaticFailoverEnabled?: boolean;
  /** MultiAZEnabled. */
  readonly multiAzEnabled?: boolean;
  /** DataTieringEnabled (false when not set on the resource). */
  readonly dataTieringEnabled?: boolean;
  /** The parameter group the target names; absent when it names none (the engine's default group applies). */
  readonly parameterGroup?: ParameterGroupFacts;
  /** How clients authenticate, and whether they connect over TLS. */
  readonly authentication?: AuthenticationFacts;
}

/** AuthToken, UserGroupIds and transit encryption, as far as they are known. */
export interface AuthenticationFacts {
  /** Whether AuthToken is given (its value is never read). */
  readonly authToken: boolean;
  /** Whether UserGroupIds names any RBAC user group. */
  readonly userGroups: boolean;
  /** TransitEncryptionEnabled (false when not set); undefined when unknown. */
  readonly transitEncryption?: boolean;
  /** TransitEncryptionMode (`preferred` or `required`), when given. */
  readonly transitEncryptionMode?: string;
}

/** A cache parameter group, as far as it is known. */
export interface ParameterGroupFacts {
  /** Its name, for messages (a construct path when it is created in the same app). */
  readonly name: string;
  /** CacheParameterGroupFamily, e.g. `valkey8`; undefined when unknown. */
  readonly family?: string;
  /**
   * The parameters the group sets (name → value); the family's defaults apply to the others.
   * Undefined when they are unknown (a group created elsewhere).
   */
  readonly parameters?: Record<string, string>;
}

/** One NodeGroupConfiguration entry. */
export interface ShardFacts {
  /** `Slots` as written, e.g. `0-5460` or `0-99,200-299`; undefined when not given. */
  readonly slots?: string;
  readonly replicaCount?: number;
  readonly primaryAvailabilityZone?: string;
  readonly replicaAvailabilityZones?: string[];
}

/**
 * A named ElastiCache backup: what the user declared on `BackupSource` (the same fields), or what
 * DescribeSnapshots says at deploy time.
 */
export interface BackupFacts extends BackupSourceFacts {
  readonly snapshotName: string;
  /** false when DescribeSnapshots found no such snapshot. */
  readonly exists?: boolean;
  /** SnapshotStatus, e.g. `available`. */
  readonly status?: string;
}

/** One `.rdb` file: what a scan found, plus what S3 says about the object when it lives there. */
export interface RdbFileFacts {
  readonly report?: FileReport;
  readonly s3?: S3ObjectFacts;
  /** The name to use in findings (S3 URI or path). */
  readonly file: string;
  /** The file's size in the facts file the synth-time checks judged (complete reports only). */
  readonly factsFileBytes?: number;
}

/** What S3 says about an `.rdb` object. */
export interface S3ObjectFacts {
  readonly bucket: string;
  readonly key: string;
  /** The bucket's Region. */
  readonly region?: string;
  /** The object's size in bytes. */
  readonly size?: number;
  /** ServerSideEncryption of the object: `AES256` (SSE-S3), `aws:kms`, `aws:kms:dsse`, or undefined (none). */
  readonly serverSideEncryption?: string;
  /** Whether SSE-C was used (the object reports a customer key algorithm). */
  readonly customerKey?: boolean;
  /** Whether ElastiCache can read it, and how that was decided. */
  readonly elastiCacheCanRead?: boolean;
  readonly accessDetail?: string;
  /** An S3 error that prevented checking (missing object, AccessDenied…). */
  readonly error?: string;
}

/** What a rule found. */
export interface Finding {
  /** The rule id, e.g. `single-database`. */
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  /** What is wrong, where, and what to do. */
  readonly message: string;
  /** The `.rdb` file it is about, when it is about one. */
  readonly file?: string;
}
