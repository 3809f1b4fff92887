/**
 * Which calls make a list page on PostgreSQL: the query choosing the page's ids (on calls alone),
 * planned for the actual values, and the look-up of rare search lexemes that drives it.
 */
import type { CallListQuery } from '../../domain/ports/index.js';
import { asText } from '../shared/rows.js';
import type { PgDatabase, Queryable } from './database.js';
import { termsQuery } from './text-search.js';

/** Messages matching a search lexeme from which it counts as common (see searchPlan). */
const COMMON_MATCH_DOCS = 3000;

/** The calls whose messages, and whose transcription, hold a search lexeme (up to a bound). */
const SEARCH_LOOKUP_SQL = [
  'SELECT call_id AS id FROM messages WHERE account_id = $1 AND search @@ $2::tsquery LIMIT $3',
  'SELECT id FROM calls WHERE account_id = $1 AND search @@ $2::tsquery LIMIT $3',
] as const;

/** The ids of the calls holding each rare search lexeme; lexemes not in it are common. */
interface SearchPlan {
  rare: Map<string, string[]>;
}

/** How long a lexeme found common in an account is taken as common without counting it again. */
const COMMON_KEPT_MS = 10 * 60_000;
/** Most (account, lexeme) verdicts kept; the oldest goes first. */
const COMMON_KEPT_MAX = 10_000;

/**
 * Lexemes found common, by account. Counting a common lexeme reads thousands of rows (at a million
 * calls ~50 ms, the larger part of a page of a common word), and every page of a walk would count
 * it again; a word's matches only grow (until erasure), so the verdict is kept a while. Both plans
 * find the same calls, so a verdict gone stale costs time, never a wrong page.
 */
export class CommonLexemes {
  private readonly until = new Map<string, number>();

  has(accountId: string, lexeme: string, now = Date.now()): boolean {
    const key = `${accountId}\u0000${lexeme}`;
    const until = this.until.get(key);
    if (until === undefined) return false;
    if (until > now) return true;
    this.until.delete(key);
    return false;
  }

  add(accountId: string, lexeme: string, now = Date.now()): void {
    const key = `${accountId}\u0000${lexeme}`;
    this.until.delete(key);
    this.until.set(key, now + COMMON_KEPT_MS);
    if (this.until.size > COMMON_KEPT_MAX) this.until.delete(this.until.keys().next().value ?? key);
  }
}

/**
 * The page's ids, newest first. Not as a named prepared statement: a generic plan, blind to the
 * search terms and the account, picks index intersections that cost seconds, while a plan for
 * the actual values costs ~1 ms.
 */
export async function findPage(db: PgDatabase, on: Queryable, q: CallListQuery, common: CommonLexemes): Promise<string[]> {
  const sql = listCallsSql(q, await searchPlan(db, on, q, common));
  if (!sql) return [];
  return (await db.unprepared(on, sql.text, sql.params)).map((r) => asText(r.id, 'id'));
}

/**
 * For each search lexeme, whether it is rare (in fewer than COMMON_MATCH_DOCS messages of the
 * account, counted up to that bound, so the count is cheap whatever the frequency) and then
 * which calls hold it. A rare lexeme's calls drive the list query; a common one is probed call
 * by call while the calls are walked newest first.
 */
async function searchPlan(db: PgDatabase, on: Queryable, q: CallListQuery, common: CommonLexemes): Promise<SearchPlan> {
  const rare = new Map<string, string[]>();
  if (!q.terms || q.terms.length === 0) return { rare };
  for (const lexeme of termsQuery(q.terms)) {
    if (common.has(q.accountId, lexeme)) continue;
    const params = [q.accountId, lexeme, COMMON_MATCH_DOCS];
    // One after the other: on one connection (the page's snapshot) queries queue anyway.
    const inMessages = await db.unprepared(on, SEARCH_LOOKUP_SQL[0], params);
    const inCalls = await db.unprepared(on, SEARCH_LOOKUP_SQL[1], params);
    // Rare only when neither side reached the bound: then these are all of its calls.
    if (inMessages.length < COMMON_MATCH_DOCS && inCalls.length < COMMON_MATCH_DOCS) {
      rare.set(lexeme, [...new Set([...inMessages, ...inCalls].map((r) => asText(r.id, 'id')))]);
    } else common.add(q.accountId, lexeme);
  }
  return { rare };
}

/**
 * The plans PostgreSQL picks for a list query (EXPLAIN), for tests and docs/scaling.md: the
 * search lookups of each search lexeme, then the query choosing the page.
 */
export async function explainListCalls(db: PgDatabase, q: CallListQuery): Promise<string> {
  const explain = async (text: string, params: unknown[]) =>
    (await db.unprepared(db.pool, `EXPLAIN (COSTS OFF) ${text}`, params)).map((r) => asText(r['QUERY PLAN'], 'QUERY PLAN')).join('\n');
  const lookups: string[] = [];
  for (const lexeme of q.terms ? termsQuery(q.terms) : []) {
    for (const text of SEARCH_LOOKUP_SQL) lookups.push(await explain(text, [q.accountId, lexeme, COMMON_MATCH_DOCS]));
  }
  const sql = listCallsSql(q, await searchPlan(db, db.pool, q, new CommonLexemes()));
  if (!sql) return '(matches nothing; no query is run)';
  return [...lookups, await explain(sql.text, sql.params)].join('\n');
}

/**
 * The SQL that picks a list page's call ids; undefined when it can match nothing (search terms
 * without a token). Agent, customer and messages are read for those rows only.
 */
function listCallsSql(q: CallListQuery, search: SearchPlan): { text: string; params: unknown[] } | undefined {
  const params: unknown[] = [q.accountId];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = ['c.account_id = $1'];
  if (q.statuses) where.push(q.statuses.length === 1 ? `c.status = ${p(q.statuses[0])}` : `c.status = ANY(${p(q.statuses)}::text[])`);
  if (q.channels) where.push(q.channels.length === 1 ? `c.channel = ${p(q.channels[0])}` : `c.channel = ANY(${p(q.channels)}::text[])`);
  if (q.createdFrom !== undefined) where.push(`c.created_at >= ${p(q.createdFrom)}`);
  if (q.createdTo !== undefined) where.push(`c.created_at <= ${p(q.createdTo)}`);
  if (q.agentId !== undefined) where.push(`c.agent_id = ${p(q.agentId)}`);
  if (q.customerId !== undefined) where.push(`c.customer_id = ${p(q.customerId)}`);
  if (q.customerPhone !== undefined) {
    where.push(`c.customer_id IN (SELECT id FROM customers WHERE account_id = $1 AND phone = ${p(q.customerPhone)})`);
  }
  if (q.customerPhoneDigits !== undefined) {
    // Digits only (the domain strips everything else), so no LIKE metacharacter gets here.
    where.push(`c.customer_id IN (SELECT id FROM customers WHERE account_id = $1 AND phone LIKE ${p(`%${q.customerPhoneDigits}%`)})`);
  }
  if (q.terms && q.terms.length > 0) {
    const lexemes = termsQuery(q.terms);
    if (lexemes.length === 0) return undefined;
    // Each lexeme must appear in the transcription or in some message. A rare one arrives with
    // the ids of its (few) calls, looked up beforehand. A common one is checked per candidate call
    // (its transcription, then its messages by key; a scalar subquery, which PostgreSQL cannot
    // turn into a hash of every match), so a page fills after a few dozen calls.
    for (const lexeme of lexemes) {
      const rareIds = search.rare.get(lexeme);
      if (rareIds) {
        where.push(`c.id = ANY(${p(rareIds)}::text[])`);
        continue;
      }
      const tsq = p(lexeme);
      where.push(`(c.search @@ ${tsq}::tsquery OR COALESCE((SELECT bool_or(m.search @@ ${tsq}::tsquery) FROM messages m
        WHERE m.account_id = c.account_id AND m.call_id = c.id), false))`);
    }
  }
  if (q.after) {
    where.push(`(c.created_at, c.id) < (${p(q.after.createdAt)}, ${p(q.after.id)})`);
  }
  const limit = p(q.limit);
  return { text: `SELECT c.id FROM calls c WHERE ${where.join(' AND ')} ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit}`, params };
}
