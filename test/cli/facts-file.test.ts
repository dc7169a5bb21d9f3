import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { scanRdb } from '../../src/rdb';
import { readFactsFile } from '../../src/sources/facts-file';
import { AUX, key, rdbFile, SELECTDB, str } from '../rdb/rdb-builder';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facts-file-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const dump = path.join(dir, 'dump.rdb');
fs.writeFileSync(dump, rdbFile('REDIS0010', [AUX('used-mem', '1000000'), SELECTDB(0), key(0, 'foo', str('bar')), key(0, '{user1000}.following', str('x'))]));

/** `inspect --json FILE > facts.json`. */
async function writeFactsFile(name: string): Promise<string> {
  let stdout = '';
  await main(['inspect', dump, '--json'], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: () => undefined },
    stdin: (async function* () {})(),
  });
  const file = path.join(dir, name);
  fs.writeFileSync(file, stdout);
  return file;
}

function writeJson(name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
}

describe('the facts file inspect --json writes', () => {
  test('is small, and reads back to the report a scan gives, dense slot histogram included', async () => {
    const factsFile = await writeFactsFile('facts.json');
    // Two dense 16,384-entry histograms took ~118 KB; the file's two keys take a few bytes each.
    expect(fs.statSync(factsFile).size).toBeLessThan(1000);
    const scanned = await scanRdb(fs.createReadStream(dump), { file: dump });
    expect(readFactsFile(factsFile, ['dump.rdb'])).toEqual([{ file: dump, report: scanned }]);
  });

  test('with dense slot histograms, as files had them before, still reads', async () => {
    const current = JSON.parse(fs.readFileSync(await writeFactsFile('current.json'), 'utf8'));
    const [report] = readFactsFile(path.join(dir, 'current.json'), ['dump.rdb']).map((facts) => facts.report!);
    const dense = writeJson('dense.json', { version: 1, files: [{ ...current.files[0], slots: report.slots }], findings: [] });
    expect(readFactsFile(dense, ['dump.rdb'])).toEqual([{ file: dump, report }]);
  });

  test.each([
    [{ version: 2, files: [] }, /"version" is 2; this library reads version 1/],
    [{ version: 1, files: [{ file: 'a.rdb', bytes: 9, aux: {}, databases: [], keys: 0, types: {}, modules: [], functions: 0, checksum: 'ok', complete: true, slots: { slot: [16384], keys: [1], bytes: [1] } }] },
      /files\[0\]\.slots\.slot must list slots 0-16383 in increasing order/],
  ])('refuses %j, naming the field', (content, message) => {
    const file = writeJson('bad.json', content);
    expect(() => readFactsFile(file, ['a.rdb'])).toThrow(message);
    expect(() => readFactsFile(file, ['a.rdb'])).toThrow(file);
  });
});
