/**
 * The SQLite store answers a full-text search with one of two plans depending on how many
 * documents match (read every match, or walk calls newest first checking chunks of candidates —
 * with one range query per chunk when the chunk's calls are stored close together, else per
 * call). All must give the same pages, in the same order, with the same cursor walk.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seedStore } from '../../src/seed/seed.js';
import { COMMON_WORD, RARE_WORDS } from '../../src/seed/corpus.js';
import type { CallListQuery } from '../../src/domain/ports/index.js';

describe('full-text plans [sqlite]', () => {
  let dir: string;
  let reading: SqliteStore;
  let probing: SqliteStore;
  let probingPerCall: SqliteStore;
  let accountId: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'calls-api-fts-'));
    const path = join(dir, 'fts.db');
    const seeding = new SqliteStore({ path });
    await seeding.migrate();
    ({ accountId } = await seedStore(seeding, {
      calls: 600,
      messagesPerCall: 4,
      accounts: 2,
      seed: 3,
      now: Date.parse('2025-03-17T14:30:00Z'),
      batchCalls: 100,
    }));
    await seeding.close();
    reading = new SqliteStore({ path, rareMatchDocs: 1_000_000 });
    probing = new SqliteStore({ path, rareMatchDocs: 1 });
    probingPerCall = new SqliteStore({ path, rareMatchDocs: 1, rangeSpread: 0 });
  });
  after(async () => {
    await reading.close();
    await probing.close();
    await probingPerCall.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function walk(store: SqliteStore, query: Omit<CallListQuery, 'accountId' | 'limit'>): Promise<string[]> {
    const ids: string[] = [];
    let after: CallListQuery['after'];
    for (;;) {
      const page = await store.calls.list({ accountId, limit: 25, ...query, after });
      ids.push(...page.map((c) => c.id));
      if (page.length < 25) return ids;
      after = { createdAt: page.at(-1)!.createdAt, id: page.at(-1)!.id };
    }
  }

  type Filter = Omit<CallListQuery, 'accountId' | 'limit'>;
  const cases: [string, Filter | undefined][] = [
    ['a common word', { terms: [COMMON_WORD] }],
    ['two common words', { terms: [COMMON_WORD, 'thanks'] }],
    ['a common word with a status filter', { terms: [COMMON_WORD], statuses: ['completed'] }],
    ['every rare word in turn', undefined],
    ['a word no call has', { terms: ['zzyzx'] }],
  ];
  for (const [name, query] of cases) {
    it(`gives the same cursor walk for ${name}`, async () => {
      const queries: Filter[] = query ? [query] : RARE_WORDS.map((w) => ({ terms: [w] }));
      for (const q of queries) {
        const a = await walk(reading, q);
        const b = await walk(probing, q);
        assert.deepEqual(b, a);
        assert.deepEqual(await walk(probingPerCall, q), a);
        assert.equal(new Set(a).size, a.length, 'no call repeats');
      }
    });
  }

  it('finds what it should: the common word is in many calls, only of this account', async () => {
    const ids = await walk(probing, { terms: [COMMON_WORD] });
    assert.ok(ids.length > 100, `only ${ids.length} calls mention "${COMMON_WORD}"`);
    for (const id of ids.slice(0, 20)) {
      const call = await probing.calls.get(accountId, id);
      const text = [call!.transcription, ...call!.messages.map((m) => m.content)].join(' ').toLowerCase();
      assert.match(text, new RegExp(`\\b${COMMON_WORD}\\b`));
    }
  });
});
