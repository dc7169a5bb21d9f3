import type { RdbListener } from './rdb-listener';

/** Types whose value starts with an element count, and whose key servers skip when it is 0 (rdb.c `goto emptykey`). */
const EMPTY_WHEN_NO_ELEMENTS = new Set([1, 2, 3, 4, 5, 14, 18]);

/**
 * The key record being read, as the listener hears of it at its end: where it began (its
 * EXPIRETIME / IDLE / FREQ prefixes included), its TTL, its bytes with LZF strings decoded, its
 * slot, and whether servers load it at all (they skip an empty collection: "skipping empty key").
 */
export class KeyRecord {
  /** The record's RDB object type. */
  public type = 0;
  /** Whether the key's name has been read (`slot` is then known). */
  public named = false;
  public slot = 0;
  private offset = 0;
  private prefixOpen = false;
  private expires = false;
  /** Decoded minus stored bytes of the record's LZF strings. */
  private expansion = 0;
  private empty = false;

  constructor(private readonly listener: RdbListener) {}

  /** A prefix record (EXPIRETIME, IDLE, FREQ) at file offset `offset` begins the key record to come; `expires` for a TTL. */
  public prefix(offset: number, expires: boolean): void {
    if (!this.prefixOpen) {
      this.prefixOpen = true;
      this.offset = offset;
    }
    this.expires ||= expires;
  }

  /** The key record of type `type` starts at file offset `offset` (after its prefixes, if any). */
  public start(type: number, offset: number): void {
    this.type = type;
    if (!this.prefixOpen) {
      this.offset = offset;
    }
    this.named = false;
    this.expansion = 0;
    // A quicklist is empty until one of its nodes holds an element.
    this.empty = type === 14 || type === 18;
  }

  /** The key's name was read; it hashes to `slot`. */
  public name(slot: number): void {
    this.slot = slot;
    this.named = true;
  }

  /** An LZF string of the record decodes to `extra` more bytes than it takes in the file. */
  public expand(extra: number): void {
    this.expansion += extra;
  }

  /** A count of elements at nesting `depth` is 0: a collection of no elements loads as nothing. */
  public noElements(depth: number): void {
    this.empty ||= depth === 0 && EMPTY_WHEN_NO_ELEMENTS.has(this.type);
  }

  /**
   * An encoded collection at nesting `depth` holds `elements` (-1: its header does not say):
   * servers skip a key whose collection is empty, and quicklist nodes without elements.
   */
  public encodedElements(depth: number, elements: number): void {
    if (depth === 0 && elements === 0) {
      this.empty = true;
    } else if ((this.type === 14 || this.type === 18) && elements !== 0) {
      this.empty = false;
    }
  }

  /** The record ends before file offset `endOffset`: tells the listener. */
  public end(endOffset: number): void {
    if (this.empty) {
      this.listener.keySkipped();
    } else {
      this.listener.keyEnd(this.slot, this.expires, endOffset - this.offset + this.expansion);
    }
    this.prefixOpen = false;
    this.expires = false;
  }
}
