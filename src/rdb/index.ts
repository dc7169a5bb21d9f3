export * from './report';
export { scanRdb } from './scan';
export type { ScanOptions } from './scan';
export { RdbScanner } from './scanner';
export type { RdbScannerOptions } from './scanner';
export { keySlot, KeySlotHasher } from './key-slot';
export { crc64, Crc64 } from './crc64';
