import type { RdbListener } from './rdb-listener';
import { RecordWalker } from './record-walker';
import type { ScanError } from './report';

/** Where the parser is between two bytes of the file. */
const enum State {
  MAGIC,
  /** Between the header and the EOF marker: the walker reads the records. */
  RECORDS,
  /** After the EOF opcode, before the 8-byte CRC64. */
  CHECKSUM,
  DONE,
  FAILED,
}

/**
 * No primitive the walker reads in one piece is longer than this (the longest is a quicklist
 * node header: container length, LZF string header and the 10 bytes of a ziplist header).
 * Everything longer is skipped or hashed as it streams past.
 */
const CARRY_BYTES = 256;
const LONGEST_PRIMITIVE = 64;

/**
 * The RDB file's framing: takes the file's bytes in chunks of any size, reads the header, hands
 * the records to the walker (which tells the listener what each holds), and reads the EOF
 * marker and checksum trailer. A primitive that a chunk cuts is carried into the next one,
 * so memory stays fixed whatever the chunk sizes and the file.
 */
export class RdbParser {
  public magic: 'REDIS' | 'VALKEY' | undefined;
  public rdbVersion: number | undefined;
  /** Why the file could not be read further. */
  public error: ScanError | undefined;
  /** Where parsing ended: after the checksum, or where the file turned out unreadable. */
  public stoppedAt: number | undefined;
  /** File offset just after the EOF opcode, once seen: the end of the checksummed bytes. */
  public checksummedBytes = Infinity;
  /** The 8-byte CRC64 trailer after the EOF opcode. */
  public readonly trailer = new Uint8Array(8);

  private state = State.MAGIC;
  /** Reads the records, once the header says the format. */
  private walker: RecordWalker | undefined;
  /** Bytes given to `consume`. */
  private received = 0;
  /** Bytes of an unfinished primitive, kept until the next chunk completes it. */
  private readonly carry = new Uint8Array(CARRY_BYTES);
  private carryLength = 0;
  private carryOffset = 0;

  constructor(private readonly listener: RdbListener) {}

  /** Whether the file was read to its end or found unreadable. */
  public get finished(): boolean {
    return this.state === State.DONE || this.state === State.FAILED;
  }

  /** Whether the file was read to its end (EOF marker and checksum) without a problem. */
  public get done(): boolean {
    return this.state === State.DONE;
  }

  /** Parses the next chunk, which starts at file offset `offset`, first finishing a primitive that the previous chunk cut. */
  public consume(data: Uint8Array, offset: number): void {
    this.received = offset + data.length;
    let start = 0;
    if (this.carryLength > 0) {
      const carried = this.carryLength;
      const taken = Math.min(data.length, CARRY_BYTES - carried);
      this.carry.set(data.subarray(0, taken), carried);
      const stopped = this.parse(this.carry, 0, carried + taken, this.carryOffset);
      if (this.finished) {
        this.carryLength = 0;
        return;
      }
      if (stopped < carried) {
        if (taken < data.length) {
          this.stuck(carried + taken - stopped, this.carryOffset + stopped);
          return;
        }
        // The chunk was too short to complete the primitive: keep waiting.
        this.carry.copyWithin(0, stopped, carried + taken);
        this.carryOffset += stopped;
        this.carryLength = carried + taken - stopped;
        return;
      }
      this.carryLength = 0;
      start = stopped - carried;
    }
    const stopped = this.parse(data, start, data.length, offset);
    if (this.finished || stopped === data.length) {
      return;
    }
    if (data.length - stopped > LONGEST_PRIMITIVE) {
      this.stuck(data.length - stopped, offset + stopped);
      return;
    }
    this.carry.set(data.subarray(stopped), 0);
    this.carryLength = data.length - stopped;
    this.carryOffset = offset + stopped;
  }

  /** Stops the parser: the file is unreadable from `offset` on. */
  public fail(message: string, offset: number): void {
    this.stop({ message, offset });
  }

  /** What is being read, for messages: "the value of key 'foo' (hash, type 4) in db 0". */
  public describe(): string {
    if (this.state === State.CHECKSUM) {
      return 'the 8-byte CRC64 checksum after the EOF marker';
    }
    return this.walker?.describe() ?? 'the 9-byte header';
  }

  private stop(error: ScanError): void {
    this.error = error;
    this.stoppedAt = Math.min(this.received, error.offset + 1);
    this.state = State.FAILED;
  }

  private stuck(unread: number, offset: number): void {
    this.fail(`internal error: the parser stopped with ${unread} bytes unread while reading ${this.describe()}`, offset);
  }

  /** Runs the state machine over `buf[start..end)`, whose first byte is at file offset `base`; returns where it stopped. */
  private parse(buf: Uint8Array, start: number, end: number, base: number): number {
    const stopped = this.parseRecords(buf, start, end, base);
    // The buffer is about to be reused or dropped.
    this.walker?.release();
    return stopped;
  }

  private parseRecords(buf: Uint8Array, start: number, end: number, base: number): number {
    let pos = start;
    for (;;) {
      switch (this.state) {
        case State.RECORDS: {
          const walker = this.walker!;
          pos = walker.walk(buf, pos, end, base);
          if (walker.error) {
            this.stop(walker.error);
            return pos;
          }
          if (!walker.atEof) {
            return pos;
          }
          this.readEof(base + pos);
          pos++;
          break;
        }
        case State.MAGIC:
          if (end - pos < 9) {
            return pos;
          }
          if (!this.readMagic(buf, pos)) {
            return pos;
          }
          pos += 9;
          break;
        case State.CHECKSUM:
          if (end - pos < 8) {
            return pos;
          }
          this.trailer.set(buf.subarray(pos, pos + 8));
          this.state = State.DONE;
          this.stoppedAt = base + pos + 8;
          return pos + 8;
        default:
          return pos;
      }
    }
  }

  private readMagic(buf: Uint8Array, pos: number): boolean {
    const header = Buffer.from(buf.buffer, buf.byteOffset + pos, 9).toString('latin1');
    const match = /^(?:REDIS(\d{4})|VALKEY(\d{3}))$/.exec(header);
    if (!match) {
      this.fail(`not an RDB file: it starts with ${JSON.stringify(header)}, not REDISnnnn or VALKEYnnn`, 0);
      return false;
    }
    this.magic = match[1] !== undefined ? 'REDIS' : 'VALKEY';
    this.rdbVersion = Number(match[1] ?? match[2]);
    if (this.rdbVersion < 1) {
      this.fail('RDB version 0 does not exist; the header is corrupt', 5);
      return false;
    }
    if (this.magic === 'VALKEY' && this.rdbVersion < 80) {
      this.fail(`the VALKEY magic is only written for RDB versions 80 and later, not ${this.rdbVersion}; the header is corrupt`, 6);
      return false;
    }
    this.walker = new RecordWalker(this.listener, this.magic);
    this.state = State.RECORDS;
    return true;
  }

  /** The EOF opcode at file offset `offset`: the checksummed bytes end after it. */
  private readEof(offset: number): void {
    this.checksummedBytes = offset + 1;
    if (this.rdbVersion! >= 5) {
      this.state = State.CHECKSUM;
    } else {
      this.state = State.DONE;
      this.stoppedAt = offset + 1;
    }
  }
}
