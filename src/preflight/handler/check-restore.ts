import { S3Client } from '@aws-sdk/client-s3';
import { elastiCacheClient, s3Client } from './clients';
import { Deadline } from './deadline';
import { putElastiCacheGrant } from './grant-access';
import { InspectedObject, inspectObject } from './object-facts';
import { MemoryProfile } from '../../memory/memory-profile';
import { evaluateRules } from '../../rules';
import { ObjectSpec, PreflightProperties } from '../properties';
import { scanObject, ScanOptions } from './scan-object';
import { describeBackup } from './snapshot-facts';
import { Finding, IncompleteCheck, RdbFileFacts, RestoreFacts, TargetFacts } from '../../rules/facts';
import { s3Uri } from '../../rules/support/s3-uri';
import { REPLICATION_GROUP } from '../../target/group-properties';
import { resourceTargetFactsOf } from '../../target/resource-facts';
import { DeclaredModels } from '../../target/target-facts';

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
  const target = targetOf(properties, options.log);
  const incomplete: IncompleteCheck[] = [];
  const stopped = (call: string, file?: string, progress?: string) =>
    incomplete.push({ file, message: stoppedMessage(call, file, progress, options.timeoutSeconds) });
  const acknowledged = properties.Acknowledged ? JSON.parse(properties.Acknowledged) as Record<string, string> : undefined;
  let facts: RestoreFacts = { subject: properties.Subject, target, acknowledged, incomplete };

  const snapshotName = properties.Group.SnapshotName;
  if (typeof snapshotName === 'string') {
    const snapshotArn = properties.SnapshotArn ?? snapshotName;
    const lookup = await describeBackup(elastiCacheClient(properties.Region), snapshotName, snapshotArn, options.deadline, options.log);
    facts = { ...facts, backup: lookup.facts };
    if (lookup.stopped) stopped(lookup.stopped);
    if (lookup.error) {
      incomplete.push({ message: `backup '${snapshotName}' could not be checked: ${lookup.error}.` });
    }
  }

  if (!properties.Objects) {
    return evaluateRules(facts, { debug: options.log });
  }
  const objects = JSON.parse(properties.Objects) as ObjectSpec[];
  const s3 = s3Client();
  // The memory check estimates for the target's engine (each engine a scan estimates for costs time).
  const memoryProfiles = facts.target.engineVersion ? [MemoryProfile.forEngine(facts.target.engineVersion)] : undefined;
  const checked = await mapConcurrently(objects, FILES_AT_ONCE, (object) => checkObject(s3, object, properties, { ...options, memoryProfiles }));
  checked.forEach(({ file, stops }) => stops.forEach(({ call, progress }) => stopped(call, file.file, progress)));
  const verdict = (rdbFiles: RdbFileFacts[]) => evaluateRules({ ...facts, rdbFiles }, { debug: options.log });
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

/** The group, cache cluster or serverless cache being created, read from the properties as CloudFormation resolved them. */
export function targetOf(properties: PreflightProperties, log: (message: string) => void): TargetFacts {
  return resourceTargetFactsOf(properties.ResourceType ?? REPLICATION_GROUP, {
    properties: properties.Group,
    parameterGroup: properties.ParameterGroup,
    region: properties.Region,
    declared: properties.Declared ? JSON.parse(properties.Declared) as DeclaredModels : undefined,
  }, (message) => log(`${properties.Subject}: ${message}`));
}

/** What the deadline stopped, for `preflight-incomplete`: the object, the call, how far it came, what to do. */
function stoppedMessage(call: string, file: string | undefined, progress: string | undefined, timeoutSeconds: number): string {
  return `${file ?? 'the restore'} was not checked to the end: ${call} had not finished when the preflight's `
    + `${timeoutSeconds} s Lambda timeout ran short${progress ? ` (${progress})` : ''}. Deploy again once it answers; `
    + 'for very large files use Preflight.headerOnly() (reads 64 KiB per object) or give the full scan more time, e.g. '
    + 'Preflight.fullScan({ timeout: Duration.minutes(15) }) (15 minutes is the most Lambda allows).';
}

/** One object's facts, and the calls the deadline stopped (a scan's with how far it had come). */
interface CheckedObject {
  readonly object: ObjectSpec;
  readonly inspected: InspectedObject;
  readonly file: RdbFileFacts;
  readonly stops: Array<{ readonly call: string; readonly progress?: string }>;
}

async function checkObject(
  s3: S3Client, object: ObjectSpec, properties: PreflightProperties, options: CheckOptions & Pick<ScanOptions, 'memoryProfiles'>,
): Promise<CheckedObject> {
  const uri = s3Uri(object);
  const grantAccess = properties.GrantAccess === 'true';
  const inspected = await inspectObject(s3, object, { region: properties.Region, grantAccess, deadline: options.deadline, log: options.log });
  const facts = { file: uri, factsFileBytes: object.factsFileBytes };
  const s3Facts = { ...inspected.facts, size: inspected.head?.size };
  if (inspected.stopped.length > 0) {
    // The deadline has passed: there is no time left to scan.
    return { object, inspected, file: { ...facts, s3: s3Facts }, stops: inspected.stopped.map((call) => ({ call })) };
  }
  const { deadline, log, memoryProfiles } = options;
  const scan = await scanObject(s3, object, inspected, { mode: properties.Mode, deadline, log, memoryProfiles });
  return {
    object,
    inspected,
    file: { ...facts, s3: scan.error ? { ...s3Facts, error: scan.error } : s3Facts, report: scan.report },
    stops: scan.stopped ? [scan.stopped] : [],
  };
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
