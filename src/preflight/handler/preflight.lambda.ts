import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { logLine, refusalReason, warningsAttribute } from './answer';
import { checkRestore } from './check-restore';
import { Deadline } from './deadline';
import { printable } from '../../model/text';
import { Finding } from '../../rules/facts';
import { REPLICATION_GROUP, replacingChanges } from '../../target/group-properties';
import { PreflightProperties } from '../properties';

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
 * cluster exists. Create checks. Update checks only when the change replaces the resource, which then
 * restores again; a change in place never reads the sources, which may be long gone (automatic
 * backups expire). Delete always succeeds.
 */
export async function handler(event: CloudFormationCustomResourceEvent, context: Context): Promise<PreflightResponse> {
  if (event.RequestType === 'Delete') {
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  let physicalResourceId = event.RequestType === 'Create' ? `${event.LogicalResourceId}-preflight` : event.PhysicalResourceId;
  const properties = event.ResourceProperties as unknown as PreflightProperties & { ServiceToken: string };
  if (event.RequestType === 'Update') {
    const old = event.OldResourceProperties as unknown as Partial<PreflightProperties>;
    const resourceType = properties.ResourceType ?? REPLICATION_GROUP;
    const replacing = replacingChanges(resourceType, old.Group ?? {}, properties.Group, properties.OnlineResharding === 'true');
    if (replacing.length === 0) {
      log(`the ${resourceType} changes in place and restores nothing: not checking again`);
      return { PhysicalResourceId: physicalResourceId };
    }
    log(`${replacing.join(', ')} changed, which replaces the ${resourceType}: checking the restore again`);
    // A new id replaces the check too: should the stack roll back, CloudFormation deletes this one
    // instead of sending an update back to the old sources, which may be gone.
    physicalResourceId = `${event.LogicalResourceId}-preflight-${event.RequestId}`;
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

/** One log line: S3 keys and file text in it cannot start another. */
function log(message: string): void {
  console.log(printable(message));
}
