import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const tasks = JSON.parse(fs.readFileSync(path.join(root, '.projen/tasks.json'), 'utf8')).tasks;

describe('the package', () => {
  test('ships an allow list: the library, the CLI, the Lambda asset, the assembly and the docs', () => {
    expect(packageJson.files).toEqual(['lib/**/*.js', 'lib/**/*.d.ts', 'assets/', '.jsii', '.jsii.tabl.json', 'API.md']);
    expect(fs.existsSync(path.join(root, '.npmignore'))).toBe(false);
  });

  test('needs Node.js 20 or later', () => {
    expect(packageJson.engines).toEqual({ node: '>= 20.0.0' });
  });

  test('bundles the Lambda asset without a source map the function would never load', () => {
    expect(tasks['bundle:preflight/handler/preflight.lambda'].steps[0].execArgs).not.toContain('--sourcemap');
  });

  test('build packs JavaScript and the bindings\' code the same way with or without CI', () => {
    expect(tasks.package.steps).toEqual([{ spawn: 'package:js' }, { spawn: 'package:bindings' }]);
    expect(tasks.build.steps).toContainEqual({ spawn: 'package' });
  });
});
