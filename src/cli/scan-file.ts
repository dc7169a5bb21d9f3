import * as fs from 'fs';
import * as net from 'net';
import { CliIo } from './command';
import { ProgressBar } from './progress';
import { MIB } from '../model/units';
import { FileReport, scanRdb, ScanOptions } from '../rdb';

/** The file name that means standard input. */
export const STDIN = '-';
/** Read size for files: large enough that system calls cost nothing next to the parsing. */
const READ_CHUNK_BYTES = MIB;

/**
 * Scans one `.rdb` file (or stdin for `-`), with a progress bar on stderr when it is a terminal.
 * Never rejects for a missing or bad file: the report carries the error.
 */
export async function scanFile(file: string, io: CliIo, options: Pick<ScanOptions, 'headerOnly' | 'memoryProfiles'> = {}): Promise<FileReport> {
  const fromStdin = file === STDIN;
  const source = fromStdin ? io.stdin : open(file);
  const progress = new ProgressBar(io.stderr, fromStdin ? 'stdin' : file, fileSize(file));
  try {
    return await scanRdb(source, { file, ...options, onProgress: (bytes) => progress.update(bytes) });
  } finally {
    progress.done();
  }
}

/**
 * The file's bytes. A FIFO (`<(gunzip -c dump.rdb.gz)`) is read as a pipe, like stdin: a file
 * stream's read on it blocks a thread until the writer closes, so the scan could not stop at the
 * RDB's end while the writer stays open.
 */
function open(file: string): AsyncIterable<Uint8Array> {
  try {
    if (fs.statSync(file).isFIFO()) {
      // Opening waits for a writer, as `cat` does; the socket then reads without blocking.
      return new net.Socket({ fd: fs.openSync(file, 'r'), readable: true, writable: false });
    }
  } catch {
    // The file stream fails the same way, and the scan reports why.
  }
  return fs.createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
}

/** The size of a regular file; undefined for anything else (stdin, a pipe, a missing file: the scan reports that). */
export function fileSize(file: string): number | undefined {
  if (file === STDIN) return undefined;
  try {
    const stats = fs.statSync(file);
    return stats.isFile() ? stats.size : undefined;
  } catch {
    return undefined;
  }
}
