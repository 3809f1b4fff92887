/** An account's Twilio settings: single statements, the same on both engines. */
import type { TwilioSettingsRecord } from '../../domain/types.js';
import type { TwilioSettingsRepository } from '../../domain/ports/index.js';
import { sql, type SqlRunner } from './sql.js';
import { TWILIO_COLUMNS } from './statements.js';
import { twilioSettingsFrom } from './mappers.js';
import { isUniqueViolation } from '../errors.js';

const BY_ACCOUNT = sql(`SELECT ${TWILIO_COLUMNS} FROM twilio_settings WHERE account_id = ?`);
const BY_ACCOUNT_SID = sql(`SELECT ${TWILIO_COLUMNS} FROM twilio_settings WHERE twilio_account_sid = ?`);
/**
 * Insert or replace by account. A Twilio Account SID another account holds violates the unique
 * index on it, whichever way the statement went: that is the refusal.
 */
const UPSERT =
  sql(`INSERT INTO twilio_settings (account_id, twilio_account_sid, auth_token_sealed, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (account_id) DO UPDATE SET twilio_account_sid = excluded.twilio_account_sid,
    auth_token_sealed = excluded.auth_token_sealed, updated_at = excluded.updated_at`);
const ALL = sql(`SELECT ${TWILIO_COLUMNS} FROM twilio_settings ORDER BY account_id`);
const RESEAL = sql('UPDATE twilio_settings SET auth_token_sealed = ? WHERE account_id = ? AND auth_token_sealed = ?');
const DELETE = sql('DELETE FROM twilio_settings WHERE account_id = ?');

export class SqlTwilioSettingsRepository implements TwilioSettingsRepository {
  constructor(private readonly db: SqlRunner) {}

  async get(accountId: string): Promise<TwilioSettingsRecord | undefined> {
    const row = await this.db.one(BY_ACCOUNT, [accountId]);
    return row && twilioSettingsFrom(row);
  }

  async findByAccountSid(twilioAccountSid: string): Promise<TwilioSettingsRecord | undefined> {
    const row = await this.db.one(BY_ACCOUNT_SID, [twilioAccountSid]);
    return row && twilioSettingsFrom(row);
  }

  async save(t: TwilioSettingsRecord): Promise<'saved' | 'account-sid-taken'> {
    try {
      await this.db.run(UPSERT, [t.accountId, t.twilioAccountSid, t.authTokenSealed, t.createdAt, t.updatedAt]);
      return 'saved';
    } catch (err) {
      if (isUniqueViolation(err)) return 'account-sid-taken';
      throw err;
    }
  }

  async list(): Promise<TwilioSettingsRecord[]> {
    return (await this.db.all(ALL, [])).map(twilioSettingsFrom);
  }

  async replaceSealedToken(accountId: string, expected: string, sealed: string): Promise<boolean> {
    return (await this.db.run(RESEAL, [sealed, accountId, expected])) > 0;
  }

  async delete(accountId: string): Promise<boolean> {
    return (await this.db.run(DELETE, [accountId])) > 0;
  }
}
