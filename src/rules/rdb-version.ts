import { Finding } from './facts';
import { RestoreRule } from './rule';
import { EngineVersion } from '../model/engine-version';
import { plural, printable } from '../model/text';
import { FileReport } from '../rdb/report';

/** The engines ElastiCache runs, oldest first: the first that loads a file is the one to suggest. */
const ENGINES = [
  EngineVersion.REDIS_3_2_4, EngineVersion.REDIS_4_0_10, EngineVersion.REDIS_5_0_6, EngineVersion.REDIS_6_0,
  EngineVersion.REDIS_6_2, EngineVersion.REDIS_7_0, EngineVersion.REDIS_7_1, EngineVersion.VALKEY_7_2,
  EngineVersion.VALKEY_8_0, EngineVersion.VALKEY_8_1, EngineVersion.VALKEY_8_2, EngineVersion.VALKEY_9_0,
  EngineVersion.VALKEY_9_1,
];

/** The loader refuses a header newer than it knows ("Can't handle RDB format version"). */
export const rdbVersion: RestoreRule = {
  id: 'rdb-version',
  severity: 'error',
  refuses: 'an .rdb file whose header (magic and RDB version) the target engine does not load, e.g. RDB 11 into Redis OSS 7.1, or VALKEY080 before Valkey 9.0, or older than RDB 9 into a serverless cache; functions in the Redis 7.0 release-candidate format outside Redis OSS 7.0 and 7.1',
  fix: 'choose an engine that loads the file (the message names the oldest), or save the data from an older server',
  check({ target, rdbFiles = [] }, context) {
    const engine = target.engineVersion;
    if (!engine) return context.skip('target engine unknown');
    const findings: Finding[] = [];
    for (const { file, report } of rdbFiles) {
      if (report?.magic === undefined || report.rdbVersion === undefined) {
        context.skip(`header of ${file} unknown`);
      } else if (target.resource === 'serverless-cache' && report.magic === 'REDIS' && report.rdbVersion < SERVERLESS_MIN_RDB) {
        findings.push(context.error(`${file} is RDB version ${report.rdbVersion} (${header(report.magic, report.rdbVersion)}${writer(report)}), but a serverless cache loads only files of Redis OSS 5.0 and later (RDB ${SERVERLESS_MIN_RDB}+) or Valkey 7.2 and later: load it into Redis OSS 5.0 or later and save it again, or restore into a replication group.`, file));
      } else if (!engine.loadsRdb(report.magic, report.rdbVersion)) {
        findings.push(context.error(`${file} is RDB version ${report.rdbVersion} (${header(report.magic, report.rdbVersion)}${writer(report)}), which ${engine} does not load: ${remedy(report.magic, report.rdbVersion)}`, file));
      } else if (report.preReleaseFunctions && !loadsPreReleaseFunctions(engine)) {
        findings.push(context.error(`${file} holds ${plural(report.preReleaseFunctions, 'function library', 'function libraries')} in the Redis 7.0 release-candidate format (opcode 246), which only Redis OSS 7.0 and 7.1 load, not ${engine} ("Pre-release function format not supported"): restore into Redis OSS 7.0 or 7.1, or load the file into Redis OSS 7.0 and save it again (it then writes the released format).`, file));
      }
    }
    return findings;
  },
};

/**
 * Serverless "supports RDB files compatible with Valkey 7.2 and above, and Redis OSS versions between
 * 5.0 and the latest" (backups-restoring.html); Redis OSS 5.0 writes RDB 9.
 */
const SERVERLESS_MIN_RDB = 9;

/** Redis OSS 7.0 reads opcode 246 (rdbFunctionLoad); 7.2 and every Valkey refuse it, and 6.x does not know it. */
function loadsPreReleaseFunctions(engine: EngineVersion): boolean {
  return !engine.isValkey && engine.isAtLeast(EngineVersion.REDIS_7_0);
}

/** The 9-byte header as written, e.g. `REDIS0011` or `VALKEY080`. */
function header(magic: string, version: number): string {
  return `${magic}${String(version).padStart(9 - magic.length, '0')}`;
}

function writer(report: FileReport): string {
  const valkey = report.aux['valkey-ver'];
  const redis = report.aux['redis-ver'];
  return valkey ? `, written by Valkey ${printable(valkey)}` : redis ? `, written by Redis ${printable(redis)}` : '';
}

function remedy(magic: string, version: number): string {
  const oldest = ENGINES.find((engine) => engine.loadsRdb(magic, version));
  return oldest
    ? `choose ${oldest} or later.`
    : 'no ElastiCache engine loads it; save the data from a server that writes RDB 11 or older (Redis OSS 7.2 or earlier, Valkey 8.x).';
}
