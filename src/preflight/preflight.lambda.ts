import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { logLine, refusalReason, warningsAttribute } from './answer';
import { checkRestore } from './check-restore';
import { Deadline } from './deadline';
import { PreflightProperties } from './properties';
import { Finding } from '../rules/facts';
import { printable } from '../rules/format';

/** Time kept back to evaluate the rules and answer after the deadline stopped the calls (at most a quarter of the time left). */
const ANSWER_MARGIN_MS = 10_000;

/** What the custom-resource provider framework expects back. */
export interface PreflightResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: { readonly Warnings: string };
}

/**
 * The error a refused restore throws. Its stack is its name alone: the provider framework appends
 * the stack's lines after the first to the reason, which would repeat every finding.
 */
class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefused';
    this.stack = this.name;
  }
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
  const deadline = Deadline.in(remainingMs - Math.min(ANSWER_MARGIN_MS, remainingMs / 4));
  let findings: Finding[];
  try {
    log(`checking ${properties.Subject} (${properties.Mode} scan) in ${properties.Region}, answering within ${Math.round(deadline.remainingMs / 1000)} s`);
    findings = await checkRestore(properties, { deadline, timeoutSeconds: Math.round(remainingMs / 1000), log });
  } finally {
    deadline.dispose();
  }

  // The log has every finding in full; CloudFormation gets a summary that fits its answer.
  findings.forEach((finding) => log(logLine(finding)));
  const errors = findings.filter((finding) => finding.severity === 'error');
  if (errors.length > 0) {
    throw new RestoreRefused(refusalReason(properties.Subject, errors));
  }
  log(findings.length > 0 ? `passed with ${findings.length} warning(s)` : 'passed');
  return { PhysicalResourceId: physicalResourceId, Data: { Warnings: warningsAttribute(findings) } };
}

/** Whether an update changed nothing the check reads (the service token may move freely). */
function sameInputs(old: Record<string, unknown>, current: Record<string, unknown>): boolean {
  const inputs = (properties: Record<string, unknown>) => JSON.stringify(Object.entries(properties)
    .filter(([key]) => key !== 'ServiceToken')
    .sort(([a], [b]) => a.localeCompare(b)));
  return inputs(old) === inputs(current);
}

/** One log line: S3 keys and file text in it cannot start another. */
function log(message: string): void {
  console.log(printable(message));
}
