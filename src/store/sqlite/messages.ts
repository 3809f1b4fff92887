/**
 * Messages and threads on SQLite. Appends are group-committed: those arriving in the same turn of
 * the event loop (concurrent requests) are written in one transaction, and every caller is
 * answered only after that transaction has committed. One commit serves the whole group, which is
 * what makes thousands of appends a second possible.
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
import type { CustomerResolution } from '../../domain/customer-match.js';
import { chooseOpenThread, planMessageAppend } from '../../domain/threads.js';
import { TERMINAL_CALL_STATUSES } from '../../domain/statuses.js';
import { sql, type Row } from '../shared/sql.js';
import { asInteger, asMember, asText, vocabulary, justWritten } from '../shared/rows.js';
import { messageFrom } from '../shared/mappers.js';
import { CALL_OF_SID, MESSAGE_BY_SID_IN_ACCOUNT, MESSAGE_BY_SID_ON_CALL, SET_MESSAGE_STATUS } from '../shared/statements.js';
import { SET_MESSAGE_COUNT_NEXT_EVENT, TOUCH_CALL_NEXT_EVENT } from '../shared/events.js';
import { createdEvents, messageEvent } from '../../domain/events.js';
import { writeEvent, writeSequencedEvent } from './events.js';
import { readCall } from './call-reads.js';
import { CALL_STATUSES } from '../../contract/vocabulary.js';
import { asNumber, optionalRow, requireRow, type SqliteDatabase, settle } from './database.js';
import type { SqliteCallChanges } from './call-changes.js';
import { insertCall, insertMessage, resolveCustomer } from './call-writes.js';
import { isStoreUnavailable } from '../errors.js';

/** Most appends committed together in one transaction. */
const MAX_APPEND_GROUP = 256;

const CALL_COUNT = sql('SELECT rowid AS "r", message_count AS "messageCount" FROM calls WHERE account_id = ? AND id = ?');
/** The open-thread candidate (domain/threads.ts): the customer's newest non-terminal call on the channel, by index order. */
const OPEN_THREAD = sql(`SELECT id, rowid AS "r", status, created_at AS "createdAt", message_count AS "messageCount" FROM calls
  WHERE account_id = ? AND customer_id = ? AND channel = ? AND status NOT IN (SELECT value FROM json_each(?))
  ORDER BY created_at DESC, id DESC LIMIT 1`);
const TERMINAL_JSON = JSON.stringify([...TERMINAL_CALL_STATUSES]);
const CALL_STATUS = vocabulary(CALL_STATUSES);

interface PendingAppend {
  accountId: string;
  callId: string;
  message: MessageRecord;
  options: AppendOptions;
  resolve(result: AppendMessageResult): void;
  reject(error: unknown): void;
}

export class SqliteMessageRepository implements MessageRepository {
  private readonly pending: PendingAppend[] = [];

  constructor(
    private readonly db: SqliteDatabase,
    private readonly changes: SqliteCallChanges,
  ) {}

  append(accountId: string, callId: string, message: MessageRecord, options: AppendOptions): Promise<AppendMessageResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ accountId, callId, message, options, resolve, reject });
      if (this.pending.length === 1)
        setImmediate(() => {
          this.flush();
        });
    });
  }

  private flush(): void {
    const group = this.pending.splice(0, MAX_APPEND_GROUP);
    if (this.pending.length > 0)
      setImmediate(() => {
        this.flush();
      });
    this.changes.writingCalls(group, () => {
      this.commit(group);
    });
  }

  private commit(group: PendingAppend[]): void {
    let results: AppendMessageResult[];
    try {
      // No savepoint per append (they cost ~15 % of an append): each append's checks run before
      // its writes, so a write can only fail on something unexpected, and then the group is
      // replayed one transaction per append below, so that only the failing append is refused.
      results = this.db.transaction(() => group.map((a) => this.appendOne(a)));
    } catch (error) {
      // A store that cannot write (locked, read-only, disk full) fails every append alike; retrying
      // each would wait out the busy timeout once per append.
      if (isStoreUnavailable(error)) {
        for (const a of group) a.reject(error);
        return;
      }
      for (const a of group) {
        try {
          a.resolve(this.db.transaction(() => this.appendOne(a)));
        } catch (each) {
          a.reject(each);
        }
      }
      return;
    }
    group.forEach((a, i) => {
      a.resolve(results[i]);
    });
  }

  /** One append, inside the group's transaction. */
  private appendOne({ accountId, callId, message, options }: PendingAppend): AppendMessageResult {
    const call = optionalRow(this.db.statement(CALL_COUNT).get(accountId, callId));
    const sameSid = call && optionalRow(this.db.statement(MESSAGE_BY_SID_ON_CALL).get(accountId, callId, message.sid));
    const target = call && { messageCount: asInteger(call.messageCount, 'messageCount'), rowid: asNumber(call.r, 'rowid') };
    const plan = planMessageAppend(target, sameSid && messageFrom(sameSid), options.maxMessages);
    if (plan.kind !== 'append') return plan;
    if (target === undefined) return { kind: 'call-missing' };
    this.write(accountId, callId, target.rowid, plan.seq, message, options.updatedAt);
    return { kind: 'appended', message };
  }

  /** The message as number `seq` of the call, the call's count and updatedAt, its document, its message.created event. */
  private write(accountId: string, callId: string, rowid: number, seq: number, message: MessageRecord, updatedAt: string): void {
    insertMessage(this.db, { ...message, accountId, callId, seq }, rowid);
    const bumped = requireRow(this.db.statement(SET_MESSAGE_COUNT_NEXT_EVENT).get(seq, updatedAt, accountId, callId));
    const event = messageEvent('message.created', accountId, callId, message, updatedAt);
    writeSequencedEvent(this.db, event, asInteger(bumped.sequence, 'sequence'));
  }

  updateStatus(
    accountId: string,
    callId: string,
    sid: string,
    status: MessageStatus,
    canMove: (from: MessageStatus, to: MessageStatus) => boolean,
    updatedAt: string,
  ): Promise<MessageStatusResult> {
    return settle(() => {
      return this.changes.writingCalls([{ accountId, callId }], () =>
        this.db.transaction((): MessageStatusResult => {
          const row = optionalRow(this.db.statement(MESSAGE_BY_SID_ON_CALL).get(accountId, callId, sid));
          if (!row) return { kind: 'missing' };
          const current = messageFrom(row);
          if (!canMove(current.status, status)) return { kind: 'ok', message: current, changed: false };
          this.db.statement(SET_MESSAGE_STATUS).run(status, accountId, callId, sid);
          const moved = { ...current, status };
          const bumped = requireRow(this.db.statement(TOUCH_CALL_NEXT_EVENT).get(updatedAt, accountId, callId));
          const event = messageEvent('message.updated', accountId, callId, moved, updatedAt);
          writeSequencedEvent(this.db, event, asInteger(bumped.sequence, 'sequence'));
          return { kind: 'ok', message: moved, changed: true };
        }),
      );
    });
  }

  appendToOpenThread(
    newCall: CallRecord,
    customer: CustomerResolution,
    message: MessageRecord,
    options: AppendOptions,
  ): Promise<ThreadAppendResult> {
    return settle(() => {
      const accountId = newCall.accountId;
      return this.db.transaction((): ThreadAppendResult => {
        const seen = optionalRow(this.db.statement(CALL_OF_SID).get(accountId, message.sid));
        if (seen) return { kind: 'duplicate', callId: asText(seen.callId, 'callId') };
        const customerId = resolveCustomer(this.db, accountId, customer);
        const candidates = this.db
          .statement(OPEN_THREAD)
          .all(accountId, customerId, newCall.channel, TERMINAL_JSON)
          .map((v) => threadCandidate(requireRow(v)));
        let thread = chooseOpenThread(candidates);
        let createdCall = false;
        if (!thread) {
          thread = {
            id: newCall.id,
            r: insertCall(this.db, { ...newCall, customerId }),
            status: newCall.status,
            createdAt: newCall.createdAt,
            messageCount: 0,
          };
          const created = justWritten(readCall(this.db, accountId, newCall.id), 'call');
          for (const e of createdEvents(created, newCall.createdAt)) writeEvent(this.db, e);
          createdCall = true;
        }
        const plan = planMessageAppend(thread, undefined, options.maxMessages);
        if (plan.kind !== 'append') return { kind: 'limit-reached', callId: thread.id };
        this.write(accountId, thread.id, thread.r, plan.seq, message, options.updatedAt);
        return { kind: 'appended', callId: thread.id, createdCall };
      });
    });
  }

  findBySid(accountId: string, sid: string): Promise<{ callId: string; message: MessageRecord } | undefined> {
    return settle(() => {
      const row = optionalRow(this.db.statement(MESSAGE_BY_SID_IN_ACCOUNT).get(accountId, sid));
      return row && { callId: asText(row.callId, 'callId'), message: messageFrom(row) };
    });
  }
}

function threadCandidate(r: Row) {
  return {
    id: asText(r.id, 'id'),
    r: asNumber(r.r, 'rowid'),
    status: asMember(r.status, 'status', CALL_STATUS),
    createdAt: asText(r.createdAt, 'createdAt'),
    messageCount: asInteger(r.messageCount, 'messageCount'),
  };
}
