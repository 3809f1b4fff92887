/**
 * Which calls make a list page on SQLite: the page's (id, rowid) pairs, newest first, from calls
 * alone (their details are read afterwards, only for those not cached). Three plans: walk an index
 * of calls newest first; start from the calls holding a rare search term; start from a customer's
 * calls. docs/benchmarks.md tells why each is there.
 */
import type { CallListQuery } from '../../domain/ports/index.js';
import { isCells, sql } from '../shared/sql.js';
import { asText } from '../shared/rows.js';
import { asNumber, optionalRow, type SqliteDatabase } from './database.js';
import { TEXT_OF_CALLS, TEXT_PARTS } from './full-text.js';

/** A call found by a list query: its id and rowid. */
export type PageRow = readonly [id: string, rowid: number];

export interface ListTuning {
  /** Below this many matching documents a search reads them all; above, it probes per call. */
  rareMatchDocs: number;
  /** A chunk of candidates is checked with one range query when its rowids span less than this per call. */
  rangeSpread: number;
}

/** Below this many matching documents a search reads them all; above, it probes per call. */
export const RARE_MATCH_DOCS = 3000;
/**
 * Candidate calls per chunk when a search walks calls newest first (doubling up to the maximum).
 * A chunk is checked with one range query when its rowids span less than RANGE_SPREAD per call:
 * the range query also reads the word's postings of other accounts' calls in the range, so it
 * pays off while the account holds more than a small share of the calls stored in that period
 * (at 1 M calls, an account with 5 % of them — ~20 rowids per call — paged a common word in
 * about half the time that probing per call took).
 */
const FIRST_CANDIDATE_CHUNK = 128;
const MAX_CANDIDATE_CHUNK = 2048;
export const RANGE_SPREAD = 64;

/** How many documents hold the term, counted up to the bound: cheap however frequent the term is. */
const TERM_DOCS = sql('SELECT count(*) AS "n" FROM (SELECT rowid FROM message_text WHERE message_text MATCH ? LIMIT ?)');
const CALLS_HOLDING_IN_RANGE = sql(
  `SELECT DISTINCT rowid / ${TEXT_PARTS} FROM message_text WHERE message_text MATCH ? AND ${TEXT_OF_CALLS}`,
);
const CALL_HOLDS = sql(`SELECT 1 FROM message_text WHERE message_text MATCH ? AND ${TEXT_OF_CALLS}`);

export function findPage(db: SqliteDatabase, q: CallListQuery, tuning: ListTuning): PageRow[] {
  const where: string[] = ['c.account_id = ?'];
  const params: (string | number)[] = [q.accountId];
  if (q.statuses) {
    if (q.statuses.length === 1) where.push('c.status = ?');
    else where.push('c.status IN (SELECT value FROM json_each(?))');
    params.push(q.statuses.length === 1 ? q.statuses[0] : JSON.stringify(q.statuses));
  }
  if (q.channels) {
    if (q.channels.length === 1) where.push('c.channel = ?');
    else where.push('c.channel IN (SELECT value FROM json_each(?))');
    params.push(q.channels.length === 1 ? q.channels[0] : JSON.stringify(q.channels));
  }
  if (q.createdFrom !== undefined) {
    where.push('c.created_at >= ?');
    params.push(q.createdFrom);
  }
  // Past the first page the cursor is the tighter upper bound (it came from a row at or before
  // createdTo); leaving createdTo out then lets the index seek straight to the cursor.
  if (q.createdTo !== undefined && !(q.after && q.after.createdAt <= q.createdTo)) {
    where.push('c.created_at <= ?');
    params.push(q.createdTo);
  }
  if (q.agentId !== undefined) {
    where.push('c.agent_id = ?');
    params.push(q.agentId);
  }
  if (q.customerId !== undefined) {
    where.push('c.customer_id = ?');
    params.push(q.customerId);
  }
  if (q.customerPhone !== undefined) {
    where.push('c.customer_id IN (SELECT id FROM customers WHERE account_id = ? AND phone = ?)');
    params.push(q.accountId, q.customerPhone);
  }
  if (q.customerPhoneDigits !== undefined) {
    // Digits only (the domain strips everything else), so no LIKE metacharacter gets here.
    where.push(`c.customer_id IN (SELECT id FROM customers WHERE account_id = ? AND phone LIKE ?)`);
    params.push(q.accountId, `%${q.customerPhoneDigits}%`);
  }
  /** calls: walk an index of calls newest first; text: start from the rarest term's calls; customer: from the customer's calls. */
  let plan: 'calls' | 'text' | 'customer' = 'calls';
  let driving: string | undefined;
  /** Terms checked per candidate call (every term but a rare one that drives the plan). */
  let probing: string[] = [];
  if (q.terms && q.terms.length > 0) {
    const phrases = q.terms.map((t) => `"${t.replaceAll('"', '""')}"`);
    const counted = phrases.map((phrase) => ({ phrase, docs: termDocs(db, phrase, tuning.rareMatchDocs) })).sort((x, y) => x.docs - y.docs);
    const rarest = counted[0];
    if (rarest.docs < tuning.rareMatchDocs) {
      // A rare term: start from the calls holding it (few), check the others per call, sort.
      plan = 'text';
      driving = rarest.phrase;
      counted.shift();
    }
    probing = counted.map((c) => c.phrase);
  }
  if (probing.length > 0 && plan === 'calls' && q.customerPhone === undefined) {
    // Only common terms: walk the calls newest first, checking candidates a chunk at a time.
    return scanForTerms(db, where, params, probing, q.after, q.limit, tuning.rangeSpread);
  }
  // Otherwise the calls a rare term (or a customer) gives are few: probe the index per call.
  for (const phrase of probing) {
    where.push(
      `EXISTS (SELECT 1 FROM message_text t WHERE t.message_text MATCH ? AND t.rowid BETWEEN c.rowid * ${TEXT_PARTS} AND c.rowid * ${TEXT_PARTS} + ${TEXT_PARTS - 1})`,
    );
    params.push(phrase);
  }
  if (q.after) {
    // A row value is a range bound the index can seek to (an OR of comparisons is not), so a
    // deep page costs what the first one does.
    where.push('(c.created_at, c.id) < (?, ?)');
    params.push(q.after.createdAt, q.after.id);
  }
  if (plan === 'calls' && q.customerPhone !== undefined) {
    // Without statistics SQLite would walk every call newest first to honour ORDER BY; the
    // customers with one exact phone have few calls, so fetch them by customer and sort those.
    plan = 'customer';
  }
  if (driving !== undefined) params.unshift(driving);
  params.push(q.limit);
  const order = 'ORDER BY c.created_at DESC, c.id DESC';
  const text =
    plan === 'text'
      ? // CROSS JOIN keeps the order of work: the term's calls first, then each call by rowid.
        `SELECT c.id, c.rowid FROM (SELECT DISTINCT t.rowid / ${TEXT_PARTS} AS crow FROM message_text t WHERE t.message_text MATCH ?) m
         CROSS JOIN calls c ON c.rowid = m.crow
         WHERE ${where.join(' AND ')} ${order} LIMIT ?`
      : `SELECT c.id, c.rowid FROM calls c${plan === 'customer' ? ' INDEXED BY calls_by_customer' : ''} WHERE ${where.join(' AND ')} ${order} LIMIT ?`;
  return db
    .prepare(text)
    .raw(true)
    .all(...params)
    .map(pageRow);
}

function pageRow(cells: unknown): PageRow {
  if (!isCells(cells)) throw new TypeError('expected a row of cells');
  return [asText(cells[0], 'id'), asNumber(cells[1], 'rowid')];
}

/** A candidate of a walk: id, rowid and created_at (the walk's cursor). */
type CandidateRow = readonly [id: string, rowid: number, createdAt: string];

function candidateRow(cells: unknown): CandidateRow {
  if (!isCells(cells)) throw new TypeError('expected a row of cells');
  return [asText(cells[0], 'id'), asNumber(cells[1], 'rowid'), asText(cells[2], 'created_at')];
}

function termDocs(db: SqliteDatabase, phrase: string, bound: number): number {
  return asNumber(optionalRow(db.statement(TERM_DOCS).get(phrase, bound))?.n, 'count');
}

/**
 * The calls (id, rowid) newest first from the cursor on that meet `where` and whose documents hold
 * every phrase, up to `limit`. Candidates come a chunk at a time; a chunk is checked with one
 * full-text query per phrase over its range of rowids when its calls are stored close together
 * (calls are mostly stored in the order they are created), else with one probe per call and
 * phrase. One range query seeks once in each segment of the index where a probe per call did
 * so for every candidate: with the small segments that appends leave behind, a page of a
 * common word cost 16 ms that way.
 */
function scanForTerms(
  db: SqliteDatabase,
  where: string[],
  params: (string | number)[],
  phrases: string[],
  after: CallListQuery['after'],
  limit: number,
  rangeSpread: number,
): PageRow[] {
  const found: PageRow[] = [];
  let cursor = after;
  let chunk = FIRST_CANDIDATE_CHUNK;
  for (;;) {
    const bounded = cursor === undefined ? where : [...where, '(c.created_at, c.id) < (?, ?)'];
    const args = cursor === undefined ? params : [...params, cursor.createdAt, cursor.id];
    // Rows as arrays (id, rowid, created_at): a walk may check thousands of candidates a page.
    const rows = db
      .prepare(
        `SELECT c.id, c.rowid, c.created_at FROM calls c WHERE ${bounded.join(' AND ')} ORDER BY c.created_at DESC, c.id DESC LIMIT ?`,
      )
      .raw(true)
      .all(...args, chunk)
      .map(candidateRow);
    let low = Infinity;
    let high = -Infinity;
    for (const [, rowid] of rows) {
      if (rowid < low) low = rowid;
      if (rowid > high) high = rowid;
    }
    let holdsAll: (rowid: number) => boolean;
    if (rows.length > 0 && high - low < rows.length * rangeSpread) {
      const range = db.statement(CALLS_HOLDING_IN_RANGE).pluck();
      const matching = phrases.map((phrase) => new Set(range.all(phrase, low, high)));
      holdsAll = (rowid) => matching.every((set) => set.has(rowid));
    } else {
      const probe = db.statement(CALL_HOLDS).pluck();
      holdsAll = (rowid) => phrases.every((phrase) => probe.get(phrase, rowid, rowid) !== undefined);
    }
    for (const row of rows) {
      if (!holdsAll(row[1])) continue;
      found.push([row[0], row[1]]);
      if (found.length === limit) return found;
    }
    if (rows.length < chunk) return found;
    const last = rows[rows.length - 1];
    cursor = { createdAt: last[2], id: last[0] };
    chunk = Math.min(chunk * 2, MAX_CANDIDATE_CHUNK);
  }
}
