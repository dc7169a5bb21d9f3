/* eslint-disable no-bitwise -- RDB lengths and encodings are bit fields */
import { BoundedText } from './bounded-text';
import { Crc64, readUint32LE } from './crc64';
import { Blob, CODE, LAST_TYPE, loadableBy, Op, Opcode, PROGRAMS, typeName, unknownRecordReason } from './format';
import { KeySlotHasher } from './key-slot';
import { LzfStream } from './lzf';
import { DatabaseReport, FileReport, ScanError } from './report';
import { MemoryProfile } from '../memory/memory-profile';
import { SlotMemoryTally } from '../memory/slot-memory-tally';

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

/** Where the scanner is between two bytes of the file. */
const enum State {
  MAGIC,
  /** Before an opcode or object type. */
  RECORD,
  /** Inside a record, running its program. */
  PROGRAM,
  /** After the EOF opcode, before the 8-byte CRC64. */
  CHECKSUM,
  DONE,
  FAILED,
}

/** Where the bytes being skipped go, when they matter. */
const enum Sink {
  NONE,
  KEY,
  KEY_LZF,
  TEXT,
  TEXT_LZF,
}

const enum StringKind {
  RAW,
  INT,
  LZF,
}

/** Primitive readers return a position, or one of these. */
const NEED_MORE = -1;
const FAILED = -2;

/**
 * No primitive the scanner reads in one piece is longer than this (the longest is a quicklist
 * node header: container length, LZF string header and the 10 bytes of a ziplist header).
 * Everything longer is skipped or hashed as it streams past.
 */
const CARRY_BYTES = 256;
const LONGEST_PRIMITIVE = 64;
/** Deepest nesting of repeats in a program (stream → consumer → PEL). */
const MAX_DEPTH = 8;
/** Bounds on what a hostile file can make the report hold. */
const MAX_AUX_FIELDS = 1024;
const MAX_AUX_BYTES = 64 * 1024;
const MAX_DATABASES = 65536;
const MAX_MODULES = 1024;

/** Header counts at or above these say "walk to count" (ziplist UINT16_MAX, listpack LP_HDR_NUMELE_UNKNOWN). */
const ZIPLIST_UNKNOWN_COUNT = 0xffff;
const LISTPACK_UNKNOWN_COUNT = 0xffff;
/** A zipmap count byte of 254 says "254 or more". */
const ZIPMAP_BIGLEN = 254;

/** Types whose value starts with an element count, and whose key servers skip when it is 0 (rdb.c `goto emptykey`). */
const EMPTY_WHEN_NO_ELEMENTS = new Set([1, 2, 3, 4, 5, 14, 18]);

const MODULE_NAME_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A push parser for RDB files: give it the file's bytes in chunks of any size with `write`, then
 * call `end` for the report. It keeps a fixed amount of memory whatever the file holds: values
 * are skipped as they stream past, keys are hashed to their cluster slot without being held,
 * and no length read from the file sizes an allocation.
 *
 * Every record is walked by a small program (see `format.ts`) with an explicit stack of
 * repeats, so a record can stop at any byte and resume with the next chunk.
 */
export class RdbScanner {
  /** How much of the file a header-only scan reads. */
  public static readonly HEADER_ONLY_BYTES = 64 * 1024;

  private readonly file: string;
  private readonly headerOnly: boolean;

  // Input bookkeeping.
  /** Bytes given to `write` (and kept, for a header-only scan). */
  private total = 0;
  /** Where parsing ended: after the checksum, or where the file turned out unreadable. */
  private stoppedAt: number | undefined;
  /** File offset of `buf[0]` in the buffer being parsed. */
  private base = 0;
  /** Bytes of an unfinished primitive, kept until the next chunk completes it. */
  private readonly carry = new Uint8Array(CARRY_BYTES);
  private carryLength = 0;
  private carryOffset = 0;
  private readonly crc = new Crc64();
  /** File offset just after the EOF opcode, once seen: the end of the checksummed bytes. */
  private crcEnd = Infinity;
  private readonly trailer = new Uint8Array(8);

  // Parser state.
  private state = State.MAGIC;
  private programs = PROGRAMS.redis;
  private pc = 0;
  private depth = 0;
  private readonly frameStart = new Int32Array(MAX_DEPTH);
  private readonly frameEnd = new Int32Array(MAX_DEPTH);
  private readonly frameLeft = new Float64Array(MAX_DEPTH);
  /** Bytes still to pass before the next step; they go to `sink`. */
  private skip = 0;
  private sink = Sink.NONE;
  /** The blob being skipped must end with 0xFF (ziplist, listpack, zipmap). */
  private blobEndsWithFF = false;
  private blobOffset = 0;
  private blobKind = Blob.ZIPLIST;

  // The last primitive read.
  private length = 0;
  private lengthHi = 0;
  private lengthLo = 0;
  private stringKind = StringKind.RAW;
  /** Bytes of the string in the file (compressed length for LZF). */
  private stringBytes = 0;
  /** Bytes of the string once decoded. */
  private stringLength = 0;
  private stringValue = 0;
  private stringOffset = 0;

  // The record being read.
  /** The object type of a key record, or -1 for an opcode record. */
  private recordType = -1;
  private recordOpcode = 0;
  private recordOffset = 0;
  /** Where the key record began, counting its EXPIRETIME / IDLE / FREQ prefixes. */
  private keyRecordOffset = 0;
  private prefixOpen = false;
  private hasExpire = false;
  /** Decompressed minus compressed bytes of the record's LZF strings. */
  private expansion = 0;
  private keyKnown = false;
  private keySlot = 0;
  private readonly hasher = new KeySlotHasher();
  private readonly lzf = new LzfStream();
  private readonly text = new BoundedText(MAX_AUX_BYTES);
  private readonly digits = new Uint8Array(24);
  private auxName: string | undefined;
  private textIsName = false;

  // What the file holds.
  private magic: 'REDIS' | 'VALKEY' | undefined;
  private rdbVersion: number | undefined;
  private readonly aux = new Map<string, string>();
  private readonly databases = new Map<number, { db: number; keys: number; expires: number }>();
  private currentDb: { db: number; keys: number; expires: number } | undefined;
  private keys = 0;
  private readonly typeCounts = new Float64Array(256);
  private readonly modules = new Set<string>();
  private functions = 0;
  private preReleaseFunctions = 0;
  /** The key record's collection is empty, so servers skip it on load ("skipping empty key"). */
  private emptyCollection = false;
  /** Per slot: keys, bytes, keys with a TTL, and what the keys would take in memory on each engine asked. */
  private readonly memory: SlotMemoryTally;
  private error: ScanError | undefined;

  constructor(options: RdbScannerOptions) {
    this.file = options.file;
    this.headerOnly = options.headerOnly ?? false;
    this.memory = new SlotMemoryTally(options.memoryProfiles ?? [MemoryProfile.newest()]);
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
    if (this.finished) {
      return false;
    }
    let data = chunk;
    if (this.headerOnly) {
      data = chunk.subarray(0, Math.max(0, RdbScanner.HEADER_ONLY_BYTES - this.total));
    }
    const offset = this.total;
    this.total += data.length;
    this.consume(data, offset);
    if (!this.headerOnly && offset < this.crcEnd) {
      this.crc.update(data, 0, Math.min(data.length, this.crcEnd - offset));
    }
    return !(this.finished || (this.headerOnly && this.total >= RdbScanner.HEADER_ONLY_BYTES));
  }

  /** Whether the file was read to its end or found unreadable. */
  private get finished(): boolean {
    return this.state === State.DONE || this.state === State.FAILED;
  }

  /**
   * Stops the scan because the input itself failed (a read error, not bad data).
   *
   * @param message what went wrong, e.g. the read error
   */
  public abort(message: string): void {
    if (this.state !== State.FAILED) {
      this.fail(message, this.total);
      // Marked, so that no one is told the file is corrupt when it was never read.
      this.error = { ...this.error!, readFailed: true };
    }
  }

  /** Ends the input and reports what the file holds. */
  public end(): FileReport {
    const stoppedForHeader = this.headerOnly && this.total >= RdbScanner.HEADER_ONLY_BYTES;
    if (!this.finished && !stoppedForHeader) {
      this.fail(`unexpected end of file while reading ${this.describe()}`, this.total);
    }
    const checksum = this.checksum();
    if (checksum === 'mismatch' && !this.error) {
      this.error = {
        message: `CRC64 checksum mismatch: the trailer says ${hex(this.trailer)} but the bytes give ${this.crc.toHex()}; the file is corrupt`,
        offset: this.crcEnd,
      };
    }
    const reachedEof = this.crcEnd !== Infinity;
    const types: Record<string, number> = {};
    this.typeCounts.forEach((count, type) => {
      if (count > 0) {
        types[typeName(type)] = (types[typeName(type)] ?? 0) + count;
      }
    });
    const databases: DatabaseReport[] = [...this.databases.values()].sort((a, b) => a.db - b.db).map((db) => ({ ...db }));
    return {
      file: this.file,
      bytes: this.stoppedAt ?? this.total,
      ...(this.magic ? { magic: this.magic } : {}),
      ...(this.rdbVersion !== undefined ? { rdbVersion: this.rdbVersion } : {}),
      aux: Object.fromEntries(this.aux),
      databases,
      keys: this.keys,
      types,
      modules: [...this.modules].sort(),
      functions: this.functions,
      ...(this.preReleaseFunctions ? { preReleaseFunctions: this.preReleaseFunctions } : {}),
      checksum,
      complete: !this.headerOnly && this.state === State.DONE && !this.error,
      ...(!this.headerOnly && reachedEof
        ? { slots: this.memory.result() }
        : {}),
      ...(this.error ? { error: this.error } : {}),
    };
  }

  private checksum(): FileReport['checksum'] {
    if (this.headerOnly || this.state !== State.DONE) {
      return 'not-checked';
    }
    if (this.rdbVersion! < 5) {
      return 'absent';
    }
    if (this.trailer.every((byte) => byte === 0)) {
      return 'disabled';
    }
    return this.crc.matches(this.trailer, 0) ? 'ok' : 'mismatch';
  }

  /** Parses a chunk, first finishing a primitive that the previous chunk cut. */
  private consume(data: Uint8Array, offset: number): void {
    let start = 0;
    if (this.carryLength > 0) {
      const carried = this.carryLength;
      const taken = Math.min(data.length, CARRY_BYTES - carried);
      this.carry.set(data.subarray(0, taken), carried);
      this.base = this.carryOffset;
      const stopped = this.parse(this.carry, 0, carried + taken);
      this.hasher.keep();
      if (this.finished) {
        this.carryLength = 0;
        return;
      }
      if (stopped < carried) {
        if (taken < data.length) {
          this.fail(`internal error: the scanner stopped with ${carried + taken - stopped} bytes unread while reading ${this.describe()}`, this.carryOffset + stopped);
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
    this.base = offset;
    const stopped = this.parse(data, start, data.length);
    this.hasher.keep();
    if (this.finished || stopped === data.length) {
      return;
    }
    if (data.length - stopped > LONGEST_PRIMITIVE) {
      this.fail(`internal error: the scanner stopped with ${data.length - stopped} bytes unread while reading ${this.describe()}`, offset + stopped);
      return;
    }
    this.carry.set(data.subarray(stopped), 0);
    this.carryLength = data.length - stopped;
    this.carryOffset = offset + stopped;
  }

  /** Runs the state machine over `buf[start..end)`; returns where it stopped. */
  private parse(buf: Uint8Array, start: number, end: number): number {
    let pos = start;
    for (;;) {
      if (this.skip > 0) {
        const available = end - pos;
        if (available === 0) {
          return pos;
        }
        const n = this.skip < available ? this.skip : available;
        if (this.sink !== Sink.NONE && !this.feed(buf, pos, pos + n)) {
          return pos;
        }
        pos += n;
        this.skip -= n;
        if (this.skip > 0) {
          return pos;
        }
        if (!this.skipped(buf, pos)) {
          return pos;
        }
      }
      switch (this.state) {
        case State.PROGRAM: {
          const next = this.step(buf, pos, end);
          if (next < 0) {
            return pos;
          }
          pos = next;
          break;
        }
        case State.RECORD:
          if (pos >= end) {
            return pos;
          }
          if (!this.startRecord(buf[pos], pos)) {
            return pos;
          }
          pos++;
          break;
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
          this.stoppedAt = this.base + pos + 8;
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
    this.programs = this.magic === 'VALKEY' ? PROGRAMS.valkey : PROGRAMS.redis;
    this.state = State.RECORD;
    return true;
  }

  private startRecord(byte: number, pos: number): boolean {
    const offset = this.base + pos;
    if (byte === Opcode.EOF) {
      this.crcEnd = offset + 1;
      if (this.rdbVersion! >= 5) {
        this.state = State.CHECKSUM;
      } else {
        this.state = State.DONE;
        this.stoppedAt = offset + 1;
      }
      return true;
    }
    const entry = this.programs[byte];
    if (entry < 0) {
      const after = this.keys > 0 ? `, after key '${this.lastKeyName()}'` : '';
      this.fail(`${unknownRecordReason(byte, this.magic!)} in db ${this.currentDb?.db ?? 0}${after}`, offset);
      const loaders = loadableBy(byte);
      if (loaders) this.error = { ...this.error!, loadableBy: loaders };
      return false;
    }
    this.recordOffset = offset;
    this.recordOpcode = byte;
    if (byte <= LAST_TYPE) {
      this.recordType = byte;
      this.keyKnown = false;
      // A quicklist is empty until one of its nodes holds an element.
      this.emptyCollection = byte === 14 || byte === 18;
      if (!this.prefixOpen) {
        this.keyRecordOffset = offset;
      }
    } else {
      this.recordType = -1;
      switch (byte) {
        case Opcode.EXPIRETIME:
        case Opcode.EXPIRETIME_MS:
          this.hasExpire = true;
          this.openPrefix(offset);
          break;
        case Opcode.IDLE:
        case Opcode.FREQ:
          this.openPrefix(offset);
          break;
        case Opcode.FUNCTION2:
          this.functions++;
          break;
        case Opcode.FUNCTION_PRE_GA:
          this.functions++;
          this.preReleaseFunctions++;
          break;
      }
    }
    this.pc = entry;
    this.depth = 0;
    this.state = State.PROGRAM;
    return true;
  }

  private openPrefix(offset: number): void {
    if (!this.prefixOpen) {
      this.prefixOpen = true;
      this.keyRecordOffset = offset;
    }
  }

  /** Runs the next step of the record's program; returns the new position, NEED_MORE or FAILED. */
  private step(buf: Uint8Array, pos: number, end: number): number {
    let pc = this.pc;
    while (this.depth > 0 && pc === this.frameEnd[this.depth - 1]) {
      if (--this.frameLeft[this.depth - 1] > 0) {
        pc = this.frameStart[this.depth - 1];
        break;
      }
      this.depth--;
    }
    this.pc = pc;
    switch (CODE[pc]) {
      case Op.END:
        if (this.recordType >= 0) {
          if (this.emptyCollection) {
            this.skipEmptyKey();
          } else {
            this.countKey(this.base + pos);
          }
        }
        this.state = State.RECORD;
        return pos;
      case Op.LENGTH: {
        const next = this.readLength(buf, pos, end);
        if (next >= 0) {
          this.pc = pc + 1;
        }
        return next;
      }
      case Op.REPEAT: {
        const next = this.readLength(buf, pos, end);
        if (next < 0) {
          return next;
        }
        const bodyEnd = pc + 2 + CODE[pc + 1];
        if (this.length === 0) {
          // Lists, sets, zsets and hashes of no elements load as nothing (types 1-5, 14, 18).
          this.emptyCollection ||= this.depth === 0 && EMPTY_WHEN_NO_ELEMENTS.has(this.recordType);
          this.pc = bodyEnd;
        } else {
          this.frameStart[this.depth] = pc + 2;
          this.frameEnd[this.depth] = bodyEnd;
          this.frameLeft[this.depth] = this.length;
          this.depth++;
          this.pc = pc + 2;
        }
        return next;
      }
      case Op.STRING: {
        const next = this.readString(buf, pos, end);
        if (next >= 0) {
          this.tallyString();
          this.skipString();
          this.pc = pc + 1;
        }
        return next;
      }
      case Op.BLOB: {
        const next = this.readString(buf, pos, end);
        if (next < 0) {
          return next;
        }
        const checked = this.startBlob(CODE[pc + 1], buf, next, end);
        if (checked >= 0) {
          this.pc = pc + 2;
        }
        return checked;
      }
      case Op.FIXED:
        this.skip = CODE[pc + 1];
        this.pc = pc + 2;
        return pos;
      case Op.TEXT_DOUBLE:
        if (pos >= end) {
          return NEED_MORE;
        }
        // 253, 254 and 255 stand for NaN, +inf and -inf and have no text.
        this.skip = buf[pos] < 253 ? buf[pos] : 0;
        this.pc = pc + 1;
        return pos + 1;
      case Op.KEY:
        return this.startKey(buf, pos, end);
      case Op.MODULE_ID:
        return this.readModuleId(buf, pos, end);
      case Op.MODULE_ITEMS:
        return this.readModuleItem(buf, pos, end);
      case Op.QUICKLIST_NODE:
        return this.readQuicklistNode(buf, pos, end);
      case Op.STREAM_ID: {
        const next = this.readString(buf, pos, end);
        if (next < 0) {
          return next;
        }
        if (this.stringKind === StringKind.INT || this.stringLength !== 16) {
          return this.fail(`a stream listpack's master ID is ${this.stringKind === StringKind.INT ? 'an integer' : `${this.stringLength} bytes`}, not 16 bytes, ${this.where()}`,
            this.base + pos);
        }
        this.skipString();
        this.pc = pc + 1;
        return next;
      }
      case Op.DB:
        return this.selectDb(buf, pos, end);
      case Op.AUX_NAME:
      case Op.AUX_VALUE: {
        const next = this.readString(buf, pos, end);
        if (next < 0) {
          return next;
        }
        this.startText(CODE[pc] === Op.AUX_NAME);
        this.pc = pc + 1;
        return this.finishEmptySink(buf, next);
      }
      default:
        return this.fail(`internal error: unknown program step ${CODE[pc]}`, this.base + pos);
    }
  }

  private startKey(buf: Uint8Array, pos: number, end: number): number {
    const next = this.readString(buf, pos, end);
    if (next < 0) {
      return next;
    }
    this.pc++;
    this.hasher.reset();
    this.memory.startKey(this.recordType, this.stringKind === StringKind.INT ? decimalLength(this.stringValue) : this.stringLength);
    switch (this.stringKind) {
      case StringKind.INT: {
        // An integer-encoded key is its decimal text.
        const text = String(this.stringValue);
        for (let i = 0; i < text.length; i++) {
          this.digits[i] = text.charCodeAt(i);
        }
        this.hasher.update(this.digits, 0, text.length);
        this.keyHashed();
        return next;
      }
      case StringKind.LZF:
        this.lzf.reset(this.stringLength, this.hasher);
        this.expansion += this.stringLength - this.stringBytes;
        this.sink = Sink.KEY_LZF;
        this.skip = this.stringBytes;
        break;
      default:
        if (end - next >= this.stringBytes) {
          this.hasher.wholeKey(buf, next, next + this.stringBytes);
          this.keyHashed();
          return next + this.stringBytes;
        }
        this.sink = Sink.KEY;
        this.skip = this.stringBytes;
    }
    return this.finishEmptySink(buf, next);
  }

  /** A streamed string of zero bytes gets no bytes to trigger its end: end it now. */
  private finishEmptySink(buf: Uint8Array, next: number): number {
    if (this.skip === 0 && this.sink !== Sink.NONE && !this.skipped(buf, next)) {
      return FAILED;
    }
    return next;
  }

  private keyHashed(): void {
    this.keySlot = this.hasher.slot();
    this.keyKnown = true;
  }

  private startText(isName: boolean): void {
    this.textIsName = isName;
    this.text.reset();
    switch (this.stringKind) {
      case StringKind.INT:
        this.textRead(String(this.stringValue));
        return;
      case StringKind.LZF:
        this.lzf.reset(this.stringLength, this.text);
        this.sink = Sink.TEXT_LZF;
        break;
      default:
        this.sink = Sink.TEXT;
    }
    this.skip = this.stringBytes;
  }

  private textRead(value: string): void {
    if (this.textIsName) {
      this.auxName = value;
    } else if (this.aux.size < MAX_AUX_FIELDS || this.aux.has(this.auxName!)) {
      this.aux.set(this.auxName!, value);
    }
  }

  /** Passes skipped bytes to where they matter; false when they are invalid. */
  private feed(buf: Uint8Array, start: number, end: number): boolean {
    switch (this.sink) {
      case Sink.KEY:
        this.hasher.update(buf, start, end);
        return true;
      case Sink.TEXT:
        this.text.update(buf, start, end);
        return true;
      default: {
        const problem = this.lzf.update(buf, start, end);
        if (problem) {
          this.fail(`${problem} ${this.where()}`, this.stringOffset);
          return false;
        }
        return true;
      }
    }
  }

  /** Finishes what the skipped bytes were part of; false when that fails. */
  private skipped(buf: Uint8Array, pos: number): boolean {
    const sink = this.sink;
    if (sink !== Sink.NONE) {
      this.sink = Sink.NONE;
      if (sink === Sink.KEY_LZF || sink === Sink.TEXT_LZF) {
        const problem = this.lzf.finish();
        if (problem) {
          this.fail(`${problem} ${this.where()}`, this.stringOffset);
          return false;
        }
      }
      if (sink === Sink.KEY || sink === Sink.KEY_LZF) {
        this.keyHashed();
      } else {
        this.textRead(this.text.text());
      }
    }
    if (this.blobEndsWithFF) {
      this.blobEndsWithFF = false;
      if (buf[pos - 1] !== 0xff) {
        this.fail(`${blobName(this.blobKind)} does not end with its 0xFF terminator ${this.where()}`, this.blobOffset);
        return false;
      }
    }
    return true;
  }

  /** Passes the string just read to the memory tally: its uncompressed length, or an integer's digits. */
  private tallyString(): void {
    const integer = this.stringKind === StringKind.INT;
    this.memory.string(integer ? decimalLength(this.stringValue) : this.stringLength, integer);
  }

  private skipString(): void {
    if (this.stringKind === StringKind.INT) {
      return;
    }
    this.skip = this.stringBytes;
    this.expansion += this.stringLength - this.stringBytes;
  }

  /**
   * Checks the header of a string that holds an encoded collection, as the servers' sanitizer
   * does, then skips it. Compressed blobs are skipped unchecked: checking them would mean
   * decompressing every value.
   */
  private startBlob(kind: number, buf: Uint8Array, next: number, end: number): number {
    const offset = this.stringOffset;
    if (this.stringKind === StringKind.INT) {
      return this.fail(`expected ${blobName(kind)}, found an integer ${this.where()}`, offset);
    }
    if (this.stringKind === StringKind.LZF) {
      this.noteElements(-1);
      this.memory.blob(this.stringLength);
      this.skipString();
      return next;
    }
    const length = this.stringBytes;
    if (end - next < Math.min(length, 10)) {
      return NEED_MORE;
    }
    const problem = blobHeaderProblem(kind, buf, next, length);
    if (problem) {
      return this.fail(`${blobName(kind)} ${problem} ${this.where()}`, offset);
    }
    this.noteElements(blobElements(kind, buf, next));
    this.memory.blob(length);
    this.blobKind = kind;
    this.blobOffset = offset;
    this.blobEndsWithFF = kind !== Blob.INTSET;
    this.skip = length;
    return next;
  }

  private readQuicklistNode(buf: Uint8Array, pos: number, end: number): number {
    const afterContainer = this.readLength(buf, pos, end);
    if (afterContainer < 0) {
      return afterContainer;
    }
    const container = this.length;
    if (container !== 1 && container !== 2) {
      return this.fail(`unknown quicklist node container ${container} (1 is plain, 2 is packed) ${this.where()}`, this.base + pos);
    }
    const next = this.readString(buf, afterContainer, end);
    if (next < 0) {
      return next;
    }
    if (container === 1) {
      this.noteElements(1);
      this.tallyString();
      this.skipString();
      this.pc++;
      return next;
    }
    const checked = this.startBlob(Blob.LISTPACK, buf, next, end);
    if (checked >= 0) {
      this.pc++;
    }
    return checked;
  }

  private readModuleId(buf: Uint8Array, pos: number, end: number): number {
    const next = this.readLength(buf, pos, end);
    if (next < 0) {
      return next;
    }
    const hi = this.length >= 2 ** 32 ? this.lengthHi : 0;
    const lo = this.length >= 2 ** 32 ? this.lengthLo : this.length;
    if (this.modules.size < MAX_MODULES) {
      this.modules.add(moduleName(hi, lo));
    }
    this.pc++;
    return next;
  }

  /** One module item: an opcode then its payload; the walk ends at opcode 0. */
  private readModuleItem(buf: Uint8Array, pos: number, end: number): number {
    const next = this.readLength(buf, pos, end);
    if (next < 0) {
      return next;
    }
    switch (this.length) {
      case 0:
        this.pc++;
        return next;
      case 1:
      case 2:
        return this.readLength(buf, next, end);
      case 3:
        this.skip = 4;
        return next;
      case 4:
        this.skip = 8;
        return next;
      case 5: {
        const after = this.readString(buf, next, end);
        if (after >= 0) {
          this.skipString();
        }
        return after;
      }
      default:
        return this.fail(`unknown module data opcode ${this.length} (0–5 exist) ${this.where()}`, this.base + pos);
    }
  }

  private selectDb(buf: Uint8Array, pos: number, end: number): number {
    const next = this.readLength(buf, pos, end);
    if (next < 0) {
      return next;
    }
    const db = this.length;
    let stats = this.databases.get(db);
    if (!stats) {
      if (this.databases.size >= MAX_DATABASES) {
        return this.fail(`more than ${MAX_DATABASES} databases selected; the file is corrupt`, this.recordOffset);
      }
      stats = { db, keys: 0, expires: 0 };
      this.databases.set(db, stats);
    }
    this.currentDb = stats;
    this.pc++;
    return next;
  }

  /**
   * Notes how many elements an encoded collection holds (-1: its header does not say): servers skip
   * a key whose collection is empty, and quicklist nodes without elements.
   */
  private noteElements(elements: number): void {
    if (this.depth === 0 && elements === 0) {
      this.emptyCollection = true;
    } else if ((this.recordType === 14 || this.recordType === 18) && elements !== 0) {
      this.emptyCollection = false;
    }
  }

  /** Ends an empty collection's record without counting it, as servers skip it on load. */
  private skipEmptyKey(): void {
    this.memory.skipKey();
    this.prefixOpen = false;
    this.hasExpire = false;
    this.expansion = 0;
  }

  private countKey(endOffset: number): void {
    if (!this.currentDb) {
      this.currentDb = { db: 0, keys: 0, expires: 0 };
      this.databases.set(0, this.currentDb);
    }
    this.keys++;
    this.currentDb.keys++;
    if (this.hasExpire) {
      this.currentDb.expires++;
    }
    this.typeCounts[this.recordType]++;
    const recordBytes = endOffset - this.keyRecordOffset + this.expansion;
    this.memory.endKey(this.keySlot, this.hasExpire, recordBytes);
    this.prefixOpen = false;
    this.hasExpire = false;
    this.expansion = 0;
  }

  /** Reads a length; sets `length` (and its halves for 64-bit ones). */
  private readLength(buf: Uint8Array, pos: number, end: number): number {
    if (pos >= end) {
      return NEED_MORE;
    }
    const first = buf[pos];
    switch (first >>> 6) {
      case 0:
        this.length = first;
        return pos + 1;
      case 1:
        if (end - pos < 2) {
          return NEED_MORE;
        }
        this.length = ((first & 0x3f) << 8) | buf[pos + 1];
        return pos + 2;
      case 2:
        if (first === 0x80) {
          if (end - pos < 5) {
            return NEED_MORE;
          }
          this.length = readUint32BE(buf, pos + 1);
          return pos + 5;
        }
        if (first === 0x81) {
          if (end - pos < 9) {
            return NEED_MORE;
          }
          this.lengthHi = readUint32BE(buf, pos + 1);
          this.lengthLo = readUint32BE(buf, pos + 5);
          this.length = this.lengthHi * 2 ** 32 + this.lengthLo;
          return pos + 9;
        }
        return this.fail(`unknown length encoding 0x${first.toString(16)} ${this.where()}`, this.base + pos);
      default:
        return this.fail(`expected a length, found the string encoding byte 0x${first.toString(16)} ${this.where()}`, this.base + pos);
    }
  }

  /** Reads a string's header; sets `stringKind`, `stringBytes`, `stringLength`, `stringValue`. */
  private readString(buf: Uint8Array, pos: number, end: number): number {
    if (pos >= end) {
      return NEED_MORE;
    }
    this.stringOffset = this.base + pos;
    const first = buf[pos];
    if (first < 0xc0) {
      const next = this.readLength(buf, pos, end);
      if (next >= 0) {
        this.stringKind = StringKind.RAW;
        this.stringBytes = this.stringLength = this.length;
      }
      return next;
    }
    switch (first & 0x3f) {
      case 0:
        if (end - pos < 2) {
          return NEED_MORE;
        }
        this.setInteger((buf[pos + 1] << 24) >> 24);
        return pos + 2;
      case 1:
        if (end - pos < 3) {
          return NEED_MORE;
        }
        this.setInteger(((buf[pos + 1] | (buf[pos + 2] << 8)) << 16) >> 16);
        return pos + 3;
      case 2:
        if (end - pos < 5) {
          return NEED_MORE;
        }
        this.setInteger(readUint32LE(buf, pos + 1) | 0);
        return pos + 5;
      case 3: {
        const afterCompressed = this.readLength(buf, pos + 1, end);
        if (afterCompressed < 0) {
          return afterCompressed;
        }
        const compressed = this.length;
        const next = this.readLength(buf, afterCompressed, end);
        if (next >= 0) {
          this.stringKind = StringKind.LZF;
          this.stringBytes = compressed;
          this.stringLength = this.length;
        }
        return next;
      }
      default:
        return this.fail(`unknown string encoding 0x${first.toString(16)} ${this.where()}`, this.base + pos);
    }
  }

  private setInteger(value: number): void {
    this.stringKind = StringKind.INT;
    this.stringValue = value;
    this.stringBytes = 0;
  }

  private fail(message: string, offset: number): number {
    this.error = { message, offset };
    this.stoppedAt = Math.min(this.total, offset + 1);
    this.state = State.FAILED;
    this.skip = 0;
    return FAILED;
  }

  /** What is being read, for messages: "in the value of key 'foo' (hash, type 4) in db 0". */
  private where(): string {
    return `in ${this.describe()}`;
  }

  private describe(): string {
    switch (this.state) {
      case State.MAGIC:
        return 'the 9-byte header';
      case State.RECORD:
        return 'the next record (the file ends without its EOF marker)';
      case State.CHECKSUM:
        return 'the 8-byte CRC64 checksum after the EOF marker';
      default:
        break;
    }
    const db = `db ${this.currentDb?.db ?? 0}`;
    if (this.recordType < 0) {
      return `the ${opcodeName(this.recordOpcode)} record at offset ${this.recordOffset}`;
    }
    const type = `${typeName(this.recordType)}, type ${this.recordType}`;
    if (!this.keyKnown) {
      return `the name of a key (${type}) in ${db} at offset ${this.recordOffset}`;
    }
    return `the value of key '${this.lastKeyName()}' (${type}) in ${db}`;
  }

  /** The key hashed last, as printable text, shortened. */
  private lastKeyName(): string {
    const head = this.hasher.head();
    return `${printable(head)}${this.hasher.length > head.length ? '…' : ''}`;
  }
}

/** The length of an integer's decimal text (an RDB integer string is at most 32 bits). */
function decimalLength(value: number): number {
  let length = value < 0 ? 2 : 1;
  for (let rest = Math.abs(value); rest >= 10; rest = Math.floor(rest / 10)) length++;
  return length;
}

function readUint32BE(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}

/**
 * Why an uncompressed blob's header cannot be what the type says, or undefined: what the servers
 * refuse in an encoded collection's header on load (Redis 7.2 / Valkey 8 rdb.c:
 * ziplists and zipmaps are always validated entry by entry, listpacks and intsets by header unless
 * `sanitize-dump-payload` is on); only what the header alone proves is checked here.
 */
function blobHeaderProblem(kind: number, buf: Uint8Array, start: number, length: number): string | undefined {
  switch (kind) {
    case Blob.ZIPLIST:
    case Blob.ZIPLIST_PAIRS: {
      if (length < 11) return `is ${length} bytes, shorter than an empty ziplist`;
      if (readUint32LE(buf, start) !== length) return `says it is ${readUint32LE(buf, start)} bytes but its string is ${length}`;
      if (readUint32LE(buf, start + 4) > length - 1) return 'has a tail offset past its end';
      const entries = readUint16LE(buf, start + 8);
      if (entries === ZIPLIST_UNKNOWN_COUNT) return undefined;
      // Every entry takes at least 2 bytes (previous length, encoding); the walk must find exactly `entries`.
      if (entries === 0 && length !== 11) return `counts no entries but is ${length} bytes, not the 11 of an empty ziplist`;
      if (11 + 2 * entries > length) return `counts ${entries} entries, which cannot fit in its ${length} bytes`;
      if (kind === Blob.ZIPLIST_PAIRS && entries % 2 === 1) return `of pairs counts ${entries} entries, an odd number`;
      return undefined;
    }
    case Blob.LISTPACK:
      if (length < 7) return `is ${length} bytes, shorter than an empty listpack`;
      if (readUint32LE(buf, start) !== length) return `says it is ${readUint32LE(buf, start)} bytes but its string is ${length}`;
      return undefined;
    case Blob.INTSET: {
      if (length < 8) return `is ${length} bytes, shorter than an empty intset`;
      const width = readUint32LE(buf, start);
      if (width !== 2 && width !== 4 && width !== 8) return `has element width ${width} (2, 4 or 8 exist)`;
      if (8 + width * readUint32LE(buf, start + 4) !== length) return `holds ${readUint32LE(buf, start + 4)} elements of ${width} bytes, which do not fill its ${length} bytes`;
      if (readUint32LE(buf, start + 4) === 0) return 'holds no elements, and servers refuse an empty intset';
      return undefined;
    }
    default: {
      if (length < 2) return `is ${length} bytes, shorter than an empty zipmap`;
      // The count byte is exact below 254 (ZIPMAP_BIGLEN, "count the entries"); servers refuse an empty
      // zipmap and one whose entries (at least 3 bytes each) differ from its count.
      const count = buf[start];
      if (count === 0) return 'counts no entries, and servers refuse an empty zipmap';
      if (count !== ZIPMAP_BIGLEN && 2 + 3 * count > length) return `counts ${count} entries, which cannot fit in its ${length} bytes`;
      return undefined;
    }
  }
}

/** How many elements an encoded collection's header counts; -1 when it does not say. */
function blobElements(kind: number, buf: Uint8Array, start: number): number {
  switch (kind) {
    case Blob.ZIPLIST:
    case Blob.ZIPLIST_PAIRS: {
      const entries = readUint16LE(buf, start + 8);
      return entries === ZIPLIST_UNKNOWN_COUNT ? -1 : entries;
    }
    case Blob.LISTPACK: {
      const elements = readUint16LE(buf, start + 4);
      return elements === LISTPACK_UNKNOWN_COUNT ? -1 : elements;
    }
    default:
      return -1;
  }
}

function readUint16LE(buf: Uint8Array, at: number): number {
  return buf[at] | (buf[at + 1] << 8);
}

function blobName(kind: number): string {
  switch (kind) {
    case Blob.ZIPLIST:
    case Blob.ZIPLIST_PAIRS: return 'a ziplist';
    case Blob.LISTPACK: return 'a listpack';
    case Blob.INTSET: return 'an intset';
    default: return 'a zipmap';
  }
}

function opcodeName(opcode: number): string {
  switch (opcode) {
    case Opcode.SELECTDB: return 'SELECTDB';
    case Opcode.EXPIRETIME: return 'EXPIRETIME';
    case Opcode.EXPIRETIME_MS: return 'EXPIRETIME_MS';
    case Opcode.RESIZEDB: return 'RESIZEDB';
    case Opcode.AUX: return 'AUX';
    case Opcode.FREQ: return 'FREQ';
    case Opcode.IDLE: return 'IDLE';
    case Opcode.MODULE_AUX: return 'MODULE_AUX';
    case Opcode.FUNCTION2: return 'FUNCTION2';
    case Opcode.SLOT_INFO: return 'SLOT_INFO';
    default: return `opcode ${opcode}`;
  }
}

/**
 * A module type's name from its 64-bit id: nine 6-bit characters above a 10-bit encoding
 * version (Redis module.c moduleTypeNameByID).
 */
function moduleName(hi: number, lo: number): string {
  let id = ((BigInt(hi) << 32n) | BigInt(lo)) >> 10n;
  const chars: string[] = [];
  for (let i = 0; i < 9; i++) {
    chars.unshift(MODULE_NAME_CHARS[Number(id & 63n)]);
    id >>= 6n;
  }
  return chars.join('');
}

/** Key bytes as text for a message: printable ASCII as is, anything else as \xNN. */
function printable(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    text += byte >= 0x20 && byte < 0x7f && byte !== 0x27 && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return text;
}

function hex(bytes: Uint8Array): string {
  return [...bytes].reverse().map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
