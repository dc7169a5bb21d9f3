import * as fs from 'fs';
import * as path from 'path';

// The layout in CONTRIBUTING.md is what a newcomer reads first: it must name every folder of src/.
test('CONTRIBUTING.md describes every folder of src/', () => {
  const root = path.join(__dirname, '..');
  const guide = fs.readFileSync(path.join(root, 'CONTRIBUTING.md'), 'utf8');
  const folders = (dir: string): string[] => fs.readdirSync(path.join(root, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => [`${dir}/${entry.name}/`, ...folders(`${dir}/${entry.name}`)]);
  expect(folders('src').filter((folder) => !guide.includes(`\`${folder}\``))).toEqual([]);
});
