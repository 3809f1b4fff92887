/**
 * An account's Twilio credentials: set through the API or the CLI, sealed with SECRETS_KEY before
 * they reach the store, never answered back. Webhooks find the account by its Twilio Account SID.
 * Tokens sealed with a key of SECRETS_KEY_PREVIOUS still open; `reseal` moves them to the current key.
 */
import type { TwilioSettingsRepository } from '../../domain/ports/index.js';
import { errors } from '../../domain/errors.js';
import { iso, type Clock } from '../../domain/clock.js';
import { SecretKeyring, type UnsealFailure } from '../secret-box.js';
import type { TwilioSettingsInput, TwilioSettingsView } from '../../contract/account.js';

export const ACCOUNT_SID_RE = /^AC[0-9a-fA-F]{32}$/;
export const AUTH_TOKEN_RE = /^[\x21-\x7e]{16,256}$/;

export interface TwilioCredentials {
  accountId: string;
  accountSid: string;
  authToken: string;
}

/** Stored credentials whose token the server's keys cannot open: why, and under which key id. */
export interface Unopenable {
  unopenable: UnsealFailure;
  keyId?: string;
}

/** What a pass over every stored token found (start-up check) or did (rotation). */
export interface SealingCounts {
  /** Sealed with SECRETS_KEY: nothing to do. */
  current: number;
  /** Sealed with a previous key (or in the first format): resealed by a rotation, else still to reseal. */
  previous: number;
  /** Open with no configured key: these webhooks are refused until the key or the credentials are given again. */
  unopenable: number;
}

const NOT_CONFIGURED: TwilioSettingsView = { configured: false, accountSid: '', updatedAt: '' };

export class TwilioSettingsService {
  constructor(
    private readonly store: TwilioSettingsRepository,
    private readonly clock: Clock,
    private readonly keyring: SecretKeyring,
  ) {}

  async get(accountId: string): Promise<TwilioSettingsView> {
    const row = await this.store.get(accountId);
    return row ? { configured: true, accountSid: row.twilioAccountSid, updatedAt: row.updatedAt } : NOT_CONFIGURED;
  }

  async set(accountId: string, input: TwilioSettingsInput): Promise<TwilioSettingsView> {
    if (!ACCOUNT_SID_RE.test(input.accountSid)) throw errors.validation('accountSid must be AC followed by 32 hex characters');
    if (!AUTH_TOKEN_RE.test(input.authToken)) throw errors.validation('authToken must be 16 to 256 printable characters without spaces');
    if (!this.keyring.canSeal) throw errors.secretsKeyMissing();
    const accountSid = 'AC' + input.accountSid.slice(2).toLowerCase();
    const sealed = this.keyring.seal(input.authToken, owner(accountId, accountSid));
    if (sealed === undefined) throw errors.secretsKeyMissing();
    const now = iso(this.clock());
    const previous = await this.store.get(accountId);
    const outcome = await this.store.save({
      accountId,
      twilioAccountSid: accountSid,
      authTokenSealed: sealed,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    });
    if (outcome === 'account-sid-taken') throw errors.twilioAccountInUse();
    return { configured: true, accountSid, updatedAt: now };
  }

  async remove(accountId: string): Promise<boolean> {
    return this.store.delete(accountId);
  }

  /**
   * The account configured with this Twilio Account SID and its auth token; undefined when none
   * is; `unopenable` when the stored token does not open with the server's keys.
   */
  async credentialsForTwilioAccount(twilioAccountSid: string): Promise<TwilioCredentials | Unopenable | undefined> {
    if (!ACCOUNT_SID_RE.test(twilioAccountSid)) return undefined;
    const row = await this.store.findByAccountSid('AC' + twilioAccountSid.slice(2).toLowerCase());
    return row && this.open(row.accountId, row.twilioAccountSid, row.authTokenSealed);
  }

  /** The account's own credentials, for sending; undefined when not configured. */
  async credentialsOf(accountId: string): Promise<TwilioCredentials | undefined> {
    const row = await this.store.get(accountId);
    if (!row) return undefined;
    const opened = this.open(row.accountId, row.twilioAccountSid, row.authTokenSealed);
    // Stored credentials that cannot be opened mean the server's key is missing or changed.
    if ('unopenable' in opened) throw errors.secretsKeyMissing();
    return opened;
  }

  /** How the stored tokens stand against the server's keys (the start-up check). */
  async sealingCounts(): Promise<SealingCounts> {
    const counts: SealingCounts = { current: 0, previous: 0, unopenable: 0 };
    for (const row of await this.store.list()) {
      const opened = this.keyring.open(row.authTokenSealed, owner(row.accountId, row.twilioAccountSid));
      if ('failure' in opened) counts.unopenable++;
      else if (opened.current) counts.current++;
      else counts.previous++;
    }
    return counts;
  }

  /**
   * Reseals every stored token not sealed with the current key (rotation). A row changed
   * meanwhile (credentials set again, already under the current key) is left as it now is.
   */
  async reseal(progress: (done: number, total: number) => void = () => undefined): Promise<SealingCounts> {
    const counts: SealingCounts = { current: 0, previous: 0, unopenable: 0 };
    if (!this.keyring.canSeal) throw errors.secretsKeyMissing();
    const rows = await this.store.list();
    for (const [i, row] of rows.entries()) {
      const associated = owner(row.accountId, row.twilioAccountSid);
      const opened = this.keyring.open(row.authTokenSealed, associated);
      if ('failure' in opened) counts.unopenable++;
      else if (opened.current) counts.current++;
      else {
        const sealed = this.keyring.seal(opened.plaintext, associated);
        if (sealed !== undefined && (await this.store.replaceSealedToken(row.accountId, row.authTokenSealed, sealed))) counts.previous++;
        else counts.current++;
      }
      progress(i + 1, rows.length);
    }
    return counts;
  }

  private open(accountId: string, accountSid: string, sealed: string): TwilioCredentials | Unopenable {
    const opened = this.keyring.open(sealed, owner(accountId, accountSid));
    if ('failure' in opened) return { unopenable: opened.failure, keyId: opened.keyId };
    return { accountId, accountSid, authToken: opened.plaintext };
  }
}

function owner(accountId: string, accountSid: string): string {
  return `twilio:${accountId}:${accountSid}`;
}
