/** Virtual keys: issue, verify, revoke, rotate; only a key's id ever leaves this module towards logs and the ledger. */
export { StoreKeyService } from './key-service.js';
export type { KeyService, KeyServiceOptions, KeyVerification } from './key-service.js';
export type { CreateKeyInput, IssuedKey, VirtualKey } from './virtual-key.js';
export { keyToJson } from './key-json.js';
export type { VirtualKeyJson } from './key-json.js';
export { attributionWithKey, regionWithKey } from './key-attribution.js';
