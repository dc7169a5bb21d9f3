import * as fs from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '../../src');

interface Import {
  /** The importing file, relative to src/. */
  readonly file: string;
  /** The module as written. */
  readonly module: string;
}

/** Every module a file under `directory` imports or re-exports, as written; type-only imports included. */
function importsUnder(directory: string): Import[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(directory, entry.name);
    if (entry.isDirectory()) return importsUnder(file);
    if (!entry.name.endsWith('.ts')) return [];
    const source = fs.readFileSync(file, 'utf8');
    return [...source.matchAll(/^(?:import|export)\b[^;]*?from '([^']+)'/gms)].map((match) => ({ file: path.relative(SRC, file), module: match[1] }));
  });
}

/** The top-level folder of src/ (or the package) an import reaches. */
function layerOf({ file, module }: Import): string {
  if (!module.startsWith('.')) return module;
  return path.relative(SRC, path.resolve(SRC, path.dirname(file), module)).split(path.sep)[0];
}

/** The src/ file a relative import resolves to, relative to src/. */
function resolvedFile({ file, module }: Import): string {
  const base = path.resolve(SRC, path.dirname(file), module);
  const found = [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error(`${file} imports ${module}, which is no file under src/`);
  return path.relative(SRC, found);
}

/** Each cycle of relative imports among src/ files, as the files around it. */
function importCycles(): string[][] {
  const edges = new Map<string, string[]>();
  for (const item of importsUnder(SRC).filter(({ module }) => module.startsWith('.'))) {
    edges.set(item.file, [...(edges.get(item.file) ?? []), resolvedFile(item)]);
  }
  const finished = new Set<string>();
  const trail: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    trail.push(file);
    for (const next of edges.get(file) ?? []) {
      if (trail.includes(next)) cycles.push([...trail.slice(trail.indexOf(next)), next]);
      else if (!finished.has(next)) visit(next);
    }
    trail.pop();
    finished.add(file);
  };
  [...edges.keys()].forEach((file) => finished.has(file) || visit(file));
  return cycles;
}

describe('the layers', () => {
  test('the rules import only the layers below them: pure, no CDK, no AWS SDK, nothing from sources/ or the enforcement points', () => {
    const imports = importsUnder(path.join(SRC, 'rules'));
    expect(imports.length).toBeGreaterThan(20);
    const outside = imports.filter((item) => !['rules', 'model', 'rdb', 'plan', 'memory'].includes(layerOf(item)));
    expect(outside).toEqual([]);
  });

  test('src/model, the lowest layer, imports nothing from src/plan or any other folder above it', () => {
    const imports = importsUnder(path.join(SRC, 'model'));
    expect(imports.length).toBeGreaterThan(5);
    expect(imports.filter((item) => !['model', 'fs'].includes(layerOf(item)))).toEqual([]);
  });

  test('each folder imports only from the folders above it in CONTRIBUTING.md\'s table (rdb and memory from each other)', () => {
    const guide = fs.readFileSync(path.resolve(SRC, '../CONTRIBUTING.md'), 'utf8');
    const order = [...guide.matchAll(/^\| `src\/([a-z-]+)\/` \|/gm)].map((match) => match[1]);
    expect(order).toEqual(expect.arrayContaining(['model', 'rdb', 'memory', 'rules', 'constructs']));
    const mutual = new Set(['rdb>memory', 'memory>rdb']);
    const upward = order.flatMap((folder, rank) => importsUnder(path.join(SRC, folder))
      .filter((item) => item.module.startsWith('.'))
      .map((item) => ({ ...item, layer: layerOf(item) }))
      .filter(({ layer }) => order.includes(layer) && order.indexOf(layer) > rank && !mutual.has(`${folder}>${layer}`))
      .map(({ file, module }) => `${file} imports ${module}`));
    expect(upward).toEqual([]);
  });

  test('no src/ module imports itself through others', () => {
    expect(importCycles()).toEqual([]);
  });
});
