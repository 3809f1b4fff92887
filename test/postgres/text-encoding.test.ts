/** Text PostgreSQL cannot hold as is (U+0000) round-trips exactly as on SQLite, searchable alike. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, seedAgentAndSkill, createCall } from '../helpers/harness.js';
import { describePostgresOnly } from '../helpers/store-suites.js';

const NASTY = 'nul\u0000here \uffff\u0001 \uffff\uffff end\u0000';

describePostgresOnly('text with U+0000 and U+FFFF', (kind) => {
  it('is stored, answered and searched as on SQLite', async () => {
    const seen: Record<string, unknown>[] = [];
    for (const k of ['sqlite', kind] as const) {
      const t = await startTestApp(k);
      try {
        const ids = await seedAgentAndSkill(t);
        const skill = await t.post('/api/v1/skills', { name: NASTY, description: NASTY, language: 'a\u0000b' });
        assert.equal(skill.status, 201, skill.body);
        const call = await createCall(t, ids, { note: NASTY, customerName: NASTY });
        assert.equal(call.status, 200, call.body);
        const msg = await t.post(`/api/v1/calls/${call.json.id}/messages`, { sender: 'customer', content: NASTY });
        assert.equal(msg.status, 201, msg.body);
        await t.put(`/api/v1/calls/${call.json.id}`, { transcription: NASTY });
        const got = await t.get(`/api/v1/calls/${call.json.id}`);
        const found = await t.get('/api/v1/calls?q=here%20end');
        assert.equal(found.status, 200, found.body);
        const sk = await t.get(`/api/v1/skills/${skill.json.id}`);
        seen.push({
          note: got.json.note,
          customerName: got.json.customerName,
          transcription: got.json.transcription,
          content: got.json.messages[0].content,
          found: found.json.length,
          skill: [sk.json.name, sk.json.language],
        });
      } finally {
        await t.close();
      }
    }
    assert.equal((seen[0] as { note: string }).note, NASTY);
    assert.equal((seen[0] as { found: number }).found, 1);
    assert.deepEqual(seen[1], seen[0]);
  });
});
