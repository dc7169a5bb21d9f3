/**
 * What the RDB parser tells as it walks a file, record by record: the parser knows the format,
 * a listener decides what to keep. Called on the hot path (once per value string), so the
 * methods take plain numbers and return nothing but a reason to stop.
 */
export interface RdbListener {
  /** An AUX field, its value cut to a bounded length. */
  aux(name: string, value: string): void;

  /** SELECTDB `db`; returns why the file cannot be taken further (too many databases to keep), or undefined. */
  selectDb(db: number): string | undefined;

  /** A key record of RDB type `type` begins; its name is `keyLength` bytes (an integer key's decimal text). */
  keyStart(type: number, keyLength: number): void;

  /**
   * A string of the key's value: `length` bytes decoded (uncompressed; an integer's decimal text).
   * Also called for strings outside key records (function code, module data), which a listener ignores.
   */
  valueString(length: number, isInteger: boolean): void;

  /** An encoded collection (listpack, ziplist, intset, zipmap) in the key's value, `length` bytes uncompressed. */
  valueBlob(length: number): void;

  /** The key record ended: its cluster slot, whether it has a TTL, and its bytes with strings uncompressed. */
  keyEnd(slot: number, expires: boolean, recordBytes: number): void;

  /** The key record ended, but its collection is empty, so servers skip it on load ("skipping empty key"). */
  keySkipped(): void;

  /** A module value or module AUX record of the module type `name`. */
  module(name: string): void;

  /** A function library; `preRelease` for the Redis 7.0 release-candidate format (opcode 246). */
  functionLibrary(preRelease: boolean): void;

  /** The EOF marker: every record has been told (the checksum trailer may still be missing or wrong). */
  end(): void;
}
