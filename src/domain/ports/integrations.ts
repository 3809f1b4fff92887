/** Port: provider integrations — an account's Twilio settings. */
import type { TwilioSettingsRecord } from '../types.js';

export interface TwilioSettingsRepository {
  get(accountId: string): Promise<TwilioSettingsRecord | undefined>;
  /** The settings holding this Twilio Account SID, whichever account they belong to (webhooks name the account by it). */
  findByAccountSid(twilioAccountSid: string): Promise<TwilioSettingsRecord | undefined>;
  /** Inserts or replaces the account's settings; refuses a Twilio Account SID another account holds. */
  save(settings: TwilioSettingsRecord): Promise<'saved' | 'account-sid-taken'>;
  /** False when the account had none. */
  delete(accountId: string): Promise<boolean>;
}
