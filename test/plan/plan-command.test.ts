import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeSkewedDataset } from './skewed-dataset';
import { SlotLayout } from '../../src/model/slots';
import { AUX, bytes, key, len, lzfCompress, RESIZEDB, rdbFile, SELECTDB, str } from '../rdb/rdb-builder';
import { runCli } from '../support/cli';
import { describeWithRedisServer, RedisServer } from '../support/redis-server';

/** Runs the command line with captured output. */
const run = (...args: string[]) => runCli(args);

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-command-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A one-key .rdb file with the given AUX fields. */
function rdbWith(name: string, aux: Record<string, string>): string {
  const file = path.join(dir, name);
  const fields = Object.entries(aux).map(([field, value]) => AUX(field, value));
  fs.writeFileSync(file, rdbFile('REDIS0010', [AUX('redis-ver', '7.0.15'), ...fields, SELECTDB(0), RESIZEDB(1, 0), key(0, 'foo', str('bar'))]));
  return file;
}

describeWithRedisServer('plan on a file written by redis-server', () => {
  let server: RedisServer;
  let rdb: string;
  beforeAll(async () => {
    server = await RedisServer.start();
    rdb = await writeSkewedDataset(server, 600);
  });
  afterAll(() => server?.stop());

  test('prints the shards and writes the plan file that SlotLayout.fromPlanFile reads', async () => {
    const out = path.join(dir, 'plan.json');
    const { code, stdout, stderr } = await run('plan', rdb, '--shards', '3', '--node-type', 'cache.t4g.micro', '--out', out);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^Plan: 3 shards over .*dump\.rdb: 900 keys, .* of data, used-mem /);
    expect(stdout).toMatch(/^SHARD +SLOTS +SLOT COUNT +KEYS +DATA +EST\. MEMORY$/m);
    expect(stdout).toMatch(/^Memory estimated for Valkey 9\.0\/9\.1 \(give --engine and --engine-version for another engine\)\.$/m);
    expect(stdout).toMatch(/^\* fullest shard: ~.* of memory \(.* of data\)\. For comparison, the fullest shard needs ~.* under an even split and ~.* under a split balancing bytes\.$/m);
    expect(stdout).toMatch(/^Fits: cache\.t4g\.micro holds 384\.0 MiB at 25% reserved memory; the fullest shard takes <1% of it\.$/m);
    expect(stdout).toMatch(/^ {2}t4g {3}cache\.t4g\.micro \(384\.0 MiB usable\)$/m);
    expect(stdout).toContain(`Wrote ${out}: use it with SlotLayout.fromPlanFile('${out}').`);

    const layout = SlotLayout.fromPlanFile(out);
    const file = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(layout.toSlotStrings()).toEqual(file.shards.map((shard: { slots: string[] }) => shard.slots.join(',')));
    expect(layout.plannedShardBytes).toEqual(file.shards.map((shard: { estimatedMemoryBytes: number }) => shard.estimatedMemoryBytes));
    expect(file.nodeType).toMatchObject({ name: 'cache.t4g.micro', verdict: 'fits' });
  });

  test('--json prints the plan file', async () => {
    const { code, stdout } = await run('plan', rdb, '--shards', '2', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ version: 2, engineProfile: 'valkey-9.0', files: [rdb], reservedMemoryPercent: 25, shards: [{ slots: [expect.any(String)] }, {}] });
  });

  test('--engine and --engine-version choose the engine the memory is estimated for', async () => {
    const { code, stdout } = await run('plan', rdb, '--shards', '2', '--engine', 'redis', '--engine-version', '7.1', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ engineProfile: 'redis-7.0' });
  });
});

describe('plan', () => {
  test('exits 1 when the fullest shard does not fit the node type, and says what would', async () => {
    // A 20 GiB string, compressed to a few bytes, which the scan does not decompress.
    const compressed = lzfCompress('x'.repeat(64));
    const huge = bytes([0xc3], len(compressed.length), len(20 * 2 ** 30), compressed);
    const rdb = path.join(dir, 'big.rdb');
    fs.writeFileSync(rdb, rdbFile('REDIS0010', [AUX('redis-ver', '7.0.15'), SELECTDB(0), key(0, 'big', huge)]));
    const { code, stdout, stderr } = await run('plan', rdb, '--shards', '1', '--node-type', 'cache.r7g.large');
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^Does not fit: cache\.r7g\.large holds 9\.8 GiB at 25% reserved memory; the fullest shard would take 2\d\d% of it, so the restore would fail/m);
    expect(stdout).toMatch(/^ {2}r7g {3}cache\.r7g\.2xlarge /m);
    expect(stdout).toMatch(/^ {2}t4g {3}none: even the largest t4g is too small; plan more shards$/m);
  });

  test('estimates memory without used-mem, and warns when used-mem is far from the estimate', async () => {
    const without = await run('plan', rdbWith('no-used-mem.rdb', {}), '--shards', '2', '--node-type', 'cache.r7g.large');
    expect(without).toMatchObject({ code: 0, stderr: '' });
    expect(without.stdout).toMatch(/^Fits: cache\.r7g\.large/m);
    const far = rdbWith('far.rdb', { 'used-mem': String(2 ** 30) });
    const warned = await run('plan', far, '--shards', '2');
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(new RegExp(`^Warning: ${far.replace(/[.]/g, '\\.')}: the Valkey 9\\.0/9\\.1 model puts its data at 2\\.7 MiB on one node, but its used-mem says 1024\\.0 MiB`));
  });

  test('adds several files up', async () => {
    const a = rdbWith('a.rdb', { 'used-mem': '1000' });
    const b = rdbWith('b.rdb', { 'used-mem': '3000' });
    const { code, stdout } = await run('plan', a, b, '--shards', '2', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ files: [a, b], usedMemoryBytes: 4000 });
  });

  test.each([
    ['truncated', (file: string) => fs.writeFileSync(file, fs.readFileSync(rdbWith('whole.rdb', {})).subarray(0, 20))],
    ['missing', () => undefined],
  ])('exits 2 for a %s file, naming it and the byte offset', async (name, write) => {
    const file = path.join(dir, `${name}.rdb`);
    write(file);
    const { code, stdout, stderr } = await run('plan', file, '--shards', '2');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}: unreadable at byte \\d+: `));
  });

  test.each([
    [['--shards', '2'], /give at least one \.rdb file/],
    [['x.rdb'], /give the shard count with --shards N/],
    [['x.rdb', '--shards', '0'], /--shards takes a whole number of at least 1, not '0'/],
    [['x.rdb', '--shards', '501'], /--shards takes at most 500/],
    [['x.rdb', '--shards', '2', '--reserved-memory-percent', '100'], /--reserved-memory-percent: expected a whole number from 0 to 99, as 100 leaves no memory for data/],
    [['x.rdb', '--shards', '2', '--node-type', 'cache.x9.large'], /--node-type cache\.x9\.large: this library does not list its memory/],
    [['x.rdb', '--shards', '2', '--engine', 'redis'], /--engine and --engine-version go together/],
  ])('exits 64 for %p', async (args, message) => {
    const { code, stderr } = await run('plan', ...args);
    expect(code).toBe(64);
    expect(stderr).toMatch(message);
    expect(stderr).toContain("Run 'cdk-elasticache-restore plan --help' for its options.");
  });

  test('--help', async () => {
    const { code, stdout } = await run('plan', '--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: cdk-elasticache-restore plan FILE… --shards N \[options\]/);
  });
});
