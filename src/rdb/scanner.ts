import { Crc64 } from './crc64';
import { hex } from './descriptions';
import { RdbParser } from './rdb-parser';
import { FileReport } from './report';
import { ReportBuilder } from './report-builder';
import { MemoryProfile } from '../memory/memory-profile';

/** Options of one scan. */
export interface RdbScannerOptions {
  /** The file's name as the report should give it. */
  readonly file: string;
  /** Read only the first 64 KiB: header, AUX fields and the first records. */
  readonly headerOnly?: boolean;
  /**
   * The engines to estimate each slot's memory for (`slots.memory`).
   *
   * @default - the newest Valkey on ElastiCache (`MemoryProfile.newest()`)
   */
  readonly memoryProfiles?: readonly MemoryProfile[];
}

/**
 * Scans an RDB file pushed in chunks of any size with `write`, then reports with `end` what it
 * holds: the parser walks the file, a report builder keeps what it tells, and the scanner checks
 * the CRC64 over the bytes and decides how much to read. Fixed memory whatever the file holds.
 */
export class RdbScanner {
  /** How much of the file a header-only scan reads. */
  public static readonly HEADER_ONLY_BYTES = 64 * 1024;

  private readonly file: string;
  private readonly headerOnly: boolean;
  private readonly contents: ReportBuilder;
  private readonly parser: RdbParser;
  private readonly crc = new Crc64();
  /** Bytes given to `write` (and kept, for a header-only scan). */
  private total = 0;
  /** Set when the input itself failed: nothing is known to be wrong with the file. */
  private readFailed = false;

  constructor(options: RdbScannerOptions) {
    this.file = options.file;
    this.headerOnly = options.headerOnly ?? false;
    this.contents = new ReportBuilder(options.memoryProfiles ?? [MemoryProfile.newest()]);
    this.parser = new RdbParser(this.contents);
  }

  /** Bytes taken so far. */
  public get bytesRead(): number {
    return this.total;
  }

  /**
   * Takes the next chunk of the file. Returns false once more input would change nothing: the
   * file ended (EOF and checksum read), it is unreadable, or a header-only scan has its bytes.
   */
  public write(chunk: Uint8Array): boolean {
    if (this.parser.finished) {
      return false;
    }
    let data = chunk;
    if (this.headerOnly) {
      data = chunk.subarray(0, Math.max(0, RdbScanner.HEADER_ONLY_BYTES - this.total));
    }
    const offset = this.total;
    this.total += data.length;
    this.parser.consume(data, offset);
    const checksummed = this.parser.checksummedBytes;
    if (!this.headerOnly && offset < checksummed) {
      this.crc.update(data, 0, Math.min(data.length, checksummed - offset));
    }
    return !(this.parser.finished || (this.headerOnly && this.total >= RdbScanner.HEADER_ONLY_BYTES));
  }

  /**
   * Stops the scan because the input itself failed (a read error, not bad data).
   *
   * @param message what went wrong, e.g. the read error
   */
  public abort(message: string): void {
    if (!this.parser.error) {
      this.parser.fail(message, this.total);
      // Marked, so that no one is told the file is corrupt when it was never read.
      this.readFailed = true;
    }
  }

  /** Ends the input and reports what the file holds. */
  public end(): FileReport {
    const parser = this.parser;
    const stoppedForHeader = this.headerOnly && this.total >= RdbScanner.HEADER_ONLY_BYTES;
    if (!parser.finished && !stoppedForHeader) {
      parser.fail(`unexpected end of file while reading ${parser.describe()}`, this.total);
    }
    const checksum = this.checksum();
    let error = parser.error && (this.readFailed ? { ...parser.error, readFailed: true } : parser.error);
    if (checksum === 'mismatch' && !error) {
      error = {
        message: `CRC64 checksum mismatch: the trailer says ${hex(parser.trailer)} but the bytes give ${this.crc.toHex()}; the file is corrupt`,
        offset: parser.checksummedBytes,
      };
    }
    return {
      file: this.file,
      bytes: parser.stoppedAt ?? this.total,
      ...(parser.magic ? { magic: parser.magic } : {}),
      ...(parser.rdbVersion !== undefined ? { rdbVersion: parser.rdbVersion } : {}),
      // A header-only scan has no slots, even of a file that ends within its budget.
      ...this.contents.contents(!this.headerOnly),
      checksum,
      complete: !this.headerOnly && parser.done && !error,
      ...(error ? { error } : {}),
    };
  }

  private checksum(): FileReport['checksum'] {
    const parser = this.parser;
    if (this.headerOnly || !parser.done) {
      return 'not-checked';
    }
    if (parser.rdbVersion! < 5) {
      return 'absent';
    }
    if (parser.trailer.every((byte) => byte === 0)) {
      return 'disabled';
    }
    return this.crc.matches(parser.trailer, 0) ? 'ok' : 'mismatch';
  }
}
