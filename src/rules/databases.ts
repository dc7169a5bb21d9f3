import { TargetFacts } from './facts';
import { FileReport } from '../rdb/report';

/**
 * The numbered databases a server serves: `databases` with cluster mode disabled, Valkey 9's
 * `cluster-databases` with it enabled. A file with keys in a database at or above the limit stops
 * the load ("Data file was created with a … server configured to handle more than N databases").
 */
export const DATABASE_SETTINGS = {
  /** Cluster mode disabled: `databases`, 16 unless the parameter group sets it. */
  disabled: { parameter: 'databases', default: 16 },
  /**
   * Valkey 9 cluster mode: `cluster-databases`, 1 unless the parameter group sets it (Valkey 9.0.4 answers
   * `CONFIG GET cluster-databases` with 1; AWS's valkey9 table lists 1 to 10,000 with a default of 0, i.e. unset).
   */
  enabled: { parameter: 'cluster-databases', default: 1 },
} as const;

/** How many databases the target serves, and whether its parameter group says so; undefined when the group is unknown. */
export function databaseLimit(target: TargetFacts, clusterMode: boolean): { count: number; parameter: string; setInGroup: boolean } | undefined {
  const setting = clusterMode ? DATABASE_SETTINGS.enabled : DATABASE_SETTINGS.disabled;
  const group = target.parameterGroup;
  if (group && !group.parameters) return undefined;
  const value = group?.parameters?.[setting.parameter];
  const count = value === undefined ? NaN : Number(value);
  return Number.isInteger(count) && count > 0
    ? { count, parameter: setting.parameter, setInGroup: true }
    : { count: setting.default, parameter: setting.parameter, setInGroup: false };
}

/** The highest database that holds keys, or undefined when only database 0 (or none) does. */
export function highestNumberedDatabase(report: FileReport): number | undefined {
  const numbered = report.databases.filter((database) => database.db !== 0 && database.keys > 0).map((database) => database.db);
  return numbered.length ? Math.max(...numbered) : undefined;
}
