/**
 * `npm run bench`: writes a large mixed .rdb with a real redis-server, then times a full
 * inspection (CRC64 and the slot of every key) by this library's reader against
 * `redis-check-rdb` on the same file, and measures the reader's peak RSS in its own process.
 *
 * Not a test: it prints figures and asserts nothing. BENCH_SCALE=0.1 makes a smaller file;
 * BENCH_RDB=path keeps the written file there and reuses it on the next run.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RedisServer, REDIS_SERVER } from '../test/support/redis-server';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const REDIS_CHECK_RDB = path.join(path.dirname(REDIS_SERVER), 'redis-check-rdb');
const TIME = '/usr/bin/time';

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

async function writeDataset(): Promise<string> {
  const server = await RedisServer.start({ args: ['--enable-debug-command', 'yes'] });
  try {
    const strings = Math.round(STRINGS * SCALE);
    const aggregates = Math.round(AGGREGATES * SCALE);
    log(`writing ${strings.toLocaleString()} strings and ${aggregates.toLocaleString()} each of hashes, lists, sets and sorted sets…`);
    await server.command('DEBUG', 'POPULATE', strings, 'string:user', 100);
    const sha = (await server.command('SCRIPT', 'LOAD', POPULATE_AGGREGATES)) as string;
    for (let first = 1; first <= aggregates; first += BATCH) {
      await server.command('EVALSHA', sha, 0, first, Math.min(first + BATCH - 1, aggregates));
    }
    log('saving…');
    const file = await server.save();
    const kept = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'inspect-bench-')), 'bench.rdb');
    fs.renameSync(file, kept);
    return kept;
  } finally {
    await server.stop();
  }
}

/** Runs a command under /usr/bin/time (when present) and returns its wall time and peak RSS. */
function measure(command: string, args: string[]): { ms: number; maxRssKiB?: number; stdout: string } {
  const timed = fs.existsSync(TIME);
  const started = process.hrtime.bigint();
  const result = spawnSync(timed ? TIME : command, timed ? ['-v', command, ...args] : args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr ?? '');
  return { ms, maxRssKiB: rss ? Number(rss[1]) : undefined, stdout: result.stdout };
}

/** Compiles the reader to JavaScript, as the package ships it, so neither time nor RSS includes a TypeScript compiler. */
function compileReader(): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'inspect-bench-js-'));
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, path.resolve(__dirname, '../src/rdb/index.ts'), '--outDir', out,
    '--target', 'ES2022', '--module', 'commonjs', '--strict', '--skipLibCheck', '--types', 'node'], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`compiling the reader failed:\n${result.stdout}${result.stderr}`);
  }
  return path.join(out, 'index.js');
}

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

async function benchmark(): Promise<void> {
  const reuse = process.env.BENCH_RDB;
  const file = reuse && fs.existsSync(reuse) ? reuse : await writeDataset();
  if (reuse && file !== reuse) {
    fs.renameSync(file, reuse);
    return benchmarkFile(reuse);
  }
  try {
    await benchmarkFile(file);
  } finally {
    if (!reuse) {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  }
}

async function benchmarkFile(file: string): Promise<void> {
  {
    const size = fs.statSync(file).size;
    log(`file: ${(size / 2 ** 20).toFixed(0)} MiB`);
    // Warm the page cache so both readers start from the same place.
    fs.readFileSync(file);

    const check = measure(REDIS_CHECK_RDB, [file]);
    const checkKeys = /(\d+) keys read/.exec(check.stdout)?.[1];
    log(`redis-check-rdb: ${(check.ms / 1000).toFixed(2)} s, ${checkKeys} keys, peak RSS ${mib(check.maxRssKiB)}`);

    const compiled = compileReader();
    const reader = measure(process.execPath, ['-e', READER, file, compiled]);
    fs.rmSync(path.dirname(compiled), { recursive: true, force: true });
    const result = JSON.parse(reader.stdout);
    log(`reader (scan only):   ${(result.ms / 1000).toFixed(2)} s, ${result.keys} keys (${result.slotted} slotted), checksum ${result.checksum}, `
      + `peak RSS ${mib(result.maxRssKiB)}${result.error ? `, ERROR ${result.error.message}` : ''}`);
    log(`reader (process):     ${(reader.ms / 1000).toFixed(2)} s including node start-up`);
    log(`speed-up: ${(check.ms / result.ms).toFixed(1)}× (scan) / ${(check.ms / reader.ms).toFixed(1)}× (process); throughput ${(size / 2 ** 20 / (result.ms / 1000)).toFixed(0)} MiB/s`);
  }
}

function mib(kib: number | undefined): string {
  return kib === undefined ? 'unknown' : `${(kib / 1024).toFixed(0)} MiB`;
}

benchmark().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
