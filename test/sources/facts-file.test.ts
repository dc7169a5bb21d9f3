import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { readFactsFile } from '../../src/sources/facts-file';
import { AUX, key, RESIZEDB, rdbFile, SELECTDB, str } from '../rdb/rdb-builder';

let dir: string;
let written: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facts-file-'));
  const rdb = path.join(dir, 'a.rdb');
  fs.writeFileSync(rdb, rdbFile('REDIS0010', [AUX('redis-ver', '7.0.15'), SELECTDB(0), RESIZEDB(1, 0), key(0, 'foo', str('bar'))]));
  let stdout = '';
  const code = await main(['inspect', rdb, '--json'], {
    stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => undefined }, stdin: (async function* () {})(),
  });
  expect(code).toBe(0);
  written = stdout;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A facts file: what `inspect --json` wrote, edited as the case needs. */
function factsFile(name: string, edit: (facts: any) => void = () => undefined): string {
  const facts = JSON.parse(written);
  edit(facts);
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(facts));
  return file;
}

test('reads what inspect --json writes, each report matched to its object', () => {
  const [facts] = readFactsFile(factsFile('facts.json'), ['dumps/a.rdb']);
  expect(facts.file).toBe(path.join(dir, 'a.rdb'));
  expect(facts.report).toMatchObject({ rdbVersion: 10, keys: 1, complete: true, checksum: 'ok' });
});

test.each<[string, (facts: any) => void, string[], RegExp]>([
  ['a file without a version', (facts) => delete facts.version, ['a.rdb'], /"version" is undefined; this library reads version 1/],
  ['a newer version', (facts) => (facts.version = 2), ['a.rdb'], /"version" is 2; this library reads version 1/],
  ['modules that are not a list', (facts) => (facts.files[0].modules = 'ReJSON'), ['a.rdb'],
    /"files\[0\]\.modules" is "ReJSON"; it must be a list of module type names/],
  ['a missing field', (facts) => delete facts.files[0].databases, ['a.rdb'], /"files\[0\]\.databases" is missing; it must be a list of \{ db, keys, expires \} counts/],
  ['a short dense slot histogram', (facts) => (facts.files[0].slots = { keys: [1], bytes: [1] }), ['a.rdb'],
    /"files\[0\]\.slots" is .*; it must list "slot" with its columns, or hold "keys" and "bytes", 16384 counts each/],
  ['a report of another file', () => undefined, ['b.rdb'], /it reports .*\/a\.rdb, which the source does not name \(it names b\.rdb\)/],
  ['an object without a report', () => undefined, ['a.rdb', 'b.rdb'], /it has no report for b\.rdb/],
])('refuses %s, naming the file, the field and the remedy', (name, edit, keys, message) => {
  const file = factsFile(`${name.replace(/\W/g, '-')}.json`, edit);
  const error = (() => {
    try {
      readFactsFile(file, keys);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('accepted');
  })();
  expect(error).toMatch(message);
  expect(error.startsWith(`factsFile ${file}: `)).toBe(true);
  expect(error).toContain(`; write it again with: npx cdk-elasticache-restore inspect --json FILE.rdb… > ${file}`);
});
