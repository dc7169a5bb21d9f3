import { FileReport } from './report';
import { RdbScanner } from './scanner';
import type { MemoryProfile } from '../memory/memory-profile';

/** Options of `scanRdb`. */
export interface ScanOptions {
  /** The file's name as the report should give it (a path, `-` for stdin, an S3 URI). */
  readonly file: string;
  /** Read only the first 64 KiB: header, AUX fields and the first records. */
  readonly headerOnly?: boolean;
  /** Called after each chunk with the bytes read so far. */
  readonly onProgress?: (bytesRead: number) => void;
  /** Stops the scan; the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /**
   * The engines to estimate each slot's memory for.
   *
   * @default - the newest Valkey on ElastiCache
   */
  readonly memoryProfiles?: readonly MemoryProfile[];
}

/**
 * Reads an RDB file from any source of byte chunks (a file stream, stdin, S3 range reads) and
 * reports what it holds. Never rejects because of the file's contents: an unreadable file, or a
 * source that fails, gives a report with `error` set. Stops pulling from the source as soon as
 * the answer is known (header read, file unreadable, EOF).
 */
export async function scanRdb(source: AsyncIterable<Uint8Array>, options: ScanOptions): Promise<FileReport> {
  const scanner = new RdbScanner({ file: options.file, headerOnly: options.headerOnly, memoryProfiles: options.memoryProfiles });
  options.signal?.throwIfAborted();
  try {
    for await (const chunk of source) {
      options.signal?.throwIfAborted();
      const wantsMore = scanner.write(chunk);
      options.onProgress?.(scanner.bytesRead);
      if (!wantsMore) {
        break;
      }
    }
  } catch (error) {
    if (options.signal?.aborted) {
      throw options.signal.reason;
    }
    scanner.abort(`reading the file failed: ${messageOf(error)}`);
  }
  return scanner.end();
}

/** An error's message; duck-typed, since errors from another realm (a VM context, a worker) fail instanceof. */
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : String(error);
}
