/**
 * Verifying a webhook delivery (Standard Webhooks): the HMAC-SHA256 of
 * `{webhook-id}.{webhook-timestamp}.{raw body}` under the endpoint's `whsec_` secret, compared in
 * constant time against each `v1,<base64>` of `webhook-signature`, with the timestamp within a
 * tolerance so a captured delivery cannot be replayed later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CallEvent } from './events.js';

export type WebhookVerificationFailure =
  'missing-header' | 'invalid-secret' | 'invalid-timestamp' | 'timestamp-out-of-tolerance' | 'no-matching-signature' | 'invalid-payload';

/** A delivery that must not be trusted; `reason` says why (never the secret or the body). */
export class WebhookVerificationError extends Error {
  readonly reason: WebhookVerificationFailure;
  constructor(reason: WebhookVerificationFailure, message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
    this.reason = reason;
  }
}

/** `Headers` (fetch) or a plain record such as node's `IncomingHttpHeaders`. */
export type WebhookHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface VerifyWebhookOptions {
  /** How far the `webhook-timestamp` may be from now, either way. Default 300 (5 minutes). */
  toleranceSeconds?: number;
  /** The current time (for tests and replays of stored deliveries). Default now. */
  now?: Date;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Checks a delivery and answers its event; throws WebhookVerificationError otherwise. Pass the
 * body exactly as received (bytes or string): re-serialized JSON does not verify.
 */
export function verifyWebhook(
  secret: string,
  headers: WebhookHeaders,
  rawBody: string | Uint8Array,
  options: VerifyWebhookOptions = {},
): CallEvent {
  const key = secretBytes(secret);
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!/^\d{1,15}$/.test(timestamp)) throw new WebhookVerificationError('invalid-timestamp', 'webhook-timestamp is not unix seconds');
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > (options.toleranceSeconds ?? 300)) {
    throw new WebhookVerificationError('timestamp-out-of-tolerance', 'webhook-timestamp is too far from now');
  }
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody);
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
  const matches = signatures.split(' ').some((entry) => {
    const comma = entry.indexOf(',');
    const signature = entry.slice(comma + 1);
    if (comma === -1 || entry.slice(0, comma) !== 'v1' || !BASE64.test(signature)) return false;
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new WebhookVerificationError('no-matching-signature', 'no webhook-signature matches the body');
  try {
    return JSON.parse(body.toString('utf8')) as CallEvent;
  } catch {
    throw new WebhookVerificationError('invalid-payload', 'the signed body is not JSON');
  }
}

function secretBytes(secret: string): Buffer {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  if (!BASE64.test(encoded)) throw new WebhookVerificationError('invalid-secret', 'the secret is not whsec_ followed by base64');
  return Buffer.from(encoded, 'base64');
}

function header(headers: WebhookHeaders, name: string): string {
  const raw = headers instanceof Headers ? headers.get(name) : (headers[name] ?? headers[name.toLowerCase()]);
  const value = typeof raw === 'string' || raw === null || raw === undefined ? raw : raw[0];
  if (value === null || value === undefined || value === '')
    throw new WebhookVerificationError('missing-header', `the ${name} header is missing`);
  return value;
}
