/**
 * `calls-api secrets rotate`: reseals every stored secret (today: Twilio auth tokens) with
 * SECRETS_KEY, opening each with SECRETS_KEY or a key of SECRETS_KEY_PREVIOUS. Run after changing
 * the key (the old one in SECRETS_KEY_PREVIOUS); once it reports nothing unopenable, the old key
 * can be dropped. Safe to run again, and while servers run (a token set meanwhile is left as set).
 */
import type { Config } from '../config.js';
import type { TwilioSettingsRepository } from '../domain/ports/index.js';
import { systemClock } from '../domain/clock.js';
import { SecretKeyring } from '../integrations/secret-box.js';
import { TwilioSettingsService } from '../integrations/twilio/settings.js';

export interface RotationResult {
  /** Resealed with the current key by this run. */
  resealed: number;
  /** Already sealed with the current key. */
  alreadyCurrent: number;
  /** Opened by no configured key: left as they are (their webhooks are refused). */
  unopenable: number;
  /** The id of the key everything is now sealed with. */
  keyId: string;
}

export async function rotateSecrets(
  twilio: TwilioSettingsRepository,
  config: Pick<Config, 'secretsKey' | 'secretsKeysPrevious'>,
  progress: (line: string) => void,
): Promise<RotationResult> {
  if (!config.secretsKey) throw new Error('SECRETS_KEY is required: the key to seal with (the old one goes in SECRETS_KEY_PREVIOUS)');
  const keyring = new SecretKeyring(config.secretsKey, config.secretsKeysPrevious);
  const settings = new TwilioSettingsService(twilio, systemClock, keyring);
  progress(`secrets rotate: resealing stored Twilio auth tokens with key ${keyring.currentId ?? ''}…`);
  let lastShown = 0;
  const counts = await settings.reseal((done, total) => {
    // A line every 100 and at the end: a store with many accounts shows it is moving.
    if (done === total || done - lastShown >= 100) {
      progress(`secrets rotate: ${done} of ${total} token(s) checked`);
      lastShown = done;
    }
  });
  if (counts.unopenable > 0) {
    progress(
      `secrets rotate: ${counts.unopenable} token(s) open with no configured key; add the key that sealed them to SECRETS_KEY_PREVIOUS, or set those credentials again`,
    );
  }
  return { resealed: counts.previous, alreadyCurrent: counts.current, unopenable: counts.unopenable, keyId: keyring.currentId ?? '' };
}
