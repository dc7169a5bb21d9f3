import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AUX, key, len, moduleId, rdbFile, SELECTDB, str } from '../rdb/rdb-builder';
import { runCli } from '../support/cli';

const run = runCli;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inspect-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, data: Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return file;
}

const db0 = write('db0.rdb', rdbFile('REDIS0010', [AUX('redis-ver', '7.0.15'), SELECTDB(0), key(0, 'foo', str('bar')), key(0, '{user1000}.following', str('x'))]));
const twoDbs = write('two-dbs.rdb', rdbFile('REDIS0010', [SELECTDB(0), key(0, 'foo', str('bar')), SELECTDB(1), key(0, 'other', str('x'))]));
const rdb11 = write('rdb11.rdb', rdbFile('REDIS0011', [SELECTDB(0), key(0, 'foo', str('bar'))]));
const corrupt = write('corrupt.rdb', rdbFile('REDIS0010', [SELECTDB(0), key(0, 'foo', str('bar')), [200]]));
const withUsedMem = write('used-mem.rdb', rdbFile('REDIS0010', [AUX('used-mem', '1000000'), SELECTDB(0), key(0, 'foo', str('bar'))]));
// 10 GB of used memory cannot fit a 0.5 GiB cache.t4g.micro.
/** 6 MB of data: more than a cache.t4g.micro holds at 99% reserved memory. */
const large = write('large.rdb', rdbFile('REDIS0010', [SELECTDB(0), key(0, 'foo', str('x'.repeat(6_000_000)))]));
const big = write('big.rdb', rdbFile('REDIS0010', [SELECTDB(0), ...Array.from({ length: 20_000 }, (_, i) => key(0, `key:${i}`, str('v'.repeat(100))))]));

describe('inspect', () => {
  test('prints a table of the file and exits 0 without a target', async () => {
    const result = await run(['inspect', db0]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/FILE\s+SIZE\s+FORMAT\s+KEYS\s+DATABASES\s+CHECKSUM\s+STATUS/);
    expect(result.stdout).toMatch(/db0\.rdb\s+\d+ B\s+REDIS 10\s+2\s+db0:2\s+ok\s+complete/);
    expect(result.stdout).toContain('written by   Redis 7.0.15');
    expect(result.stderr).toBe('');
  });

  test('escapes control characters in the file\'s AUX fields', async () => {
    const forged = write('forged.rdb', rdbFile('REDIS0010', [AUX('redis-ver', '7.0\u001b[2J\nERROR forged'), SELECTDB(0), key(0, 'foo', str('bar'))]));
    const result = await run(['inspect', forged]);
    expect(result.stdout).toContain('written by   Redis 7.0\\x1b[2J\\x0aERROR forged');
    expect(result.stdout).not.toContain('\u001b');
  });

  test('escapes C1 control characters of a header that is not an RDB header', async () => {
    const result = await run(['inspect', write('c1.rdb', Buffer.from([0x9b, 0x32, 0x4a, 0x52, 0x45, 0x44, 0x49, 0x53, 0x30]))]);
    expect(result.stdout).toContain('\\x9b2JREDIS0');
    expect(result.stdout).not.toMatch(/[\u0080-\u009f]/);
  });

  test('--json escapes C1 control characters too, and parses to the same text', async () => {
    const result = await run(['inspect', write('c1-json.rdb', Buffer.from([0x9b, 0x32, 0x4a, 0x52, 0x45, 0x44, 0x49, 0x53, 0x30])), '--json']);
    expect(result.stdout).not.toMatch(/[\u0080-\u009f]/);
    expect(result.stdout).toContain('\\u009b2JREDIS0');
    expect(JSON.parse(result.stdout).files[0].error.message).toContain('\u009b2JREDIS0');
  });

  test('--json prints the versioned reports, with the slots that hold keys only, and the findings', async () => {
    const result = await run(['inspect', db0, twoDbs, '--json']);
    const output = JSON.parse(result.stdout);
    expect(output.version).toBe(1);
    expect(output.findings).toEqual([]);
    expect(output.files.map((file: { file: string; keys: number }) => [file.file, file.keys])).toEqual([[db0, 2], [twoDbs, 2]]);
    // 'foo' hashes to slot 12182, '{user1000}.following' to 3443.
    expect(output.files[0].slots).toMatchObject({ slot: [3443, 12182], keys: [1, 1], expires: [0, 0] });
    expect(Object.values(output.files[0].slots.memory).map((column) => (column as number[]).length)).toEqual([2]);
    expect(result.stdout.length).toBeLessThan(2000);
  });

  test('reads stdin for -', async () => {
    const result = await run(['inspect', '-', '--json'], { stdin: fs.readFileSync(db0) });
    expect(JSON.parse(result.stdout).files[0]).toMatchObject({ file: '-', keys: 2, checksum: 'ok' });
  });

  test('--header-only reads the header and skips the checksum', async () => {
    const output = JSON.parse((await run(['inspect', '--header-only', '--json', db0])).stdout);
    expect(output.files[0]).toMatchObject({ complete: false, checksum: 'not-checked', rdbVersion: 10 });
  });

  test('a corrupt or missing file exits 2 and names the file and offset', async () => {
    const result = await run(['inspect', corrupt, path.join(dir, 'missing.rdb')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("at byte 20: unknown object type 200 in db 0, after key 'foo'");
    expect(result.stdout).toMatch(/missing\.rdb:\n\s+ERROR\s+at byte 0: reading the file failed: ENOENT/);
  });

  test('a target adds the rules\' findings: keys outside db 0 with cluster mode enabled exit 1', async () => {
    const result = await run(['inspect', twoDbs, '--engine', 'redis', '--engine-version', '7.0', '--shards', '3', '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings).toEqual([expect.objectContaining({ rule: 'single-database', severity: 'error', file: twoDbs })]);
  });

  test('module data the target engine does not provide exits 1', async () => {
    const graph = write('graph.rdb', rdbFile('REDIS0010', [SELECTDB(0), key(7, 'graph', len(moduleId('graphdata', 1)), len(2), len(1), len(0))]));
    const result = await run(['inspect', graph, '--engine', 'valkey', '--engine-version', '8.1', '--cluster-mode', 'disabled', '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings).toEqual([expect.objectContaining({ rule: 'modules', severity: 'error', file: graph })]);
  });

  test('an RDB version newer than the target engine is an error finding', async () => {
    const result = await run(['inspect', rdb11, '--engine', 'redis', '--engine-version', '7.1', '--cluster-mode', 'disabled']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/error\s+rdb-version/);
    expect(result.stdout).toContain('Target: Redis OSS 7.1, cluster mode disabled');
  });

  test('--slots-file takes the shards from a plan file', async () => {
    const plan = path.join(dir, 'plan.json');
    expect(await run(['plan', db0, '--shards', '2', '--out', plan])).toMatchObject({ code: 0 });
    const result = await run(['inspect', db0, '--slots-file', plan, '--engine', 'redis', '--engine-version', '7.0']);
    expect(result.stdout).toContain('Target: Redis OSS 7.0, cluster mode enabled, 2 shards');
    expect(result.code).toBe(0);
  });

  test('a compatible target exits 0', async () => {
    const result = await run(['inspect', withUsedMem, '--engine', 'valkey', '--engine-version', '8.0', '--shards', '2', '--node-type', 'cache.r7g.large']);
    expect(result.stdout).toContain('No error findings: ElastiCache can load these files into this target.');
    expect(result.stdout).not.toContain('Not checked');
    expect(result.code).toBe(0);
  });

  test.each([
    [[], /give at least one \.rdb file/],
    [['--bogus'], /unknown option '--bogus'\.\n/],
    [['x.rdb', '--shard', '3'], /unknown option '--shard'; did you mean --shards\?/],
    [['x.rdb', '--engine-verison', '8.0'], /unknown option '--engine-verison'; did you mean --engine-version\?/],
    [['x.rdb', '--node-type', 'cache.r7g.larg'], /--node-type cache\.r7g\.larg: this library does not list its memory \(did you mean cache\.r7g\.large\?\)/],
    [['x.rdb', '--engine', 'redis'], /--engine and --engine-version go together/],
    [['x.rdb', '--engine', 'memcached', '--engine-version', '1.6'], /Unknown engine 'memcached'/],
    [['x.rdb', '--shards', 'three'], /--shards takes a whole number of at least 1, not 'three'/],
    [['x.rdb', '--cluster-mode', 'on'], /--cluster-mode is 'enabled' or 'disabled', not 'on'/],
    [['x.rdb', '--cluster-mode', 'disabled', '--shards', '3'], /--shards 3 needs --cluster-mode enabled/],
    [['x.rdb', '--node-type', 'r6g.large'], /--node-type: Invalid node type 'r6g.large'/],
    [['x.rdb', '--reserved-memory-percent', '100'], /--reserved-memory-percent: expected a whole number from 0 to 99, as 100 leaves no memory for data/],
    [['x.rdb', '--reserved-memory-percent', '12.5'], /--reserved-memory-percent: expected a whole number from 0 to 99/],
    [['x.rdb', '--slots-file', '/nonexistent/plan.json'], /--slots-file: /],
    [['x.rdb', '--slots-file', 'plan.json', '--shards', '2'], /either --shards N or --slots-file plan.json, not both/],
    [['-', '-'], /stdin \(-\) can be read only once/],
  ])('usage error %j exits 64', async (args, message) => {
    const result = await run(['inspect', ...args]);
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain("Run 'cdk-elasticache-restore inspect --help'");
    expect(result.stdout).toBe('');
  });

  test('--help describes every option and the exit codes', async () => {
    const result = await run(['inspect', '--help']);
    expect(result.code).toBe(0);
    for (const option of ['--json', '--header-only', '--engine', '--engine-version', '--cluster-mode', '--shards', '--slots-file', '--node-type', '--reserved-memory-percent']) {
      expect(result.stdout).toContain(option);
    }
    expect(result.stdout).toMatch(/Exit codes: 0 .* 64 a usage error/s);
  });

  test('draws progress on stderr only when it is a terminal', async () => {
    expect((await run(['inspect', big])).stderr).toBe('');
    const onTerminal = await run(['inspect', big], { tty: true });
    expect(onTerminal.code).toBe(0);
    expect(onTerminal.stderr.startsWith('\r') || onTerminal.stderr === '').toBe(true);
  });

  test.each([0, undefined])('draws progress on a terminal that reports %p columns', async (columns) => {
    const result = await run(['inspect', big], { tty: true, columns });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('complete');
    // Drawn 80 columns wide (79 characters and the cursor), and erased.
    expect(result.stderr).toMatch(/^\r[^\r]{79}\r/);
  });

  test('--header-only shows what it read of the file\'s size', async () => {
    const result = await run(['inspect', '--header-only', big]);
    expect(result.stdout).toMatch(/big\.rdb\s+64\.0 KiB of 2\.\d MiB\s+REDIS 10/);
  });
});

describe('the verdict', () => {
  test('names the rules that did not run and the target fact each needs, instead of saying the restore succeeds', async () => {
    const result = await run(['inspect', twoDbs, '--shards', '2']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Not checked: [^\n]*single-database[^\n;]* \(needs? the target engine: --engine and --engine-version\)/m);
    expect(result.stdout).toContain('No error findings from the checks that ran; with the checks above not run, the restore is not fully checked');
    expect(result.stdout).not.toMatch(/should succeed|can load these files/);
    const json = JSON.parse((await run(['inspect', twoDbs, '--shards', '2', '--json'])).stdout);
    expect(json.notChecked).toContainEqual(expect.objectContaining({ rule: 'single-database', needs: 'the target engine: --engine and --engine-version' }));
  });

  test('a node type without a cluster mode leaves memory-fit unchecked, and names --cluster-mode', async () => {
    const result = await run(['inspect', large, '--node-type', 'cache.t4g.micro', '--reserved-memory-percent', '99']);
    expect(result.stdout).toMatch(/memory-fit[^;]* \(needs? the cluster mode: --cluster-mode or --shards\)/);
    expect(result.stdout).not.toContain('can load these files');
    // Given, the same rule refuses.
    const withClusterMode = await run(['inspect', large, '--node-type', 'cache.t4g.micro', '--reserved-memory-percent', '99', '--cluster-mode', 'disabled']);
    expect(withClusterMode.code).toBe(1);
    expect(withClusterMode.stdout).toMatch(/error\s+memory-fit/);
    expect(withClusterMode.stdout).toMatch(/^Refused: 1 error finding; the restore would fail\.$/m);
  });

  test('a check that no flag can enable is listed with its reason: memory-fit of a header without used-mem', async () => {
    const result = await run(['inspect', db0, '--header-only', '--engine', 'valkey', '--engine-version', '8.0', '--shards', '2', '--node-type', 'cache.r7g.large']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`memory-fit (${db0} has no used-mem AUX field).`);
    expect(result.stdout).not.toContain('can load these files');
  });

  test('inspect and plan both refuse a node type the library does not list', async () => {
    for (const command of [['inspect', db0], ['plan', db0, '--shards', '2']]) {
      const result = await run([...command, '--node-type', 'cache.x9z.large']);
      expect(result.code).toBe(64);
      expect(result.stderr).toContain('--node-type cache.x9z.large: this library does not list its memory');
    }
  });
});

describe('the program', () => {
  test('--version prints the package version', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
    const result = await run(['--version']);
    expect(result).toEqual({ code: 0, stdout: `cdk-elasticache-restore ${version}\n`, stderr: '' });
  });

  test('suggests the command closest to a mistyped one', async () => {
    const result = await run(['inspec', db0]);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain("unknown command 'inspec'; did you mean 'inspect'?");
  });

  test('lists its commands, and refuses an unknown one with 64', async () => {
    expect((await run(['--help'])).stdout).toMatch(/Commands:\n\s+inspect\s+/);
    const unknown = await run(['restore']);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain("unknown command 'restore'");
    expect((await run([])).code).toBe(64);
  });

  test('runs as a script with a shebang and sets the exit code', () => {
    const entry = path.resolve(__dirname, '../../src/cli/main.ts');
    expect(fs.readFileSync(entry, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const tsNode = require.resolve('ts-node/dist/bin.js');
    const result = spawnSync(process.execPath, [tsNode, '--transpile-only', entry, 'inspect', corrupt], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('UNREADABLE');
    expect(execFileSync(process.execPath, [tsNode, '--transpile-only', entry, 'inspect', db0, '--json'], { encoding: 'utf8' })).toMatch(/^\{"version":1,"files":/);
  });
});
