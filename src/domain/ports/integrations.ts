/** Port: provider integrations — an account's Twilio settings. */
import type { TwilioSettingsRecord } from '../types.js';

export interface TwilioSettingsRepository {
  get(accountId: string): Promise<TwilioSettingsRecord | undefined>;
  /** The settings holding this Twilio Account SID, whichever account they belong to (webhooks name the account by it). */
  findByAccountSid(twilioAccountSid: string): Promise<TwilioSettingsRecord | undefined>;
  /** Inserts or replaces the account's settings; refuses a Twilio Account SID another account holds. */
  save(settings: TwilioSettingsRecord): Promise<'saved' | 'account-sid-taken'>;
  /** Every account's settings (a secrets-key rotation reseals each token). */
  list(): Promise<TwilioSettingsRecord[]>;
  /**
   * Replaces the sealed token when it is still `expected` (a rotation racing a new PUT leaves the
   * new one); false when it was not.
   */
  replaceSealedToken(accountId: string, expected: string, sealed: string): Promise<boolean>;
  /** False when the account had none. */
  delete(accountId: string): Promise<boolean>;
}
