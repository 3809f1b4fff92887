/**
 * Every list filter, the cursor and full-text search use indexes on PostgreSQL (the plans are
 * quoted in docs/scaling.md). Run on a database large enough for the planner to prefer them.
 */
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestStore, type TestStore } from '../helpers/harness.js';
import { describePostgresOnly } from '../helpers/store-suites.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { CallListQuery, StoredMessage } from '../../src/domain/ports/index.js';
import type { CallRecord, CustomerRecord } from '../../src/domain/types.js';
import { CALL_STATUSES, CHANNELS } from '../../src/contract/vocabulary.js';

const ACCOUNTS = 4;
const CALLS_PER_ACCOUNT = 5000;
const WORDS = ['invoice', 'refund', 'delivery', 'password', 'upgrade', 'cancel', 'billing', 'address', 'warranty', 'discount'];

describePostgresOnly('PostgreSQL query plans', (kind) => {
  let db: TestStore;
  let store: PostgresStore;
  const account = randomUUID();
  let agentId = '';
  let customerId = '';
  let last: CallRecord;

  before(async () => {
    db = await createTestStore(kind);
    assert.ok(db.store instanceof PostgresStore);
    store = db.store;
    const t0 = Date.parse('2024-01-01T00:00:00.000Z');
    for (let a = 0; a < ACCOUNTS; a++) {
      const accountId = a === 0 ? account : randomUUID();
      const agents = Array.from({ length: 20 }, () => randomUUID());
      const customers: CustomerRecord[] = Array.from({ length: 500 }, (_, i) => ({
        accountId,
        id: randomUUID(),
        name: `Customer ${i}`,
        firstName: '',
        lastName: '',
        phone: `+1415${String(5_000_000 + i)}`,
        email: `c${i}@example.com`,
        language: 'en-US',
        customFields: [],
        createdAt: new Date(t0).toISOString(),
        updatedAt: new Date(t0).toISOString(),
      }));
      if (a === 0) {
        agentId = agents[0];
        customerId = customers[0].id;
      }
      await store.bulk.insert({ accounts: [{ id: accountId, name: `A${a}`, createdAt: new Date(t0).toISOString() }], customers });
      for (let start = 0; start < CALLS_PER_ACCOUNT; start += 1000) {
        const calls: CallRecord[] = [];
        const messages: StoredMessage[] = [];
        for (let i = start; i < start + 1000; i++) {
          const at = new Date(t0 + i * 60_000).toISOString();
          const call: CallRecord = {
            accountId,
            id: randomUUID(),
            status: CALL_STATUSES[i % CALL_STATUSES.length],
            channel: CHANNELS[i % CHANNELS.length],
            direction: 'inbound',
            agentId: agents[i % agents.length],
            skillId: randomUUID(),
            customerId: customers[i % customers.length].id,
            agentPhoneOverride: '',
            agentEmailOverride: '',
            note: '',
            transcription: i % 7 === 0 ? `about the ${WORDS[i % 10]} ${i}` : '',
            recordingUrl: '',
            createdAt: at,
            updatedAt: at,
            startedAt: null,
            answeredAt: null,
            endedAt: null,
            durationSeconds: null,
            providerCallSid: null,
            messageCount: 3,
          };
          calls.push(call);
          for (let s = 1; s <= 3; s++) {
            messages.push({
              accountId,
              callId: call.id,
              seq: s,
              sid: `SM${i}x${s}`,
              timestamp: at,
              sender: 'customer',
              // "often": in every message of every other call, so common (≥ 3,000 messages) without being everywhere.
              content: `question ${WORDS[(i + s) % 10]} number${i}x${s}${i % 2 === 0 ? ' often' : ''}`,
              mediaUrl: '',
              status: 'received',
            });
          }
          last = call;
        }
        await store.bulk.insert({ calls, messages });
      }
    }
    await store.pool.query('ANALYZE');
  });
  after(() => db.cleanup());

  const base = (): CallListQuery => ({ accountId: account, limit: 51 });
  const cases: [string, () => CallListQuery, RegExp[]][] = [
    ['no filter (newest first)', () => base(), [/Index (Only )?Scan Backward using calls_by_created on calls c/]],
    ['status', () => ({ ...base(), statuses: ['completed'] }), [/using calls_by_status on calls c/]],
    [
      'several statuses',
      () => ({ ...base(), statuses: ['completed', 'failed'] }),
      [/Index Scan Backward using calls_by_(status|created) on calls c/],
    ],
    ['channel', () => ({ ...base(), channels: ['sms'] }), [/using calls_by_channel on calls c/]],
    [
      'date range',
      () => ({ ...base(), createdFrom: '2024-01-02T00:00:00.000Z', createdTo: '2024-01-02T12:00:00.000Z' }),
      [/calls_by_created/, /Index Cond: .*created_at >=/],
    ],
    ['agent', () => ({ ...base(), agentId }), [/Index (Only )?Scan (Backward )?(using|on) calls_by_agent/]],
    ['customer', () => ({ ...base(), customerId }), [/on calls_by_customer(_channel)?|using calls_by_customer(_channel)? on calls c/]],
    ['customer phone (exact)', () => ({ ...base(), customerPhone: '+14155000000' }), [/customers_by_phone/, /calls_by_customer/]],
    ['customer phone digits (partial)', () => ({ ...base(), customerPhoneDigits: '5000042' }), [/calls_by_customer/]],
    // A rare word: its calls are found through the text indexes first, then read by key.
    [
      'full-text q (rare word)',
      () => ({ ...base(), terms: ['number4242x1'] }),
      [/Bitmap Index Scan on messages_search/, /Bitmap Index Scan on calls_search/, /calls_pkey/],
    ],
    // A word in every call: the calls are walked newest first and each is probed by key.
    [
      'full-text q (common word)',
      () => ({ ...base(), terms: ['question'] }),
      [/Index Scan Backward using calls_by_created on calls c/, /messages_pkey/],
    ],
    [
      'cursor (next page)',
      () => ({ ...base(), after: { createdAt: last.createdAt, id: last.id } }),
      [/Index (Only )?Scan Backward using calls_by_created on calls c/, /Index Cond: .*ROW\(created_at, id\) < ROW/],
    ],
  ];

  for (const [name, query, patterns] of cases) {
    it(`uses an index for: ${name}`, async (t) => {
      const plan = await store.calls.explainList(query());
      t.diagnostic(`${name}\n${plan}`);
      assert.doesNotMatch(plan, /Seq Scan on calls/, plan);
      for (const p of patterns) assert.match(plan, p, plan);
    });
  }

  it('walks a common word the same once it is remembered as common: only calls holding it, newest first', async () => {
    const walk = async () => {
      const calls = [];
      let after: CallListQuery['after'];
      for (let page = 0; page < 3; page++) {
        const found = await store.calls.list({ ...base(), terms: ['often'], after });
        calls.push(...found);
        const end = found[found.length - 1];
        after = { createdAt: end.createdAt, id: end.id };
      }
      return calls;
    };
    // The first walk counts the word's matches and finds it common; the second skips the count.
    const first = await walk();
    const second = await walk();
    assert.equal(first.length, 153);
    assert.deepEqual(
      second.map((c) => c.id),
      first.map((c) => c.id),
    );
    for (const c of second)
      assert.ok(
        c.messages.some((m) => m.content.endsWith(' often')),
        `${c.id} does not hold the word`,
      );
    const times = second.map((c) => c.createdAt);
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
    // Every other call of the account holds it: the walk skipped none of them.
    assert.equal(new Set(times).size, 153);
    assert.equal(Date.parse(times[0]) - Date.parse(times[152]), 152 * 2 * 60_000);
  });

  it('answers the searches the plans are for', async () => {
    const found = await store.calls.list({ ...base(), terms: ['number4242x1'] });
    assert.equal(found.length, 1);
    assert.equal(found[0].messages.length, 3);
    const page = await store.calls.list({ ...base(), after: { createdAt: last.createdAt, id: last.id } });
    assert.equal(page.length, 51);
  });
});
