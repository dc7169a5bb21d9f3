import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { checkRestore } from './check-restore';
import { PreflightProperties } from './properties';
import { Finding } from '../rules/facts';

/** Time kept back to report findings after a scan is stopped. */
const REPORT_MARGIN_MS = 20_000;

/** CloudFormation shows about 4 KiB of a failure reason; the log has everything. */
const MAX_REASON_CHARS = 3_000;

/** What the custom-resource provider framework expects back. */
export interface PreflightResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: { readonly Warnings: string };
}

/**
 * `Custom::ElastiCacheRestorePreflight`: refuses a restore whose sources fail the rules, before the
 * cluster exists. Create and Update (when an input changed) check; Delete always succeeds.
 */
export async function handler(event: CloudFormationCustomResourceEvent, context: Context): Promise<PreflightResponse> {
  const physicalResourceId = event.RequestType === 'Create' ? `${event.LogicalResourceId}-preflight` : event.PhysicalResourceId;
  if (event.RequestType === 'Delete') {
    return { PhysicalResourceId: physicalResourceId };
  }
  const properties = event.ResourceProperties as unknown as PreflightProperties & { ServiceToken: string };
  if (event.RequestType === 'Update' && sameInputs(event.OldResourceProperties, event.ResourceProperties)) {
    log('inputs unchanged: not checking again');
    return { PhysicalResourceId: physicalResourceId };
  }

  const remainingMs = context.getRemainingTimeInMillis();
  const controller = new AbortController();
  const timer = setTimeout(() => {
    log('time is running short: stopping the scans');
    controller.abort();
  }, Math.max(0, remainingMs - REPORT_MARGIN_MS));
  let findings: Finding[];
  try {
    log(`checking ${properties.Subject} (${properties.Mode} scan) in ${properties.Region}`);
    findings = await checkRestore(properties, { signal: controller.signal, timeoutSeconds: Math.round(remainingMs / 1000), log });
  } finally {
    clearTimeout(timer);
  }

  findings.forEach((finding) => log(`${finding.severity} ${line(finding)}`));
  const errors = findings.filter((finding) => finding.severity === 'error');
  if (errors.length > 0) {
    throw new Error(truncate(`ElastiCache restore refused for ${properties.Subject}: ${errors.length} error(s)\n${errors.map(line).join('\n')}`));
  }
  const warnings = findings.map(line).join('\n');
  log(warnings ? `passed with warnings:\n${warnings}` : 'passed');
  return { PhysicalResourceId: physicalResourceId, Data: { Warnings: truncate(warnings) } };
}

function line(finding: Finding): string {
  return `[${finding.rule}]${finding.file ? ` ${finding.file}:` : ''} ${finding.message}`;
}

/** Whether an update changed nothing the check reads (the service token may move freely). */
function sameInputs(old: Record<string, unknown>, current: Record<string, unknown>): boolean {
  const inputs = (properties: Record<string, unknown>) => JSON.stringify(Object.entries(properties)
    .filter(([key]) => key !== 'ServiceToken')
    .sort(([a], [b]) => a.localeCompare(b)));
  return inputs(old) === inputs(current);
}

function truncate(text: string): string {
  return text.length <= MAX_REASON_CHARS ? text : `${text.slice(0, MAX_REASON_CHARS)}… (the rest is in the function's log)`;
}

function log(message: string): void {
  console.log(message);
}
