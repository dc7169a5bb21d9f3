import { RestoreRule } from './rule';

export const preflightIncomplete: RestoreRule = {
  id: 'preflight-incomplete',
  severity: 'error',
  refuses: 'a deploy-time check that could not read everything before its deadline (a stalled call, a scan stopped part-way)',
  fix: 'deploy again once S3 and ElastiCache answer; for very large files use `Preflight.headerOnly()` or a longer `timeout`',
  // Nothing to skip where no preflight runs (synth time, the CLI): nothing there was stopped.
  check({ incomplete = [] }, context) {
    return incomplete.map((stop) => context.error(
      `${stop.file ?? 'the restore'} was not checked to the end: ${stop.call} had not finished when the preflight's `
      + `${stop.timeoutSeconds} s Lambda timeout ran short${stop.progress ? ` (${stop.progress})` : ''}. Deploy again once it answers; `
      + 'for very large files use Preflight.headerOnly() (reads 64 KiB per object) or give the full scan more time, e.g. '
      + 'Preflight.fullScan({ timeout: Duration.minutes(15) }) (15 minutes is the most Lambda allows).',
      stop.file,
    ));
  },
};
