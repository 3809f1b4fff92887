/**
 * Driving the Twilio webhooks the way Twilio does: form-encoded POSTs signed by the official
 * `twilio` package's own helper (an independent implementation of the signature, not ours).
 */
import twilio from 'twilio';
import { randomBytes } from 'node:crypto';
import type { Reply, TestApp } from './harness.js';
import type { IssuedKey } from '../../src/auth/api-keys.js';

export const PUBLIC_URL = 'https://calls.example.com';
/** The tests' SECRETS_KEY: fixed (so runs are alike), random-looking (a patterned key is refused as weak). */
export const SECRETS_KEY = Buffer.from('43ce92b04e665f19fa2f8317bb547a55fbcae607063a4398f637f2d0113edc0e', 'hex');
/** A second key, for rotation: what SECRETS_KEY becomes, SECRETS_KEY moving to SECRETS_KEY_PREVIOUS. */
export const NEXT_SECRETS_KEY = Buffer.from('e0194678f8ff61b8012bdd2c4cc7c21db9fe4bc7489642035b4995af05b203d7', 'hex');
export const TWILIO_OPTIONS = { publicUrl: PUBLIC_URL, secretsKey: SECRETS_KEY };

export interface TwilioAccount {
  accountSid: string;
  authToken: string;
}

export function newTwilioAccount(): TwilioAccount {
  return { accountSid: 'AC' + randomBytes(16).toString('hex'), authToken: randomBytes(16).toString('hex') };
}

export const newCallSid = () => 'CA' + randomBytes(16).toString('hex');
export const newMessageSid = () => 'SM' + randomBytes(16).toString('hex');

/** Twilio's Timestamp format (RFC 2822): `Mon, 17 Mar 2025 14:30:00 +0000`. */
export function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

/** Stores the Twilio credentials for the harness account (or `auth`) through the API. */
export async function configureTwilio(t: TestApp, account: TwilioAccount, auth?: IssuedKey): Promise<void> {
  const res = await t.put('/api/v1/integrations/twilio', account, auth);
  if (res.status !== 200) throw new Error(`configuring Twilio failed: ${res.status} ${res.body}`);
}

export interface SendOptions {
  /** The token to sign with (default: the account's). */
  token?: string;
  /** The signature header to send instead of a computed one; null sends none. */
  signature?: string | null;
  /** The URL to sign (default: PUBLIC_URL + path). */
  signedUrl?: string;
}

/** POSTs a signed Twilio callback to `path` (path and query). */
export async function sendTwilio(
  t: TestApp,
  account: TwilioAccount,
  path: string,
  params: Record<string, string>,
  options: SendOptions = {},
): Promise<Reply> {
  const body = { AccountSid: account.accountSid, ApiVersion: '2010-04-01', ...params };
  const url = options.signedUrl ?? PUBLIC_URL + path;
  const signature =
    options.signature === undefined ? twilio.getExpectedTwilioSignature(options.token ?? account.authToken, url, body) : options.signature;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (signature !== null) headers['x-twilio-signature'] = signature;
  return t.request({ method: 'POST', url: path, payload: new URLSearchParams(body).toString(), headers, auth: false });
}

export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
