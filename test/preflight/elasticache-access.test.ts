import {
  decideAclAccess, decidePolicyAccess, elastiCacheCanonicalId, ELASTICACHE_CANONICAL_ID, ELASTICACHE_CHINA_CANONICAL_ID,
  ELASTICACHE_GOVCLOUD_CANONICAL_ID, withElastiCacheGrant,
} from '../../src/preflight/elasticache-access';

const OWNER = { ID: 'owner-id', DisplayName: 'owner' };
const OWNER_FULL_CONTROL = { Grantee: { Type: 'CanonicalUser', ID: OWNER.ID }, Permission: 'FULL_CONTROL' };
const OBJECT_ARN = 'arn:aws:s3:::seeds/dumps/a.rdb';

describe('elastiCacheCanonicalId', () => {
  test.each([
    ['us-east-1', ELASTICACHE_CANONICAL_ID],
    ['eu-north-1', ELASTICACHE_CANONICAL_ID],
    ['us-gov-west-1', ELASTICACHE_GOVCLOUD_CANONICAL_ID],
    ['cn-northwest-1', ELASTICACHE_CHINA_CANONICAL_ID],
    ['ap-east-1', undefined],
    ['me-south-1', undefined],
    ['xx-future-9', undefined],
  ])('%s: %s', (region, id) => {
    expect(elastiCacheCanonicalId(region)).toBe(id);
  });
});

describe('decideAclAccess (recorded GetObjectAcl answers)', () => {
  test('owner-only ACL: ElastiCache cannot read, and the detail says what to grant', () => {
    const decision = decideAclAccess({ Owner: OWNER, Grants: [OWNER_FULL_CONTROL] }, ELASTICACHE_CANONICAL_ID);
    expect(decision.canRead).toBe(false);
    expect(decision.detail).toMatch(/READ and READ_ACP.*BucketOwnerEnforced/);
  });

  test('READ for the canonical user is enough', () => {
    const acl = { Owner: OWNER, Grants: [OWNER_FULL_CONTROL, { Grantee: { Type: 'CanonicalUser', ID: ELASTICACHE_CANONICAL_ID }, Permission: 'READ' }] };
    expect(decideAclAccess(acl, ELASTICACHE_CANONICAL_ID).canRead).toBe(true);
  });

  test('a grant to another Region class\'s user does not count', () => {
    const acl = { Grants: [{ Grantee: { Type: 'CanonicalUser', ID: ELASTICACHE_CHINA_CANONICAL_ID }, Permission: 'READ' }] };
    expect(decideAclAccess(acl, ELASTICACHE_CANONICAL_ID).canRead).toBe(false);
  });

  test('a public-read object is readable', () => {
    const acl = { Grants: [{ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }] };
    expect(decideAclAccess(acl, ELASTICACHE_CANONICAL_ID)).toEqual({ canRead: true, detail: expect.stringMatching(/AllUsers/) });
  });
});

describe('decidePolicyAccess (recorded GetBucketPolicy answers)', () => {
  const statement = (overrides: object) => JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Service: 'ap-east-1.elasticache-snapshot.amazonaws.com' },
      Action: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketAcl'],
      Resource: ['arn:aws:s3:::seeds', 'arn:aws:s3:::seeds/*'],
      ...overrides,
    }],
  });

  test('the documented statement allows the Region\'s principal', () => {
    expect(decidePolicyAccess(statement({}), 'ap-east-1', OBJECT_ARN).canRead).toBe(true);
  });

  test('wildcard actions and a single-string principal count', () => {
    expect(decidePolicyAccess(statement({ Action: 's3:Get*', Principal: { Service: ['ap-east-1.elasticache-snapshot.amazonaws.com'] } }), 'ap-east-1', OBJECT_ARN).canRead).toBe(true);
  });

  test('another Region\'s principal does not', () => {
    expect(decidePolicyAccess(statement({}), 'me-south-1', OBJECT_ARN)).toEqual({ canRead: false, detail: expect.stringMatching(/me-south-1\.elasticache-snapshot/) });
  });

  test('a statement for other objects does not', () => {
    expect(decidePolicyAccess(statement({ Resource: 'arn:aws:s3:::seeds/other/*' }), 'ap-east-1', OBJECT_ARN).canRead).toBe(false);
  });

  test('a Deny wins over an Allow', () => {
    const policy = JSON.parse(statement({}));
    policy.Statement.push({ ...policy.Statement[0], Effect: 'Deny', Action: 's3:*' });
    expect(decidePolicyAccess(JSON.stringify(policy), 'ap-east-1', OBJECT_ARN)).toEqual({ canRead: false, detail: expect.stringMatching(/denies/) });
  });

  test('no policy, or an unreadable one', () => {
    expect(decidePolicyAccess(undefined, 'ap-east-1', OBJECT_ARN).detail).toMatch(/has no policy/);
    expect(decidePolicyAccess('{', 'ap-east-1', OBJECT_ARN).detail).toMatch(/not valid JSON/);
  });
});

describe('withElastiCacheGrant', () => {
  test('adds READ and READ_ACP and keeps every existing grant and the owner', () => {
    const other = { Grantee: { Type: 'CanonicalUser', ID: 'partner' }, Permission: 'READ' };
    expect(withElastiCacheGrant({ Owner: OWNER, Grants: [OWNER_FULL_CONTROL, other] }, ELASTICACHE_CANONICAL_ID)).toEqual({
      Owner: OWNER,
      Grants: [
        OWNER_FULL_CONTROL,
        other,
        { Grantee: { Type: 'CanonicalUser', ID: ELASTICACHE_CANONICAL_ID }, Permission: 'READ' },
        { Grantee: { Type: 'CanonicalUser', ID: ELASTICACHE_CANONICAL_ID }, Permission: 'READ_ACP' },
      ],
    });
  });

  test('adds only what is missing, and nothing when both are there', () => {
    const read = { Grantee: { Type: 'CanonicalUser', ID: ELASTICACHE_CANONICAL_ID }, Permission: 'READ' };
    expect(withElastiCacheGrant({ Grants: [read] }, ELASTICACHE_CANONICAL_ID)?.Grants).toEqual([read, { ...read, Permission: 'READ_ACP' }]);
    expect(withElastiCacheGrant({ Grants: [read, { ...read, Permission: 'READ_ACP' }] }, ELASTICACHE_CANONICAL_ID)).toBeUndefined();
  });
});
