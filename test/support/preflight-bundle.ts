/**
 * The preflight Lambda as `npx projen bundle` writes it. The tests never bundle: the build bundles
 * once, in pre-compile, so `npx projen test` or a focused `npx jest …` on a fresh clone, or after
 * editing src/, needs `npx projen bundle` first.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const REMEDY = 'run `npx projen bundle` first (the build does, in pre-compile)';

/** The bundled handler, as Lambda loads it. */
export const PREFLIGHT_BUNDLE = path.join(ROOT, 'assets/preflight/handler/preflight.lambda/index.js');

/** Fails, naming the remedy, when the bundle that stacks synthesize as the preflight's code is missing. */
export function requirePreflightBundle(): void {
  if (!fs.existsSync(PREFLIGHT_BUNDLE)) {
    throw new Error(`The preflight Lambda bundle ${path.relative(ROOT, PREFLIGHT_BUNDLE)} is missing: ${REMEDY}.`);
  }
}

/**
 * Fails, naming the remedy, when a source file changed after the bundle was built. The bundle ships
 * no source map, so every file of src/ counts, but the function classes projen regenerates on each
 * synth (`*-function.ts`), which the bundle does not contain.
 */
export function requireFreshPreflightBundle(): void {
  requirePreflightBundle();
  const built = fs.statSync(PREFLIGHT_BUNDLE).mtimeMs;
  const changed = sourceFiles(path.join(ROOT, 'src')).find((source) => fs.statSync(source).mtimeMs > built);
  if (changed) {
    throw new Error(`The preflight Lambda bundle is older than ${path.relative(ROOT, changed)}: ${REMEDY}.`);
  }
}

function sourceFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('-function.ts') ? [file] : [];
  });
}
