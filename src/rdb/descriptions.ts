import { Blob, Opcode } from './format';

/** An encoded collection's name for messages: "a ziplist". */
export function blobName(kind: number): string {
  switch (kind) {
    case Blob.ZIPLIST:
    case Blob.ZIPLIST_PAIRS: return 'a ziplist';
    case Blob.LISTPACK: return 'a listpack';
    case Blob.INTSET: return 'an intset';
    default: return 'a zipmap';
  }
}

/** An opcode's name for messages: "SELECTDB". */
export function opcodeName(opcode: number): string {
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

/** Key bytes as text for a message: printable ASCII as is, anything else as \xNN. */
export function printable(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    text += byte >= 0x20 && byte < 0x7f && byte !== 0x27 && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return text;
}

/** Little-endian bytes (a checksum trailer) as the hex number they hold. */
export function hex(bytes: Uint8Array): string {
  return [...bytes].reverse().map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
