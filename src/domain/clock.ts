/** Time as the domain sees it: one ISO-8601 format everywhere, so every store answers the same bytes. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The instants the API stores: years 0000 to 9999 (so that ISO strings sort as times do). */
const EARLIEST_MS = Date.parse('0000-01-01T00:00:00.000Z');
const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * `YYYY-MM-DD`, or a date-time with seconds optional, a fraction optional and a zone required
 * (`Z` or `±HH:MM`): a date-time without a zone would be read in the server's local time.
 */
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|([+-])(\d{2}):?(\d{2})))?$/;

/**
 * Parses an ISO-8601 instant (or a bare date, midnight UTC) strictly into the canonical form
 * (`toISOString`); undefined when it is not one: an impossible date (`2025-02-30`), trailing text,
 * a missing zone, or an instant outside years 0000–9999 once its offset is applied.
 */
export function canonicalInstant(value: string): string | undefined {
  const m = ISO_INSTANT.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', , , oh = '00', om = '00'] = m;
  // Undefined when the instant has no numeric offset (the array's type says string).
  const sign = m.at(9);
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59 || Number(oh) > 23 || Number(om) > 59) return undefined;
  const offsetMs = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(Number(h), Number(mi), Number(s), Number(fraction.padEnd(3, '0').slice(0, 3)));
  const ms = utc.getTime() - offsetMs;
  if (ms < EARLIEST_MS || ms > LATEST_MS) return undefined;
  return new Date(ms).toISOString();
}

function daysInMonth(year: number, month: number): number {
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0);
  return lastDay.getUTCDate();
}
