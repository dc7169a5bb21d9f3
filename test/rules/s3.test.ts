import { restore, run } from './facts-builders';
import { RdbFileFacts, RestoreFacts, S3ObjectFacts } from '../../src/rules';
import { s3Access } from '../../src/rules/s3-access';
import { s3Encryption } from '../../src/rules/s3-encryption';
import { s3Region } from '../../src/rules/s3-region';

const object = (facts: Partial<S3ObjectFacts>): RdbFileFacts =>
  ({ file: 's3://dumps/a.rdb', s3: { bucket: 'dumps', key: 'a.rdb', region: 'eu-west-1', elastiCacheCanRead: true, ...facts } });
const seedFrom = (facts: Partial<S3ObjectFacts>): RestoreFacts => restore({ region: 'eu-west-1' }, { rdbFiles: [object(facts)] });
const severitiesOf = (findings: { severity: string }[]) => findings.map((finding) => finding.severity);

describe('s3-region', () => {
  test.each<[string, RestoreFacts, string[]]>([
    ['same Region', seedFrom({}), []],
    ['another Region', seedFrom({ region: 'us-east-1' }), ['error']],
    ['a local file', restore({ region: 'eu-west-1' }, { rdbFiles: [{ file: 'a.rdb' }] }), []],
  ])('%s', (_, facts, expected) => {
    expect(severitiesOf(run(s3Region, facts).findings)).toEqual(expected);
  });

  test('the message names the object, both Regions and the fix', () => {
    expect(run(s3Region, seedFrom({ region: 'us-east-1' })).findings).toEqual([{
      rule: 's3-region',
      severity: 'error',
      file: 's3://dumps/a.rdb',
      message: 's3://dumps/a.rdb is in us-east-1 but the group is in eu-west-1, and ElastiCache reads .rdb files only from its own Region: copy the object to a bucket in eu-west-1.',
    }]);
  });

  test.each<[string, RestoreFacts, RegExp]>([
    ['the bucket Region', seedFrom({ region: undefined }), /Region of bucket dumps unknown/],
    ['the target Region', restore({}, { rdbFiles: [object({})] }), /target Region unknown/],
  ])('skips without %s', (_, facts, reason) => {
    expect(run(s3Region, facts)).toEqual({ findings: [], skipped: [expect.stringMatching(reason)] });
  });
});

describe('s3-encryption', () => {
  test.each<[string, Partial<S3ObjectFacts>, string[]]>([
    ['no encryption', {}, []],
    ['SSE-S3', { serverSideEncryption: 'AES256' }, []],
    ['SSE-KMS', { serverSideEncryption: 'aws:kms' }, ['error']],
    ['DSSE-KMS', { serverSideEncryption: 'aws:kms:dsse' }, ['error']],
    ['SSE-C', { customerKey: true }, ['error']],
  ])('%s', (_, facts, expected) => {
    expect(severitiesOf(run(s3Encryption, seedFrom(facts)).findings)).toEqual(expected);
  });

  test('the message says how to re-encrypt', () => {
    const [finding] = run(s3Encryption, seedFrom({ serverSideEncryption: 'aws:kms' })).findings;
    expect(finding.message).toBe('s3://dumps/a.rdb is encrypted with aws:kms, and ElastiCache reads only objects encrypted with SSE-S3: copy it over itself with SSE-S3 (aws s3 cp s3://dumps/a.rdb s3://dumps/a.rdb --sse AES256).');
  });

  test('skips an object that could not be read', () => {
    expect(run(s3Encryption, seedFrom({ error: 'AccessDenied' }))).toEqual({ findings: [], skipped: [expect.stringMatching(/could not be read/)] });
  });
});

describe('s3-access', () => {
  test.each<[string, Partial<S3ObjectFacts>, string[]]>([
    ['readable by ElastiCache', {}, []],
    ['not readable by ElastiCache', { elastiCacheCanRead: false, accessDetail: 'no ACL grant to ElastiCache' }, ['error']],
    ['a missing object', { error: 'NoSuchKey' }, ['error']],
  ])('%s', (_, facts, expected) => {
    expect(severitiesOf(run(s3Access, seedFrom(facts)).findings)).toEqual(expected);
  });

  test.each<[string, Partial<S3ObjectFacts>, string]>([
    ['the missing grant', { elastiCacheCanRead: false, accessDetail: 'no ACL grant to ElastiCache' },
      "ElastiCache cannot read s3://dumps/a.rdb (no ACL grant to ElastiCache): grant it (RdbSource.fromBucket with grantElastiCacheAccess does): an object ACL READ grant to ElastiCache's canonical user in Regions launched before 20 March 2019, or a bucket policy allowing s3:GetObject, s3:ListBucket and s3:GetBucketAcl to REGION.elasticache-snapshot.amazonaws.com in opt-in Regions."],
    ['a missing object', { error: 'NoSuchKey: The specified key does not exist.' },
      's3://dumps/a.rdb could not be checked (NoSuchKey: The specified key does not exist.): the object does not exist: upload the file to s3://dumps/a.rdb or correct the key.'],
    ['a missing bucket', { error: 'NoSuchBucket' },
      "s3://dumps/a.rdb could not be checked (NoSuchBucket): bucket dumps does not exist: create it in the group's Region and upload the file."],
    ['a denied read', { error: 'AccessDenied' },
      's3://dumps/a.rdb could not be checked (AccessDenied): reading it was denied: allow the check s3:GetObject and s3:GetObjectAcl on arn:aws:s3:::dumps/a.rdb and s3:GetBucketPolicy on arn:aws:s3:::dumps, and check the bucket policy for a Deny.'],
    ['another failure', { error: 'SlowDown' },
      's3://dumps/a.rdb could not be checked (SlowDown): fix the cause and run the check again.'],
  ])('the message names the object and %s', (_, facts, message) => {
    expect(run(s3Access, seedFrom(facts)).findings.map((finding) => finding.message)).toEqual([message]);
  });

  test('skips when ElastiCache\'s access is unknown', () => {
    expect(run(s3Access, seedFrom({ elastiCacheCanRead: undefined }))).toEqual({ findings: [], skipped: [expect.stringMatching(/whether ElastiCache can read s3:\/\/dumps\/a\.rdb is unknown/)] });
  });
});
