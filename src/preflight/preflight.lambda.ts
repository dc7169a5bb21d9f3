import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { checkRestore } from './check-restore';
import { PreflightProperties } from './properties';
import { Finding } from '../rules/facts';
import { replacingChanges } from '../target/group-properties';

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
 * cluster exists. Create checks. Update checks only when the change replaces the group, which then
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
    const replacing = replacingChanges(old.Group ?? {}, properties.Group, properties.OnlineResharding === 'true');
    if (replacing.length === 0) {
      log('the group changes in place and restores nothing: not checking again');
      return { PhysicalResourceId: physicalResourceId };
    }
    log(`${replacing.join(', ')} changed, which replaces the group: checking the restore again`);
    // A new id replaces the check too: should the stack roll back, CloudFormation deletes this one
    // instead of sending an update back to the old sources, which may be gone.
    physicalResourceId = `${event.LogicalResourceId}-preflight-${event.RequestId}`;
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

function truncate(text: string): string {
  return text.length <= MAX_REASON_CHARS ? text : `${text.slice(0, MAX_REASON_CHARS)}… (the rest is in the function's log)`;
}

function log(message: string): void {
  console.log(message);
}
