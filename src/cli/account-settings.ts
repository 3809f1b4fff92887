/**
 * The `accountSettings` lines of an export (format version 2): what an account needs besides its
 * rows to work the same after a move — its retention period and its Twilio settings, the auth
 * token still sealed with SECRETS_KEY (the target must run with the same key). One line per
 * account that has either.
 */
import type { Repositories } from '../domain/ports/index.js';
import type { TwilioSettingsRecord } from '../domain/types.js';
import { twilioSettingsFrom } from '../store/shared/mappers.js';
import { asIntegerOrNull, asText, RowError } from '../store/shared/rows.js';
import { isRow, type Row } from '../store/shared/sql.js';
import { MAX_RETENTION_DAYS } from '../contract/limits.js';

export interface AccountSettings {
  accountId: string;
  /** Days after which calls are erased; null: kept forever. */
  retentionDays: number | null;
  /** Twilio settings without the account id (the line names it once), or null. */
  twilio: Omit<TwilioSettingsRecord, 'accountId'> | null;
}

/** The settings of one account, or undefined when it has none to carry. */
export async function readAccountSettings(store: Repositories, accountId: string): Promise<AccountSettings | undefined> {
  const retentionDays = (await store.retention.getDays(accountId)) ?? null;
  const twilio = await store.twilio.get(accountId);
  if (retentionDays === null && twilio === undefined) return undefined;
  return {
    accountId,
    retentionDays,
    twilio: twilio
      ? {
          twilioAccountSid: twilio.twilioAccountSid,
          authTokenSealed: twilio.authTokenSealed,
          createdAt: twilio.createdAt,
          updatedAt: twilio.updatedAt,
        }
      : null,
  };
}

/** A line's row as settings, every field checked (RowError names the field). */
export function accountSettingsFrom(row: Row): AccountSettings {
  const accountId = asText(row.accountId, 'accountId');
  const retentionDays = asIntegerOrNull(row.retentionDays, 'retentionDays');
  if (retentionDays !== null && (retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS))
    throw new RowError('retentionDays', `from 1 to ${MAX_RETENTION_DAYS}, or null`);
  const twilio = row.twilio;
  if (twilio !== null && !isRow(twilio)) throw new RowError('twilio', 'an object or null');
  const settings = twilio === null ? null : twilioSettingsFrom({ ...twilio, accountId });
  return {
    accountId,
    retentionDays,
    twilio: settings && {
      twilioAccountSid: settings.twilioAccountSid,
      authTokenSealed: settings.authTokenSealed,
      createdAt: settings.createdAt,
      updatedAt: settings.updatedAt,
    },
  };
}

/** Applies imported settings (the account's rows are in the store already); false when the store has no such account. */
export async function applyAccountSettings(store: Repositories, s: AccountSettings): Promise<boolean> {
  if (!(await store.retention.setDays(s.accountId, s.retentionDays))) return false;
  if (s.twilio && (await store.twilio.save({ accountId: s.accountId, ...s.twilio })) !== 'saved') {
    throw new RowError('twilio.twilioAccountSid', 'a Twilio Account SID no other account holds');
  }
  return true;
}
