/**
 * The servers ElastiCache's engines are built on are the oracle for the rules that predict a load:
 * each server writes files in its own format (RDB 10, 11, 12, VALKEY080), every other server tries
 * to load them, and `rdb-version`, `single-database` (with `databases` and Valkey 9's
 * `cluster-databases`), `parameter-group` and `modules` must say "error" exactly when it refuses.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EngineVersion } from '../../src/model/engine-version';
import { FileReport } from '../../src/rdb';
import { Crc64 } from '../../src/rdb/crc64';
import { evaluateRules, ParameterGroupFacts, TargetFacts } from '../../src/rules';
import { key, len, moduleId } from '../rdb/rdb-builder';
import { scanBytes } from '../rdb/scan-bytes';
import { describeWithServers, loadRdb, RedisServer, SERVER_BINARIES, ServerBinary } from '../support/redis-server';

/**
 * The ElastiCache engine each loading server stands for. Valkey 7.2 is Redis OSS 7.2.4 renamed, so
 * Redis 7.2 loads as it does; Redis 7.4 runs nowhere on ElastiCache and only writes files.
 */
const ENGINE_OF: Record<string, EngineVersion> = {
  'Redis 7.0': EngineVersion.REDIS_7_0,
  'Redis 7.2': EngineVersion.VALKEY_7_2,
  'Valkey 8.0': EngineVersion.VALKEY_8_0,
  'Valkey 8.1': EngineVersion.VALKEY_8_1,
  'Valkey 9.0': EngineVersion.VALKEY_9_0,
};
const LOADERS = SERVER_BINARIES.filter((server) => ENGINE_OF[server.name]);

/** The rules that predict whether a server loads a file, with their error findings. */
function errors(report: FileReport, target: TargetFacts): string[] {
  return evaluateRules({ subject: 'oracle', target, rdbFiles: [{ file: report.file, report }] })
    .filter((finding) => finding.severity === 'error' && ['rdb-version', 'single-database', 'parameter-group', 'modules'].includes(finding.rule))
    .map((finding) => `${finding.rule}: ${finding.message}`);
}

/** A server's file with more records before its EOF, and the checksum made right again. */
function withRecords(file: Buffer, ...records: Buffer[]): Buffer {
  const body = Buffer.concat([file.subarray(0, file.length - 9), ...records, Buffer.from([0xff])]);
  const crc = new Crc64().update(body).toHex();
  return Buffer.concat([body, Buffer.from(crc.match(/../g)!.reverse().map((h) => parseInt(h, 16)))]);
}

interface Written {
  readonly writer: ServerBinary;
  /** Keys in db 0 only. */
  readonly single: string;
  /** Keys in db 0 and db 3. */
  readonly multi: string;
  /** Keys in db 0 and db 20 (written with `databases 32`). */
  readonly high: string;
}

describeWithServers('the rules against real servers', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'server-oracle-'));
  const written: Written[] = [];

  beforeAll(async () => {
    for (const writer of SERVER_BINARIES) {
      const server = await RedisServer.start({ binary: writer.binary, args: ['--databases', '32'] });
      try {
        const save = async (name: string, dbs: number[]) => {
          await server.command('FLUSHALL');
          for (const db of dbs) {
            await server.pipeline([['SELECT', String(db)], ['SET', `key-in-${db}`, 'v'], ['HSET', `hash-in-${db}`, 'f', 'v']]);
          }
          const target = path.join(dir, `${writer.name.replace(' ', '-')}-${name}.rdb`);
          fs.copyFileSync(await server.save(), target);
          return target;
        };
        written.push({ writer, single: await save('single', [0]), multi: await save('multi', [0, 3]), high: await save('high', [0, 20]) });
      } finally {
        await server.stop();
      }
    }
  }, 60_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const scan = (file: string) => scanBytes(fs.readFileSync(file), { file });

  test('the servers write every format they have', () => {
    const headers = written.map(({ single }) => fs.readFileSync(single).subarray(0, 9).toString('latin1'));
    expect(new Set(headers)).toEqual(new Set(['REDIS0010', 'REDIS0011', 'REDIS0012', 'VALKEY080']));
  });

  test('rdb-version: an engine loads a file exactly when the rule finds nothing', async () => {
    const outcomes: string[] = [];
    for (const { writer, single } of written) {
      for (const loader of LOADERS) {
        const loaded = (await loadRdb(single, { binary: loader.binary })).loaded;
        const predicted = errors(scan(single), { engineVersion: ENGINE_OF[loader.name], clusterModeEnabled: false }).length === 0;
        outcomes.push(`${writer.name} -> ${loader.name}: ${loaded ? 'loads' : 'refuses'}${predicted === loaded ? '' : ' (the rules disagree)'}`);
      }
    }
    expect(outcomes.filter((outcome) => outcome.endsWith('(the rules disagree)'))).toEqual([]);
    // The oracle holds both answers: Valkey 9 loads every older format, Redis 7.0 none newer than its own.
    expect(outcomes).toContain('Redis 7.4 -> Valkey 9.0: refuses');
    expect(outcomes).toContain('Valkey 8.1 -> Valkey 9.0: loads');
    expect(outcomes).toContain('Valkey 9.0 -> Valkey 8.1: refuses');
  }, 120_000);

  describe('single-database and parameter-group', () => {
    /** Loads where the header is loadable, so only the databases decide. */
    const cases = (pick: (files: Written) => string) => written.flatMap((files) => LOADERS
      .filter((loader) => ENGINE_OF[loader.name].loadsRdb(scan(pick(files)).magic!, scan(pick(files)).rdbVersion!))
      .map((loader) => ({ file: pick(files), writer: files.writer, loader, engineVersion: ENGINE_OF[loader.name] })));

    const agree = async (file: string, loader: ServerBinary, args: string[], target: TargetFacts): Promise<string> => {
      const loaded = (await loadRdb(file, { binary: loader.binary, args })).loaded;
      const found = errors(scan(file), target);
      return `${loader.name} ${args.join(' ')}: ${loaded ? 'loads' : 'refuses'}, the rules ${found.length ? 'refuse' : 'accept'}`;
    };
    const disagreements = (outcomes: string[]) => outcomes.filter((outcome) => /loads, the rules refuse|refuses, the rules accept/.test(outcome));
    const cluster = ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'];
    const group = (family: string, parameters: Record<string, string>): ParameterGroupFacts => ({ name: 'oracle', family, parameters });

    test('keys in database 3 with cluster mode enabled', async () => {
      const outcomes: string[] = [];
      for (const { file, loader, engineVersion } of cases((files) => files.multi)) {
        outcomes.push(await agree(file, loader, cluster, { engineVersion, clusterModeEnabled: true }));
      }
      expect(disagreements(outcomes)).toEqual([]);
      expect(outcomes.every((outcome) => outcome.includes('refuses'))).toBe(true);
    }, 120_000);

    test("Valkey 9's cluster-databases decides, set in the parameter group", async () => {
      const valkey9 = LOADERS.find((loader) => loader.name === 'Valkey 9.0')!;
      const outcomes: string[] = [];
      for (const { file } of cases((files) => files.multi).filter((each) => each.loader === valkey9)) {
        for (const databases of ['16', '4', '3']) {
          outcomes.push(await agree(file, valkey9, [...cluster, '--cluster-databases', databases], {
            engineVersion: EngineVersion.VALKEY_9_0, clusterModeEnabled: true, parameterGroup: group('valkey9', { 'cluster-enabled': 'yes', 'cluster-databases': databases }),
          }));
        }
      }
      expect(disagreements(outcomes)).toEqual([]);
      expect(outcomes.filter((outcome) => outcome.includes('loads'))).toHaveLength(outcomes.length * 2 / 3);
    }, 120_000);

    test('keys in database 20 with cluster mode disabled: the databases setting decides', async () => {
      const outcomes: string[] = [];
      for (const { file, loader, engineVersion } of cases((files) => files.high)) {
        outcomes.push(await agree(file, loader, [], { engineVersion, clusterModeEnabled: false }));
        outcomes.push(await agree(file, loader, ['--databases', '32'], {
          engineVersion, clusterModeEnabled: false, parameterGroup: group(engineVersion.parameterGroupFamily, { databases: '32' }),
        }));
      }
      expect(disagreements(outcomes)).toEqual([]);
      expect(outcomes.filter((outcome) => outcome.includes('loads'))).toHaveLength(outcomes.length / 2);
    }, 120_000);
  });

  test('modules: every server refuses module data it does not provide, and so does the rule', async () => {
    const outcomes: string[] = [];
    for (const { writer, single } of written) {
      const data = withRecords(fs.readFileSync(single), key(7, 'graph', len(moduleId('graphdata', 1)), len(2), len(1), len(0)));
      const file = path.join(dir, `${writer.name.replace(' ', '-')}-module.rdb`);
      fs.writeFileSync(file, data);
      const report = scan(file);
      expect(report).toMatchObject({ modules: ['graphdata'], complete: true });
      for (const loader of LOADERS.filter((each) => ENGINE_OF[each.name].loadsRdb(report.magic!, report.rdbVersion!))) {
        const loaded = await loadRdb(file, { binary: loader.binary });
        const found = errors(report, { engineVersion: ENGINE_OF[loader.name], clusterModeEnabled: false });
        outcomes.push(`${writer.name} -> ${loader.name}: ${loaded.loaded ? 'loads' : 'refuses'}, ${found.some((finding) => finding.startsWith('modules:')) ? 'modules error' : 'no modules error'}`);
      }
    }
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.filter((outcome) => !outcome.endsWith('refuses, modules error'))).toEqual([]);
  }, 120_000);
});
