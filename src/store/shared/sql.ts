/**
 * SQL written once for both engines: statements are written with `?` placeholders and quoted
 * camelCase aliases (both engines read `AS "accountId"` alike); PostgreSQL's `$1…$n` form and its
 * prepared-statement name are made once, when the module loads. Single statements that are the
 * same on both engines run through a `SqlRunner`; anything transactional stays per engine
 * (better-sqlite3 transactions must not await).
 */
import { createHash } from 'node:crypto';

export interface Sql {
  /** With `?` placeholders (SQLite). */
  readonly text: string;
  /** With `$1…$n` placeholders (PostgreSQL). */
  readonly numbered: string;
  /** The PostgreSQL prepared statement's name (prepared once per connection). */
  readonly name: string;
}

/** A value bound to a placeholder. Booleans become 1/0 on SQLite; arrays go to PostgreSQL only. */
export type SqlValue = string | number | boolean | null | Buffer | readonly string[];

/** A result row, keyed by column (alias) name; read it through the checked accessors of rows.ts. */
export type Row = Readonly<Record<string, unknown>>;

/** Runs single statements; each engine has one (SQLite synchronously underneath). */
export interface SqlRunner {
  /** The first row, or undefined. */
  one(statement: Sql, params: readonly SqlValue[]): Promise<Row | undefined>;
  all(statement: Sql, params: readonly SqlValue[]): Promise<Row[]>;
  /** Runs a write; answers how many rows it changed. */
  run(statement: Sql, params: readonly SqlValue[]): Promise<number>;
}

export function sql(text: string): Sql {
  return { text, numbered: numberPlaceholders(text), name: statementName(text) };
}

/** `?` → `$1`, `$2`, … outside quoted literals and identifiers. */
export function numberPlaceholders(text: string): string {
  let n = 0;
  let quote = '';
  let out = '';
  for (const ch of text) {
    if (quote !== '') {
      if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '?') {
      out += `$${++n}`;
      continue;
    }
    out += ch;
  }
  return out;
}

export function statementName(text: string): string {
  return 's' + createHash('sha1').update(text).digest('hex').slice(0, 16);
}

/** Whether a value is a row object (what drivers answer); a guard rather than a cast. */
export function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a value is a row read as an array of cells. */
export function isCells(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}

/** The longest `IN (?, …)` list one statement of `inListStatements` takes; longer lists are read in chunks. */
export const IN_LIST_MAX = 128;

/** One statement of an `IN (?, …)` read and its parameters. */
export interface InListChunk {
  readonly statement: Sql;
  readonly params: SqlValue[];
}

/**
 * Statements with an `IN (?, …)` list, written once per power-of-two length (a list is padded by
 * repeating its first value, which changes no answer), so that few distinct statements are ever
 * prepared. `make` gets the placeholders (`?, ?, …`); each chunk answers its statement and params.
 */
export function inListStatements(make: (placeholders: string) => string): (values: readonly SqlValue[]) => InListChunk[] {
  const bySize = new Map<number, Sql>();
  function statement(size: number): Sql {
    let s = bySize.get(size);
    if (s === undefined) {
      s = sql(make(Array.from({ length: size }, () => '?').join(', ')));
      bySize.set(size, s);
    }
    return s;
  }
  return (values) => {
    const chunks: InListChunk[] = [];
    for (let i = 0; i < values.length; i += IN_LIST_MAX) {
      const params = values.slice(i, i + IN_LIST_MAX);
      let size = 1;
      while (size < params.length) size *= 2;
      while (params.length < size) params.push(params[0] ?? null);
      chunks.push({ statement: statement(size), params });
    }
    return chunks;
  };
}
