/**
 * Webhook endpoint secrets against the server's keys: how they stand (the start-up check) and
 * moving them to SECRETS_KEY (`calls-api secrets rotate`). Each endpoint holds its signing secret
 * and, for a day after a secret rotation, the one it replaced; both are sealed with the key ring
 * Twilio tokens use, bound to the endpoint (`secretOwner`).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { SealedEndpointSecrets, WebhookEndpointRepository } from '../../domain/ports/index.js';
import { errors } from '../../domain/errors.js';
import type { SecretKeyring } from '../secret-box.js';
import type { SealingCounts } from '../twilio/settings.js';
import { secretOwner } from './service.js';

type Standing = 'current' | 'previous' | 'unopenable';

export class WebhookSecretSealing {
  constructor(
    private readonly endpoints: Pick<WebhookEndpointRepository, 'listSealedSecrets' | 'replaceSealedSecrets'>,
    private readonly keyring: SecretKeyring,
    /** Real time: the worker compares a previous secret's expiry with its own clock too. */
    private readonly now: () => number = Date.now,
  ) {}

  /** How the stored secrets stand against the server's keys, counted per sealed value in use. */
  async sealingCounts(): Promise<SealingCounts> {
    const counts: SealingCounts = { current: 0, previous: 0, unopenable: 0 };
    for (const row of await this.endpoints.listSealedSecrets()) {
      for (const sealed of this.inUse(row)) counts[this.standing(sealed, row)]++;
    }
    return counts;
  }

  /**
   * Reseals every secret not sealed with the current key: the signing secret, and the previous
   * one while it still signs. A previous secret past its expiry signs nothing any more: it is
   * dropped rather than resealed. An endpoint changed meanwhile (its secret rotated through the
   * API, so under the current key) is left as it now is. Counts are per sealed value.
   */
  async reseal(progress: (done: number, total: number) => void = () => undefined): Promise<SealingCounts> {
    if (!this.keyring.canSeal) throw errors.secretsKeyMissing();
    const counts: SealingCounts = { current: 0, previous: 0, unopenable: 0 };
    const rows = await this.endpoints.listSealedSecrets();
    for (const [i, row] of rows.entries()) {
      const owner = secretOwner(row.accountId, row.id);
      const live = this.previousIsLive(row);
      const secret = this.resealed(row.secretSealed, owner);
      const previous = live && row.previousSecretSealed !== null ? this.resealed(row.previousSecretSealed, owner) : undefined;
      const next: SealedEndpointSecrets = {
        ...row,
        secretSealed: secret.sealed,
        previousSecretSealed: live ? (previous?.sealed ?? null) : null,
        previousSecretExpiresAt: live ? row.previousSecretExpiresAt : null,
      };
      const changed =
        next.secretSealed !== row.secretSealed ||
        next.previousSecretSealed !== row.previousSecretSealed ||
        next.previousSecretExpiresAt !== row.previousSecretExpiresAt;
      const written = changed && (await this.endpoints.replaceSealedSecrets(row, next));
      for (const value of previous ? [secret, previous] : [secret]) {
        // Not written: the row changed meanwhile, and a secret set meanwhile is sealed with the current key.
        counts[value.standing === 'previous' && !written ? 'current' : value.standing]++;
      }
      progress(i + 1, rows.length);
    }
    return counts;
  }

  private resealed(sealed: string, owner: string): { sealed: string; standing: Standing } {
    const opened = this.keyring.open(sealed, owner);
    if ('failure' in opened) return { sealed, standing: 'unopenable' };
    if (opened.current) return { sealed, standing: 'current' };
    const again = this.keyring.seal(opened.plaintext, owner);
    return again === undefined ? { sealed, standing: 'unopenable' } : { sealed: again, standing: 'previous' };
  }

  private standing(sealed: string, row: SealedEndpointSecrets): Standing {
    const opened = this.keyring.open(sealed, secretOwner(row.accountId, row.id));
    if ('failure' in opened) return 'unopenable';
    return opened.current ? 'current' : 'previous';
  }

  private inUse(row: SealedEndpointSecrets): string[] {
    return this.previousIsLive(row) && row.previousSecretSealed !== null
      ? [row.secretSealed, row.previousSecretSealed]
      : [row.secretSealed];
  }

  private previousIsLive(row: SealedEndpointSecrets): boolean {
    const expires = row.previousSecretExpiresAt;
    return row.previousSecretSealed !== null && expires !== null && Date.parse(expires) > this.now();
  }
}

/**
 * The start-up check of the stored webhook secrets: warns while some are sealed with a previous
 * key and, louder, when some open with no configured key (deliveries to those endpoints fail
 * until then). Counts only, never a secret or an endpoint id.
 */
export async function warnAboutSealedWebhookSecrets(sealing: WebhookSecretSealing, log: FastifyBaseLogger): Promise<void> {
  let counts;
  try {
    counts = await sealing.sealingCounts();
  } catch (err) {
    log.warn({ errType: (err as Error).name }, 'could not check the stored webhook secrets against SECRETS_KEY');
    return;
  }
  if (counts.previous > 0) {
    log.warn(
      { sealedWithPreviousKey: counts.previous },
      `${counts.previous} stored webhook secret(s) are sealed with a previous key: run \`calls-api secrets rotate\` before removing SECRETS_KEY_PREVIOUS`,
    );
  }
  if (counts.unopenable > 0) {
    log.error(
      { unopenable: counts.unopenable },
      `${counts.unopenable} stored webhook secret(s) cannot be opened with SECRETS_KEY or SECRETS_KEY_PREVIOUS: deliveries to those endpoints fail until the key that sealed them is configured or their secret is rotated`,
    );
  }
}
