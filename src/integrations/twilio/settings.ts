/**
 * An account's Twilio credentials: set through the API or the CLI, sealed with SECRETS_KEY before
 * they reach the store, never answered back. Webhooks find the account by its Twilio Account SID.
 */
import type { TwilioSettingsRepository } from '../../domain/ports/index.js';
import { errors } from '../../domain/errors.js';
import { iso, type Clock } from '../../domain/clock.js';
import { seal, unseal } from '../secret-box.js';
import type { TwilioSettingsInput, TwilioSettingsView } from '../../contract/account.js';

export const ACCOUNT_SID_RE = /^AC[0-9a-fA-F]{32}$/;
export const AUTH_TOKEN_RE = /^[\x21-\x7e]{16,256}$/;

export interface TwilioCredentials {
  accountId: string;
  accountSid: string;
  authToken: string;
}

const NOT_CONFIGURED: TwilioSettingsView = { configured: false, accountSid: '', updatedAt: '' };

export class TwilioSettingsService {
  constructor(
    private readonly store: TwilioSettingsRepository,
    private readonly clock: Clock,
    private readonly secretsKey: Buffer | undefined,
  ) {}

  async get(accountId: string): Promise<TwilioSettingsView> {
    const row = await this.store.get(accountId);
    return row ? { configured: true, accountSid: row.twilioAccountSid, updatedAt: row.updatedAt } : NOT_CONFIGURED;
  }

  async set(accountId: string, input: TwilioSettingsInput): Promise<TwilioSettingsView> {
    if (!ACCOUNT_SID_RE.test(input.accountSid)) throw errors.validation('accountSid must be AC followed by 32 hex characters');
    if (!AUTH_TOKEN_RE.test(input.authToken)) throw errors.validation('authToken must be 16 to 256 printable characters without spaces');
    if (!this.secretsKey) throw errors.secretsKeyMissing();
    const accountSid = 'AC' + input.accountSid.slice(2).toLowerCase();
    const now = iso(this.clock());
    const previous = await this.store.get(accountId);
    const outcome = await this.store.save({
      accountId,
      twilioAccountSid: accountSid,
      authTokenSealed: seal(this.secretsKey, input.authToken, owner(accountId, accountSid)),
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    });
    if (outcome === 'account-sid-taken') throw errors.twilioAccountInUse();
    return { configured: true, accountSid, updatedAt: now };
  }

  async remove(accountId: string): Promise<boolean> {
    return this.store.delete(accountId);
  }

  /** The account configured with this Twilio Account SID and its auth token; undefined when none is. */
  async credentialsForTwilioAccount(twilioAccountSid: string): Promise<TwilioCredentials | undefined> {
    if (!ACCOUNT_SID_RE.test(twilioAccountSid)) return undefined;
    const row = await this.store.findByAccountSid('AC' + twilioAccountSid.slice(2).toLowerCase());
    return row && this.open(row.accountId, row.twilioAccountSid, row.authTokenSealed);
  }

  /** The account's own credentials, for sending; undefined when not configured. */
  async credentialsOf(accountId: string): Promise<TwilioCredentials | undefined> {
    const row = await this.store.get(accountId);
    return row && this.open(row.accountId, row.twilioAccountSid, row.authTokenSealed);
  }

  private open(accountId: string, accountSid: string, sealed: string): TwilioCredentials {
    // Stored credentials that cannot be opened mean the server's key is missing or changed.
    const authToken = this.secretsKey && unseal(this.secretsKey, sealed, owner(accountId, accountSid));
    if (authToken === undefined) throw errors.secretsKeyMissing();
    return { accountId, accountSid, authToken };
  }
}

function owner(accountId: string, accountSid: string): string {
  return `twilio:${accountId}:${accountSid}`;
}
