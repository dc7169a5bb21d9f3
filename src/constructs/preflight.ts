import { Annotations, ArnFormat, Aws, CfnResource, CustomResource, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import { CfnCacheCluster, CfnReplicationGroup, CfnServerlessCache } from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { confine, functionRole } from './library-function';
import { suppressNagRules } from './nag-suppressions';
import { elastiCacheCanonicalId, elastiCacheSnapshotPrincipal, ELASTICACHE_POLICY_ACTIONS } from '../preflight/elasticache-access';
import { PreflightFunction } from '../preflight/preflight-function';
import { ObjectSpec, PREFLIGHT_RESOURCE_TYPE, PreflightProperties, ScanMode } from '../preflight/properties';
import { RdbFileFacts } from '../rules/facts';
import { readFactsFile } from '../sources/facts-file';
import { RdbObject, RdbSource } from '../sources/rdb-source';
import { acknowledgedFindings, attachedRestoreFacts, attachRestoreFacts } from '../target/attached-facts';
import { carriedGroupOf } from '../target/rendered-group';

/**
 * Options for the preflight's Lambda function.
 */
export interface PreflightOptions {
  /**
   * How long the preflight may take. A scan that would outlive it stops in time and fails the
   * deployment with what it read; use `Preflight.headerOnly()` for very large files.
   *
   * @default Duration.minutes(15)
   */
  readonly timeout?: Duration;

  /**
   * Memory of the preflight's Lambda function, in MiB. More memory also means more CPU, and so
   * a faster full scan.
   *
   * @default 1024
   */
  readonly memorySize?: number;

  /**
   * How long the logs of the preflight's function and of its custom-resource provider are kept.
   * The preflight's log has every finding in full; CloudFormation shows a summary.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The deploy-time check of a restore: a custom resource the group depends on, which reads the
 * backup (DescribeSnapshots) or the `.rdb` objects and fails the deployment, before the group
 * exists, when a rule refuses the restore.
 */
export class Preflight {
  /**
   * Read every byte of every `.rdb` object: header, databases, keys per slot, checksum. The
   * default.
   */
  public static fullScan(options: PreflightOptions = {}): Preflight {
    return new Preflight(ScanMode.FULL, options);
  }

  /**
   * Read at most 64 KiB of each `.rdb` object: magic, RDB version and AUX fields (used-mem),
   * plus everything S3 tells. Fast for any size; misses databases, corruption and slot skew.
   */
  public static headerOnly(options: PreflightOptions = {}): Preflight {
    return new Preflight(ScanMode.HEADER, options);
  }

  /** No deploy-time check: only the synth-time checks run. */
  public static disabled(): Preflight {
    return new Preflight(undefined, {});
  }

  /** Whether the preflight is off. */
  public readonly isDisabled: boolean;

  /** Whether only the first 64 KiB of each `.rdb` object is read. */
  public readonly isHeaderOnly: boolean;

  /** The function's timeout. */
  public readonly timeout: Duration;

  /** The function's memory, in MiB. */
  public readonly memorySize: number;

  /** How long the function's and its provider's logs are kept. */
  public readonly logRetention: logs.RetentionDays;

  private constructor(
    /** @internal */
    public readonly _mode: ScanMode | undefined,
    options: PreflightOptions,
  ) {
    this.isDisabled = _mode === undefined;
    this.isHeaderOnly = _mode === ScanMode.HEADER;
    this.timeout = options.timeout ?? Duration.minutes(15);
    this.memorySize = options.memorySize ?? 1024;
    this.logRetention = options.logRetention ?? logs.RetentionDays.ONE_MONTH;
    if (!this.timeout.isUnresolved() && (this.timeout.toSeconds() < 30 || this.timeout.toSeconds() > 900)) {
      throw new Error(`Preflight timeout ${this.timeout.toHumanString()}: use 30 seconds to 15 minutes (the Lambda limit).`);
    }
  }
}

/**
 * Options of the deploy-time check of a replication group, cache cluster or serverless cache.
 */
export interface RestorePreflightOptions {
  /**
   * The `.rdb` objects the resource's `SnapshotArns` (a serverless cache's `SnapshotArnsToRestore`) seed
   * it from: with a bucket, the check knows its Object Ownership and can grant ElastiCache access
   * (`grantElastiCacheAccess`).
   *
   * @default - the resource's ARNs, as `RdbSource.fromArns` reads them (they must be known at synth time)
   */
  readonly source?: RdbSource;

  /**
   * How much of each `.rdb` object to read.
   *
   * @default Preflight.fullScan()
   */
  readonly preflight?: Preflight;
}

/**
 * Properties of a `RestorePreflight`.
 */
export interface RestorePreflightProps extends RestorePreflightOptions {
  /**
   * The group to check before it is created: its `SnapshotName` or `SnapshotArns` says what it restores,
   * its other properties (as CloudFormation resolves them) say what it becomes. Make it depend on the
   * preflight, or use `RestorePreflight.forReplicationGroup`, which does. Give exactly one of
   * `replicationGroup`, `cacheCluster` and `serverlessCache`.
   *
   * @default - no replication group: `cacheCluster` or `serverlessCache` is checked
   */
  readonly replicationGroup?: CfnReplicationGroup;

  /**
   * The single-node cache cluster to check before it is created (`SnapshotName` or one `SnapshotArns`
   * ARN). Make it depend on the preflight, or use `RestorePreflight.forCacheCluster`, which does.
   *
   * @default - no cache cluster: `replicationGroup` or `serverlessCache` is checked
   */
  readonly cacheCluster?: CfnCacheCluster;

  /**
   * The serverless cache to check before it is created (`SnapshotArnsToRestore` of `.rdb` objects). Make
   * it depend on the preflight, or use `RestorePreflight.forServerlessCache`, which does.
   *
   * @default - no serverless cache: `replicationGroup` or `cacheCluster` is checked
   */
  readonly serverlessCache?: CfnServerlessCache;
}

/**
 * A `Custom::ElastiCacheRestorePreflight` resource: make the replication group, cache cluster or
 * serverless cache depend on it, and a restore the rules refuse fails the deployment before the
 * resource is created. Later updates that change it in place (node type, replicas, parameters) pass
 * without reading the sources again; a change that replaces it (a create-only property such as
 * `SnapshotName`, `SnapshotArns` or `Port`, or a group's shards without online resharding) is checked again.
 *
 * Its function (one per stack and setting) may read exactly the named objects, their ACLs,
 * the buckets' policies and locations, and describe exactly the named backup. With
 * `grantElastiCacheAccess` it also grants ElastiCache read access: a bucket-policy statement in
 * opt-in Regions (for buckets of this stack, when the Region is known at synth time; the named
 * objects only, for this account only), otherwise an object ACL grant that the preflight puts at
 * deploy time once the check passed. ACLs need the bucket's Object
 * Ownership to be `BucketOwnerPreferred` or `ObjectWriter`, not the default `BucketOwnerEnforced`.
 */
export class RestorePreflight extends Construct {
  /**
   * The deploy-time check of a `CfnReplicationGroup` that restores a backup (`SnapshotName`) or seeds
   * from `.rdb` objects (`SnapshotArns`): a `RestorePreflight` beside the group, which the group depends on.
   *
   * @param replicationGroup the group to check
   * @param options the `.rdb` source and how much to read
   */
  public static forReplicationGroup(replicationGroup: CfnReplicationGroup, options: RestorePreflightOptions = {}): RestorePreflight {
    return RestorePreflight.beside(replicationGroup, { ...options, replicationGroup });
  }

  /**
   * The deploy-time check of a single-node `CfnCacheCluster` that restores a backup (`SnapshotName`) or
   * seeds from one `.rdb` object (`SnapshotArns`): a `RestorePreflight` beside the cluster, which the
   * cluster depends on.
   *
   * @param cacheCluster the cache cluster to check
   * @param options the `.rdb` source and how much to read
   */
  public static forCacheCluster(cacheCluster: CfnCacheCluster, options: RestorePreflightOptions = {}): RestorePreflight {
    return RestorePreflight.beside(cacheCluster, { ...options, cacheCluster });
  }

  /**
   * The deploy-time check of a `CfnServerlessCache` seeded from `.rdb` objects (`SnapshotArnsToRestore`):
   * a `RestorePreflight` beside the cache, which the cache depends on.
   *
   * @param serverlessCache the serverless cache to check
   * @param options the `.rdb` source and how much to read
   */
  public static forServerlessCache(serverlessCache: CfnServerlessCache, options: RestorePreflightOptions = {}): RestorePreflight {
    return RestorePreflight.beside(serverlessCache, { ...options, serverlessCache });
  }

  private static beside(resource: CfnResource, props: RestorePreflightProps): RestorePreflight {
    const scope = resource.node.scope as Construct;
    const id = resource.node.id === 'Resource' ? 'Preflight' : `${resource.node.id}Preflight`;
    const check = new RestorePreflight(scope, id, props);
    resource.node.addDependency(check);
    return check;
  }

  /** The custom resource. */
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: RestorePreflightProps) {
    super(scope, id);
    const preflight = props.preflight ?? Preflight.fullScan();
    const mode = preflight._mode;
    if (mode === undefined) {
      throw new Error(`${this.node.path}: the preflight is disabled (Preflight.disabled()); do not create a RestorePreflight.`);
    }
    const group = checkedResourceOf(this, props);
    const sources = sourcesOf(group, props.source);
    const source = sources.rdbSource;
    const reports = source?.factsFile ? readFactsFile(source.factsFile, source.objects.map((o) => o.key)) : [];
    if (reports.length > 0 && !attachedRestoreFacts(group)) {
      // A raw resource's facts file serves the synth-time checks too (a restore construct attaches its own).
      attachRestoreFacts(group, { rdbFiles: reports });
    }

    const stack = Stack.of(this);
    const provider = PreflightProvider.of(this, preflight);
    const policy = new iam.Policy(this, 'Policy', { statements: this.permissions(sources) });
    policy.attachToRole(provider.role);

    const objects = sources.rdbSource?.objects ?? [];
    const grantAccess = sources.rdbSource?.grantElastiCacheAccess ?? false;
    // Lazy: the group as rendered, after every later change to it (property overrides, Aspects).
    const properties: Record<keyof PreflightProperties, unknown> = {
      Subject: group.node.path,
      ResourceType: group.cfnResourceType,
      Mode: mode,
      Region: stack.region,
      Group: Lazy.any({ produce: () => carriedGroupOf(group).properties }),
      ParameterGroup: Lazy.any({ produce: () => carriedGroupOf(group).parameterGroup }),
      Declared: Lazy.string({ produce: () => jsonOrUndefined(carriedGroupOf(group).declared) }),
      OnlineResharding: Lazy.string({ produce: () => (carriedGroupOf(group).onlineResharding ? 'true' : undefined) }),
      Acknowledged: Lazy.string({ produce: () => jsonOrUndefined(acknowledgedFindings(group)) }),
      Objects: source ? stack.toJsonString(objectSpecs(source, reports)) : undefined,
      SnapshotArn: sources.snapshotName ? snapshotArn(stack, sources.snapshotName) : undefined,
      GrantAccess: grantAccess ? 'true' : undefined,
    };
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: PREFLIGHT_RESOURCE_TYPE,
      properties,
    });
    // The functions' log permissions too, so that the first check's logs are kept.
    this.resource.node.addDependency(policy, provider);

    if (grantAccess) {
      this.grantElastiCacheAccess(objects);
    }
  }

  private permissions(sources: Sources): iam.PolicyStatement[] {
    if (sources.snapshotName) {
      return [new iam.PolicyStatement({ actions: ['elasticache:DescribeSnapshots'], resources: [snapshotArn(Stack.of(this), sources.snapshotName)] })];
    }
    const objects = sources.rdbSource!.objects;
    const objectActions = ['s3:GetObject', 's3:GetObjectAcl'];
    if (sources.rdbSource!.grantElastiCacheAccess) objectActions.push('s3:PutObjectAcl');
    return [
      new iam.PolicyStatement({ actions: objectActions, resources: unique(objects.map((o) => o.arn)) }),
      new iam.PolicyStatement({ actions: ['s3:GetBucketLocation', 's3:GetBucketPolicy'], resources: unique(objects.map(bucketArn)) }),
    ];
  }

  /**
   * The opt-in Region bucket-policy statement where this stack owns the bucket and knows the
   * Region; everywhere else the preflight puts the object ACL grant, or the check says what to add.
   */
  private grantElastiCacheAccess(objects: RdbObject[]): void {
    const region = Stack.of(this).region;
    const regionKnown = !Token.isUnresolved(region);
    if (regionKnown && elastiCacheCanonicalId(region) === undefined) {
      for (const bucket of unique(objects.map((o) => o.bucket))) {
        // The bucket (for ListBucket and GetBucketAcl) and the named objects only, for this account's restores only.
        const added = bucket?.addToResourcePolicy(new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal(elastiCacheSnapshotPrincipal(region))],
          actions: ELASTICACHE_POLICY_ACTIONS,
          resources: [bucket.bucketArn, ...unique(objects.filter((o) => o.bucket === bucket).map((o) => o.arn))],
          conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
        }));
        if (added?.statementAdded && bucket?.policy) {
          this.resource.node.addDependency(bucket.policy);
        } else {
          Annotations.of(this).addWarningV2('cdk-elasticache-restore:preflight-bucket-policy',
            `In ${region} ElastiCache reads .rdb objects only through a bucket policy, which this stack cannot add to ${bucket?.bucketName ?? 'a bucket it does not own'}: `
            + `allow ${elastiCacheSnapshotPrincipal(region)} ${ELASTICACHE_POLICY_ACTIONS.join(', ')} on the bucket and the .rdb objects, `
            + 'with the condition aws:SourceAccount = this account. The preflight checks it.');
        }
      }
      return;
    }
    const buckets = unique(objects.map((o) => o.bucket));
    const aclsMayBeOff = (bucket?: s3.IBucket) => [undefined, s3.ObjectOwnership.BUCKET_OWNER_ENFORCED].includes(bucket && ownershipOf(bucket));
    if (buckets.some(aclsMayBeOff)) {
      Annotations.of(this).addWarningV2('cdk-elasticache-restore:preflight-object-ownership',
        `${regionKnown ? '' : 'If the stack\'s Region was launched before 2019-03-20, '}the preflight grants ElastiCache read access with an object ACL, `
        + 'which fails when the bucket\'s Object Ownership is BucketOwnerEnforced (the S3 default): give the bucket '
        + '`objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED`.'
        + (regionKnown ? '' : ' In opt-in Regions set the stack\'s env.region, so the construct can add the bucket-policy statement ElastiCache needs there instead.'));
    }
  }
}

/**
 * The preflight function and its provider: one per stack for each timeout, memory and log retention setting.
 */
class PreflightProvider extends Construct {
  public static of(scope: Construct, preflight: Preflight): PreflightProvider {
    const stack = Stack.of(scope);
    const retention = preflight.logRetention === logs.RetentionDays.ONE_MONTH ? '' : `${preflight.logRetention}d`;
    const id = `ElastiCacheRestorePreflight${preflight.timeout.toSeconds()}s${preflight.memorySize}MiB${retention}`;
    return (stack.node.tryFindChild(id) as PreflightProvider | undefined) ?? new PreflightProvider(stack, id, preflight);
  }

  public readonly role: iam.IRole;
  public readonly serviceToken: string;

  private constructor(scope: Construct, id: string, preflight: Preflight) {
    super(scope, id);
    const handler = new PreflightFunction(this, 'Handler', {
      description: 'Refuses ElastiCache restores that would fail (cdk-elasticache-restore preflight)',
      timeout: preflight.timeout,
      memorySize: preflight.memorySize,
      role: functionRole(this, 'HandlerRole'),
    });
    this.role = handler.role!;
    const providerRole = functionRole(this, 'ProviderRole');
    const provider = new cr.Provider(this, 'Provider', { onEventHandler: handler, role: providerRole });
    this.serviceToken = provider.serviceToken;
    for (const fn of [handler, provider.node.findChild('framework-onEvent') as lambda.Function]) {
      confine(fn);
      // The log group `confine` lets the function write, made before the first check (the custom
      // resource depends on this construct) so that it has a retention instead of none.
      new logs.LogGroup(fn, 'LogGroup', { logGroupName: `/aws/lambda/${fn.functionName}`, retention: preflight.logRetention });
    }
    suppressNagRules(providerRole.node.findChild('DefaultPolicy').node.defaultChild as CfnResource, [{
      id: 'AwsSolutions-IAM5',
      reason: 'The Provider framework invokes the versions of the one preflight function it fronts (`<function ARN>:*`, as grantInvoke writes it), nothing else.',
      appliesTo: [{ regex: '/^Resource::<[A-Za-z0-9]+\\.Arn>:\\*$/' }],
    }]);
  }
}

/** The one resource of the props. */
function checkedResourceOf(scope: Construct, props: RestorePreflightProps): CfnReplicationGroup | CfnCacheCluster | CfnServerlessCache {
  const given = [props.replicationGroup, props.cacheCluster, props.serverlessCache].filter((resource) => resource !== undefined);
  if (given.length !== 1) {
    throw new Error(`${scope.node.path}: give exactly one of replicationGroup, cacheCluster and serverlessCache (${given.length} given): the resource to check.`);
  }
  return given[0]!;
}

/** What a resource restores: a named backup or `.rdb` objects. */
interface Sources {
  readonly snapshotName?: string;
  readonly rdbSource?: RdbSource;
}

function sourcesOf(resource: CfnReplicationGroup | CfnCacheCluster | CfnServerlessCache, source: RdbSource | undefined): Sources {
  const where = resource.node.path;
  const [arnsProperty, arns] = resource instanceof CfnServerlessCache
    ? ['SnapshotArnsToRestore', resource.snapshotArnsToRestore] : ['SnapshotArns', resource.snapshotArns];
  const snapshotName = resource instanceof CfnServerlessCache ? undefined : resource.snapshotName;
  if (snapshotName !== undefined) {
    if (arns !== undefined || source) throw new Error(`${where}: the ${resource instanceof CfnReplicationGroup ? 'group' : 'cache cluster'} names both a backup (SnapshotName) and .rdb objects; give one.`);
    return { snapshotName };
  }
  if (source) return { rdbSource: source };
  if (arns === undefined || arns.length === 0) {
    throw new Error(`${where} restores nothing (no ${resource instanceof CfnServerlessCache ? '' : 'SnapshotName, no '}${arnsProperty}): the preflight checks restores only.`);
  }
  if (Token.isUnresolved(arns) || arns.some((arn) => Token.isUnresolved(arn))) {
    throw new Error(`${where}: ${arnsProperty} is not known at synth time; name the objects with the source option, e.g. { source: RdbSource.fromBucket(bucket, keys) }.`);
  }
  return { rdbSource: RdbSource.fromArns(arns) };
}

/** The objects to check, each with the size its facts-file report gives (`readFactsFile` answers in key order). */
function objectSpecs(source: RdbSource, reports: RdbFileFacts[]): ObjectSpec[] {
  return source.objects.map((o, i): ObjectSpec => {
    const report = reports[i]?.report;
    return { bucket: o.bucketName, key: o.key, arn: o.arn, factsFileBytes: report?.complete ? report.bytes : undefined };
  });
}

function jsonOrUndefined(value: object | undefined): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

function snapshotArn(stack: Stack, snapshotName: string): string {
  return stack.formatArn({ service: 'elasticache', resource: 'snapshot', resourceName: snapshotName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

function bucketArn(object: RdbObject): string {
  if (object.bucket) return object.bucket.bucketArn;
  const partition = /^arn:([^:]+):/.exec(object.arn)?.[1] ?? Aws.PARTITION;
  return `arn:${partition}:s3:::${object.bucketName}`;
}

/** The Object Ownership a bucket of this app declares; undefined for an imported bucket or none declared. */
function ownershipOf(bucket: s3.IBucket): s3.ObjectOwnership | undefined {
  const cfn = bucket.node.defaultChild as s3.CfnBucket | undefined;
  // s3.Bucket renders its ownership controls lazily.
  const controls = cfn && Stack.of(cfn).resolve(cfn.ownershipControls);
  return controls?.rules?.[0]?.objectOwnership;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
