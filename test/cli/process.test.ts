import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { key, rdbFile, SELECTDB, str } from '../rdb/rdb-builder';

/** The command as a user runs it: its own process, real pipes and files. */
const tsNode = require.resolve('ts-node/dist/bin.js');
const entry = path.resolve(__dirname, '../../src/cli/main.ts');
const cli = (...args: string[]) => [tsNode, '--transpile-only', entry, ...args];
/** Long enough for any run here; a process still alive then has hung. */
const HANG_MS = 30_000;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-process-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const small = path.join(dir, 'small.rdb');
fs.writeFileSync(small, rdbFile('REDIS0010', [SELECTDB(0), key(0, 'foo', str('bar'))]));
// Keys in every slot: its --json output is far larger than a pipe's buffer.
const big = path.join(dir, 'big.rdb');
fs.writeFileSync(big, rdbFile('REDIS0010', [SELECTDB(0), ...Array.from({ length: 50_000 }, (_, i) => key(0, `key:${i}`, str('v')))]));

/** Resolves with the exit code and stderr once the process ends. */
function ended(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

test('a reader that closes early (| head) ends the command quietly with 0', async () => {
  const child = spawn(process.execPath, cli('inspect', big, '--json'), { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.once('data', () => child.stdout!.destroy());
  expect(await ended(child)).toEqual({ code: 0, signal: null, stderr: '' });
});

test('a FIFO whose writer stays open is read to the end of the RDB, and the command exits', async () => {
  const fifo = path.join(dir, 'dump.fifo');
  execFileSync('mkfifo', [fifo]);
  // The writer sends the file and keeps the FIFO open, as a slow producer would.
  const end = fs.openSync(fifo, fs.constants.O_RDWR);
  const writer = spawn('sh', ['-c', `cat "${small}"; sleep 60`], { stdio: ['ignore', end, 'ignore'] });
  fs.closeSync(end);
  try {
    const result = spawnSync(process.execPath, cli('inspect', fifo), { encoding: 'utf8', timeout: HANG_MS });
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/dump\.fifo\s+\d+ B\s+REDIS 10\s+1\s+db0:1\s+ok\s+complete/);
  } finally {
    writer.kill();
  }
});

test('stdin whose writer stays open is read to the end of the RDB, and the command exits', async () => {
  const child = spawn(process.execPath, cli('inspect', '-', '--json'), { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stdin!.write(fs.readFileSync(small));
  const timer = setTimeout(() => child.kill(), HANG_MS);
  const result = await ended(child);
  clearTimeout(timer);
  child.stdin!.destroy();
  expect(result).toEqual({ code: 0, signal: null, stderr: '' });
  expect(JSON.parse(stdout).files[0]).toMatchObject({ file: '-', keys: 1, complete: true });
});

test('plan --out into a missing folder is a usage error, with no stack trace and nothing left behind', () => {
  const out = path.join(dir, 'missing', 'plan.json');
  const result = spawnSync(process.execPath, cli('plan', small, '--shards', '2', '--out', out), { encoding: 'utf8', timeout: HANG_MS });
  expect(result.status).toBe(64);
  expect(result.stderr).toContain(`--out ${out}: ${path.dirname(out)} is not a folder that exists; create it first`);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(fs.readdirSync(dir).filter((name) => name.includes('partial'))).toEqual([]);
});
