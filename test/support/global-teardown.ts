import * as fs from 'fs';
import { RUN_TMPDIR } from './global-setup';

/** After every test: the run's temp dir goes, with every synthesized App and file in it. */
export default function globalTeardown(): void {
  const dir = process.env[RUN_TMPDIR];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
