import { RestoreRule } from './rule';

export const preflightIncomplete: RestoreRule = {
  id: 'preflight-incomplete',
  severity: 'error',
  refuses: 'a deploy-time check that could not read everything it needs in time (a scan stopped before the Lambda timeout, a call that failed or stalled)',
  fix: 'do what the message says (more time, `Preflight.headerOnly()`, a missing permission), then deploy again',
  check({ incomplete }, context) {
    // Only the preflight reports gaps; elsewhere there is nothing this rule could refuse.
    return (incomplete ?? []).map((gap) => context.error(gap.message, gap.file));
  },
};
