import * as fs from 'fs';
import { CliIo } from './command';
import { ProgressBar } from './progress';
import { FileReport, scanRdb, ScanOptions } from '../rdb';

/** The file name that means standard input. */
export const STDIN = '-';
/** Read size for files: large enough that system calls cost nothing next to the parsing. */
const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Scans one `.rdb` file (or stdin for `-`), with a progress bar on stderr when it is a terminal.
 * Never rejects for a missing or bad file: the report carries the error.
 */
export async function scanFile(file: string, io: CliIo, options: Pick<ScanOptions, 'headerOnly' | 'memoryProfiles'> = {}): Promise<FileReport> {
  const fromStdin = file === STDIN;
  const source = fromStdin ? io.stdin : fs.createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
  const progress = new ProgressBar(io.stderr, fromStdin ? 'stdin' : file, fromStdin ? undefined : sizeOf(file));
  try {
    return await scanRdb(source, { file, ...options, onProgress: (bytes) => progress.update(bytes) });
  } finally {
    progress.done();
  }
}

/** The size of a regular file; undefined for anything else (a pipe, a missing file: the scan reports that). */
function sizeOf(file: string): number | undefined {
  try {
    const stats = fs.statSync(file);
    return stats.isFile() ? stats.size : undefined;
  } catch {
    return undefined;
  }
}
