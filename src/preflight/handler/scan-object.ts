import { S3Client } from '@aws-sdk/client-s3';
import { CallStopped, Deadline } from './deadline';
import { describeS3Error, InspectedObject } from './object-facts';
import { readObjectRanges } from './object-ranges';
import { MemoryProfile } from '../../memory/memory-profile';
import { RdbScanner, scanRdb } from '../../rdb';
import { FileReport } from '../../rdb/report';
import { s3Uri } from '../../rules/support/s3-uri';
import { ObjectSpec, ScanMode } from '../properties';

/** SSE-S3 (or none): the only encryption ElastiCache reads. */
const READABLE_ENCRYPTION = new Set([undefined, 'AES256']);

/** How one object's scan ended. */
export interface ObjectScan {
  readonly report?: FileReport;
  /** Reading from S3 failed part-way (not a fault of the file). */
  readonly error?: string;
  /** The deadline stopped the scan: the call it stopped and how far the scan had come. */
  readonly stopped?: { readonly call: string; readonly progress: string };
}

/** How to scan. */
export interface ScanOptions {
  readonly mode: ScanMode;
  readonly deadline: Deadline;
  readonly log: (message: string) => void;
  /** The engines to estimate memory for. @default - the newest Valkey on ElastiCache */
  readonly memoryProfiles?: readonly MemoryProfile[];
}

/**
 * Streams an object through the RDB scanner with ranged GETs. Objects the restore refuses anyway
 * (missing, encrypted with anything but SSE-S3) are not read. An object whose size HEAD did not
 * give is read to the end its first range's Content-Range names.
 */
export async function scanObject(s3: S3Client, object: ObjectSpec, inspected: InspectedObject, options: ScanOptions): Promise<ObjectScan> {
  const { facts, head } = inspected;
  const uri = s3Uri(object);
  if (head === undefined) return {};
  const { size, etag } = head;
  if (!READABLE_ENCRYPTION.has(facts.serverSideEncryption) || facts.customerKey) {
    options.log(`${uri}: not read, ElastiCache cannot load it with encryption ${facts.serverSideEncryption ?? 'SSE-C'}`);
    return {};
  }

  const headerOnly = options.mode === ScanMode.HEADER;
  // Ranges no further than the scanner reads of a header.
  const limit = headerOnly ? RdbScanner.HEADER_ONLY_BYTES : undefined;
  const ofLength = size === undefined ? 'bytes (HEAD gave no size)' : `of ${Math.min(size, limit ?? size)} bytes`;
  if (size === undefined) options.log(`${uri}: HEAD gave no Content-Length; reading to the end its Content-Range names`);
  let readError: unknown;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      yield* readObjectRanges(s3, { bucket: object.bucket, key: object.key, size, limit, etag, deadline: options.deadline });
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
    memoryProfiles: options.memoryProfiles,
    signal: options.deadline.signal,
    onProgress: (bytes) => {
      bytesRead = bytes;
      if (Date.now() - lastLog >= 10_000) {
        lastLog = Date.now();
        options.log(`${uri}: read ${bytes} ${ofLength}`);
      }
    },
  }).catch((error) => {
    readError ??= error;
    return undefined;
  });

  // The scan stopped at the deadline: on a range it awaited (named), or between two (the deadline's own reason).
  if (readError instanceof CallStopped) {
    return { stopped: { call: readError.call, progress: `read ${bytesRead} ${ofLength}` } };
  }
  if (readError !== undefined) {
    return { error: describeS3Error(readError, 's3:GetObject', object.arn, object) };
  }
  options.log(`${uri}: scanned ${report?.bytes ?? 0} bytes in ${Date.now() - started} ms${report?.error ? `, unreadable: ${report.error.message}` : ''}`);
  return { report };
}
