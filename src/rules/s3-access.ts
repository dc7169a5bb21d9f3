import { Finding, S3ObjectFacts } from './facts';
import { RestoreRule } from './rule';
import { s3Uri } from './support/s3-uri';

const GRANT = 'grant it (RdbSource.fromBucket with grantElastiCacheAccess does): an object ACL READ grant to ElastiCache\'s canonical user in Regions launched before 20 March 2019, or a bucket policy allowing s3:GetObject, s3:ListBucket and s3:GetBucketAcl to REGION.elasticache-snapshot.amazonaws.com in opt-in Regions';

export const s3Access: RestoreRule = {
  id: 's3-access',
  severity: 'error',
  refuses: 'an .rdb object that is missing, could not be read by the check, or that ElastiCache cannot read (no ACL grant, no bucket-policy statement)',
  fix: 'upload the object, allow the check to read it, and grant ElastiCache read access (`RdbSource.fromBucket(..., { grantElastiCacheAccess: true })`)',
  check({ rdbFiles = [] }, context) {
    const findings: Finding[] = [];
    for (const { file, s3 } of rdbFiles) {
      if (!s3) continue;
      if (s3.error !== undefined) {
        findings.push(context.error(`${s3Uri(s3)} could not be checked (${s3.error}): ${whatIsMissing(s3)}`, file));
      } else if (s3.elastiCacheCanRead === undefined) {
        context.skip(`whether ElastiCache can read ${s3Uri(s3)} is unknown`);
      } else if (!s3.elastiCacheCanRead) {
        findings.push(context.error(`ElastiCache cannot read ${s3Uri(s3)}${s3.accessDetail ? ` (${s3.accessDetail})` : ''}: ${GRANT}.`, file));
      }
    }
    return findings;
  },
};

function whatIsMissing(s3: S3ObjectFacts): string {
  const error = s3.error ?? '';
  if (/NoSuchBucket/i.test(error)) return `bucket ${s3.bucket} does not exist: create it in the group's Region and upload the file.`;
  if (/NoSuchKey|NotFound|\b404\b/i.test(error)) return `the object does not exist: upload the file to ${s3Uri(s3)} or correct the key.`;
  if (/AccessDenied|Forbidden|\b403\b/i.test(error)) {
    return `reading it was denied: allow the check s3:GetObject and s3:GetObjectAcl on arn:aws:s3:::${s3.bucket}/${s3.key} and s3:GetBucketPolicy on arn:aws:s3:::${s3.bucket}, and check the bucket policy for a Deny.`;
  }
  return 'fix the cause and run the check again.';
}
