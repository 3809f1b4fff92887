/** Time as the domain sees it: one ISO-8601 format everywhere, so every store answers the same bytes. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Parses an ISO-8601 instant (or date) into the canonical form; undefined when it is not one. */
export function canonicalInstant(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms).toISOString();
}
