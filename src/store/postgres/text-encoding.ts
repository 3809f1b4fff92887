/**
 * PostgreSQL text cannot hold U+0000, which SQLite (and JSON) can. So that both engines keep the
 * same strings, text goes in with U+0000 written as U+FFFF U+0001 and U+FFFF as U+FFFF U+FFFF,
 * and comes back decoded. Both are rare, so the common case is one regex test per value; equality
 * and bytewise order among ids, timestamps and lexemes (which never hold either) are unchanged.
 */
const NEEDS_ENCODING = /[\u0000\uffff]/;

export function encodeText(s: string): string {
  return NEEDS_ENCODING.test(s) ? s.replace(/[\u0000\uffff]/g, (c) => (c === '\u0000' ? '\uffff\u0001' : '\uffff\uffff')) : s;
}

export function decodeText(s: string): string {
  return s.includes('\uffff') ? s.replace(/\uffff([\u0001\uffff])/g, (_, c: string) => (c === '\u0001' ? '\u0000' : '\uffff')) : s;
}

/** A parameter as sent: strings (and strings in arrays) encoded. */
export function encodeValue(v: unknown): unknown {
  if (typeof v === 'string') return encodeText(v);
  if (Array.isArray(v)) return v.map(encodeValue);
  return v;
}

/** Decodes a result row in place, strings nested in JSON columns included. */
export function decodeRow(row: Record<string, unknown>): void {
  for (const key of Object.keys(row)) row[key] = decodeDeep(row[key]);
}

function decodeDeep(v: unknown): unknown {
  if (typeof v === 'string') return decodeText(v);
  if (Array.isArray(v)) return v.map(decodeDeep);
  if (isObject(v) && !Buffer.isBuffer(v)) decodeRow(v);
  return v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
