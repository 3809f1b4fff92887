/** Accounts and API keys: single statements, the same on both engines. */
import type { Account, ApiKeyRecord } from '../../domain/types.js';
import type { AccountRepository } from '../../domain/ports/index.js';
import { sql, type SqlRunner, type SqlValue } from './sql.js';
import { ACCOUNT_COLUMNS, INSERT_ACCOUNT, INSERT_API_KEY, KEY_COLUMNS } from './statements.js';
import { accountFrom, apiKeyFrom } from './mappers.js';

const GET_ACCOUNT = sql(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = ?`);
const FIND_KEY = sql(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = ?`);
const LIST_KEYS = sql(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE account_id = ? ORDER BY created_at, id`);
const REVOKE_KEY = sql('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');

/** INSERT_ACCOUNT's values (also used by bulk loads). */
export function accountInsertValues(a: Account): SqlValue[] {
  return [a.id, a.name, a.createdAt];
}

/** INSERT_API_KEY's values (also used by bulk loads). */
export function apiKeyInsertValues(k: ApiKeyRecord): SqlValue[] {
  return [k.accountId, k.id, k.secretHash, k.createdAt, k.revokedAt];
}

export class SqlAccountRepository implements AccountRepository {
  constructor(private readonly db: SqlRunner) {}

  async createAccount(a: Account): Promise<void> {
    await this.db.run(INSERT_ACCOUNT, accountInsertValues(a));
  }

  async getAccount(id: string): Promise<Account | undefined> {
    const row = await this.db.one(GET_ACCOUNT, [id]);
    return row && accountFrom(row);
  }

  async createKey(k: ApiKeyRecord): Promise<void> {
    await this.db.run(INSERT_API_KEY, apiKeyInsertValues(k));
  }

  async findKey(id: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.db.one(FIND_KEY, [id]);
    return row && apiKeyFrom(row);
  }

  async listKeys(accountId: string): Promise<ApiKeyRecord[]> {
    return (await this.db.all(LIST_KEYS, [accountId])).map(apiKeyFrom);
  }

  async revokeKey(id: string, at: string): Promise<boolean> {
    return (await this.db.run(REVOKE_KEY, [at, id])) > 0;
  }
}
