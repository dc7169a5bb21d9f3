import {
  GetBucketLocationCommand, GetBucketPolicyCommand, GetObjectAclCommand, HeadObjectCommand, PutObjectAclCommand, S3Client, S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { ELASTICACHE_CANONICAL_ID } from '../../../src/preflight/elasticache-access';
import { Deadline } from '../../../src/preflight/handler/deadline';
import { putElastiCacheGrant } from '../../../src/preflight/handler/grant-access';
import { inspectObject } from '../../../src/preflight/handler/object-facts';

// Recorded S3 answers for what s3rver cannot serve: SSE headers, SSE-C, denials, ACL writes.
const s3 = mockClient(S3Client);
const OBJECT = { bucket: 'seeds', key: 'a.rdb', arn: 'arn:aws:s3:::seeds/a.rdb' };
const OWNER = { ID: 'owner-id' };
const OWNER_GRANT = { Grantee: { Type: 'CanonicalUser' as const, ID: 'owner-id' }, Permission: 'FULL_CONTROL' as const };
const deadline = Deadline.in(60_000);
afterAll(() => deadline.dispose());
const inspect = (options: { region?: string; grantAccess?: boolean } = {}) =>
  inspectObject(new S3Client({ region: 'us-east-1' }), OBJECT, { region: options.region ?? 'us-east-1', grantAccess: options.grantAccess ?? false, deadline, log: () => {} });

function s3Error(name: string, status: number): S3ServiceException {
  return new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: name });
}

beforeEach(() => {
  s3.reset();
  s3.on(HeadObjectCommand).resolves({ ContentLength: 100, ServerSideEncryption: 'AES256', ETag: '"e"' });
  s3.on(GetBucketLocationCommand).resolves({});
  s3.on(GetObjectAclCommand).resolves({ Owner: OWNER, Grants: [OWNER_GRANT] });
});

test('a KMS-encrypted object: the facts carry the encryption for s3-encryption', async () => {
  s3.on(HeadObjectCommand).resolves({ ContentLength: 100, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'arn:aws:kms:us-east-1:1:key/k' });
  const { facts } = await inspect();
  expect(facts).toMatchObject({ serverSideEncryption: 'aws:kms', customerKey: false, region: 'us-east-1' });
});

test('an SSE-C object, whose HEAD S3 answers with a bare 400', async () => {
  s3.on(HeadObjectCommand).rejects(s3Error('BadRequest', 400));
  const { facts, head } = await inspect();
  expect(head).toBeUndefined();
  expect(facts).toMatchObject({ customerKey: true, error: expect.stringMatching(/SSE-C/) });
});

test('AccessDenied on HEAD names the permission and the object ARN', async () => {
  s3.on(HeadObjectCommand).rejects(s3Error('Forbidden', 403));
  const { facts } = await inspect();
  expect(facts.error).toBe('AccessDenied: the preflight role lacks s3:GetObject on arn:aws:s3:::seeds/a.rdb, or a bucket policy, KMS key policy or SCP denies it');
});

test('a bucket in another Region, named the legacy way', async () => {
  s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'EU' });
  expect((await inspect()).facts.region).toBe('eu-west-1');
});

test('granting: the merged ACL, every existing grant kept, waits for the check to pass; nothing is written yet', async () => {
  const { facts, pendingGrant } = await inspect({ grantAccess: true });
  expect(facts).toMatchObject({ elastiCacheCanRead: true, accessDetail: expect.stringMatching(/grants READ and READ_ACP .* once the check passes/) });
  expect(pendingGrant).toEqual({
    Owner: OWNER,
    Grants: [
      OWNER_GRANT,
      { Grantee: { Type: 'CanonicalUser', ID: ELASTICACHE_CANONICAL_ID }, Permission: 'READ' },
      { Grantee: { Type: 'CanonicalUser', ID: ELASTICACHE_CANONICAL_ID }, Permission: 'READ_ACP' },
    ],
  });
  expect(s3.commandCalls(PutObjectAclCommand)).toHaveLength(0);
});

test('putting the grant sends the merged ACL', async () => {
  s3.on(PutObjectAclCommand).resolves({});
  const { pendingGrant } = await inspect({ grantAccess: true });
  await expect(putElastiCacheGrant(new S3Client({ region: 'us-east-1' }), OBJECT, pendingGrant!, deadline, () => {})).resolves.toEqual({});
  expect(s3.commandCalls(PutObjectAclCommand)[0].args[0].input).toEqual({ Bucket: 'seeds', Key: 'a.rdb', AccessControlPolicy: pendingGrant });
});

test('granting on a bucket whose ACLs are disabled says how to enable them', async () => {
  s3.on(PutObjectAclCommand).rejects(s3Error('AccessControlListNotSupported', 400));
  const { pendingGrant } = await inspect({ grantAccess: true });
  const outcome = await putElastiCacheGrant(new S3Client({ region: 'us-east-1' }), OBJECT, pendingGrant!, deadline, () => {});
  expect(outcome.error).toMatch(/BucketOwnerEnforced.*BUCKET_OWNER_PREFERRED/);
});

test('no grant and no granting: ElastiCache cannot read, and nothing is written', async () => {
  const { facts } = await inspect();
  expect(facts.elastiCacheCanRead).toBe(false);
  expect(s3.commandCalls(PutObjectAclCommand)).toHaveLength(0);
});

test('opt-in Region: the bucket policy decides, ACLs are not read', async () => {
  s3.on(GetBucketPolicyCommand).rejects(s3Error('NoSuchBucketPolicy', 404));
  const { facts } = await inspect({ region: 'ap-east-1', grantAccess: true });
  expect(facts).toMatchObject({ elastiCacheCanRead: false, accessDetail: expect.stringMatching(/ap-east-1\.elasticache-snapshot/) });
  expect(s3.commandCalls(GetObjectAclCommand)).toHaveLength(0);
});

test('a denied GetBucketPolicy leaves access unknown and says which permission is missing', async () => {
  s3.on(GetBucketPolicyCommand).rejects(s3Error('AccessDenied', 403));
  const { facts } = await inspect({ region: 'ap-east-1' });
  expect(facts.elastiCacheCanRead).toBeUndefined();
  expect(facts.error).toMatch(/lacks s3:GetBucketPolicy on arn:aws:s3:::seeds,/);
});
