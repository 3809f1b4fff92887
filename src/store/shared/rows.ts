/**
 * Checked accessors: every value read from the database (or from an import file) is checked for
 * the type its record field promises, and a wrong one throws naming the column — the boundary
 * where untyped rows become typed records. Each costs a typeof check.
 */

export class RowError extends Error {
  constructor(
    readonly column: string,
    readonly expected: string,
  ) {
    super(`${column} must be ${expected}`);
    this.name = 'RowError';
  }
}

/** A closed set of strings (a vocabulary of the contract) with a type guard. */
export interface Vocabulary<T extends string> {
  has(value: unknown): value is T;
  readonly description: string;
}

export function vocabulary<T extends string>(values: readonly T[]): Vocabulary<T> {
  const members = new Set<unknown>(values);
  return {
    has: (value: unknown): value is T => members.has(value),
    description: `one of ${values.join(', ')}`,
  };
}

/** A row the same transaction has just written: missing only if the store is broken. */
export function justWritten<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new RowError(what, 'readable after it was written');
  return value;
}

export function asText(value: unknown, column: string): string {
  if (typeof value !== 'string') throw new RowError(column, 'a string');
  return value;
}

export function asTextOrNull(value: unknown, column: string): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') throw new RowError(column, 'a string or null');
  return value;
}

export function asInteger(value: unknown, column: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new RowError(column, 'an integer');
  return value;
}

export function asIntegerOrNull(value: unknown, column: string): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new RowError(column, 'an integer or null');
  return value;
}

/** A boolean; SQLite stores them as 0 / 1. */
export function asFlag(value: unknown, column: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  throw new RowError(column, 'a boolean');
}

export function asBytes(value: unknown, column: string): Buffer {
  if (!Buffer.isBuffer(value)) throw new RowError(column, 'bytes');
  return value;
}

export function asMember<T extends string>(value: unknown, column: string, allowed: Vocabulary<T>): T {
  if (!allowed.has(value)) throw new RowError(column, allowed.description);
  return value;
}

/** A JSON column: stored as text (parsed here), or already a value (an import file's row). */
export function asJson(value: unknown, column: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new RowError(column, 'JSON');
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}
