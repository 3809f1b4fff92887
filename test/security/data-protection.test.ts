/**
 * Data protection: erase, redact and retention. Each test checks the API and then the store
 * itself (rows, full-text index, raw file bytes on SQLite): erased data must be gone from both.
 */
import { it, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { seedAgentAndSkill, createCall, type TestApp } from '../helpers/harness.js';
import { describeEachStore } from '../helpers/store-suites.js';
import { openRawDb } from '../helpers/raw-db.js';
import { sqlitePath } from '../../src/store/open.js';
import { RetentionPurger } from '../../src/domain/data-protection.js';

const DAY = 86_400_000;

/** A call with a transcript, a recording and messages holding a word found nowhere else. */
async function filledCall(t: TestApp, ids: { agentId: string; skillId: string }, word: string) {
  const created = await createCall(t, ids, { customerPhone: '+14155550177', customerEmail: 'erase.me@example.com' });
  assert.equal(created.status, 200);
  const id = created.json.id as string;
  assert.equal(
    (
      await t.post(`/api/v1/calls/${id}/messages`, {
        sender: 'customer',
        content: `my secret is ${word}alpha`,
        mediaUrl: `https://media.example.com/${word}.jpg`,
      })
    ).status,
    201,
  );
  assert.equal((await t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: `noted ${word}beta` })).status, 201);
  assert.equal(
    (
      await t.put(`/api/v1/calls/${id}`, {
        transcription: `Customer: ${word}gamma`,
        recordingUrl: `https://rec.example.com/${word}.wav`,
        status: 'completed',
      })
    ).status,
    200,
  );
  return id;
}

async function search(t: TestApp, word: string) {
  const res = await t.get(`/api/v1/calls?q=${encodeURIComponent(word)}`);
  assert.equal(res.status, 200);
  return res.json as { id: string }[];
}

/**
 * On SQLite: after the next background purge pass (which compacts once something was erased),
 * neither the database file nor its WAL holds any of these strings.
 */
async function assertNotInFile(t: TestApp, needles: string[]) {
  const path = sqlitePath(t.testStore.url);
  if (path === undefined) return;
  await t.dataProtection.purge(100);
  for (const file of [path, `${path}-wal`]) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (const needle of needles) assert.equal(bytes.indexOf(Buffer.from(needle)), -1, `"${needle}" is not in ${file}`);
  }
}

describeEachStore('data protection', (t) => {
  let ids: { agentId: string; skillId: string };
  before(async () => {
    ids = await seedAgentAndSkill(t);
  });

  it('DELETE erases the call, its messages, its search entry and its idempotency replay', async () => {
    const keep = await filledCall(t, ids, 'keepword');
    const first = await t.post('/api/v1/calls', { ...ids, channel: 'sms', customerPhone: '+14155550178' }, undefined, {
      'idempotency-key': 'erase-me',
    });
    const id = await filledCall(t, ids, 'zebraword');
    assert.equal((await search(t, 'zebrawordalpha')).length, 1);

    const res = await t.request({ method: 'DELETE', url: `/api/v1/calls/${id}` });
    assert.equal(res.status, 204);
    assert.equal(res.body, '');
    const gone = await t.get(`/api/v1/calls/${id}`);
    const never = await t.get('/api/v1/calls/00000000-0000-4000-8000-000000000000');
    assert.equal(gone.status, 404);
    assert.equal(gone.body, never.body, 'an erased call answers exactly like one that never was');
    assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/calls/${id}` })).status, 404);
    assert.equal((await t.post(`/api/v1/calls/${id}/messages`, { sender: 'agent', content: 'late' })).status, 404);
    for (const word of ['zebrawordalpha', 'zebrawordbeta', 'zebrawordgamma']) assert.deepEqual(await search(t, word), []);
    assert.equal(
      (await t.get('/api/v1/calls?limit=500')).json.some((c: { id: string }) => c.id === id),
      false,
    );
    // Other calls are untouched.
    assert.equal((await t.get(`/api/v1/calls/${keep}`)).json.messages.length, 2);
    assert.equal((await search(t, 'keepwordalpha')).length, 1);

    // Erasing the call created under an idempotency key drops its replay too.
    assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/calls/${first.json.id}` })).status, 204);
    const again = await t.post('/api/v1/calls', { ...ids, channel: 'sms', customerPhone: '+14155550178' }, undefined, {
      'idempotency-key': 'erase-me',
    });
    assert.equal(again.status, 200);
    assert.notEqual(again.json.id, first.json.id);
    assert.equal(again.headers['idempotent-replayed'], undefined);

    const db = await openRawDb(t.testStore.url);
    try {
      assert.deepEqual(await db.all('SELECT id FROM calls WHERE account_id = $1 AND id = $2', [t.account.accountId, id]), []);
      assert.deepEqual(await db.all('SELECT sid FROM messages WHERE account_id = $1 AND call_id = $2', [t.account.accountId, id]), []);
      const replays = await db.all<{ response_body: string }>('SELECT response_body FROM idempotency_keys WHERE account_id = $1', [
        t.account.accountId,
      ]);
      assert.equal(
        replays.some((r) => r.response_body.includes(first.json.id)),
        false,
      );
      if (db.kind === 'sqlite') {
        assert.deepEqual(await db.all(`SELECT rowid FROM message_text WHERE message_text MATCH 'zebrawordalpha'`), []);
      }
    } finally {
      await db.close();
    }
    await assertNotInFile(t, ['zebrawordalpha', 'zebrawordbeta', 'zebrawordgamma', 'zebraword.wav', 'zebraword.jpg']);
  });

  it('POST /redact blanks transcript, messages, media and recording but keeps the bare record', async () => {
    const id = await filledCall(t, ids, 'quokkaword');
    const before = (await t.get(`/api/v1/calls/${id}`)).json;
    t.advance(1000);
    const res = await t.post(`/api/v1/calls/${id}/redact`, undefined);
    assert.equal(res.status, 200);
    const after = res.json;
    assert.deepEqual(await t.get(`/api/v1/calls/${id}`).then((r) => r.json), after);
    assert.equal(after.transcription, '');
    assert.equal(after.recordingUrl, '');
    assert.equal(after.messages.length, 2);
    for (const m of after.messages) {
      assert.equal(m.content, '');
      assert.equal(m.mediaUrl, '');
    }
    // The bare record: who, when, how long, which messages and their delivery states.
    for (const field of [
      'id',
      'status',
      'agentId',
      'customerId',
      'skillId',
      'customerPhone',
      'customerName',
      'duration',
      'channel',
      'createdAt',
      'startedAt',
      'answeredAt',
      'endedAt',
    ]) {
      assert.deepEqual(after[field], before[field], field);
    }
    assert.deepEqual(
      after.messages.map((m: { sid: string; status: string; sender: string }) => [m.sid, m.status, m.sender]),
      before.messages.map((m: { sid: string; status: string; sender: string }) => [m.sid, m.status, m.sender]),
    );
    assert.notEqual(after.updatedAt, before.updatedAt);
    for (const word of ['quokkawordalpha', 'quokkawordbeta', 'quokkawordgamma']) assert.deepEqual(await search(t, word), []);
    const db = await openRawDb(t.testStore.url);
    try {
      const rows = await db.all<{ content: string; media_url: string }>(
        'SELECT content, media_url FROM messages WHERE account_id = $1 AND call_id = $2',
        [t.account.accountId, id],
      );
      assert.deepEqual(
        rows.map((r) => [r.content, r.media_url]),
        [
          ['', ''],
          ['', ''],
        ],
      );
      const call = await db.all<{ transcription: string; recording_url: string }>(
        'SELECT transcription, recording_url FROM calls WHERE account_id = $1 AND id = $2',
        [t.account.accountId, id],
      );
      assert.deepEqual(call, [{ transcription: '', recording_url: '' }]);
    } finally {
      await db.close();
    }
    await assertNotInFile(t, ['quokkawordalpha', 'quokkawordbeta', 'quokkawordgamma', 'quokkaword.wav', 'quokkaword.jpg']);
    // Redacting twice is harmless; an unknown or malformed id is the plain 404.
    assert.equal((await t.post(`/api/v1/calls/${id}/redact`, undefined)).status, 200);
    assert.equal((await t.post('/api/v1/calls/not-a-uuid/redact', undefined)).status, 404);
  });

  it("erase and redact reach only the caller's account", async () => {
    const other = await t.newAccount();
    const id = await filledCall(t, ids, 'ownword');
    const d = await t.request({ method: 'DELETE', url: `/api/v1/calls/${id}`, auth: other });
    const r = await t.post(`/api/v1/calls/${id}/redact`, undefined, other);
    const never = await t.get('/api/v1/calls/00000000-0000-4000-8000-000000000000');
    assert.equal(d.status, 404);
    assert.equal(d.body, never.body);
    assert.equal(r.status, 404);
    assert.equal(r.body, never.body);
    assert.equal((await t.get(`/api/v1/calls/${id}`)).json.messages[0].content, 'my secret is ownwordalpha');
  });

  it('a retention period purges older calls in batches, and only those', async () => {
    const other = await t.newAccount();
    const otherIds = await seedAgentAndSkill(t, other);
    assert.deepEqual((await t.get('/api/v1/account/retention')).json, { days: null });
    for (const bad of [0, -1, 1.5, 36_501, 'thirty', [1], { n: 1 }]) {
      const res = await t.put('/api/v1/account/retention', { days: bad });
      assert.equal(res.status, 400, `days ${JSON.stringify(bad)}`);
      assert.equal(res.json.code, 'VALIDATION_ERROR');
    }
    assert.equal((await t.put('/api/v1/account/retention', {})).status, 400);
    const set = await t.put('/api/v1/account/retention', { days: 30 });
    assert.equal(set.status, 200);
    assert.deepEqual(set.json, { days: 30 });
    assert.deepEqual((await t.get('/api/v1/account/retention')).json, { days: 30 });
    assert.deepEqual((await t.get('/api/v1/account/retention', other)).json, { days: null }, 'the setting is per account');

    const before = new Set((await t.get('/api/v1/calls?limit=500')).json.map((c: { id: string }) => c.id));
    const old: string[] = [];
    for (let i = 0; i < 5; i++) old.push(await filledCall(t, ids, `oldword${i}`));
    const otherOld = (await createCall(t, otherIds, {}, other)).json.id as string;
    t.advance(31 * DAY);
    const fresh = (await createCall(t, ids)).json.id as string;

    const erased = (await t.dataProtection.purge(2)).calls;
    assert.equal(erased, before.size + 5, 'every call older than 30 days, in batches of 2');
    for (const id of old) assert.equal((await t.get(`/api/v1/calls/${id}`)).status, 404);
    assert.equal((await t.get(`/api/v1/calls/${fresh}`)).status, 200);
    assert.equal((await t.get(`/api/v1/calls/${otherOld}`, other)).status, 200, 'an account without a period keeps everything');
    assert.deepEqual(await search(t, 'oldword0alpha'), []);
    const db = await openRawDb(t.testStore.url);
    try {
      const left = await db.all<{ id: string }>('SELECT id FROM calls WHERE account_id = $1', [t.account.accountId]);
      assert.deepEqual(
        left.map((r) => r.id),
        [fresh],
      );
      assert.deepEqual(await db.all('SELECT call_id FROM messages WHERE account_id = $1', [t.account.accountId]), []);
    } finally {
      await db.close();
    }

    // The background purger does the same on its own timer.
    const aging = (await createCall(t, ids)).json.id as string;
    t.advance(31 * DAY);
    const errors: unknown[] = [];
    const purger = new RetentionPurger(t.dataProtection, { intervalMs: 20, batchSize: 1, onError: (e) => errors.push(e) });
    purger.start();
    try {
      for (let i = 0; i < 100 && (await t.get(`/api/v1/calls/${aging}`)).status === 200; i++) await sleep(20);
    } finally {
      await purger.stop();
    }
    assert.equal((await t.get(`/api/v1/calls/${aging}`)).status, 404);
    assert.deepEqual(errors, []);

    assert.deepEqual((await t.put('/api/v1/account/retention', { days: null })).json, { days: null });
    assert.deepEqual(
      (await t.testStore.store.retention.listPolicies()).filter((p) => p.accountId === t.account.accountId),
      [],
    );
  });
});
