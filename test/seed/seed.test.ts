import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { buildApp, type App } from '../../src/app.js';
import { seedStore, type SeedResult } from '../../src/seed/seed.js';
import { COMMON_WORD, RARE_WORDS } from '../../src/seed/corpus.js';
import { makePhone } from '../../src/seed/accounts.js';
import { Random } from '../../src/seed/random.js';
import { basic, type AnyJson } from '../helpers/harness.js';
import { describeEachTestStore } from '../helpers/store-suites.js';
import { CALL_STATUSES, CHANNELS } from '../../src/contract/vocabulary.js';

const NOW = Date.parse('2025-03-17T14:30:00.000Z');
const DAY = 86_400_000;

describeEachTestStore('seeding', (ts) => {
  let built: App;
  let seeded: SeedResult;
  const get = async (url: string) => {
    const res = await built.app.inject({ url, headers: { authorization: basic(seeded) } });
    return { status: res.statusCode, json: JSON.parse(res.body), headers: res.headers };
  };
  before(async () => {
    seeded = await seedStore(ts.store, { calls: 400, messagesPerCall: 5, accounts: 3, seed: 11, now: NOW, batchCalls: 64 });
    built = await buildApp({
      store: ts.store,
      config: { bodyLimit: 1 << 20, keyCacheMs: 0, maxMessagesPerCall: 10_000, logLevel: 'silent' },
      clock: () => NOW,
    });
    await built.app.ready();
  });
  after(async () => {
    await built.app.close();
  });

  it('reports what it wrote and issues a working key for the account owning most calls', async () => {
    assert.equal(seeded.calls, 400);
    assert.ok(seeded.messages > 0);
    const all: AnyJson[] = [];
    let url: string | undefined = '/api/v1/calls?limit=500';
    while (url) {
      const page = await get(url);
      assert.equal(page.status, 200);
      all.push(...page.json);
      url = /<([^>]+)>; rel="next"/.exec(String(page.headers.link ?? ''))?.[1];
    }
    // 3 accounts: the first owns 90 %.
    assert.equal(all.length, 400 - 2 * 20);
    assert.deepEqual(new Set(all.map((c) => c.channel)), new Set(CHANNELS));
    for (const c of all) {
      assert.ok((CALL_STATUSES as readonly string[]).includes(c.status));
      const created = Date.parse(c.createdAt);
      assert.ok(created >= NOW - 90 * DAY && created <= NOW, 'within the last 90 days');
      if (c.startedAt) assert.ok(Date.parse(c.startedAt) >= created);
      if (c.answeredAt) assert.ok(Date.parse(c.answeredAt) >= Date.parse(c.startedAt));
      if (c.endedAt) assert.ok(Date.parse(c.endedAt) >= Date.parse(c.answeredAt || c.startedAt || c.createdAt));
      assert.ok(c.duration >= 0);
      const phone = parsePhoneNumberFromString(c.customerPhone);
      assert.ok(phone?.isValid() && phone.number === c.customerPhone, `valid E.164: ${c.customerPhone}`);
      assert.equal(c.messages.length, 5);
      for (let i = 1; i < c.messages.length; i++) assert.ok(c.messages[i].timestamp >= c.messages[i - 1].timestamp);
    }
    assert.ok(
      all.some((c) => c.recordingUrl.startsWith('https://')),
      'voice calls carry recordings',
    );
    assert.ok(
      all.some((c) => c.transcription !== ''),
      'transcriptions',
    );
  });

  it('writes text that full-text search finds, common and rare', async () => {
    const common = await get(`/api/v1/calls?q=${COMMON_WORD}&limit=500`);
    assert.ok(common.json.length > 50, `${common.json.length} calls mention "${COMMON_WORD}"`);
    let rare = 0;
    for (const w of RARE_WORDS) rare += ((await get(`/api/v1/calls?q=${w}&limit=500`)).json as unknown[]).length;
    assert.ok(rare > 0 && rare < 360, `${rare} rare-word hits`);
  });
});

describe('seed generator', () => {
  it('is deterministic for a seed and makes phones libphonenumber accepts', () => {
    const a = new Random(5);
    const b = new Random(5);
    for (let i = 0; i < 200; i++) {
      const phone = makePhone(a);
      assert.equal(phone, makePhone(b));
      assert.ok(parsePhoneNumberFromString(phone)?.isValid());
      assert.equal(a.uuid(), b.uuid());
    }
    assert.match(new Random(1).uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('calls-api seed (CLI)', () => {
  it('prints only the JSON key on stdout, progress on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'calls-api-seed-cli-'));
    try {
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'seed', '--calls', '120', '--messages-per-call', '3', '--accounts', '2'],
        {
          env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'seed.db')}`, LOG_LEVEL: 'silent' },
          encoding: 'utf8',
        },
      );
      assert.equal(run.status, 0, run.stderr);
      const lines = run.stdout.trim().split('\n');
      assert.equal(lines.length, 1);
      const out = JSON.parse(lines[0]);
      assert.deepEqual(Object.keys(out), ['accountId', 'username', 'password']);
      assert.match(run.stderr, /seed: 120\/120 calls/);
      const bad = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'seed', '--calls', 'many'], {
        env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'seed.db')}` },
        encoding: 'utf8',
      });
      assert.equal(bad.status, 2);
      assert.equal(bad.stdout, '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
