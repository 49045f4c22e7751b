/**
 * Key secrets: `tg_<prefix>_<secret>`, where the prefix is 8 base62 characters (shown in listings) and the
 * secret 32 random bytes in base64url. Only the SHA-256 of the whole string is stored: a secret this long
 * needs no slow password hash, and the hash lets the key be found with one indexed lookup.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PREFIX_LENGTH = 8;
const SECRET_BYTES = 32;
const SECRET_PATTERN = /^tg_([0-9A-Za-z]{8})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedSecret {
  /** The whole key, for the client, once. */
  secret: string;
  /** `tg_AbCd1234`. */
  prefix: string;
  /** Hex SHA-256 of `secret`. */
  hash: string;
}

export function generateSecret(): GeneratedSecret {
  const prefix = `tg_${randomBase62(PREFIX_LENGTH)}`;
  const secret = `${prefix}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { secret, prefix, hash: hashSecret(secret) };
}

export function newKeyId(): string {
  return `key_${randomBase62(16)}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Whether a string has the shape of a Tollgate key (it may still be unknown or revoked). */
export function looksLikeKeySecret(candidate: string): boolean {
  return SECRET_PATTERN.test(candidate);
}

/** Compares two hex hashes in time independent of where they differ. */
export function hashesEqual(leftHex: string, rightHex: string): boolean {
  const left = Buffer.from(leftHex, 'hex');
  const right = Buffer.from(rightHex, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** Uniform base62 characters: bytes of 248 and above are drawn again, so no character is likelier than another. */
function randomBase62(length: number): string {
  let text = '';
  while (text.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && text.length < length) text += BASE62[byte % 62];
    }
  }
  return text;
}
