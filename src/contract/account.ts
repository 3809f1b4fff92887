/** Account-level settings: the retention period and the Twilio integration. */
import { Type, type Static } from 'typebox';
import { MAX_RETENTION_DAYS } from './limits.js';

export const RetentionSchema = Type.Object(
  {
    // One schema with a type list rather than a union: with type coercion on, a union would
    // quietly turn a 0 into null (forever) instead of rejecting it.
    days: Type.Unsafe<number | null>({
      type: ['integer', 'null'],
      minimum: 1,
      maximum: MAX_RETENTION_DAYS,
      description: 'Calls created more than this many days ago are erased in the background; null keeps them forever',
      examples: [365],
    }),
  },
  { title: 'Retention' },
);
export type RetentionSetting = Static<typeof RetentionSchema>;

export const TwilioSettingsSchema = Type.Object(
  {
    configured: Type.Boolean({ description: 'Whether Twilio credentials are stored for this account' }),
    accountSid: Type.String({
      description: 'The Twilio Account SID, "" when not configured',
      examples: ['AC0123456789abcdef0123456789abcdef'],
    }),
    updatedAt: Type.String({ description: 'ISO-8601 UTC, "" when not configured' }),
  },
  { $id: 'TwilioSettings', title: 'TwilioSettings' },
);
export type TwilioSettingsView = Static<typeof TwilioSettingsSchema>;

export const TwilioSettingsBody = Type.Object(
  {
    accountSid: Type.String({ pattern: '^AC[0-9a-fA-F]{32}$', description: 'Twilio Account SID (AC + 32 hex)' }),
    authToken: Type.String({
      minLength: 16,
      maxLength: 256,
      pattern: '^[\\x21-\\x7e]+$',
      description: 'Twilio auth token; stored encrypted, never answered',
    }),
  },
  { title: 'TwilioSettingsInput', additionalProperties: false },
);
export type TwilioSettingsInput = Static<typeof TwilioSettingsBody>;
