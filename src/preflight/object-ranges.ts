import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';

/** Where to read and how. */
export interface ObjectRangesOptions {
  readonly bucket: string;
  readonly key: string;
  /** Bytes to read from the start of the object. */
  readonly length: number;
  /** The ETag from HEAD: every range must come from the same version of the object. */
  readonly etag?: string;
  /** Bytes per GET. */
  readonly rangeBytes?: number;
  /** GETs in flight at once; memory stays under `rangeBytes × inFlight`. */
  readonly inFlight?: number;
  readonly signal?: AbortSignal;
}

const MIB = 1024 * 1024;

/**
 * The first `length` bytes of an object, in order, fetched as parallel ranged GETs with a few
 * ranges ahead of the consumer: fast on large objects, bounded in memory.
 */
export async function* readObjectRanges(s3: S3Client, options: ObjectRangesOptions): AsyncGenerator<Uint8Array> {
  const rangeBytes = options.rangeBytes ?? 8 * MIB;
  const inFlight = options.inFlight ?? 4;
  const fetchRange = async (start: number): Promise<Uint8Array> => {
    const end = Math.min(start + rangeBytes, options.length) - 1;
    const response = await s3.send(new GetObjectCommand({
      Bucket: options.bucket,
      Key: options.key,
      Range: `bytes=${start}-${end}`,
      IfMatch: options.etag,
    }), { abortSignal: options.signal });
    return response.Body!.transformToByteArray();
  };

  const pending: Promise<Uint8Array>[] = [];
  let next = 0;
  const fill = () => {
    while (pending.length < inFlight && next < options.length && !options.signal?.aborted) {
      const range = fetchRange(next);
      // A range the consumer never awaits (abort, early return) must not surface as unhandled.
      range.catch(() => undefined);
      pending.push(range);
      next += rangeBytes;
    }
  };
  fill();
  while (pending.length > 0 && !options.signal?.aborted) {
    const chunk = await pending.shift()!;
    fill();
    yield chunk;
  }
}
