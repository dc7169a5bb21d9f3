import { Finding } from './facts';
import { RestoreRule } from './rule';
import { s3Uri } from './support/s3-uri';

/** AWS: "You must create your Amazon S3 bucket in the same AWS Region as your new ElastiCache cluster." */
export const s3Region: RestoreRule = {
  id: 's3-region',
  severity: 'error',
  refuses: 'an .rdb object in a bucket outside the Region of the group',
  fix: 'copy the object to a bucket in the group\'s Region and seed from there',
  check({ target, rdbFiles = [] }, context) {
    const findings: Finding[] = [];
    for (const { file, s3 } of rdbFiles) {
      if (!s3) continue;
      if (s3.region === undefined) {
        context.skip(`Region of bucket ${s3.bucket} unknown`);
      } else if (target.region === undefined) {
        context.skip('target Region unknown');
      } else if (s3.region !== target.region) {
        findings.push(context.error(`${s3Uri(s3)} is in ${s3.region} but the group is in ${target.region}, and ElastiCache reads .rdb files only from its own Region: copy the object to a bucket in ${target.region}.`, file));
      }
    }
    return findings;
  },
};
