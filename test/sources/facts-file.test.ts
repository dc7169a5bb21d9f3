import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { readFactsFile } from '../../src/sources/facts-file';
import { report } from '../support/reports';

describe('readFactsFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'facts-'));
  const write = (path: string, content: string): string => {
    writeFileSync(path, content);
    return path;
  };

  test('reads each report of `inspect --json` as the facts of its file', () => {
    const a = report({ file: 'dumps/a.rdb' });
    const b = report({ file: 'dumps/b.rdb', keys: 0, databases: [] });
    const path = write(join(dir, 'facts.json'), JSON.stringify({ files: [a, b], findings: [] }));
    expect(readFactsFile(path)).toEqual([{ file: 'dumps/a.rdb', report: a }, { file: 'dumps/b.rdb', report: b }]);
  });

  const remedy = 'write it with: npx cdk-elasticache-restore inspect --json FILE.rdb…';
  test.each<[string, (path: string) => string, string]>([
    ['a missing file', (path) => path, 'cannot be read (ENOENT)'],
    ['a directory', () => dir, 'cannot be read (EISDIR)'],
    ['not JSON', (path) => write(path, '{'), 'is not JSON'],
    ['JSON null', (path) => write(path, 'null'), 'has no "files" list'],
    ['no files', (path) => write(path, '{"files": []}'), 'has no "files" list'],
    ['files not a list', (path) => write(path, '{"files": {}}'), 'has no "files" list'],
    ['not a report', (path) => write(path, '{"files": [{"file": "a.rdb", "aux": {}, "databases": []}, {"file": 1}]}'), 'files[1] is not a file report (needs file, aux, databases)'],
  ])('refuses %s, naming the file and how to write it', (name, make, problem) => {
    const path = make(join(dir, `${name.replace(/\W/g, '-')}.json`));
    expect(() => readFactsFile(path)).toThrow(`factsFile ${path}`);
    expect(() => readFactsFile(path)).toThrow(problem);
    expect(() => readFactsFile(path)).toThrow(remedy);
  });
});
