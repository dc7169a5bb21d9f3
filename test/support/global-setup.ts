import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { requirePreflightBundle } from './preflight-bundle';

/** Where this run's temporary files go (the teardown reads it back). */
export const RUN_TMPDIR = 'CDK_ELASTICACHE_RESTORE_TEST_TMPDIR';

/**
 * Before any test: stacks synthesize the bundled preflight, which jest does not build. And every
 * App synthesizes into a new folder under the temp dir, as tests write their files there: the run
 * gets a temp dir of its own (workers inherit TMPDIR), which the teardown removes, so a run does
 * not leave hundreds of folders behind.
 */
export default function globalSetup(): void {
  requirePreflightBundle();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-elasticache-restore-test-'));
  process.env[RUN_TMPDIR] = dir;
  process.env.TMPDIR = dir;
}
