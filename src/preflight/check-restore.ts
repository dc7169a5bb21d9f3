import { S3Client } from '@aws-sdk/client-s3';
import { evaluateRules } from '../rules';
import { elastiCacheClient, s3Client } from './clients';
import { Deadline } from './deadline';
import { putElastiCacheGrant } from './grant-access';
import { InspectedObject, inspectObject } from './object-facts';
import { ObjectSpec, PreflightProperties, TargetSpec, targetFactsOf } from './properties';
import { scanObject } from './scan-object';
import { describeBackup } from './snapshot-facts';
import { Finding, IncompleteCheck, RdbFileFacts, RestoreFacts } from '../rules/facts';

/** Objects inspected and scanned at once: enough to overlap latency, few enough for memory. */
const FILES_AT_ONCE = 3;

/** Where the check runs. */
export interface CheckOptions {
  /** When every call must have answered: the function's remaining time less a margin for the answer. */
  readonly deadline: Deadline;
  /** The function's timeout, for the message when the deadline stops a call. */
  readonly timeoutSeconds: number;
  readonly log: (message: string) => void;
}

/**
 * Reads what the restore's sources really are and runs every rule over them. ElastiCache's object
 * ACL grant is put only when no rule refuses the restore.
 */
export async function checkRestore(properties: PreflightProperties, options: CheckOptions): Promise<Finding[]> {
  const target = targetFactsOf(JSON.parse(properties.Target) as TargetSpec, properties.Region);
  const findings: Finding[] = [];
  const incomplete: IncompleteCheck[] = [];
  const stopped = (call: string, file?: string, progress?: string) =>
    incomplete.push({ call, file, progress, timeoutSeconds: options.timeoutSeconds });
  let facts: RestoreFacts = { subject: properties.Subject, target, incomplete };

  if (properties.SnapshotName) {
    const snapshotArn = properties.SnapshotArn ?? properties.SnapshotName;
    const lookup = await describeBackup(elastiCacheClient(properties.Region), properties.SnapshotName, snapshotArn, options.deadline, options.log);
    facts = { ...facts, backup: lookup.facts };
    if (lookup.stopped) stopped(lookup.stopped);
    if (lookup.error) {
      findings.push({ rule: 'snapshot-state', severity: 'error', message: `backup '${properties.SnapshotName}' could not be checked: ${lookup.error}.` });
    }
  }

  if (!properties.Objects) {
    return [...evaluateRules(facts, { debug: options.log }), ...findings];
  }
  const objects = JSON.parse(properties.Objects) as ObjectSpec[];
  const s3 = s3Client();
  const checked = await mapConcurrently(objects, FILES_AT_ONCE, (object) => checkObject(s3, object, properties, options));
  checked.forEach(({ file, stops }) => stops.forEach(({ call, progress }) => stopped(call, file.file, progress)));
  const verdict = (rdbFiles: RdbFileFacts[]) => [...evaluateRules({ ...facts, rdbFiles }, { debug: options.log }), ...findings];
  const beforeGrants = verdict(checked.map(({ file }) => file));
  if (beforeGrants.some((finding) => finding.severity === 'error')) return beforeGrants;

  // Judged again only when a grant failed or was stopped: then ElastiCache may not read the object.
  let grantFailed = false;
  const granted = await Promise.all(checked.map(async ({ file, object, inspected }) => {
    if (!inspected.pendingGrant) return file;
    const outcome = await putElastiCacheGrant(s3, object, inspected.pendingGrant, options.deadline, options.log);
    if (outcome.stopped) stopped(outcome.stopped, file.file);
    grantFailed ||= outcome.stopped !== undefined || outcome.error !== undefined;
    return outcome.error ? { ...file, s3: { ...file.s3!, elastiCacheCanRead: false, error: outcome.error } } : file;
  }));
  return grantFailed ? verdict(granted) : beforeGrants;
}

/** One object's facts, and the calls the deadline stopped (a scan's with how far it had come). */
interface CheckedObject {
  readonly object: ObjectSpec;
  readonly inspected: InspectedObject;
  readonly file: RdbFileFacts;
  readonly stops: Array<{ readonly call: string; readonly progress?: string }>;
}

async function checkObject(s3: S3Client, object: ObjectSpec, properties: PreflightProperties, options: CheckOptions): Promise<CheckedObject> {
  const uri = `s3://${object.bucket}/${object.key}`;
  const grantAccess = properties.GrantAccess === 'true';
  const inspected = await inspectObject(s3, object, { region: properties.Region, grantAccess, deadline: options.deadline, log: options.log });
  if (inspected.stopped.length > 0) {
    // The deadline has passed: there is no time left to scan.
    return { object, inspected, file: { file: uri, s3: inspected.facts }, stops: inspected.stopped.map((call) => ({ call })) };
  }
  const scan = await scanObject(s3, object, inspected, { mode: properties.Mode, deadline: options.deadline, log: options.log });
  const s3Facts = scan.error ? { ...inspected.facts, error: scan.error } : inspected.facts;
  return { object, inspected, file: { file: uri, s3: s3Facts, report: scan.report }, stops: scan.stopped ? [scan.stopped] : [] };
}

/** `fn` over every item, at most `limit` at a time, results in item order. */
async function mapConcurrently<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
