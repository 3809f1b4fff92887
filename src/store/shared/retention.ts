/** Each account's retention period: single statements, the same on both engines. */
import type { RetentionPolicy, RetentionRepository } from '../../domain/ports/index.js';
import { sql, type SqlRunner } from './sql.js';
import { asInteger, asIntegerOrNull, asText } from './rows.js';

const SET_DAYS = sql('UPDATE accounts SET retention_days = ? WHERE id = ?');
const GET_DAYS = sql('SELECT retention_days AS "days" FROM accounts WHERE id = ?');
const POLICIES = sql(
  'SELECT id AS "accountId", retention_days AS "retentionDays" FROM accounts WHERE retention_days IS NOT NULL ORDER BY id',
);

export class SqlRetentionRepository implements RetentionRepository {
  constructor(private readonly db: SqlRunner) {}

  async setDays(accountId: string, days: number | null): Promise<boolean> {
    return (await this.db.run(SET_DAYS, [days, accountId])) > 0;
  }

  async getDays(accountId: string): Promise<number | null | undefined> {
    const row = await this.db.one(GET_DAYS, [accountId]);
    return row === undefined ? undefined : asIntegerOrNull(row.days, 'days');
  }

  async listPolicies(): Promise<RetentionPolicy[]> {
    return (await this.db.all(POLICIES, [])).map((r) => ({
      accountId: asText(r.accountId, 'accountId'),
      retentionDays: asInteger(r.retentionDays, 'retentionDays'),
    }));
  }
}
