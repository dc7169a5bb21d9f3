import { FileReport } from '../../src/rdb/report';

/**
 * A fake scan report, for tests of what consumes reports (rules, checks, plans) without reading a
 * file: a complete scan of a healthy REDIS0011 file with 10 string keys in database 0, overridden
 * as the case needs.
 */
export function report(overrides: Partial<FileReport> = {}): FileReport {
  return {
    file: 'dump.rdb',
    bytes: 1024,
    magic: 'REDIS',
    rdbVersion: 11,
    aux: { 'redis-ver': '7.2.4', 'used-mem': '1048576' },
    databases: [{ db: 0, keys: 10, expires: 0 }],
    keys: 10,
    types: { string: 10 },
    modules: [],
    functions: 0,
    checksum: 'ok',
    complete: true,
    ...overrides,
  };
}
