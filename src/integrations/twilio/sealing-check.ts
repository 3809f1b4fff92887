/** The start-up check of the stored Twilio tokens against SECRETS_KEY and SECRETS_KEY_PREVIOUS. */
import type { FastifyBaseLogger } from 'fastify';
import type { TwilioSettingsService } from './settings.js';

/**
 * Warns when tokens are still sealed with a previous key (until `calls-api secrets rotate` runs)
 * and, louder, when some open with no configured key (their webhooks are refused with 403).
 * Counts only: never a token, a key or an Account SID.
 */
export async function warnAboutSealedSecrets(settings: TwilioSettingsService, log: FastifyBaseLogger): Promise<void> {
  let counts;
  try {
    counts = await settings.sealingCounts();
  } catch (err) {
    // A check, not a condition of starting: the store's own errors show elsewhere.
    log.warn({ errType: (err as Error).name }, 'could not check the stored Twilio auth tokens against SECRETS_KEY');
    return;
  }
  if (counts.previous > 0) {
    log.warn(
      { sealedWithPreviousKey: counts.previous },
      `${counts.previous} stored Twilio auth token(s) are sealed with a previous key: run \`calls-api secrets rotate\` before removing SECRETS_KEY_PREVIOUS`,
    );
  }
  if (counts.unopenable > 0) {
    log.error(
      { unopenable: counts.unopenable },
      `${counts.unopenable} stored Twilio auth token(s) cannot be opened with SECRETS_KEY or SECRETS_KEY_PREVIOUS: their webhooks are refused (403) until the key that sealed them is configured or the credentials are set again`,
    );
  }
}
