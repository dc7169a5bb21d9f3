import {
  GetBucketLocationCommand, GetBucketPolicyCommand, GetObjectAclCommand, HeadObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
import { CallStopped, Deadline } from './deadline';
import { S3ObjectFacts } from '../../rules/facts';
import { s3Uri } from '../../rules/support/s3-uri';
import { decideAclAccess, decidePolicyAccess, elastiCacheCanonicalId, ObjectAcl, withElastiCacheGrant } from '../elasticache-access';
import { ObjectSpec } from '../properties';

/** What S3 says about an object, plus what reading it needs. */
export interface InspectedObject {
  readonly facts: S3ObjectFacts;
  /** What HEAD answered; undefined when it failed or was stopped. */
  readonly head?: {
    /** Content-Length, when HEAD gave it. */
    readonly size?: number;
    readonly etag?: string;
  };
  /** The calls the deadline stopped. */
  readonly stopped: string[];
  /** The object ACL to put, once the check passes, for ElastiCache to read the object. */
  readonly pendingGrant?: ObjectAcl;
}

/** How to check one object. */
export interface InspectOptions {
  /** The cluster's Region: where ElastiCache reads from, which decides ACL or bucket policy. */
  readonly region: string;
  /** Plan ElastiCache's object ACL grant when the Region uses ACLs and it is missing. */
  readonly grantAccess: boolean;
  readonly deadline: Deadline;
  readonly log: (message: string) => void;
}

/**
 * HEAD, bucket Region and ElastiCache's read access of one `.rdb` object. S3 errors become
 * facts that say which permission or object is missing, calls the deadline stopped are listed;
 * nothing here throws for them.
 */
export async function inspectObject(s3: S3Client, object: ObjectSpec, options: InspectOptions): Promise<InspectedObject> {
  const base = { bucket: object.bucket, key: object.key };
  const bucketArn = object.arn.slice(0, object.arn.indexOf(':::') + 3) + object.bucket;
  const { deadline } = options;

  let head;
  try {
    head = await deadline.run('HeadObject', (abortSignal) => s3.send(new HeadObjectCommand({ Bucket: object.bucket, Key: object.key }), { abortSignal }));
  } catch (error) {
    if (error instanceof CallStopped) return { facts: base, stopped: [error.call] };
    if (httpStatus(error) === 400) {
      // S3 answers HEAD of an SSE-C object without its key with a bare 400.
      return { facts: { ...base, customerKey: true, error: `HEAD ${s3Uri(object)} answered 400 Bad Request, which S3 does for objects encrypted with a customer-provided key (SSE-C)` }, stopped: [] };
    }
    return { facts: { ...base, error: describeS3Error(error, 's3:GetObject', object.arn, object) }, stopped: [] };
  }

  const [region, access] = await Promise.all([
    bucketRegion(s3, object, bucketArn, deadline),
    readAccess(s3, object, bucketArn, options),
  ]);
  options.log(`${s3Uri(object)}: ${head.ContentLength ?? 'no Content-Length,'} bytes, encryption ${head.ServerSideEncryption ?? 'none'}, `
    + `bucket Region ${region.region ?? 'unknown'}, ElastiCache ${access.canRead === undefined ? 'access unknown' : access.canRead ? 'can read it' : 'cannot read it'}`);
  return {
    head: { size: head.ContentLength, etag: head.ETag },
    stopped: [region.stopped, access.stopped].filter((call): call is string => call !== undefined),
    pendingGrant: access.pendingGrant,
    facts: {
      ...base,
      region: region.region,
      serverSideEncryption: head.ServerSideEncryption,
      customerKey: head.SSECustomerAlgorithm !== undefined,
      elastiCacheCanRead: access.canRead,
      accessDetail: access.detail,
      error: [region.error, access.error].filter(Boolean).join('; ') || undefined,
    },
  };
}

async function bucketRegion(
  s3: S3Client, object: ObjectSpec, bucketArn: string, deadline: Deadline,
): Promise<{ region?: string; error?: string; stopped?: string }> {
  try {
    const { LocationConstraint } = await deadline.run('GetBucketLocation', (abortSignal) =>
      s3.send(new GetBucketLocationCommand({ Bucket: object.bucket }), { abortSignal }));
    // S3 reports us-east-1 as no constraint and eu-west-1 by its legacy name.
    const constraint = LocationConstraint as string | undefined;
    return { region: !constraint ? 'us-east-1' : constraint === 'EU' ? 'eu-west-1' : constraint };
  } catch (error) {
    if (error instanceof CallStopped) return { stopped: error.call };
    return { error: describeS3Error(error, 's3:GetBucketLocation', bucketArn, object) };
  }
}

/** ElastiCache's access, or what kept the preflight from deciding it. */
interface AccessCheck {
  readonly canRead?: boolean;
  readonly detail?: string;
  readonly error?: string;
  readonly stopped?: string;
  readonly pendingGrant?: ObjectAcl;
}

async function readAccess(s3: S3Client, object: ObjectSpec, bucketArn: string, options: InspectOptions): Promise<AccessCheck> {
  const canonicalId = elastiCacheCanonicalId(options.region);
  if (canonicalId === undefined) {
    try {
      const { Policy } = await options.deadline.run('GetBucketPolicy', (abortSignal) =>
        s3.send(new GetBucketPolicyCommand({ Bucket: object.bucket }), { abortSignal }));
      return decidePolicyAccess(Policy, options.region, object.arn);
    } catch (error) {
      if (error instanceof CallStopped) return { stopped: error.call };
      if (errorName(error) === 'NoSuchBucketPolicy') return decidePolicyAccess(undefined, options.region, object.arn);
      return { error: describeS3Error(error, 's3:GetBucketPolicy', bucketArn, object) };
    }
  }

  let acl: ObjectAcl;
  try {
    acl = await options.deadline.run('GetObjectAcl', (abortSignal) =>
      s3.send(new GetObjectAclCommand({ Bucket: object.bucket, Key: object.key }), { abortSignal }));
  } catch (error) {
    if (error instanceof CallStopped) return { stopped: error.call };
    return { error: describeS3Error(error, 's3:GetObjectAcl', object.arn, object) };
  }
  const decision = decideAclAccess(acl, canonicalId);
  const merged = options.grantAccess && withElastiCacheGrant(acl, canonicalId);
  if (decision.canRead || !merged) return decision;
  // Put only once every rule passed: a refused restore leaves the object's ACL as it was.
  return { canRead: true, detail: `the preflight grants READ and READ_ACP to ElastiCache's canonical user ${canonicalId} once the check passes`, pendingGrant: merged };
}

/** What an S3 error means for the restore, naming the object or the missing permission. */
export function describeS3Error(error: unknown, action: string, arn: string, object: ObjectSpec): string {
  const name = errorName(error) ?? 'Error';
  const status = httpStatus(error);
  if (name === 'NoSuchKey' || (name === 'NotFound' && action === 's3:GetObject')) {
    return `${name}: ${s3Uri(object)} does not exist`;
  }
  if (name === 'AccessControlListNotSupported') {
    return `${name}: bucket ${object.bucket} has Object Ownership BucketOwnerEnforced, which disables ACLs; set it to BucketOwnerPreferred `
      + '(s3.ObjectOwnership.BUCKET_OWNER_PREFERRED) so that ElastiCache\'s ACL grant can be put';
  }
  if (name === 'AccessDenied' || name === 'Forbidden' || status === 403) {
    return `AccessDenied: the preflight role lacks ${action} on ${arn}, or a bucket policy, KMS key policy or SCP denies it`;
  }
  const message = error instanceof Error && error.message !== name ? `: ${error.message}` : '';
  return `${name}${status ? ` (HTTP ${status})` : ''} on ${action} ${arn}${message}`;
}

function errorName(error: unknown): string | undefined {
  return (error as { name?: string })?.name;
}

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}
