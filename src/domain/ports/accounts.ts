/** Port: accounts and their API keys. Keys are looked up by id alone: the id says which account. */
import type { Account, ApiKeyRecord } from '../types.js';

export interface AccountRepository {
  createAccount(account: Account): Promise<void>;
  getAccount(id: string): Promise<Account | undefined>;
  createKey(key: ApiKeyRecord): Promise<void>;
  findKey(id: string): Promise<ApiKeyRecord | undefined>;
  /** The account's keys, oldest first. */
  listKeys(accountId: string): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked; false when no such key (or already revoked). */
  revokeKey(id: string, at: string): Promise<boolean>;
}
