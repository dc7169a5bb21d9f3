import { databaseLimit, highestNumberedDatabase } from './databases';
import { Finding } from './facts';
import { RestoreRule, scannedFiles } from './rule';
import { listing, plural } from '../model/text';

/**
 * A server refuses a file with keys in a database it does not serve: with cluster mode enabled
 * that is every database but 0 (Valkey 9's `cluster-databases` aside), with it disabled every
 * database from `databases` (16 by default) up.
 */
export const singleDatabase: RestoreRule = {
  id: 'single-database',
  severity: 'error',
  refuses: 'keys outside database 0 in an .rdb file restored with cluster mode enabled or into a serverless cache (a warning on Valkey 9+ whose `cluster-databases` covers them), or in database 16 or higher (the `databases` setting) with cluster mode disabled',
  fix: 'move the keys into database 0 (`MOVE`, or `SWAPDB`) and save again, or restore with cluster mode disabled (and enough `databases`)',
  check({ target, rdbFiles }, context) {
    const clusterMode = target.clusterModeEnabled;
    if (clusterMode === undefined) return context.skip('target cluster mode unknown');
    const engine = target.engineVersion;
    const findings: Finding[] = [];
    for (const { file, report } of scannedFiles(rdbFiles, context)) {
      const highest = highestNumberedDatabase(report);
      if (highest === undefined) {
        if (!report.complete) context.skip(`${file} was not read to the end, so its databases are not all known`);
        continue;
      }
      const others = report.databases.filter((database) => database.db !== 0 && database.keys > 0);
      const where = `${file} has ${plural(others.reduce((sum, database) => sum + database.keys, 0), 'key')} outside database 0 (in ${others.length === 1 ? 'database' : 'databases'} ${listing(others.map((database) => `${database.db}`))})`;
      if (!clusterMode) {
        const limit = databaseLimit(target, false);
        if (!limit) {
          context.skip(`${where}, but the \`databases\` setting of parameter group ${target.parameterGroup?.name} is unknown`);
        } else if (highest >= limit.count) {
          findings.push(context.error(`${where}, but the target serves databases 0-${limit.count - 1} (\`databases\` ${limit.count}${limit.setInGroup ? ` in ${target.parameterGroup?.name}` : ', the default'}), so the load fails: move the keys into a lower database and save again, or set \`databases\` above ${highest} in the parameter group.`, file));
        }
      } else if (!engine) {
        context.skip(`${where}, but the target engine, which decides whether that is allowed, is unknown`);
      } else if (target.resource === 'serverless-cache') {
        findings.push(context.error(`${where}, and a serverless cache serves database 0 only, so the restore fails: move the keys into database 0 and save again, or restore into a replication group with cluster mode disabled.`, file));
      } else if (!engine.supportsClusterDatabases) {
        findings.push(context.error(`${where}, and ${engine} with cluster mode enabled refuses to load it: move the keys into database 0 and save again, or restore with cluster mode disabled.`, file));
      } else {
        const limit = databaseLimit(target, true);
        if (!limit) {
          context.skip(`${where}, but the \`cluster-databases\` setting of parameter group ${target.parameterGroup?.name} is unknown`);
        } else if (highest < limit.count) {
          findings.push(context.warning(`${where}; ${engine} cluster mode serves databases 0-${limit.count - 1} (\`cluster-databases\`), but AWS does not document restoring them: test the restore first, or move the keys into database 0.`, file));
        } else if (!limit.setInGroup) {
          // A group that sets cluster-databases too low is the parameter-group rule's finding.
          findings.push(context.error(`${where}, and ${engine} cluster mode serves database 0 only unless the parameter group sets \`cluster-databases\` (1-10000): set it above ${highest}, or move the keys into database 0 and save again.`, file));
        }
      }
    }
    return findings;
  },
};
