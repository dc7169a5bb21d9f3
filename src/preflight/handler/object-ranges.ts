import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CallStopped, Deadline } from './deadline';
import { MIB } from '../../model/units';

/** Where to read and how. */
export interface ObjectRangesOptions {
  readonly bucket: string;
  readonly key: string;
  /** The object's size from HEAD; when HEAD did not give it, the first range's Content-Range does. */
  readonly size?: number;
  /** Bytes to read at most from the start of the object (a header-only scan); undefined reads to the end. */
  readonly limit?: number;
  /** The ETag from HEAD: every range must come from the same version of the object. */
  readonly etag?: string;
  /** Bytes per GET. */
  readonly rangeBytes?: number;
  /** GETs in flight at once; memory stays under `rangeBytes × inFlight`. */
  readonly inFlight?: number;
  /** Tries per range for resets, short or shifted bodies, throttling and 5xx answers. */
  readonly attempts?: number;
  /** Every GET and every body read stops at it. */
  readonly deadline: Deadline;
}

/**
 * A ranged GET that did not bring the bytes asked for, on every try: a fault of S3 or of the
 * network, which says nothing about the file.
 */
export class ReadFault extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadFault';
  }
}

const FIRST_BACKOFF_MS = 100;

/**
 * The object's bytes from its start, in order, fetched as parallel ranged GETs with a few
 * ranges ahead of the consumer: fast on large objects, bounded in memory. Each answer must be
 * exactly the range asked for (Content-Range and length); one that is not, a reset connection,
 * throttling and 5xx answers are tried again with backoff, within the deadline.
 */
export async function* readObjectRanges(s3: S3Client, options: ObjectRangesOptions): AsyncGenerator<Uint8Array> {
  const rangeBytes = options.rangeBytes ?? 8 * MIB;
  const inFlight = options.inFlight ?? 4;
  const limit = options.limit ?? Infinity;
  // Unknown until HEAD or the first range's Content-Range tells.
  let length = options.size === undefined ? undefined : Math.min(limit, options.size);

  // Aborted when the consumer stops (a fault, an early return): ranges ahead stop too, retries and all.
  const abandoned = new AbortController();
  const pending: Promise<FetchedRange>[] = [];
  let next = 0;
  const fill = () => {
    while (pending.length < inFlight && (length === undefined ? next === 0 : next < length)) {
      const end = Math.min(next + rangeBytes, length ?? limit) - 1;
      const range = fetchRange(s3, options, next, end, abandoned.signal);
      // A range the consumer never awaits (a stop, an early return) must not surface as unhandled.
      range.catch(() => undefined);
      pending.push(range);
      next = end + 1;
    }
  };
  try {
    fill();
    while (pending.length > 0) {
      const range = await pending.shift()!;
      length ??= Math.min(limit, range.objectSize);
      fill();
      yield range.bytes;
    }
  } finally {
    abandoned.abort();
  }
}

/** One range's bytes and the object's size, as its Content-Range says. */
interface FetchedRange {
  readonly bytes: Uint8Array;
  readonly objectSize: number;
}

async function fetchRange(s3: S3Client, options: ObjectRangesOptions, start: number, end: number, abandoned: AbortSignal): Promise<FetchedRange> {
  const call = `GetObject bytes=${start}-${end}`;
  const attempts = options.attempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      return await options.deadline.run(call, (signal) => getRange(s3, options, start, end, AbortSignal.any([signal, abandoned])));
    } catch (error) {
      if (abandoned.aborted || !worthRetrying(error) || attempt >= attempts) {
        throw error instanceof ReadFault ? new ReadFault(`${error.message} (${attempt} tries)`) : error;
      }
      await options.deadline.sleep(FIRST_BACKOFF_MS * 2 ** (attempt - 1) * (0.5 + Math.random()), call);
    }
  }
}

async function getRange(s3: S3Client, options: ObjectRangesOptions, start: number, end: number, signal: AbortSignal): Promise<FetchedRange> {
  const range = `bytes=${start}-${end}`;
  const command = new GetObjectCommand({ Bucket: options.bucket, Key: options.key, Range: range, IfMatch: options.etag });
  const response = await s3.send(command, { abortSignal: signal });
  const body = response.Body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
  // Frees the connection of a body that is not read to its end (a fault, the deadline).
  const release = () => body?.destroy?.();
  signal.addEventListener('abort', release, { once: true });
  try {
    const [, first, last, size] = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.ContentRange ?? '')?.map(Number) ?? [];
    if (first !== start || last !== Math.min(end, size - 1) || body === undefined) {
      throw new ReadFault(`${range} was answered with Content-Range ${response.ContentRange ?? '(none)'}`);
    }
    const bytes = new Uint8Array(last - first + 1);
    let filled = 0;
    try {
      for await (const chunk of body) {
        if (filled + chunk.length > bytes.length) throw new ReadFault(`${range} was answered with more than ${bytes.length} bytes`);
        bytes.set(chunk, filled);
        filled += chunk.length;
      }
    } catch (error) {
      if (error instanceof ReadFault || signal.aborted) throw error;
      throw new ReadFault(`the connection failed after ${filled} of ${bytes.length} bytes of ${range}: ${(error as Error).message}`);
    }
    if (filled < bytes.length) throw new ReadFault(`${range} was answered with ${filled} of ${bytes.length} bytes`);
    return { bytes, objectSize: size };
  } finally {
    signal.removeEventListener('abort', release);
    release();
  }
}

/** Faults of the answer or the network, throttling and 5xx: not 403, 404 or 412 (the object changed). */
function worthRetrying(error: unknown): boolean {
  if (error instanceof CallStopped) return false;
  if (error instanceof ReadFault) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return status === undefined || status >= 500 || status === 429 || /SlowDown|Throttl/.test((error as Error)?.name ?? '');
}
