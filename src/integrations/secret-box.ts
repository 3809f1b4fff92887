/**
 * Sealing provider secrets at rest: AES-256-GCM under SECRETS_KEY, with the owner (account and
 * provider account id) as associated data so a sealed value copied to another row does not open.
 *
 * Format: `v2.<keyid>.` + base64url(iv 12 bytes | tag 16 bytes | ciphertext), where keyid is a
 * short hash of the key that sealed it, so that after a key change each value names the key it
 * needs (SECRETS_KEY or one of SECRETS_KEY_PREVIOUS) and `calls-api secrets rotate` knows which
 * values still need resealing. Values of the first format (`v1.` + the same, no key id) still
 * open: every configured key is tried.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const V1 = 'v1.';
const V2 = 'v2.';
const KEY_ID_LENGTH = 8;

/** A key's public name: the first 8 hex digits of SHA-256 over a label and the key (reveals nothing usable). */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('calls-api secrets key id\0').update(key).digest('hex').slice(0, KEY_ID_LENGTH);
}

/** Why a sealed value did not open (logged; never the value or a key). */
export type UnsealFailure =
  /** The server has no SECRETS_KEY. */
  | 'no-key'
  /** Not a value this service seals (damaged or written by hand). */
  | 'malformed'
  /** Sealed with a key that is neither SECRETS_KEY nor in SECRETS_KEY_PREVIOUS. */
  | 'unknown-key'
  /** The key is configured, but the value does not open with it for this owner (tampered or moved). */
  | 'does-not-open';

export type Unsealed = { plaintext: string; keyId: string; current: boolean } | { failure: UnsealFailure; keyId?: string };

/** The key id a sealed value names (`v1` for values of the first format, which name none). */
export function sealedKeyId(sealed: string): string | undefined {
  if (sealed.startsWith(V1)) return 'v1';
  if (!sealed.startsWith(V2)) return undefined;
  const id = sealed.slice(V2.length, V2.length + KEY_ID_LENGTH);
  return sealed.charAt(V2.length + KEY_ID_LENGTH) === '.' && /^[0-9a-f]+$/.test(id) ? id : undefined;
}

/** The current key (seals and opens) and previous keys (open only). */
export class SecretKeyring {
  readonly currentId: string | undefined;
  private readonly keys = new Map<string, Buffer>();

  constructor(current: Buffer | undefined, previous: readonly Buffer[] = []) {
    this.currentId = current && keyIdOf(current);
    if (current) this.keys.set(keyIdOf(current), current);
    for (const key of previous) if (!this.keys.has(keyIdOf(key))) this.keys.set(keyIdOf(key), key);
  }

  get canSeal(): boolean {
    return this.currentId !== undefined;
  }

  /** Seals under the current key; undefined when the server has none. */
  seal(plaintext: string, associated: string): string | undefined {
    if (this.currentId === undefined) return undefined;
    const key = this.keys.get(this.currentId);
    return key && V2 + this.currentId + '.' + encrypt(key, plaintext, associated);
  }

  open(sealed: string, associated: string): Unsealed {
    if (this.keys.size === 0) return { failure: 'no-key' };
    const keyId = sealedKeyId(sealed);
    if (keyId === undefined) return { failure: 'malformed' };
    if (keyId === 'v1') {
      // The first format names no key: try each, the current one first. Never current: a
      // rotation reseals it into the format that names its key.
      for (const key of this.keys.values()) {
        const plaintext = decrypt(key, sealed.slice(V1.length), associated);
        if (plaintext !== undefined) return { plaintext, keyId: 'v1', current: false };
      }
      return { failure: 'does-not-open', keyId };
    }
    const key = this.keys.get(keyId);
    if (!key) return { failure: 'unknown-key', keyId };
    const plaintext = decrypt(key, sealed.slice(V2.length + KEY_ID_LENGTH + 1), associated);
    return plaintext === undefined ? { failure: 'does-not-open', keyId } : { plaintext, keyId, current: keyId === this.currentId };
  }
}

function encrypt(key: Buffer, plaintext: string, associated: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associated, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

function decrypt(key: Buffer, encoded: string, associated: string): string | undefined {
  const raw = Buffer.from(encoded, 'base64url');
  if (raw.length < 28) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(associated, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** A value in the first format (tests of the upgrade path seal one as an older version did). */
export function sealV1(key: Buffer, plaintext: string, associated: string): string {
  return V1 + encrypt(key, plaintext, associated);
}
