/**
 * Messages and threads on PostgreSQL: each write in one transaction, the call row locked first
 * (so appends to one call, and status moves, are ordered across processes); concurrent appends
 * share a transaction (append-batches.ts).
 */
import type { CallRecord, MessageRecord } from '../../domain/types.js';
import type {
  AppendMessageResult,
  AppendOptions,
  MessageRepository,
  MessageStatusResult,
  ThreadAppendResult,
} from '../../domain/ports/index.js';
import type { MessageStatus } from '../../contract/vocabulary.js';
import { CALL_STATUSES } from '../../contract/vocabulary.js';
import type { CustomerResolution } from '../../domain/customer-match.js';
import { chooseOpenThread, planMessageAppend } from '../../domain/threads.js';
import { TERMINAL_CALL_STATUSES } from '../../domain/statuses.js';
import { sql, type Row } from '../shared/sql.js';
import { asInteger, asMember, asText, vocabulary, justWritten } from '../shared/rows.js';
import { messageFrom } from '../shared/mappers.js';
import {
  CALL_OF_SID,
  MESSAGE_BY_SID_IN_ACCOUNT,
  MESSAGE_COLUMNS,
  MESSAGE_BY_SID_ON_CALL,
  SET_MESSAGE_STATUS,
} from '../shared/statements.js';
import { SET_MESSAGE_COUNT_NEXT_EVENT, TOUCH_CALL_NEXT_EVENT } from '../shared/events.js';
import { callEvent, messageEvent } from '../../domain/events.js';
import { sequenced, writeEvents, type SequencedEvent } from './events.js';
import { readCall } from './call-reads.js';
import type { PgDatabase } from './database.js';
import type pg from 'pg';
import { insertCall, insertMessage, resolveCustomer } from './call-writes.js';
import type { PgCallChanges } from './call-changes.js';
import { PgAppendGroups, type PendingAppend } from './append-batches.js';

/** The call row's lock orders appends to one call across processes; message_count is the seq. */
const LOCK_CALL = sql('SELECT message_count AS "messageCount" FROM calls WHERE account_id = ? AND id = ? FOR UPDATE');
const LOCK_MESSAGE = sql(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE account_id = ? AND call_id = ? AND sid = ? FOR UPDATE`);
/** The open-thread candidate (domain/threads.ts): the customer's newest non-terminal call on the channel, by index order, locked. */
const OPEN_THREAD = sql(`SELECT id, status, created_at AS "createdAt", message_count AS "messageCount" FROM calls
  WHERE account_id = ? AND customer_id = ? AND channel = ? AND status <> ALL(?::text[])
  ORDER BY created_at DESC, id DESC LIMIT 1 FOR UPDATE`);
const TERMINAL_STATUSES = [...TERMINAL_CALL_STATUSES];
const CALL_STATUS = vocabulary(CALL_STATUSES);

export class PostgresMessageRepository implements MessageRepository {
  private readonly groups: PgAppendGroups;

  constructor(
    private readonly db: PgDatabase,
    private readonly changes: PgCallChanges,
  ) {
    this.groups = new PgAppendGroups(db, changes, (a) => this.appendAlone(a));
  }

  /** Grouped with the appends arriving meanwhile (append-batches.ts). */
  append(accountId: string, callId: string, message: MessageRecord, options: AppendOptions): Promise<AppendMessageResult> {
    return this.groups.append({ accountId, callId, message, options });
  }

  /** One append in a transaction of its own. */
  private async appendAlone({ accountId, callId, message, options }: PendingAppend): Promise<AppendMessageResult> {
    const db = this.db;
    const appended = () => [{ accountId, callId }];
    return this.changes.writingCalls(appended, () =>
      db.transaction(async (tx): Promise<AppendMessageResult> => {
        const call = await db.one(tx, LOCK_CALL, [accountId, callId]);
        const sameSid = call && (await db.one(tx, MESSAGE_BY_SID_ON_CALL, [accountId, callId, message.sid]));
        const plan = planMessageAppend(
          call && { messageCount: asInteger(call.messageCount, 'messageCount') },
          sameSid && messageFrom(sameSid),
          options.maxMessages,
        );
        if (plan.kind !== 'append') return plan;
        await writeEvents(db, tx, [await this.write(tx, accountId, callId, plan.seq, message, options.updatedAt)]);
        return { kind: 'appended', message };
      }),
    );
  }

  /** The message as number `seq` of the call, and the call's count and updatedAt; answers its message.created, to write. */
  private async write(
    tx: pg.PoolClient,
    accountId: string,
    callId: string,
    seq: number,
    message: MessageRecord,
    updatedAt: string,
  ): Promise<SequencedEvent> {
    await insertMessage(this.db, tx, { ...message, accountId, callId, seq });
    const bumped = await this.db.one(tx, SET_MESSAGE_COUNT_NEXT_EVENT, [seq, updatedAt, accountId, callId]);
    const event = messageEvent('message.created', accountId, callId, message, updatedAt);
    return { event, sequence: asInteger(bumped?.sequence, 'sequence') };
  }

  async updateStatus(
    accountId: string,
    callId: string,
    sid: string,
    status: MessageStatus,
    canMove: (from: MessageStatus, to: MessageStatus) => boolean,
    updatedAt: string,
  ): Promise<MessageStatusResult> {
    const db = this.db;
    const statusOf = () => [{ accountId, callId }];
    return this.changes.writingCalls(statusOf, () =>
      db.transaction(async (tx): Promise<MessageStatusResult> => {
        // Lock the call, then the message: the same order as append, so the two never deadlock.
        if (!(await db.one(tx, LOCK_CALL, [accountId, callId]))) return { kind: 'missing' };
        const row = await db.one(tx, LOCK_MESSAGE, [accountId, callId, sid]);
        if (!row) return { kind: 'missing' };
        const current = messageFrom(row);
        if (!canMove(current.status, status)) return { kind: 'ok', message: current, changed: false };
        await db.run(tx, SET_MESSAGE_STATUS, [status, accountId, callId, sid]);
        const moved = { ...current, status };
        const bumped = await db.one(tx, TOUCH_CALL_NEXT_EVENT, [updatedAt, accountId, callId]);
        const event = messageEvent('message.updated', accountId, callId, moved, updatedAt);
        await writeEvents(db, tx, [{ event, sequence: asInteger(bumped?.sequence, 'sequence') }]);
        return { kind: 'ok', message: moved, changed: true };
      }),
    );
  }

  async appendToOpenThread(
    newCall: CallRecord,
    customer: CustomerResolution,
    message: MessageRecord,
    options: AppendOptions,
  ): Promise<ThreadAppendResult> {
    const accountId = newCall.accountId;
    const db = this.db;
    const threadOf = (r: ThreadAppendResult) => [{ accountId, callId: r.callId }];
    return this.changes.writingCalls(threadOf, () =>
      db.transaction(async (tx): Promise<ThreadAppendResult> => {
        // One thread decision at a time per sid and per customer match (resolveCustomer locks it), across processes.
        await db.lock(tx, `message-sid/${accountId}/${message.sid}`);
        const seen = await db.one(tx, CALL_OF_SID, [accountId, message.sid]);
        if (seen) return { kind: 'duplicate', callId: asText(seen.callId, 'callId') };
        const customerId = await resolveCustomer(db, tx, accountId, customer);
        const candidates = (await db.query(tx, OPEN_THREAD, [accountId, customerId, newCall.channel, TERMINAL_STATUSES])).map(
          threadCandidate,
        );
        let thread = chooseOpenThread(candidates);
        let createdCall = false;
        const events: SequencedEvent[] = [];
        if (!thread) {
          await insertCall(db, tx, { ...newCall, customerId });
          const details = justWritten(await readCall(db, tx, accountId, newCall.id), 'call');
          events.push(await sequenced(db, tx, callEvent('call.created', details, newCall.createdAt)));
          thread = { id: newCall.id, status: newCall.status, createdAt: newCall.createdAt, messageCount: 0 };
          createdCall = true;
        }
        const plan = planMessageAppend(thread, undefined, options.maxMessages);
        if (plan.kind !== 'append') {
          await writeEvents(db, tx, events);
          return { kind: 'limit-reached', callId: thread.id };
        }
        events.push(await this.write(tx, accountId, thread.id, plan.seq, message, options.updatedAt));
        await writeEvents(db, tx, events);
        return { kind: 'appended', callId: thread.id, createdCall };
      }),
    );
  }

  async findBySid(accountId: string, sid: string): Promise<{ callId: string; message: MessageRecord } | undefined> {
    const row = await this.db.one(this.db.pool, MESSAGE_BY_SID_IN_ACCOUNT, [accountId, sid]);
    return row && { callId: asText(row.callId, 'callId'), message: messageFrom(row) };
  }
}

function threadCandidate(r: Row) {
  return {
    id: asText(r.id, 'id'),
    status: asMember(r.status, 'status', CALL_STATUS),
    createdAt: asText(r.createdAt, 'createdAt'),
    messageCount: asInteger(r.messageCount, 'messageCount'),
  };
}
