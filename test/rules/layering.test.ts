import * as fs from 'fs';
import * as path from 'path';

const RULES = path.resolve(__dirname, '../../src/rules');

/** Every module a file under src/rules imports, as written. */
function importsOfRules(directory = RULES): Array<{ file: string; module: string }> {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(directory, entry.name);
    if (entry.isDirectory()) return importsOfRules(file);
    const source = fs.readFileSync(file, 'utf8');
    return [...source.matchAll(/^(?:import|export)\b[^;]*?from '([^']+)'/gms)].map((match) => ({ file: path.relative(RULES, file), module: match[1] }));
  });
}

/** The top-level folder of src/ (or the package) an import reaches from `file`. */
function layerOf(file: string, module: string): string {
  if (!module.startsWith('.')) return module;
  const target = path.relative(path.dirname(RULES), path.resolve(RULES, path.dirname(file), module));
  return target.split(path.sep)[0];
}

describe('the rules', () => {
  test('import only the layers below them: pure, no CDK, no AWS SDK, nothing from sources/ or the enforcement points', () => {
    const imports = importsOfRules();
    expect(imports.length).toBeGreaterThan(20);
    const outside = imports.filter(({ file, module }) => !['rules', 'model', 'rdb', 'plan', 'memory'].includes(layerOf(file, module)));
    expect(outside).toEqual([]);
  });
});
