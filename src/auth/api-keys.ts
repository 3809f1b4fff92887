/**
 * Accounts and their API keys. A key is `key_` + 24 base62 characters (the Basic username) and a
 * secret of 32 random bytes (the password). Secrets are high-entropy, so a SHA-256 of them is as
 * safe to store as a password hash and costs nothing per request; only the hash is kept.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { AccountRepository } from '../domain/ports/index.js';
import type { ApiKeyRecord } from '../domain/types.js';
import { newId } from '../domain/ids.js';
import { iso, type Clock } from '../domain/clock.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const KEY_ID_RE = /^key_[0-9A-Za-z]{24}$/;

export interface IssuedKey {
  accountId: string;
  username: string;
  password: string;
}

export function newKeyId(): string {
  let id = 'key_';
  for (let i = 0; i < 24; i++) id += BASE62[randomInt(62)];
  return id;
}

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export class ApiKeyService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
  ) {}

  async createAccount(name: string): Promise<IssuedKey> {
    const accountId = newId();
    await this.accounts.createAccount({ id: accountId, name, createdAt: iso(this.clock()) });
    return this.createKey(accountId);
  }

  /** Issues a key; undefined when the account does not exist. The secret is returned only here. */
  async createKey(accountId: string): Promise<IssuedKey> {
    const id = newKeyId();
    const secret = randomBytes(32).toString('base64url');
    await this.accounts.createKey({
      id,
      accountId,
      secretHash: hashSecret(secret),
      createdAt: iso(this.clock()),
      revokedAt: null,
    });
    return { accountId, username: id, password: secret };
  }

  async listKeys(accountId: string) {
    return (await this.accounts.listKeys(accountId)).map((k) => ({
      id: k.id,
      accountId: k.accountId,
      createdAt: k.createdAt,
      revokedAt: k.revokedAt,
    }));
  }

  revokeKey(id: string): Promise<boolean> {
    return this.accounts.revokeKey(id, iso(this.clock()));
  }
}

export interface VerifiedHeader {
  keyId: string;
  accountId: string;
  expires: number;
}

/**
 * Checks Basic credentials against stored key hashes. Key records are cached for `ttlMs`
 * (default 1 s), so a revocation takes effect on every process within that time while the hot
 * path does no store read for a key seen in the last second.
 */
export class KeyVerifier {
  private readonly cache = new Map<string, { key: ApiKeyRecord | undefined; expires: number }>();
  /**
   * Authorization headers that verified within the last `ttlMs`: a client polling with the same
   * key skips decoding and hashing on every poll and gets the answer it would
   * have got, with the same bound on how late a revocation is seen. Only in this process's memory.
   */
  private readonly verifiedHeaders = new Map<string, VerifiedHeader>();

  constructor(
    private readonly accounts: AccountRepository,
    private readonly ttlMs = 1000,
    private readonly maxEntries = 10_000,
  ) {}

  /** The account id the credentials belong to, or undefined when they are not valid. */
  async verify(username: string, password: string): Promise<string | undefined> {
    if (!KEY_ID_RE.test(username)) return undefined;
    const key = await this.lookup(username);
    // Hash even for an unknown key so that the answer takes the same time either way.
    const presented = hashSecret(password);
    if (!key || key.revokedAt !== null) return undefined;
    return timingSafeEqual(presented, key.secretHash) ? key.accountId : undefined;
  }

  /** The key and account of an Authorization header verified within `ttlMs`, else undefined. */
  recall(header: string, now: number): VerifiedHeader | undefined {
    const hit = this.verifiedHeaders.get(header);
    return hit !== undefined && hit.expires > now ? hit : undefined;
  }

  /**
   * Notes a header that has just verified (see recall). It is trusted only as long as the key
   * record it was checked against, whose read started no later than the revocation could have
   * been seen: so however the header is spelled (`basic` or `Basic`, other padding), a revoked
   * key is refused within `ttlMs` of its revocation, not one cache lifetime after another.
   */
  remember(header: string, keyId: string, accountId: string): void {
    const record = this.cache.get(keyId);
    if (this.ttlMs <= 0 || record === undefined) return;
    if (this.verifiedHeaders.size >= this.maxEntries) this.verifiedHeaders.clear();
    this.verifiedHeaders.set(header, { keyId, accountId, expires: record.expires });
  }

  private async lookup(id: string): Promise<ApiKeyRecord | undefined> {
    const now = Date.now();
    const hit = this.cache.get(id);
    if (hit && hit.expires > now) return hit.key;
    const key = await this.accounts.findKey(id);
    if (this.cache.size >= this.maxEntries) this.cache.clear();
    this.cache.set(id, { key, expires: now + this.ttlMs });
    return key;
  }
}
