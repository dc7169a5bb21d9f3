import { execFileSync } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '..');

/** The AWS SDK packages a fresh Node process has loaded after requiring `entry` (relative to the root). */
function sdkPackagesLoadedBy(entry: string): string[] {
  const probe = `
    require(${JSON.stringify(path.join(root, entry))});
    const loaded = Object.keys(require.cache)
      .map((file) => /[\\\\/]node_modules[\\\\/](@aws-sdk[\\\\/][^\\\\/]+)/.exec(file)?.[1])
      .filter(Boolean);
    process.stdout.write(JSON.stringify([...new Set(loaded)].sort()));
  `;
  const output = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', probe], {
    cwd: root,
    env: { ...process.env, TS_NODE_PROJECT: path.join(root, 'test/tsconfig.json') },
    encoding: 'utf8',
  });
  return JSON.parse(output);
}

describe('the library entry', () => {
  test('loads no AWS SDK module: the SDK is the Lambda\'s, bundled into its asset', () => {
    expect(sdkPackagesLoadedBy('src/index.ts')).toEqual([]);
  });

  test('the probe sees the SDK where the Lambda loads it', () => {
    expect(sdkPackagesLoadedBy('src/preflight/handler/clients.ts')).toEqual(
      expect.arrayContaining(['@aws-sdk/client-elasticache', '@aws-sdk/client-s3']));
  });
});
