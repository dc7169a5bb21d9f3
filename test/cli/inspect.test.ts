import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { AUX, key, rdbFile, SELECTDB, str } from '../rdb/rdb-builder';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(args: string[], options: { stdin?: Buffer; tty?: boolean } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.tty, columns: 100 },
    stdin: (async function* () {
      if (options.stdin) yield options.stdin;
    })(),
  });
  return { code, stdout, stderr };
}

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

  test('--json prints the reports and findings', async () => {
    const result = await run(['inspect', db0, twoDbs, '--json']);
    const output = JSON.parse(result.stdout);
    expect(output.findings).toEqual([]);
    expect(output.files.map((file: { file: string; keys: number }) => [file.file, file.keys])).toEqual([[db0, 2], [twoDbs, 2]]);
    expect(output.files[0].slots.keys[3443]).toBe(1);
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
    const result = await run(['inspect', db0, '--engine', 'valkey', '--engine-version', '8.0', '--shards', '2', '--node-type', 'cache.r7g.large']);
    expect(result.stdout).toContain('No findings');
    expect(result.code).toBe(0);
  });

  test.each([
    [[], /give at least one \.rdb file/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['x.rdb', '--engine', 'redis'], /--engine and --engine-version go together/],
    [['x.rdb', '--engine', 'memcached', '--engine-version', '1.6'], /Unknown engine 'memcached'/],
    [['x.rdb', '--shards', 'three'], /--shards takes a whole number of at least 1, not 'three'/],
    [['x.rdb', '--cluster-mode', 'on'], /--cluster-mode is 'enabled' or 'disabled', not 'on'/],
    [['x.rdb', '--cluster-mode', 'disabled', '--shards', '3'], /--shards 3 needs --cluster-mode enabled/],
    [['x.rdb', '--node-type', 'r6g.large'], /--node-type: Invalid node type 'r6g.large'/],
    [['x.rdb', '--reserved-memory-percent', '101'], /from 0 to 100/],
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
    const big = write('big.rdb', rdbFile('REDIS0010', [SELECTDB(0), ...Array.from({ length: 20_000 }, (_, i) => key(0, `key:${i}`, str('v'.repeat(100))))]));
    expect((await run(['inspect', big])).stderr).toBe('');
    const onTerminal = await run(['inspect', big], { tty: true });
    expect(onTerminal.code).toBe(0);
    expect(onTerminal.stderr.startsWith('\r') || onTerminal.stderr === '').toBe(true);
  });
});

describe('the program', () => {
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
    expect(execFileSync(process.execPath, [tsNode, '--transpile-only', entry, 'inspect', db0, '--json'], { encoding: 'utf8' })).toMatch(/^\{"files":/);
  });
});
