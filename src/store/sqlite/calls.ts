/**
 * Calls on SQLite. Each write is one IMMEDIATE transaction that never awaits; a write changing
 * one call reports it to the call cache (call-changes.ts) so that only that call leaves it.
 */
import type { CallChanges, CallDetails, CallRecord } from '../../domain/types.js';
import type { CallListQuery, CallRepository, CreateCallResult, IdempotencyClaim, KnownCalls } from '../../domain/ports/index.js';
import type { CustomerResolution } from '../../domain/customer-match.js';
import { sql } from '../shared/sql.js';
import { asText, justWritten } from '../shared/rows.js';
import { callFrom } from '../shared/mappers.js';
import { CALL_COLUMNS, CALL_ID_BY_PROVIDER_SID, IDEMPOTENCY_UPSERT, changedColumns } from '../shared/statements.js';
import { asNumber, optionalRow, type SqliteDatabase, settle } from './database.js';
import type { SqliteCallChanges } from './call-changes.js';
import { insertCall, resolveCustomer } from './call-writes.js';
import { readCall, readCalls } from './call-reads.js';
import { findPage, type ListTuning } from './call-list.js';
import { reindexTranscription } from './full-text.js';
import { writeEvent } from './events.js';
import { callChangeType, callEvent, createdEvents } from '../../domain/events.js';

const SEEN_IDEMPOTENCY_KEY = sql(
  'SELECT request_hash AS "requestHash", response_body AS "responseBody" FROM idempotency_keys WHERE account_id = ? AND key = ? AND created_at >= ?',
);
const CALL_FOR_UPDATE = sql(`SELECT ${CALL_COLUMNS} FROM calls c WHERE c.account_id = ? AND c.id = ?`);
const CALL_ROWID = sql('SELECT rowid AS "r" FROM calls WHERE account_id = ? AND id = ?');

export class SqliteCallRepository implements CallRepository {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly changes: SqliteCallChanges,
    private readonly tuning: ListTuning,
  ) {}

  create(
    call: CallRecord,
    customer: CustomerResolution,
    idempotency: IdempotencyClaim | undefined,
    renderResponse: (call: CallDetails) => string,
  ): Promise<CreateCallResult> {
    return settle(() => {
      return this.db.transaction((): CreateCallResult => {
        if (idempotency) {
          const seen = optionalRow(this.db.statement(SEEN_IDEMPOTENCY_KEY).get(call.accountId, idempotency.key, idempotency.notBefore));
          if (seen) {
            return asText(seen.requestHash, 'requestHash') === idempotency.requestHash
              ? { kind: 'replayed', responseBody: asText(seen.responseBody, 'responseBody') }
              : { kind: 'idempotency-mismatch' };
          }
        }
        const record = { ...call, customerId: resolveCustomer(this.db, call.accountId, customer) };
        insertCall(this.db, record);
        const details = justWritten(readCall(this.db, record.accountId, record.id), 'call');
        writeEvent(this.db, callEvent('call.created', details, record.createdAt));
        if (idempotency) {
          this.db
            .statement(IDEMPOTENCY_UPSERT)
            .run(record.accountId, idempotency.key, idempotency.requestHash, renderResponse(details), record.createdAt);
        }
        return { kind: 'created', call: details };
      });
    });
  }

  createIfAbsent(call: CallRecord, customer: CustomerResolution): Promise<{ callId: string; created: boolean }> {
    return settle(() => {
      if (call.providerCallSid === null) throw new Error('createIfAbsent needs a providerCallSid');
      const sid = call.providerCallSid;
      return this.db.transaction(() => {
        const existing = optionalRow(this.db.statement(CALL_ID_BY_PROVIDER_SID).get(call.accountId, sid));
        if (existing) return { callId: asText(existing.id, 'id'), created: false };
        insertCall(this.db, { ...call, customerId: resolveCustomer(this.db, call.accountId, customer) });
        const created = justWritten(readCall(this.db, call.accountId, call.id), 'call');
        for (const e of createdEvents(created, call.createdAt)) writeEvent(this.db, e);
        return { callId: call.id, created: true };
      });
    });
  }

  get(accountId: string, id: string): Promise<CallDetails | undefined> {
    return settle(() => {
      return readCall(this.db, accountId, id);
    });
  }

  update(accountId: string, id: string, decide: (current: CallRecord) => CallChanges | undefined): Promise<CallDetails | undefined> {
    return settle(() => {
      return this.changes.writingCalls([{ accountId, callId: id }], () =>
        this.db.transaction((): CallDetails | undefined => {
          const row = optionalRow(this.db.statement(CALL_FOR_UPDATE).get(accountId, id));
          if (!row) return undefined;
          const current = callFrom(row);
          const changes = decide(current);
          if (changes) {
            const { columns, values } = changedColumns(changes);
            this.db
              .prepare(`UPDATE calls SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE account_id = ? AND id = ?`)
              .run(...values, accountId, id);
            if (changes.transcription !== undefined) {
              const rowid = asNumber(optionalRow(this.db.statement(CALL_ROWID).get(accountId, id))?.r, 'rowid');
              reindexTranscription(this.db, rowid, changes.transcription);
            }
            const updated = justWritten(readCall(this.db, accountId, id), 'call');
            writeEvent(this.db, callEvent(callChangeType(current.status, updated.status), updated, updated.updatedAt));
            return updated;
          }
          return readCall(this.db, accountId, id);
        }),
      );
    });
  }

  /** The page's ids first, from calls alone; then the calls not known, read in two statements. */
  list(query: CallListQuery, known?: KnownCalls): Promise<CallDetails[]> {
    return settle(() => {
      const rows = findPage(this.db, query, this.tuning);
      if (rows.length === 0) return [];
      const page: (CallDetails | undefined)[] = known ? rows.map(([id]) => known(query.accountId, id)) : [];
      const missing: number[] = [];
      rows.forEach(([, rowid], i) => {
        if (page[i] === undefined) missing.push(rowid);
      });
      const read = missing.length > 0 ? readCalls(this.db, query.accountId, missing) : undefined;
      const calls: CallDetails[] = [];
      rows.forEach(([id], i) => {
        const call = page[i] ?? read?.get(id);
        if (call) calls.push(call);
      });
      return calls;
    });
  }

  findIdByProviderSid(accountId: string, providerCallSid: string): Promise<string | undefined> {
    return settle(() => {
      const row = optionalRow(this.db.statement(CALL_ID_BY_PROVIDER_SID).get(accountId, providerCallSid));
      return row && asText(row.id, 'id');
    });
  }
}
