import { requirePreflightBundle } from './preflight-bundle';

/** Before any test: stacks synthesize the bundled preflight, which jest does not build. */
export default function globalSetup(): void {
  requirePreflightBundle();
}
