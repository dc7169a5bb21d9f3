import { PutObjectAclCommand, S3Client } from '@aws-sdk/client-s3';
import { CallStopped, Deadline } from './deadline';
import { s3Uri } from '../../rules/support/s3-uri';
import { ObjectAcl } from '../elasticache-access';
import { describeS3Error } from './object-facts';
import { ObjectSpec } from '../properties';

/** How putting ElastiCache's grant ended: nothing on success. */
export interface GrantOutcome {
  readonly error?: string;
  /** The call the deadline stopped. */
  readonly stopped?: string;
}

/**
 * Puts the object ACL with ElastiCache's READ and READ_ACP grant (every existing grant kept).
 * Called only after every rule passed, so a refused restore changes nothing in S3.
 */
export async function putElastiCacheGrant(
  s3: S3Client, object: ObjectSpec, acl: ObjectAcl, deadline: Deadline, log: (message: string) => void,
): Promise<GrantOutcome> {
  try {
    await deadline.run('PutObjectAcl', (abortSignal) => s3.send(new PutObjectAclCommand({
      Bucket: object.bucket,
      Key: object.key,
      AccessControlPolicy: { Owner: acl.Owner, Grants: acl.Grants as any },
    }), { abortSignal }));
  } catch (error) {
    if (error instanceof CallStopped) return { stopped: error.call };
    return { error: `granting ElastiCache read access failed: ${describeS3Error(error, 's3:PutObjectAcl', object.arn, object)}` };
  }
  log(`${s3Uri(object)}: granted READ and READ_ACP to ElastiCache's canonical user, existing grants kept`);
  return {};
}
