import { blobName, opcodeName } from './descriptions';
import { blobElements, blobHeaderProblem, moduleName } from './encodings';
import { Blob, CODE, LAST_TYPE, loadableBy, Op, Opcode, PROGRAMS, typeName, unknownRecordReason } from './format';
import { KeyRecord } from './key-record';
import { INVALID, NEED_MORE, PrimitiveReader, StringKind } from './primitives';
import type { RdbListener } from './rdb-listener';
import type { ScanError } from './report';
import { StreamedString } from './streamed-string';

/** A step's answer once the walker has stopped on bad bytes (the reason is in `error`). */
const FAILED = -2;
/** Deepest nesting of repeats in a program (stream → consumer → PEL). */
const MAX_DEPTH = 8;

/**
 * Walks the records between the header and the EOF marker: each one (a key with its value, or
 * an opcode's payload) by running its program from `format.ts` with an explicit stack of
 * repeats, so that it can stop at any byte and resume with the next chunk. Values are skipped as
 * they stream past; what they are made of goes to the listener.
 */
export class RecordWalker {
  /** Why the records cannot be read further. */
  public error: ScanError | undefined;
  /** Whether the walk stopped at the EOF opcode (not taken). */
  public atEof = false;
  /** The database selected last. */
  public db = 0;

  /** File offset of `buf[0]` in the buffer being walked. */
  private base = 0;
  private pc = 0;
  private depth = 0;
  private readonly frameStart = new Int32Array(MAX_DEPTH);
  private readonly frameEnd = new Int32Array(MAX_DEPTH);
  private readonly frameLeft = new Float64Array(MAX_DEPTH);
  private readonly primitive = new PrimitiveReader();
  private readonly streamed = new StreamedString();
  /** Bytes still to pass before the next step (to `streamed` while it is streaming). */
  private skip = 0;
  /** The blob being skipped must end with 0xFF (ziplist, listpack, zipmap). */
  private blobEndsWithFF = false;
  private blobOffset = 0;
  private blobKind = Blob.ZIPLIST;

  /** Between two records: the next byte starts one. */
  private betweenRecords = true;
  private readonly key: KeyRecord;
  /** Whether the record is a key's (else an opcode's). */
  private inKey = false;
  private recordOpcode = 0;
  private recordOffset = 0;
  private sawKey = false;
  private auxName = '';
  private textIsName = false;

  /** The start of each record's program by its first byte, for the file's format. */
  private readonly programs: Int32Array;

  constructor(private readonly listener: RdbListener, private readonly magic: 'REDIS' | 'VALKEY') {
    this.programs = magic === 'VALKEY' ? PROGRAMS.valkey : PROGRAMS.redis;
    this.key = new KeyRecord(listener);
  }

  /**
   * Walks the records in `buf[pos..end)`, whose first byte is at file offset `base`. Returns
   * where it stopped: at the EOF opcode (`atEof`), where it failed (`error`), or where the buffer
   * ran out (an unfinished primitive from there on).
   */
  public walk(buf: Uint8Array, pos: number, end: number, base: number): number {
    this.base = this.primitive.base = base;
    for (;;) {
      if (this.skip > 0) {
        const available = end - pos;
        if (available === 0) {
          return pos;
        }
        const n = this.skip < available ? this.skip : available;
        const problem = this.streamed.streaming ? this.streamed.feed(buf, pos, pos + n) : undefined;
        if (problem) {
          this.fail(`${problem} ${this.where()}`, this.primitive.stringOffset);
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
      if (this.betweenRecords) {
        if (pos >= end) {
          return pos;
        }
        if (!this.startRecord(buf[pos], base + pos)) {
          return pos;
        }
        pos++;
        continue;
      }
      const next = this.step(buf, pos, end);
      if (next < 0) {
        if (next === INVALID) {
          this.fail(`${this.primitive.problem} ${this.where()}`, this.primitive.problemOffset);
        }
        return pos;
      }
      pos = next;
    }
  }

  /** What is being read, for messages: "the value of key 'foo' (hash, type 4) in db 0". */
  public describe(): string {
    if (this.betweenRecords) {
      return 'the next record (the file ends without its EOF marker)';
    }
    if (!this.inKey) {
      return `the ${opcodeName(this.recordOpcode)} record at offset ${this.recordOffset}`;
    }
    const type = `${typeName(this.key.type)}, type ${this.key.type}`;
    if (!this.key.named) {
      return `the name of a key (${type}) in db ${this.db} at offset ${this.recordOffset}`;
    }
    return `the value of key '${this.streamed.keyName()}' (${type}) in db ${this.db}`;
  }

  /** Copies what the walker still needs out of the buffer it was given, which is about to be reused or dropped. */
  public release(): void {
    this.streamed.key.keep();
  }

  /** Starts the record whose first byte `byte` is at file offset `offset`; false at the EOF opcode or an unknown byte. */
  private startRecord(byte: number, offset: number): boolean {
    if (byte === Opcode.EOF) {
      this.atEof = true;
      this.listener.end();
      return false;
    }
    const entry = this.programs[byte];
    if (entry < 0) {
      const after = this.sawKey ? `, after key '${this.streamed.keyName()}'` : '';
      this.fail(`${unknownRecordReason(byte, this.magic)} in db ${this.db}${after}`, offset);
      const loaders = loadableBy(byte);
      if (loaders) this.error = { ...this.error!, loadableBy: loaders };
      return false;
    }
    this.recordOpcode = byte;
    this.recordOffset = offset;
    this.inKey = byte <= LAST_TYPE;
    if (this.inKey) {
      this.key.start(byte, offset);
    } else if (byte === Opcode.EXPIRETIME || byte === Opcode.EXPIRETIME_MS || byte === Opcode.IDLE || byte === Opcode.FREQ) {
      this.key.prefix(offset, byte === Opcode.EXPIRETIME || byte === Opcode.EXPIRETIME_MS);
    } else if (byte === Opcode.FUNCTION2 || byte === Opcode.FUNCTION_PRE_GA) {
      this.listener.functionLibrary(byte === Opcode.FUNCTION_PRE_GA);
    }
    this.pc = entry;
    this.depth = 0;
    this.betweenRecords = false;
    return true;
  }

  /** Runs the next step of the record's program; returns the new position, NEED_MORE, INVALID or FAILED. */
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
        if (this.inKey) {
          this.key.end(this.base + pos);
        }
        this.betweenRecords = true;
        return pos;
      case Op.LENGTH: {
        const next = this.primitive.readLength(buf, pos, end);
        if (next >= 0) {
          this.pc = pc + 1;
        }
        return next;
      }
      case Op.REPEAT: {
        const next = this.primitive.readLength(buf, pos, end);
        if (next < 0) {
          return next;
        }
        const bodyEnd = pc + 2 + CODE[pc + 1];
        const count = this.primitive.length;
        if (count === 0) {
          this.key.noElements(this.depth);
          this.pc = bodyEnd;
        } else {
          this.frameStart[this.depth] = pc + 2;
          this.frameEnd[this.depth] = bodyEnd;
          this.frameLeft[this.depth] = count;
          this.depth++;
          this.pc = pc + 2;
        }
        return next;
      }
      case Op.STRING: {
        const next = this.primitive.readString(buf, pos, end);
        if (next >= 0) {
          this.valueString();
          this.pc = pc + 1;
        }
        return next;
      }
      case Op.BLOB: {
        const next = this.primitive.readString(buf, pos, end);
        if (next < 0) {
          return next;
        }
        return this.startBlob(CODE[pc + 1], buf, next, end, 2);
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
        return this.readKey(buf, pos, end);
      case Op.MODULE_ID:
        return this.readModuleId(buf, pos, end);
      case Op.MODULE_ITEMS:
        return this.readModuleItem(buf, pos, end);
      case Op.QUICKLIST_NODE:
        return this.readQuicklistNode(buf, pos, end);
      case Op.STREAM_ID:
        return this.readStreamId(buf, pos, end);
      case Op.DB:
        return this.selectDb(buf, pos, end);
      case Op.AUX_NAME:
      case Op.AUX_VALUE:
        return this.readText(CODE[pc] === Op.AUX_NAME, buf, pos, end);
      default:
        return this.fail(`internal error: unknown program step ${CODE[pc]}`, this.base + pos);
    }
  }

  private readKey(buf: Uint8Array, pos: number, end: number): number {
    const primitive = this.primitive;
    const next = primitive.readString(buf, pos, end);
    if (next < 0) {
      return next;
    }
    this.pc++;
    this.listener.keyStart(this.key.type, primitive.decodedLength);
    const bytes = primitive.stringBytes;
    // Most keys are raw and lie whole in the buffer: hash them where they are.
    if (primitive.stringKind === StringKind.RAW && end - next >= bytes) {
      this.streamed.key.wholeKey(buf, next, next + bytes);
      this.keyNamed();
      return next + bytes;
    }
    if (this.streamed.startKey(primitive)) {
      this.keyNamed();
      return next;
    }
    this.skipString();
    return this.endEmptyStream(buf, next);
  }

  private readText(isName: boolean, buf: Uint8Array, pos: number, end: number): number {
    const next = this.primitive.readString(buf, pos, end);
    if (next < 0) {
      return next;
    }
    this.pc++;
    this.textIsName = isName;
    const text = this.streamed.startText(this.primitive);
    if (text !== undefined) {
      this.textRead(text);
      return next;
    }
    this.skip = this.primitive.stringBytes;
    return this.endEmptyStream(buf, next);
  }

  /** A streamed string of zero bytes gets no bytes to trigger its end: end it now. */
  private endEmptyStream(buf: Uint8Array, next: number): number {
    return this.skip === 0 && !this.skipped(buf, next) ? FAILED : next;
  }

  private keyNamed(): void {
    this.key.name(this.streamed.key.slot());
    this.sawKey = true;
  }

  private textRead(value: string): void {
    if (this.textIsName) {
      this.auxName = value;
    } else {
      this.listener.aux(this.auxName, value);
    }
  }

  /** Finishes what the skipped bytes were part of; false when that fails. */
  private skipped(buf: Uint8Array, pos: number): boolean {
    if (this.streamed.streaming) {
      const isKey = this.streamed.isKey;
      const problem = this.streamed.finish();
      if (problem) {
        this.fail(`${problem} ${this.where()}`, this.primitive.stringOffset);
        return false;
      }
      if (isKey) {
        this.keyNamed();
      } else {
        this.textRead(this.streamed.textRead());
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

  /** Tells the listener of the value string just read, then skips it. */
  private valueString(): void {
    const primitive = this.primitive;
    this.listener.valueString(primitive.decodedLength, primitive.stringKind === StringKind.INT);
    this.skipString();
  }

  private skipString(): void {
    const primitive = this.primitive;
    if (primitive.stringKind === StringKind.INT) {
      return;
    }
    this.skip = primitive.stringBytes;
    this.key.expand(primitive.stringLength - primitive.stringBytes);
  }

  /**
   * Checks the header of a string that holds an encoded collection, as the servers' sanitizer
   * does, then skips it and moves `steps` on. Compressed blobs are skipped unchecked: checking
   * them would mean decompressing every value.
   */
  private startBlob(kind: number, buf: Uint8Array, next: number, end: number, steps: number): number {
    const primitive = this.primitive;
    const offset = primitive.stringOffset;
    if (primitive.stringKind === StringKind.INT) {
      return this.fail(`expected ${blobName(kind)}, found an integer ${this.where()}`, offset);
    }
    if (primitive.stringKind === StringKind.LZF) {
      this.key.encodedElements(this.depth, -1);
      this.listener.valueBlob(primitive.stringLength);
      this.skipString();
      this.pc += steps;
      return next;
    }
    const length = primitive.stringBytes;
    if (end - next < Math.min(length, 10)) {
      return NEED_MORE;
    }
    const problem = blobHeaderProblem(kind, buf, next, length);
    if (problem) {
      return this.fail(`${blobName(kind)} ${problem} ${this.where()}`, offset);
    }
    this.key.encodedElements(this.depth, blobElements(kind, buf, next));
    this.listener.valueBlob(length);
    this.blobKind = kind;
    this.blobOffset = offset;
    this.blobEndsWithFF = kind !== Blob.INTSET;
    this.skip = length;
    this.pc += steps;
    return next;
  }

  private readQuicklistNode(buf: Uint8Array, pos: number, end: number): number {
    const afterContainer = this.primitive.readLength(buf, pos, end);
    if (afterContainer < 0) {
      return afterContainer;
    }
    const container = this.primitive.length;
    if (container !== 1 && container !== 2) {
      return this.fail(`unknown quicklist node container ${container} (1 is plain, 2 is packed) ${this.where()}`, this.base + pos);
    }
    const next = this.primitive.readString(buf, afterContainer, end);
    if (next < 0) {
      return next;
    }
    if (container === 1) {
      this.key.encodedElements(this.depth, 1);
      this.valueString();
      this.pc++;
      return next;
    }
    return this.startBlob(Blob.LISTPACK, buf, next, end, 1);
  }

  private readStreamId(buf: Uint8Array, pos: number, end: number): number {
    const primitive = this.primitive;
    const next = primitive.readString(buf, pos, end);
    if (next < 0) {
      return next;
    }
    if (primitive.stringKind === StringKind.INT || primitive.stringLength !== 16) {
      const found = primitive.stringKind === StringKind.INT ? 'an integer' : `${primitive.stringLength} bytes`;
      return this.fail(`a stream listpack's master ID is ${found}, not 16 bytes, ${this.where()}`, this.base + pos);
    }
    this.skipString();
    this.pc++;
    return next;
  }

  private readModuleId(buf: Uint8Array, pos: number, end: number): number {
    const primitive = this.primitive;
    const next = primitive.readLength(buf, pos, end);
    if (next < 0) {
      return next;
    }
    const wide = primitive.length >= 2 ** 32;
    this.listener.module(moduleName(wide ? primitive.lengthHi : 0, wide ? primitive.lengthLo : primitive.length));
    this.pc++;
    return next;
  }

  /** One module item: an opcode then its payload; the walk ends at opcode 0. */
  private readModuleItem(buf: Uint8Array, pos: number, end: number): number {
    const primitive = this.primitive;
    const next = primitive.readLength(buf, pos, end);
    if (next < 0) {
      return next;
    }
    switch (primitive.length) {
      case 0:
        this.pc++;
        return next;
      case 1:
      case 2:
        return primitive.readLength(buf, next, end);
      case 3:
      case 4:
        // A float, then a double.
        this.skip = primitive.length === 3 ? 4 : 8;
        return next;
      case 5: {
        const after = primitive.readString(buf, next, end);
        if (after >= 0) {
          this.skipString();
        }
        return after;
      }
      default:
        return this.fail(`unknown module data opcode ${primitive.length} (0–5 exist) ${this.where()}`, this.base + pos);
    }
  }

  private selectDb(buf: Uint8Array, pos: number, end: number): number {
    const next = this.primitive.readLength(buf, pos, end);
    if (next < 0) {
      return next;
    }
    const problem = this.listener.selectDb(this.primitive.length);
    if (problem) {
      return this.fail(problem, this.recordOffset);
    }
    this.db = this.primitive.length;
    this.pc++;
    return next;
  }

  private fail(message: string, offset: number): number {
    this.error = { message, offset };
    this.skip = 0;
    return FAILED;
  }

  /** What is being read, for messages: "in the value of key 'foo' (hash, type 4) in db 0". */
  private where(): string {
    return `in ${this.describe()}`;
  }
}
