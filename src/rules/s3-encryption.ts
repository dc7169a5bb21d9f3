import { Finding } from './facts';
import { RestoreRule } from './rule';
import { s3Uri } from './support/s3-uri';

/** AWS: an .rdb file may be encrypted "with Amazon S3 server-side encryption (SSE-S3) only". */
const SSE_S3 = 'AES256';

export const s3Encryption: RestoreRule = {
  id: 's3-encryption',
  severity: 'error',
  refuses: 'an .rdb object encrypted with anything but SSE-S3 (SSE-KMS, DSSE-KMS, SSE-C)',
  fix: 'copy the object over itself with SSE-S3 (`aws s3 cp URI URI --sse AES256`) and keep the bucket\'s default encryption SSE-S3',
  check({ rdbFiles = [] }, context) {
    const findings: Finding[] = [];
    for (const { file, s3 } of rdbFiles) {
      if (!s3) continue;
      if (s3.error !== undefined) {
        context.skip(`${s3Uri(s3)} could not be read, so its encryption is unknown`);
        continue;
      }
      const encryption = s3.customerKey ? 'a customer-provided key (SSE-C)' : s3.serverSideEncryption !== undefined && s3.serverSideEncryption !== SSE_S3 ? s3.serverSideEncryption : undefined;
      if (encryption !== undefined) {
        findings.push(context.error(`${s3Uri(s3)} is encrypted with ${encryption}, and ElastiCache reads only objects encrypted with SSE-S3: copy it over itself with SSE-S3 (aws s3 cp ${s3Uri(s3)} ${s3Uri(s3)} --sse AES256).`, file));
      }
    }
    return findings;
  },
};
