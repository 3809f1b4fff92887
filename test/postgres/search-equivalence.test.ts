/** Full-text `q` finds the same calls on SQLite (FTS5) and PostgreSQL (tsvector/GIN), for arbitrary text. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { createTestStore } from '../helpers/harness.js';
import { describePostgresOnly } from '../helpers/store-suites.js';
import { searchTerms } from '../../src/domain/calls.js';
import type { CallRecord } from '../../src/domain/types.js';
import type { BulkRows, StoredMessage } from '../../src/domain/ports/index.js';

const VOCAB = [
  'Café',
  'cafe',
  'CAFÉ',
  'naïve',
  'Straße',
  'strasse',
  'ΟΔΟΣ',
  'οδος',
  'x’y',
  'a_b',
  'john@example.com',
  'foo-bar',
  '3.14',
  '日本語',
  'İstanbul',
  'istanbul',
  'ǅ',
  'ﬁ',
  'Ёлка',
  'елка',
  '😀',
  '#42',
  'refund',
  'Refund!',
];
const text = fc
  .array(fc.oneof(fc.constantFrom(...VOCAB), fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength: 8 })
  .map((w) => w.join(' '));

describePostgresOnly('full-text search equivalence, SQLite vs PostgreSQL', () => {
  it('answers the same calls for the same terms', async () => {
    const sqlite = await createTestStore('sqlite');
    const postgres = await createTestStore('postgres');
    try {
      const accountId = randomUUID();
      const docs = fc.sample(fc.tuple(text, fc.array(text, { maxLength: 3 })), { numRuns: 80, seed: 7 });
      const rows: BulkRows = { accounts: [{ id: accountId, name: 'A', createdAt: '2025-01-01T00:00:00.000Z' }], calls: [], messages: [] };
      docs.forEach(([transcription, messages], i) => {
        const at = new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString();
        const call: CallRecord = {
          accountId,
          id: randomUUID(),
          status: 'queued',
          channel: 'sms',
          direction: 'inbound',
          agentId: '',
          skillId: '',
          customerId: '',
          agentPhoneOverride: '',
          agentEmailOverride: '',
          note: '',
          transcription,
          recordingUrl: '',
          createdAt: at,
          updatedAt: at,
          startedAt: null,
          answeredAt: null,
          endedAt: null,
          durationSeconds: null,
          providerCallSid: null,
          messageCount: messages.length,
        };
        rows.calls!.push(call);
        messages.forEach((content, m) =>
          rows.messages!.push({
            accountId,
            callId: call.id,
            seq: m + 1,
            sid: `SM${i}x${m}`,
            timestamp: at,
            sender: 'customer',
            content,
            mediaUrl: '',
            status: 'received',
          } satisfies StoredMessage),
        );
      });
      await sqlite.store.bulk.insert(rows);
      await postgres.store.bulk.insert(rows);
      const queries = fc.sample(fc.oneof(text, fc.constantFrom(...VOCAB)), { numRuns: 150, seed: 11 });
      let nonEmpty = 0;
      for (const q of queries) {
        const terms = searchTerms(q);
        if (terms.length === 0) continue;
        const query = { accountId, terms, limit: 200 };
        const a = (await sqlite.store.calls.list(query)).map((c) => c.id);
        const b = (await postgres.store.calls.list(query)).map((c) => c.id);
        assert.deepEqual(b, a, `q=${JSON.stringify(q)}`);
        if (a.length > 0) nonEmpty++;
      }
      assert.ok(nonEmpty > 20, `enough queries found something (${nonEmpty})`);
    } finally {
      await sqlite.cleanup();
      await postgres.cleanup();
    }
  });
});
