/**
 * `npm run bench`: writes two mixed .rdb files with a real redis-server (~50 and ~190 MiB), then
 * times a full inspection (CRC64 and the slot of every key) of each by this library's reader
 * against `redis-check-rdb` on the same file, with each one's peak RSS: the reader's should not
 * grow with the file.
 *
 * Not a test: it prints figures and asserts nothing. Each time is the best of RUNS, since the
 * machine may be shared. BENCH_SCALE=0.1 makes smaller files; BENCH_DIR=path keeps the written
 * files there and reuses them on the next run.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RedisServer, REDIS_SERVER } from '../test/support/redis-server';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const REDIS_CHECK_RDB = path.join(path.dirname(REDIS_SERVER), 'redis-check-rdb');
const TIME = '/usr/bin/time';

/** The two files, as fractions of the full dataset. */
const SIZES = [{ name: 'small', scale: 0.25 }, { name: 'large', scale: 1 }];
/** Timed runs of each program on each file; the best counts. */
const RUNS = 3;

/** Keys of each kind at scale 1, and what one holds. */
const STRINGS = 2_500_000;
const AGGREGATES = 150_000;
const BATCH = 5_000;

/** Creates `count` keys of each aggregate type in batches, inside the server (Lua), so it stays quick. */
const POPULATE_AGGREGATES = `
local first, last = tonumber(ARGV[1]), tonumber(ARGV[2])
for i = first, last do
  local id = tostring(i)
  redis.call('HSET', 'hash:' .. id, 'name', 'user-' .. id, 'email', 'user' .. id .. '@example.com', 'visits', i, 'plan', 'pro',
    'country', 'NZ', 'created', 1700000000 + i, 'score', i * 3, 'flags', 'abcdefgh')
  redis.call('RPUSH', 'list:' .. id, 'event-1-' .. id, 'event-2-' .. id, 'event-3-' .. id, 'event-4-' .. id, 'event-5-' .. id,
    'event-6-' .. id, 'event-7-' .. id, 'event-8-' .. id, 'event-9-' .. id, 'event-10-' .. id)
  redis.call('SADD', 'set:{group' .. (i % 1000) .. '}:' .. id, 'a' .. id, 'b' .. id, 'c' .. id, 'd' .. id, 'e' .. id, 'f' .. id, 'g' .. id, 'h' .. id)
  redis.call('ZADD', 'zset:' .. id, 1, 'm1-' .. id, 2, 'm2-' .. id, 3, 'm3-' .. id, 4, 'm4-' .. id, 5, 'm5-' .. id, 6, 'm6-' .. id)
  if i % 50 == 0 then
    local members = {}
    for j = 1, 300 do members[#members + 1] = j; members[#members + 1] = 'big-member-' .. j .. '-' .. id end
    redis.call('ZADD', 'zset:big:' .. id, unpack(members))
  end
end
return last - first + 1
`;

/** What the reader does in its own process, so that its peak RSS is its own. */
const READER = `
const fs = require('fs');
const { scanRdb } = require(process.argv[2]);
const started = process.hrtime.bigint();
scanRdb(fs.createReadStream(process.argv[1], { highWaterMark: 1024 * 1024 }), { file: process.argv[1] }).then((report) => {
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const slotted = report.slots.keys.reduce((a, b) => a + b, 0);
  process.stdout.write(JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS, keys: report.keys, slotted, checksum: report.checksum, error: report.error }));
});
`;

async function writeDataset(scale: number, file: string): Promise<void> {
  const server = await RedisServer.start({ args: ['--enable-debug-command', 'yes'] });
  try {
    const strings = Math.round(STRINGS * scale);
    const aggregates = Math.round(AGGREGATES * scale);
    log(`writing ${path.basename(file)}: ${strings.toLocaleString()} strings and ${aggregates.toLocaleString()} each of hashes, lists, sets and sorted sets…`);
    await server.command('DEBUG', 'POPULATE', strings, 'string:user', 100);
    const sha = (await server.command('SCRIPT', 'LOAD', POPULATE_AGGREGATES)) as string;
    for (let first = 1; first <= aggregates; first += BATCH) {
      await server.command('EVALSHA', sha, 0, first, Math.min(first + BATCH - 1, aggregates));
    }
    fs.renameSync(await server.save(), file);
  } finally {
    await server.stop();
  }
}

interface Measurement {
  readonly ms: number;
  readonly maxRssKiB?: number;
  readonly stdout: string;
}

/** Runs a command under /usr/bin/time (when present) and returns its wall time and peak RSS. */
function measure(command: string, args: string[]): Measurement {
  const timed = fs.existsSync(TIME);
  const started = process.hrtime.bigint();
  const result = spawnSync(timed ? TIME : command, timed ? ['-v', command, ...args] : args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${command} failed:\n${result.stdout}${result.stderr}`);
  }
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr ?? '');
  return { ms, maxRssKiB: rss ? Number(rss[1]) : undefined, stdout: result.stdout };
}

/** The fastest of RUNS runs (its RSS with it), and the highest peak RSS of all. */
function best(run: () => Measurement): Measurement & { worstRssKiB?: number } {
  const runs = Array.from({ length: RUNS }, run);
  const fastest = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
  const rss = runs.map((r) => r.maxRssKiB).filter((kib): kib is number => kib !== undefined);
  return { ...fastest, worstRssKiB: rss.length > 0 ? Math.max(...rss) : undefined };
}

/** Compiles the reader to JavaScript, as the package ships it, so neither time nor RSS includes a TypeScript compiler. */
function compileReader(): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'inspect-bench-js-'));
  const tsc = require.resolve('typescript/bin/tsc');
  // The reader uses the memory model beside it, so the output keeps src's layout.
  const result = spawnSync(process.execPath, [tsc, path.resolve(__dirname, '../src/rdb/index.ts'), '--rootDir', path.resolve(__dirname, '../src'),
    '--outDir', out, '--target', 'ES2022', '--module', 'commonjs', '--strict', '--skipLibCheck', '--types', 'node'], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`compiling the reader failed:\n${result.stdout}${result.stderr}`);
  }
  return path.join(out, 'rdb', 'index.js');
}

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

interface Row {
  readonly name: string;
  readonly bytes: number;
  readonly keys: number;
  readonly check: Measurement & { worstRssKiB?: number };
  readonly scanMs: number;
  readonly reader: Measurement & { worstRssKiB?: number };
}

/** Times both programs on one file. */
function benchmarkFile(name: string, file: string, compiled: string): Row {
  // Warm the page cache so both readers start from the same place.
  fs.readFileSync(file);
  const check = best(() => measure(REDIS_CHECK_RDB, [file]));
  const checkKeys = Number(/(\d+) keys read/.exec(check.stdout)?.[1]);
  const reader = best(() => measure(process.execPath, ['-e', READER, file, compiled]));
  const result = JSON.parse(reader.stdout);
  if (result.error || result.checksum !== 'ok' || result.keys !== checkKeys || result.slotted !== result.keys) {
    throw new Error(`the reader disagrees with redis-check-rdb on ${file}: ${reader.stdout} against ${checkKeys} keys`);
  }
  return { name, bytes: fs.statSync(file).size, keys: result.keys, check, scanMs: result.ms, reader };
}

function printTable(rows: Row[]): void {
  const header = ['file', 'size', 'keys', 'redis-check-rdb', 'RSS', 'reader scan', 'reader process', 'RSS', 'speed-up scan', 'speed-up process'];
  const lines = rows.map((row) => [
    row.name,
    `${(row.bytes / 2 ** 20).toFixed(0)} MiB`,
    row.keys.toLocaleString('en-US'),
    seconds(row.check.ms),
    mib(row.check.worstRssKiB),
    seconds(row.scanMs),
    seconds(row.reader.ms),
    mib(row.reader.worstRssKiB),
    `${(row.check.ms / row.scanMs).toFixed(1)}×`,
    `${(row.check.ms / row.reader.ms).toFixed(1)}×`,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i].length)));
  const format = (cells: string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  log('');
  log(format(header));
  log(widths.map((width) => '-'.repeat(width)).join('  '));
  lines.forEach((line) => log(format(line)));
  log('');
  log(`Wall times are the best of ${RUNS} runs; RSS is the highest peak of them. "reader scan" is scanRdb over a 1 MiB read`);
  log('stream, timed inside its process; "reader process" adds node start-up, as redis-check-rdb\'s time includes its own.');
  const [small, large] = [rows[0], rows[rows.length - 1]];
  log(`Reader peak RSS: ${mib(small.reader.worstRssKiB)} at ${(small.bytes / 2 ** 20).toFixed(0)} MiB, `
    + `${mib(large.reader.worstRssKiB)} at ${(large.bytes / 2 ** 20).toFixed(0)} MiB of file.`);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function mib(kib: number | undefined): string {
  return kib === undefined ? 'unknown' : `${(kib / 1024).toFixed(0)} MiB`;
}

async function benchmark(): Promise<void> {
  const kept = process.env.BENCH_DIR;
  const dir = kept ?? fs.mkdtempSync(path.join(os.tmpdir(), 'inspect-bench-'));
  fs.mkdirSync(dir, { recursive: true });
  const compiled = compileReader();
  try {
    const files = [];
    for (const size of SIZES) {
      const file = path.join(dir, `${size.name}-${SCALE * size.scale}.rdb`);
      if (!fs.existsSync(file)) {
        await writeDataset(SCALE * size.scale, file);
      }
      files.push({ name: size.name, file });
    }
    const rows = files.map(({ name, file }) => {
      log(`timing ${name}…`);
      return benchmarkFile(name, file, compiled);
    });
    printTable(rows);
  } finally {
    fs.rmSync(path.dirname(compiled), { recursive: true, force: true });
    if (!kept) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

benchmark().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
