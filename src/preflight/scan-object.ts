import { S3Client } from '@aws-sdk/client-s3';
import { scanRdb } from '../rdb';
import { describeS3Error, InspectedObject } from './object-facts';
import { readObjectRanges } from './object-ranges';
import { ObjectSpec, ScanMode } from './properties';
import { FileReport } from '../rdb/report';

/** What a header-only scan reads: magic, version and the AUX fields fit in far less. */
export const HEADER_BYTES = 64 * 1024;

/** SSE-S3 (or none): the only encryption ElastiCache reads. */
const READABLE_ENCRYPTION = new Set([undefined, 'AES256']);

/** How one object's scan ended. */
export interface ObjectScan {
  readonly report?: FileReport;
  /** Reading from S3 failed part-way (not a fault of the file). */
  readonly error?: string;
  /** The scan stopped for lack of time: bytes read so far. */
  readonly stoppedAfterBytes?: number;
}

/** How to scan. */
export interface ScanOptions {
  readonly mode: ScanMode;
  /** Aborted when the Lambda function's time runs short. */
  readonly signal: AbortSignal;
  readonly log: (message: string) => void;
}

/**
 * Streams an object through the RDB scanner with ranged GETs. Objects the restore refuses anyway
 * (missing, encrypted with anything but SSE-S3) are not read.
 */
export async function scanObject(s3: S3Client, object: ObjectSpec, inspected: InspectedObject, options: ScanOptions): Promise<ObjectScan> {
  const { facts, size } = inspected;
  const uri = `s3://${object.bucket}/${object.key}`;
  if (size === undefined) return {};
  if (!READABLE_ENCRYPTION.has(facts.serverSideEncryption) || facts.customerKey) {
    options.log(`${uri}: not read, ElastiCache cannot load it with encryption ${facts.serverSideEncryption ?? 'SSE-C'}`);
    return {};
  }

  const headerOnly = options.mode === ScanMode.HEADER;
  const length = headerOnly ? Math.min(size, HEADER_BYTES) : size;
  let readError: unknown;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      yield* readObjectRanges(s3, { bucket: object.bucket, key: object.key, length, etag: inspected.etag, signal: options.signal });
    } catch (error) {
      // Kept apart from the scan: a failed GET says nothing about the file.
      readError = error;
      throw error;
    }
  }

  let bytesRead = 0;
  let lastLog = Date.now();
  const started = lastLog;
  const report = await scanRdb(chunks(), {
    file: uri,
    headerOnly,
    signal: options.signal,
    onProgress: (bytes) => {
      bytesRead = bytes;
      if (Date.now() - lastLog >= 10_000) {
        lastLog = Date.now();
        options.log(`${uri}: ${bytes} of ${length} bytes read`);
      }
    },
  }).catch((error) => {
    readError ??= error;
    return undefined;
  });

  if (options.signal.aborted) {
    return { stoppedAfterBytes: bytesRead };
  }
  if (readError !== undefined) {
    return { error: describeS3Error(readError, 's3:GetObject', object.arn, object) };
  }
  options.log(`${uri}: scanned ${report?.bytes ?? 0} bytes in ${Date.now() - started} ms${report?.error ? `, unreadable: ${report.error.message}` : ''}`);
  return { report };
}
