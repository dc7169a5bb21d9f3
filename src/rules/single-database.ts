import { Finding } from './facts';
import { listing, plural } from './format';
import { RestoreRule, scannedFiles } from './rule';

/** Cluster mode serves database 0 only (Valkey 9's `cluster-databases` aside): keys elsewhere stop the load. */
export const singleDatabase: RestoreRule = {
  id: 'single-database',
  severity: 'error',
  refuses: 'keys outside database 0 in an .rdb file restored with cluster mode enabled (a warning on Valkey 9+, whose cluster mode has numbered databases)',
  fix: 'move the keys into database 0 (`MOVE`, or `SWAPDB`) and save again, or restore with cluster mode disabled',
  check({ target, rdbFiles }, context) {
    if (!target.clusterModeEnabled) {
      return target.clusterModeEnabled === undefined ? context.skip('target cluster mode unknown') : [];
    }
    const engine = target.engineVersion;
    const findings: Finding[] = [];
    for (const { file, report } of scannedFiles(rdbFiles, context)) {
      const others = report.databases.filter((database) => database.db !== 0 && database.keys > 0);
      if (others.length === 0) {
        if (!report.complete) context.skip(`${file} was not read to the end, so its databases are not all known`);
        continue;
      }
      const where = `${file} has ${plural(others.reduce((sum, database) => sum + database.keys, 0), 'key')} outside database 0 (in ${others.length === 1 ? 'database' : 'databases'} ${listing(others.map((database) => `${database.db}`))})`;
      if (!engine) {
        context.skip(`${where}, but the target engine, which decides whether that is allowed, is unknown`);
      } else if (engine.supportsClusterDatabases) {
        findings.push(context.warning(`${where}; ${engine} cluster mode has numbered databases (ElastiCache advertises 0-15), but AWS does not document restoring them: test the restore first, or move the keys into database 0.`, file));
      } else {
        findings.push(context.error(`${where}, and ${engine} with cluster mode enabled refuses to load it: move the keys into database 0 and save again, or restore with cluster mode disabled.`, file));
      }
    }
    return findings;
  },
};
