/**
 * How ElastiCache gets read access to an `.rdb` object, and whether it has it.
 *
 * Pure functions over the raw GetObjectAcl / GetBucketPolicy answers, shared by the construct
 * (synth time) and the preflight handler (deploy time). No AWS SDK or CDK import: the construct
 * library ships this file.
 */

/** ElastiCache's canonical user in the commercial Regions launched before 2019-03-20. */
export const ELASTICACHE_CANONICAL_ID = '540804c33a284a299d2547575ce1010f2312ef3da9b3a053c8bc45bf233e4353';
/** ElastiCache's canonical user in AWS GovCloud (US). */
export const ELASTICACHE_GOVCLOUD_CANONICAL_ID = '40fa568277ad703bd160f66ae4f83fc9dfdfd06c2f1b5060ca22442ac3ef8be6';
/** ElastiCache's canonical user in the China Regions (older seeding guide). */
export const ELASTICACHE_CHINA_CANONICAL_ID = 'b14d6a125bdf69854ed8ef2e71d8a20b7c490f252229b806e514966e490b8d83';

/**
 * Regions launched before 2019-03-20, where ElastiCache reads through an object ACL grant.
 * The set is closed: every Region launched since is opt-in and uses a bucket policy.
 */
const ACL_REGIONS = new Set([
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ap-south-1',
  'cn-north-1', 'cn-northwest-1', 'us-gov-west-1', 'us-gov-east-1',
]);

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

/** One grant of an object ACL, as GetObjectAcl returns it. */
export interface AclGrant {
  readonly Grantee?: { readonly Type?: string; readonly ID?: string; readonly URI?: string; readonly DisplayName?: string };
  readonly Permission?: string;
}

/** An object ACL, as GetObjectAcl returns it and PutObjectAcl takes it. */
export interface ObjectAcl {
  readonly Owner?: { readonly ID?: string; readonly DisplayName?: string };
  readonly Grants?: AclGrant[];
}

/** Whether ElastiCache can read an object, and why. */
export interface AccessDecision {
  readonly canRead: boolean;
  readonly detail: string;
}

/**
 * ElastiCache's canonical user in a Region where it reads through object ACLs, or undefined in
 * an opt-in Region, where it reads through a bucket policy instead.
 */
export function elastiCacheCanonicalId(region: string): string | undefined {
  if (!ACL_REGIONS.has(region)) return undefined;
  if (region.startsWith('us-gov-')) return ELASTICACHE_GOVCLOUD_CANONICAL_ID;
  if (region.startsWith('cn-')) return ELASTICACHE_CHINA_CANONICAL_ID;
  return ELASTICACHE_CANONICAL_ID;
}

/** The service principal ElastiCache reads `.rdb` objects as in an opt-in Region. */
export function elastiCacheSnapshotPrincipal(region: string): string {
  return `${region}.elasticache-snapshot.amazonaws.com`;
}

/** The actions the opt-in Region bucket-policy statement allows ElastiCache. */
export const ELASTICACHE_POLICY_ACTIONS = ['s3:GetObject', 's3:ListBucket', 's3:GetBucketAcl'];

/** Whether an object ACL lets ElastiCache's canonical user (or everyone) read the object. */
export function decideAclAccess(acl: ObjectAcl, canonicalId: string): AccessDecision {
  const readers = (acl.Grants ?? []).filter((grant) => grant.Permission === 'READ' || grant.Permission === 'FULL_CONTROL');
  if (readers.some((grant) => grant.Grantee?.ID === canonicalId)) {
    return { canRead: true, detail: `the object ACL grants READ to ElastiCache's canonical user ${canonicalId}` };
  }
  if (readers.some((grant) => grant.Grantee?.URI === ALL_USERS)) {
    return { canRead: true, detail: 'the object ACL grants READ to everyone (AllUsers)' };
  }
  return {
    canRead: false,
    detail: `the object ACL has no READ grant for ElastiCache's canonical user ${canonicalId}; `
      + 'grant it READ and READ_ACP (RdbSource grantElastiCacheAccess: true does this; the bucket\'s Object Ownership must not be BucketOwnerEnforced)',
  };
}

/**
 * Whether a bucket policy lets ElastiCache's opt-in Region principal get the object.
 *
 * @param policy the policy document (GetBucketPolicy `Policy`), or undefined when the bucket has none
 */
export function decidePolicyAccess(policy: string | undefined, region: string, objectArn: string): AccessDecision {
  const principal = elastiCacheSnapshotPrincipal(region);
  const missing = `the bucket policy has no statement allowing ${principal} s3:GetObject on ${objectArn}; `
    + `in ${region} ElastiCache reads only through the bucket policy (actions ${ELASTICACHE_POLICY_ACTIONS.join(', ')})`;
  if (policy === undefined) {
    return { canRead: false, detail: `the bucket has no policy: ${missing}` };
  }
  let statements: PolicyStatement[];
  try {
    const document = JSON.parse(policy);
    statements = asList(document.Statement);
  } catch {
    return { canRead: false, detail: 'the bucket policy is not valid JSON' };
  }
  const applies = (statement: PolicyStatement) => namesPrincipal(statement.Principal, principal)
    && asList(statement.Action).some((action) => globMatches(String(action), 's3:GetObject', 'i'))
    && asList(statement.Resource).some((resource) => globMatches(String(resource), objectArn, ''));
  if (statements.some((statement) => statement.Effect === 'Deny' && applies(statement))) {
    return { canRead: false, detail: `the bucket policy denies ${principal} s3:GetObject on ${objectArn}` };
  }
  if (statements.some((statement) => statement.Effect === 'Allow' && applies(statement))) {
    return { canRead: true, detail: `the bucket policy allows ${principal} s3:GetObject` };
  }
  return { canRead: false, detail: missing };
}

/**
 * The object ACL with READ and READ_ACP added for ElastiCache's canonical user, every existing
 * grant kept; undefined when the ACL already has both.
 */
export function withElastiCacheGrant(acl: ObjectAcl, canonicalId: string): ObjectAcl | undefined {
  const grants = acl.Grants ?? [];
  const missing = ['READ', 'READ_ACP'].filter((permission) =>
    !grants.some((grant) => grant.Grantee?.ID === canonicalId && (grant.Permission === permission || grant.Permission === 'FULL_CONTROL')));
  if (missing.length === 0) return undefined;
  return {
    Owner: acl.Owner,
    Grants: [...grants, ...missing.map((permission) => ({ Grantee: { Type: 'CanonicalUser', ID: canonicalId }, Permission: permission }))],
  };
}

interface PolicyStatement {
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly Action?: unknown;
  readonly Resource?: unknown;
}

function namesPrincipal(principal: unknown, service: string): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  const { Service, AWS } = principal as { Service?: unknown; AWS?: unknown };
  return asList(Service).includes(service) || asList(AWS).includes('*');
}

function asList(value: unknown): any[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** IAM wildcard match: `*` any run, `?` any one character (actions compare case-insensitively, ARNs do not). */
function globMatches(pattern: string, value: string, flags: string): boolean {
  const regex = pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${regex}$`, flags).test(value);
}
