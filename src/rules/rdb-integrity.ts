import { Finding } from './facts';
import { RestoreRule, scannedFiles } from './rule';

export const rdbIntegrity: RestoreRule = {
  id: 'rdb-integrity',
  severity: 'error',
  refuses: 'an .rdb file that is truncated or corrupt, fails its checksum, holds an unknown type or opcode (or module data of the Redis 4.0 release candidates, which only a server with the module loads), or is not the size its facts file says',
  fix: 'save the data again (`BGSAVE`) and upload the new file completely',
  check({ rdbFiles }, context) {
    const findings: Finding[] = [];
    for (const { file, s3, factsFileBytes } of rdbFiles ?? []) {
      if (factsFileBytes !== undefined && s3?.size !== undefined && s3.size !== factsFileBytes) {
        findings.push(context.error(`${file} is ${s3.size} bytes, but its facts file describes a file of ${factsFileBytes} bytes, so the synth-time checks judged another file: `
          + 'upload the file completely, or inspect the object again (cdk-elasticache-restore inspect --json) and point factsFile at the new report.', file));
      }
    }
    for (const { file, report } of scannedFiles(rdbFiles, context)) {
      if (report.error?.readFailed) {
        findings.push(context.error(`${file} cannot be read: ${report.error.message}; check the path and permissions.`, file));
      } else if (report.error?.loadableBy) {
        findings.push(context.error(`${file} cannot be read at byte ${report.error.offset}: ${report.error.message}. Load it into ${report.error.loadableBy} and save it again (BGSAVE writes the current format), then upload that file.`, file));
      } else if (report.error) {
        findings.push(context.error(`${file} cannot be read at byte ${report.error.offset}: ${report.error.message}. The server would refuse it too: save the data again (BGSAVE) and upload the new file completely.`, file));
      } else if (report.checksum === 'mismatch') {
        findings.push(context.error(`${file} fails its CRC64 checksum, so it was damaged after it was saved: upload it again, or save the data again (BGSAVE).`, file));
      }
    }
    return findings;
  },
};
