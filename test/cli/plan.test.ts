import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AUX, key, rdbFile, SELECTDB, str } from '../rdb/rdb-builder';
import { runCli } from '../support/cli';

/** Runs the command line with captured output. */
const run = (...args: string[]) => runCli(args);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-cli-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const twoDbs = path.join(dir, 'two-dbs.rdb');
fs.writeFileSync(twoDbs, rdbFile('REDIS0010', [AUX('used-mem', '1000000'), SELECTDB(0), key(0, 'foo', str('bar')), SELECTDB(1), key(0, 'other', str('x'))]));

describe('plan', () => {
  test('applies the rules inspect applies: keys outside database 0 in cluster mode are not just "Fits"', async () => {
    const { code, stdout } = await run('plan', twoDbs, '--shards', '2', '--node-type', 'cache.r7g.large');
    expect(stdout).toMatch(/^Fits: cache\.r7g\.large/m);
    expect(stdout).toMatch(/^Not checked: [^\n]*single-database[^\n;]* \(needs? the target engine: --engine and --engine-version\)/m);
    expect(stdout).toMatch(/^No error findings from the checks that ran; with the checks above not run, the restore is not fully checked/m);
    expect(code).toBe(0);
  });

  test('--out that cannot be written is a usage error and leaves no partial file', async () => {
    // A folder where the plan file should go: the rename onto it fails after the plan is written beside it.
    const out = fs.mkdtempSync(path.join(dir, 'taken-'));
    const { code, stderr } = await run('plan', twoDbs, '--shards', '2', '--out', out);
    expect(code).toBe(64);
    expect(stderr).toContain(`--out ${out}: the plan cannot be written (`);
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });
});
