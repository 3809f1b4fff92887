/**
 * Appends grouped on PostgreSQL: appends arriving while earlier ones are being written wait and
 * go together in one transaction — the calls locked in one statement (in key order, so two
 * groups never wait on each other crosswise), their messages with the same sid read in one
 * (skipped when every sid was just made by the service), then every message inserted, every
 * call's count moved and every message.created written in ONE statement, whatever the group's
 * size: BEGIN, lock, write, COMMIT — four round trips. Round trips are what an append costs this
 * process (each is a socket write and a wake-up; profiled: a third of the server's CPU was in
 * `writev` with eight per group).
 *
 * Every append keeps its own guarantees: each is decided by `planMessageAppend` on the call as the
 * appends before it in the group left it (so a sid twice in a group is refused the second time),
 * each gets its call's next event sequence, and its event commits with it. An append refused
 * (missing call, sid taken, limit) is answered alone; should the group's transaction fail on
 * something unexpected, each append is written again in a transaction of its own, so that only
 * the failing one is refused.
 */
import type pg from 'pg';
import type { MessageRecord } from '../../domain/types.js';
import type { AppendMessageResult, AppendOptions, StoredMessage } from '../../domain/ports/index.js';
import { planMessageAppend } from '../../domain/threads.js';
import { messageEvent } from '../../domain/events.js';
import { asInteger, asText } from '../shared/rows.js';
import { messageFrom } from '../shared/mappers.js';
import { MESSAGE_COLUMNS } from '../shared/statements.js';
import { isStoreUnavailable } from '../errors.js';
import { EVENT_LOCK_KEY, EVENTS_CHANNEL, eventColumns, type SequencedEvent } from './events.js';
import { vectorLexemes } from './text-search.js';
import type { PgDatabase } from './database.js';
import type { PgCallChanges } from './call-changes.js';

/** Most appends written in one transaction. */
const MAX_GROUP = 256;
/** Groups being written at once by this process (each holds one pooled connection; no call in two). */
const MAX_IN_FLIGHT = 4;

const LOCK_CALLS = `SELECT c.account_id AS "accountId", c.id, c.message_count AS "messageCount", c.event_sequence AS "eventSequence"
  FROM calls c JOIN unnest($1::text[], $2::text[]) AS k(a, i) ON c.account_id = k.a AND c.id = k.i
  ORDER BY c.account_id, c.id FOR UPDATE OF c`;
const SAME_SIDS = `SELECT m.account_id AS "accountId", m.call_id AS "callId", ${MESSAGE_COLUMNS}
  FROM messages m JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(a, c, s) ON m.account_id = k.a AND m.call_id = k.c AND m.sid = k.s`;
/**
 * The group's writes in one statement. The event lock (events.ts) is taken only once the messages
 * and the calls are written — its CTE reads theirs, which PostgreSQL runs to completion first —
 * so it is held for the events' insert and the commit alone, and positions are drawn under it
 * (every event row joins the lock's row). The statement's NOTIFY (the event log's) and the
 * triggers' (the call cache's) are sent on commit.
 */
const WRITE_GROUP = `WITH inserted AS (
    INSERT INTO messages (account_id, call_id, seq, sid, timestamp, sender, content, media_url, status, search)
    SELECT a, c, q, s, t, f, b, u, st, array_to_tsvector(string_to_array(v, ' '))
    FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
      AS x(a, c, q, s, t, f, b, u, st, v)
    RETURNING 1),
  counted AS (
    UPDATE calls SET message_count = x.n, updated_at = x.u, event_sequence = x.e
    FROM unnest($11::text[], $12::text[], $13::integer[], $14::text[], $15::integer[]) AS x(a, i, n, u, e)
    WHERE calls.account_id = x.a AND calls.id = x.i
    RETURNING 1),
  event_lock AS MATERIALIZED (
    SELECT pg_advisory_xact_lock($16::bigint) AS locked, pg_notify($17, '') AS notified
    FROM (SELECT count(*) FROM inserted) AS m CROSS JOIN (SELECT count(*) FROM counted) AS k)
  INSERT INTO events (id, account_id, call_id, type, sequence, occurred_at, payload)
  SELECT i, a, c, t, s, o, p
  FROM unnest($18::text[], $19::text[], $20::text[], $21::text[], $22::integer[], $23::text[], $24::text[])
    WITH ORDINALITY AS x(i, a, c, t, s, o, p, n) CROSS JOIN event_lock
  ORDER BY n`;

export interface PendingAppend {
  readonly accountId: string;
  readonly callId: string;
  readonly message: MessageRecord;
  readonly options: AppendOptions;
}

interface Waiting extends PendingAppend {
  readonly resolve: (result: AppendMessageResult) => void;
  readonly reject: (error: unknown) => void;
}

/** A call of the group as the appends before left it. */
interface LockedCall {
  readonly accountId: string;
  readonly callId: string;
  messageCount: number;
  eventSequence: number;
  updatedAt: string | undefined;
}

export class PgAppendGroups {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  /** Calls of the groups in flight. */
  private readonly busy = new Set<string>();
  private scheduled = false;

  constructor(
    private readonly db: PgDatabase,
    private readonly changes: PgCallChanges,
    /** One append in a transaction of its own (reports its call to the cache itself). */
    private readonly appendAlone: (a: PendingAppend) => Promise<AppendMessageResult>,
  ) {}

  append(a: PendingAppend): Promise<AppendMessageResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ ...a, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Starts a group at the next turn of the event loop (so that appends arriving together go
   * together), room permitting. A call being written by a group in flight waits for the next
   * group: appends to one call are written in the order they arrived.
   */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= MAX_IN_FLIGHT || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const group = this.take();
      if (group.length === 0) return;
      const keys = new Set(group.map((a) => callKey(a.accountId, a.callId)));
      for (const k of keys) this.busy.add(k);
      this.inFlight++;
      void this.write(group).finally(() => {
        for (const k of keys) this.busy.delete(k);
        this.inFlight--;
        this.schedule();
      });
      this.schedule();
    });
  }

  /** Up to MAX_GROUP waiting appends to calls no group in flight is writing, in arrival order. */
  private take(): Waiting[] {
    const group: Waiting[] = [];
    const left: Waiting[] = [];
    for (const a of this.waiting) {
      if (group.length < MAX_GROUP && !this.busy.has(callKey(a.accountId, a.callId))) group.push(a);
      else left.push(a);
    }
    this.waiting.splice(0, this.waiting.length, ...left);
    return group;
  }

  private async write(group: Waiting[]): Promise<void> {
    let results: AppendMessageResult[];
    try {
      results = await this.changes.writingCalls(
        () => group,
        () => this.db.transaction((tx) => this.appendAll(tx, group)),
      );
    } catch (error) {
      // A database that cannot be reached fails every append alike.
      if (isStoreUnavailable(error)) {
        for (const a of group) a.reject(error);
        return;
      }
      // One by one, in the group's order (the order their calls' messages are numbered in).
      for (const a of group) await this.appendAlone(a).then(a.resolve, a.reject);
      return;
    }
    group.forEach((a, i) => {
      a.resolve(results[i]);
    });
  }

  /** The group in the caller's transaction: answers each append's result, in order. */
  private async appendAll(tx: pg.PoolClient, group: readonly PendingAppend[]): Promise<AppendMessageResult[]> {
    const calls = await this.lockCalls(tx, group);
    const sids = await this.sameSids(tx, group);
    const results: AppendMessageResult[] = [];
    const messages: StoredMessage[] = [];
    const events: SequencedEvent[] = [];
    const changed = new Set<LockedCall>();
    for (const a of group) {
      const key = callKey(a.accountId, a.callId);
      const call = calls.get(key);
      const sidKey = `${key}\u0000${a.message.sid}`;
      const plan = planMessageAppend(call, sids.get(sidKey), a.options.maxMessages);
      if (plan.kind !== 'append' || call === undefined) {
        results.push(plan.kind === 'append' ? { kind: 'call-missing' } : plan);
        continue;
      }
      call.messageCount = plan.seq;
      call.eventSequence++;
      call.updatedAt = a.options.updatedAt;
      changed.add(call);
      sids.set(sidKey, a.message);
      messages.push({ ...a.message, accountId: a.accountId, callId: a.callId, seq: plan.seq });
      events.push({
        event: messageEvent('message.created', a.accountId, a.callId, a.message, a.options.updatedAt),
        sequence: call.eventSequence,
      });
      results.push({ kind: 'appended', message: a.message });
    }
    if (messages.length === 0) return results;
    const moved = [...changed];
    await this.db.queryText(tx, WRITE_GROUP, [
      messages.map((m) => m.accountId),
      messages.map((m) => m.callId),
      messages.map((m) => String(m.seq)),
      messages.map((m) => m.sid),
      messages.map((m) => m.timestamp),
      messages.map((m) => m.sender),
      messages.map((m) => m.content),
      messages.map((m) => m.mediaUrl),
      messages.map((m) => m.status),
      messages.map((m) => vectorLexemes(m.content).join(' ')),
      moved.map((c) => c.accountId),
      moved.map((c) => c.callId),
      moved.map((c) => String(c.messageCount)),
      moved.map((c) => c.updatedAt ?? ''),
      moved.map((c) => String(c.eventSequence)),
      EVENT_LOCK_KEY,
      EVENTS_CHANNEL,
      ...eventColumns(events),
    ]);
    return results;
  }

  /** Locks the group's calls (in key order) and answers them by key; a missing call is absent. */
  private async lockCalls(tx: pg.PoolClient, group: readonly PendingAppend[]): Promise<Map<string, LockedCall>> {
    const keys = new Map<string, PendingAppend>();
    for (const a of group) keys.set(callKey(a.accountId, a.callId), a);
    const targets = [...keys.values()];
    const rows = await this.db.queryText(tx, LOCK_CALLS, [targets.map((a) => a.accountId), targets.map((a) => a.callId)]);
    const calls = new Map<string, LockedCall>();
    for (const r of rows.rows) {
      const call: LockedCall = {
        accountId: asText(r.accountId, 'accountId'),
        callId: asText(r.id, 'id'),
        messageCount: asInteger(r.messageCount, 'messageCount'),
        eventSequence: asInteger(r.eventSequence, 'eventSequence'),
        updatedAt: undefined,
      };
      calls.set(callKey(call.accountId, call.callId), call);
    }
    return calls;
  }

  /** The messages already on the group's calls with the sids it appends, by call and sid (sids the service just made are not looked for). */
  private async sameSids(tx: pg.PoolClient, appends: readonly PendingAppend[]): Promise<Map<string, MessageRecord>> {
    const found = new Map<string, MessageRecord>();
    const group = appends.filter((a) => a.options.newSid !== true);
    if (group.length === 0) return found;
    const rows = await this.db.queryText(tx, SAME_SIDS, [
      group.map((a) => a.accountId),
      group.map((a) => a.callId),
      group.map((a) => a.message.sid),
    ]);
    for (const r of rows.rows) {
      found.set(`${callKey(asText(r.accountId, 'accountId'), asText(r.callId, 'callId'))}\u0000${asText(r.sid, 'sid')}`, messageFrom(r));
    }
    return found;
  }
}

function callKey(accountId: string, callId: string): string {
  return `${accountId}\u0000${callId}`;
}
