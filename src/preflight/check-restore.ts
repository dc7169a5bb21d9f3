import { S3Client } from '@aws-sdk/client-s3';
import { evaluateRules } from '../rules';
import { elastiCacheClient, s3Client } from './clients';
import { inspectObject } from './object-facts';
import { ObjectSpec, PreflightProperties, ScanMode } from './properties';
import { ObjectScan, scanObject } from './scan-object';
import { describeBackup } from './snapshot-facts';
import { Finding, IncompleteCheck, RdbFileFacts, RestoreFacts, TargetFacts } from '../rules/facts';
import { DeclaredModels, targetFactsOf } from '../target/target-facts';

/** Objects inspected and scanned at once: enough to overlap latency, few enough for memory. */
const FILES_AT_ONCE = 3;

/** Where the check runs. */
export interface CheckOptions {
  /** Aborted when the Lambda function's time runs short. */
  readonly signal: AbortSignal;
  /** The function's timeout, for the message when a scan runs out of time. */
  readonly timeoutSeconds: number;
  readonly log: (message: string) => void;
}

/** Reads what the restore's sources really are and runs every rule over them. */
export async function checkRestore(properties: PreflightProperties, options: CheckOptions): Promise<Finding[]> {
  const target = targetOf(properties, options.log);
  const incomplete: IncompleteCheck[] = [];
  const acknowledged = properties.Acknowledged ? JSON.parse(properties.Acknowledged) as Record<string, string> : undefined;
  let facts: RestoreFacts = { subject: properties.Subject, target, acknowledged };

  const snapshotName = properties.Group.SnapshotName;
  if (typeof snapshotName === 'string') {
    const snapshotArn = properties.SnapshotArn ?? snapshotName;
    const lookup = await describeBackup(elastiCacheClient(properties.Region), snapshotName, snapshotArn, options.log);
    facts = { ...facts, backup: lookup.facts };
    if (lookup.error) {
      incomplete.push({ message: `backup '${snapshotName}' could not be checked: ${lookup.error}.` });
    }
  }

  if (properties.Objects) {
    const objects = JSON.parse(properties.Objects) as ObjectSpec[];
    const s3 = s3Client();
    const files = await mapConcurrently(objects, FILES_AT_ONCE, (object) => checkObject(s3, object, properties, options));
    facts = { ...facts, rdbFiles: files.map(({ file }) => file) };
    incomplete.push(...files.flatMap(({ stopped }) => (stopped ? [stopped] : [])));
  }

  return evaluateRules({ ...facts, incomplete }, { debug: options.log });
}

/** The group being created, read from the properties as CloudFormation resolved them. */
export function targetOf(properties: PreflightProperties, log: (message: string) => void): TargetFacts {
  return targetFactsOf({
    properties: properties.Group,
    parameterGroup: properties.ParameterGroup,
    region: properties.Region,
    declared: properties.Declared ? JSON.parse(properties.Declared) as DeclaredModels : undefined,
  }, (message) => log(`${properties.Subject}: ${message}`));
}

async function checkObject(
  s3: S3Client, object: ObjectSpec, properties: PreflightProperties, options: CheckOptions,
): Promise<{ file: RdbFileFacts; stopped?: IncompleteCheck }> {
  const uri = `s3://${object.bucket}/${object.key}`;
  const inspected = await inspectObject(s3, object, { region: properties.Region, grantAccess: properties.GrantAccess === 'true', log: options.log });
  const scan: ObjectScan = options.signal.aborted
    ? { stoppedAfterBytes: 0 }
    : await scanObject(s3, object, inspected, { mode: properties.Mode, signal: options.signal, log: options.log });
  const s3Facts = { ...inspected.facts, size: inspected.size, ...(scan.error ? { error: scan.error } : {}) };
  const file = { file: uri, s3: s3Facts, report: scan.report, factsFileBytes: object.factsFileBytes };
  if (scan.stoppedAfterBytes === undefined) return { file };
  const read = properties.Mode === ScanMode.HEADER ? 'the header' : `${scan.stoppedAfterBytes} of ${inspected.size} bytes`;
  return {
    file,
    stopped: {
      file: uri,
      message: `${uri} was not checked to the end: the preflight read ${read} before its ${options.timeoutSeconds} s Lambda timeout ran short. `
        + 'Use Preflight.headerOnly() (reads 64 KiB per object), or give the full scan more time, e.g. '
        + 'Preflight.fullScan({ timeout: Duration.minutes(15) }) (15 minutes is the most Lambda allows).',
    },
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
