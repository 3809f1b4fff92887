/**
 * Calls on PostgreSQL. A change reads the row with `SELECT … FOR UPDATE` inside a transaction,
 * asks the domain's pure decision function, and writes — so the rules hold across processes.
 */
import type { CallChanges, CallDetails, CallRecord } from '../../domain/types.js';
import type { CallListQuery, CallRepository, CreateCallResult, IdempotencyClaim, KnownCalls } from '../../domain/ports/index.js';
import type { CustomerResolution } from '../../domain/customer-match.js';
import { sql } from '../shared/sql.js';
import { asText, justWritten } from '../shared/rows.js';
import { callFrom } from '../shared/mappers.js';
import { CALL_COLUMNS, CALL_ID_BY_PROVIDER_SID, IDEMPOTENCY_UPSERT, changedColumns } from '../shared/statements.js';
import type pg from 'pg';
import type { PgDatabase } from './database.js';
import { insertCall, resolveCustomer } from './call-writes.js';
import { readCall, readCalls } from './call-reads.js';
import { CommonLexemes, explainListCalls, findPage } from './call-list.js';
import { vectorLexemes } from './text-search.js';
import { sequenced, writeEvents } from './events.js';
import type { PgCallChanges } from './call-changes.js';
import { callChangeType, callEvent, createdEvents } from '../../domain/events.js';

/** Claims the key: a concurrent claimant of it (in any process) waits on the unique index until this transaction ends. */
const CLAIM_IDEMPOTENCY_KEY =
  sql(`INSERT INTO idempotency_keys (account_id, key, request_hash, response_body, created_at) VALUES (?, ?, ?, '', ?)
  ON CONFLICT (account_id, key) DO NOTHING`);
const CLAIMED_KEY = sql(`SELECT request_hash AS "requestHash", response_body AS "responseBody", created_at AS "createdAt"
  FROM idempotency_keys WHERE account_id = ? AND key = ? FOR UPDATE`);
const CALL_FOR_UPDATE = sql(`SELECT ${CALL_COLUMNS} FROM calls c WHERE c.account_id = ? AND c.id = ? FOR UPDATE`);

export class PostgresCallRepository implements CallRepository {
  /** Search words known to be common, so list pages skip counting them (call-list.ts). */
  private readonly commonLexemes = new CommonLexemes();

  constructor(
    private readonly db: PgDatabase,
    private readonly changes: PgCallChanges,
  ) {}

  async create(
    call: CallRecord,
    customer: CustomerResolution,
    idempotency: IdempotencyClaim | undefined,
    renderResponse: (call: CallDetails) => string,
  ): Promise<CreateCallResult> {
    const db = this.db;
    const newCall = () => [{ accountId: call.accountId, callId: call.id }];
    return this.changes.writingCalls(newCall, () =>
      db.transaction(async (tx): Promise<CreateCallResult> => {
        if (idempotency) {
          const claimed = await db.run(tx, CLAIM_IDEMPOTENCY_KEY, [
            call.accountId,
            idempotency.key,
            idempotency.requestHash,
            call.createdAt,
          ]);
          if (claimed === 0) {
            const seen = await db.one(tx, CLAIMED_KEY, [call.accountId, idempotency.key]);
            if (seen && asText(seen.createdAt, 'createdAt') >= idempotency.notBefore) {
              return asText(seen.requestHash, 'requestHash') === idempotency.requestHash
                ? { kind: 'replayed', responseBody: asText(seen.responseBody, 'responseBody') }
                : { kind: 'idempotency-mismatch' };
            }
            // Expired (now locked by this transaction) or just deleted: this request takes the key.
          }
        }
        const record = { ...call, customerId: await resolveCustomer(db, tx, call.accountId, customer) };
        await insertCall(db, tx, record);
        const details = justWritten(await readCall(db, tx, record.accountId, record.id), 'call');
        const created = await sequenced(db, tx, callEvent('call.created', details, record.createdAt));
        if (idempotency) {
          await db.run(tx, IDEMPOTENCY_UPSERT, [
            record.accountId,
            idempotency.key,
            idempotency.requestHash,
            renderResponse(details),
            record.createdAt,
          ]);
        }
        await writeEvents(db, tx, [created]);
        return { kind: 'created', call: details };
      }),
    );
  }

  async createIfAbsent(call: CallRecord, customer: CustomerResolution): Promise<{ callId: string; created: boolean }> {
    if (call.providerCallSid === null) throw new Error('createIfAbsent needs a providerCallSid');
    const sid = call.providerCallSid;
    const db = this.db;
    const found = (r: { callId: string }) => [{ accountId: call.accountId, callId: r.callId }];
    return this.changes.writingCalls(found, () =>
      db.transaction(async (tx) => {
        // Two first sightings of one provider call serialise on this lock; the unique index on
        // (account_id, provider_call_sid) is the backstop.
        await db.lock(tx, `provider-call/${call.accountId}/${sid}`);
        const existing = await db.one(tx, CALL_ID_BY_PROVIDER_SID, [call.accountId, sid]);
        if (existing) return { callId: asText(existing.id, 'id'), created: false };
        await insertCall(db, tx, { ...call, customerId: await resolveCustomer(db, tx, call.accountId, customer) });
        const details = justWritten(await readCall(db, tx, call.accountId, call.id), 'call');
        const events = [];
        for (const e of createdEvents(details, call.createdAt)) events.push(await sequenced(db, tx, e));
        await writeEvents(db, tx, events);
        return { callId: call.id, created: true };
      }),
    );
  }

  get(accountId: string, id: string): Promise<CallDetails | undefined> {
    return readCall(this.db, this.db.pool, accountId, id);
  }

  async update(accountId: string, id: string, decide: (current: CallRecord) => CallChanges | undefined): Promise<CallDetails | undefined> {
    const db = this.db;
    const updated = () => [{ accountId, callId: id }];
    return this.changes.writingCalls(updated, () =>
      db.transaction(async (tx) => {
        const row = await db.one(tx, CALL_FOR_UPDATE, [accountId, id]);
        if (!row) return undefined;
        const current = callFrom(row);
        const changes = decide(current);
        if (changes) {
          const { columns, values } = changedColumns(changes);
          const params: (string | number | null | string[])[] = [...values];
          const set = columns.map((c, i) => `${c} = $${i + 1}`);
          if (changes.transcription !== undefined) {
            params.push(vectorLexemes(changes.transcription));
            set.push(`search = array_to_tsvector($${params.length}::text[])`);
          }
          params.push(accountId, id);
          await db.queryText(
            tx,
            `UPDATE calls SET ${set.join(', ')} WHERE account_id = $${params.length - 1} AND id = $${params.length}`,
            params,
          );
          const updated = justWritten(await readCall(db, tx, accountId, id), 'call');
          const type = callChangeType(current.status, updated.status);
          await writeEvents(db, tx, [await sequenced(db, tx, callEvent(type, updated, updated.updatedAt))]);
          return updated;
        }
        return readCall(db, tx, accountId, id);
      }),
    );
  }

  /**
   * The page's ids first, on calls alone; then the details of the calls not known, in one
   * statement. Both in one snapshot (REPEATABLE READ): a call erased meanwhile is either on the
   * page whole or not found at all, so the page holds `limit` calls whenever that many match.
   */
  async list(query: CallListQuery, known?: KnownCalls): Promise<CallDetails[]> {
    return this.db.snapshot((tx) => this.readPage(tx, query, known));
  }

  private async readPage(tx: pg.PoolClient, query: CallListQuery, known: KnownCalls | undefined): Promise<CallDetails[]> {
    const ids = await findPage(this.db, tx, query, this.commonLexemes);
    if (ids.length === 0) return [];
    const page = known ? ids.map((id) => known(query.accountId, id)) : [];
    const missing = ids.filter((_id, i) => page[i] === undefined);
    const read = missing.length > 0 ? await readCalls(this.db, tx, query.accountId, missing) : undefined;
    const calls: CallDetails[] = [];
    ids.forEach((id, i) => {
      const call = page[i] ?? read?.get(id);
      if (call) calls.push(call);
    });
    return calls;
  }

  /** The plans PostgreSQL picks for a list query (tests, docs/scaling.md). */
  explainList(query: CallListQuery): Promise<string> {
    return explainListCalls(this.db, query);
  }

  async findIdByProviderSid(accountId: string, providerCallSid: string): Promise<string | undefined> {
    const row = await this.db.one(this.db.pool, CALL_ID_BY_PROVIDER_SID, [accountId, providerCallSid]);
    return row && asText(row.id, 'id');
  }
}
