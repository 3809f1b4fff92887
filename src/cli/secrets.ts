/**
 * `calls-api secrets rotate`: reseals every stored secret — Twilio auth tokens, and webhook
 * endpoint signing secrets (with the secret a secret rotation replaced, while it still signs) —
 * with SECRETS_KEY, opening each with SECRETS_KEY or a key of SECRETS_KEY_PREVIOUS. Run after
 * changing the key (the old one in SECRETS_KEY_PREVIOUS); once it reports nothing unopenable, the
 * old key can be dropped. Safe to run again, and while servers run (a token or webhook secret set
 * meanwhile is left as set).
 */
import type { Config } from '../config.js';
import type { TwilioSettingsRepository, WebhookEndpointRepository } from '../domain/ports/index.js';
import { systemClock } from '../domain/clock.js';
import { SecretKeyring } from '../integrations/secret-box.js';
import { TwilioSettingsService, type SealingCounts } from '../integrations/twilio/settings.js';
import { WebhookSecretSealing } from '../integrations/webhooks/sealing.js';

export interface RotationCounts {
  /** Resealed with the current key by this run. */
  resealed: number;
  /** Already sealed with the current key. */
  alreadyCurrent: number;
  /** Opened by no configured key: left as they are (their webhooks are refused, their deliveries fail). */
  unopenable: number;
}

export interface RotationResult extends RotationCounts {
  /** The id of the key everything is now sealed with. */
  keyId: string;
  /** The totals above, per kind of secret. */
  twilioAuthTokens: RotationCounts;
  webhookSecrets: RotationCounts;
}

export interface SealedSecretStores {
  twilio: TwilioSettingsRepository;
  webhooks: Pick<WebhookEndpointRepository, 'listSealedSecrets' | 'replaceSealedSecrets'>;
}

export async function rotateSecrets(
  stores: SealedSecretStores,
  config: Pick<Config, 'secretsKey' | 'secretsKeysPrevious'>,
  progress: (line: string) => void,
): Promise<RotationResult> {
  if (!config.secretsKey) throw new Error('SECRETS_KEY is required: the key to seal with (the old one goes in SECRETS_KEY_PREVIOUS)');
  const keyring = new SecretKeyring(config.secretsKey, config.secretsKeysPrevious);
  const keyId = keyring.currentId ?? '';

  progress(`secrets rotate: resealing stored Twilio auth tokens with key ${keyId}…`);
  const settings = new TwilioSettingsService(stores.twilio, systemClock, keyring);
  const tokens = rotationCounts(await settings.reseal(every100('token(s)', progress)));
  if (tokens.unopenable > 0) {
    progress(
      `secrets rotate: ${tokens.unopenable} token(s) open with no configured key; add the key that sealed them to SECRETS_KEY_PREVIOUS, or set those credentials again`,
    );
  }

  progress(`secrets rotate: resealing stored webhook endpoint secrets with key ${keyId}…`);
  const sealing = new WebhookSecretSealing(stores.webhooks, keyring);
  const webhooks = rotationCounts(await sealing.reseal(every100('webhook endpoint(s)', progress)));
  if (webhooks.unopenable > 0) {
    progress(
      `secrets rotate: ${webhooks.unopenable} webhook secret(s) open with no configured key; add the key that sealed them to SECRETS_KEY_PREVIOUS, or rotate those endpoints' secrets`,
    );
  }

  return {
    resealed: tokens.resealed + webhooks.resealed,
    alreadyCurrent: tokens.alreadyCurrent + webhooks.alreadyCurrent,
    unopenable: tokens.unopenable + webhooks.unopenable,
    keyId,
    twilioAuthTokens: tokens,
    webhookSecrets: webhooks,
  };
}

function rotationCounts(counts: SealingCounts): RotationCounts {
  return { resealed: counts.previous, alreadyCurrent: counts.current, unopenable: counts.unopenable };
}

/** A progress line every 100 and at the end: a store with many rows shows it is moving. */
function every100(what: string, progress: (line: string) => void): (done: number, total: number) => void {
  let lastShown = 0;
  return (done, total) => {
    if (done === total || done - lastShown >= 100) {
      progress(`secrets rotate: ${done} of ${total} ${what} checked`);
      lastShown = done;
    }
  };
}
