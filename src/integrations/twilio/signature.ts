/**
 * Twilio's request signature: X-Twilio-Signature = base64(HMAC-SHA1(auth token, URL + every POST
 * parameter name and value, sorted by name)). A repeated parameter contributes each distinct
 * value, sorted — as Twilio's own helper library computes it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Form parameters as parsed: a repeated name carries an array. */
export type FormParams = Record<string, string | string[]>;

export function expectedSignature(authToken: string, url: string, params: FormParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    if (Array.isArray(value)) for (const v of [...new Set(value)].sort()) data += name + v;
    else data += name + value;
  }
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/**
 * The URL spellings Twilio may have signed: as given, and with the default port removed or
 * added (Twilio is inconsistent about it; its own validator tries both).
 */
export function urlVariants(url: string): string[] {
  const m = /^(https?):\/\/([^/:?#]+)(?::(\d+))?(.*)$/i.exec(url);
  if (!m) return [url];
  const [, scheme, host, , rest] = m;
  // Undefined when the URL names no port (the array's type says string).
  const port = m.at(3);
  const defaultPort = scheme.toLowerCase() === 'https' ? '443' : '80';
  if (port === undefined) return [url, `${scheme}://${host}:${defaultPort}${rest}`];
  if (port === defaultPort) return [url, `${scheme}://${host}${rest}`];
  return [url];
}

/** Whether `signature` signs this request under `authToken`; constant time per comparison. */
export function isValidSignature(authToken: string, signature: string, url: string, params: FormParams): boolean {
  const given = Buffer.from(signature, 'utf8');
  let ok = false;
  for (const candidate of urlVariants(url)) {
    const expected = Buffer.from(expectedSignature(authToken, candidate, params), 'utf8');
    if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true;
  }
  return ok;
}
