/**
 * Crash durability: the real server, concurrent creates / updates / message appends over HTTP,
 * SIGKILL at a random moment, restart — CRASH_CYCLES times (default 20). After every kill, every
 * write that was answered 2xx must be in the store and nothing may be half-written.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { basic, type AnyJson } from '../helpers/harness.js';
import { describeEachTestStore } from '../helpers/store-suites.js';
import { createAccountIn, startServerProcess } from '../helpers/server-process.js';
import { integrity, openRawDb } from '../helpers/raw-db.js';

const CYCLES = Number(process.env.CRASH_CYCLES ?? 20);
const WORKERS = 8;

interface CallLedger {
  /** Note values of acknowledged updates, in order; the stored note must be the last one … */
  lastAckedNote: string;
  /** … or the note of an update that was in flight when the process died. */
  inFlightNote?: string;
  ackedSids: string[];
  inFlightSid?: string;
}

describeEachTestStore('crash durability', (ts, kind) => {
  it(`keeps every acknowledged write through ${CYCLES} SIGKILLs under concurrent load`, { timeout: 180_000 }, async () => {
    // The server process owns the database; the harness's own handle must not hold it.
    const key = await createAccountIn(ts.url);
    const auth = basic(key);
    const headers = { authorization: auth, 'content-type': 'application/json' };
    const calls = new Map<string, CallLedger>();
    let agentId = '';
    let skillId = '';
    let acked = 0;
    let failedByKill = 0;
    const unexpected: string[] = [];
    let seq = 0;

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const server = await startServerProcess(ts.url);
      const base = server.baseUrl;
      const send = async (method: string, path: string, body: unknown): Promise<{ status: number; json: AnyJson } | undefined> => {
        try {
          const res = await fetch(base + path, { method, headers, body: JSON.stringify(body) });
          const text = await res.text();
          return { status: res.status, json: text ? JSON.parse(text) : undefined };
        } catch {
          failedByKill++;
          return undefined; // the process died with the request in flight: not acknowledged
        }
      };
      if (cycle === 0) {
        const a = await send('POST', '/api/v1/agents', {
          name: 'Crash',
          phone: '+14155550100',
          email: 'crash@example.com',
          agentType: 'AI',
        });
        const s = await send('POST', '/api/v1/skills', { name: 'Durability' });
        agentId = a!.json.id;
        skillId = s!.json.id;
      }

      let killed = false;
      const worker = async (w: number) => {
        const mine: string[] = [];
        while (!killed) {
          const n = ++seq;
          const r = Math.random();
          if (mine.length === 0 || r < 0.3) {
            // New customers and reused ones (customer found by phone inside the create).
            const phone = `+1415555${String(w * 100 + (n % 7)).padStart(4, '0')}`;
            const res = await send('POST', '/api/v1/calls', {
              agentId,
              skillId,
              channel: 'sms',
              customerPhone: phone,
              customerName: `C${n}`,
            });
            if (!res) return;
            if (res.status !== 200) return void unexpected.push(`create ${res.status}`);
            acked++;
            calls.set(res.json.id, { lastAckedNote: '', ackedSids: [] });
            mine.push(res.json.id);
          } else if (r < 0.6) {
            const id = mine[n % mine.length];
            const ledger = calls.get(id)!;
            const note = `note-${n}`;
            ledger.inFlightNote = note;
            const res = await send('PUT', `/api/v1/calls/${id}`, { note, status: 'in-progress' });
            if (!res) return;
            if (res.status !== 200) return void unexpected.push(`update ${res.status}`);
            acked++;
            ledger.lastAckedNote = note;
            ledger.inFlightNote = undefined;
          } else {
            const id = mine[n % mine.length];
            const ledger = calls.get(id)!;
            const sid = `SM${n.toString(16).padStart(32, '0')}`;
            ledger.inFlightSid = sid;
            const res = await send('POST', `/api/v1/calls/${id}/messages`, {
              sender: n % 2 ? 'agent' : 'customer',
              content: `text ${n}`,
              sid,
            });
            if (!res) return;
            if (res.status !== 201) return void unexpected.push(`append ${res.status}`);
            acked++;
            ledger.ackedSids.push(sid);
            ledger.inFlightSid = undefined;
          }
        }
      };
      const load = Array.from({ length: WORKERS }, (_, w) => worker(w));
      await sleep(100 + Math.random() * 500);
      killed = true;
      server.child.kill('SIGKILL');
      const exit = await server.exited;
      assert.equal(exit.signal, 'SIGKILL');
      await Promise.all(load);
      assert.deepEqual(unexpected, [], 'no request failed other than by the kill');

      // Look at what the crash left, straight in the database.
      const db = await openRawDb(ts.url);
      try {
        assert.deepEqual(await integrity(db), { callsWithoutCustomer: 0, messagesWithoutCall: 0, callsWithWrongMessageCount: 0 });
        const rows = await db.all<{ id: string; note: string }>('SELECT id, note FROM calls WHERE account_id = $1', [key.accountId]);
        const notes = new Map(rows.map((r) => [r.id, r.note]));
        const msgs = await db.all<{ call_id: string; sid: string }>('SELECT call_id, sid FROM messages WHERE account_id = $1', [
          key.accountId,
        ]);
        const sids = new Set(msgs.map((m) => `${m.call_id}/${m.sid}`));
        for (const [id, ledger] of calls) {
          assert.ok(notes.has(id), `acknowledged call ${id} survived`);
          const note = notes.get(id);
          assert.ok(
            note === ledger.lastAckedNote || note === ledger.inFlightNote,
            `call ${id}: note ${note} is the last acknowledged one (${ledger.lastAckedNote})`,
          );
          ledger.lastAckedNote = note!; // an in-flight write that landed is now the state
          ledger.inFlightNote = undefined;
          for (const sid of ledger.ackedSids) assert.ok(sids.has(`${id}/${sid}`), `acknowledged message ${sid} survived`);
          if (ledger.inFlightSid && sids.has(`${id}/${ledger.inFlightSid}`)) ledger.ackedSids.push(ledger.inFlightSid);
          ledger.inFlightSid = undefined;
        }
        if (db.kind === 'sqlite') assert.deepEqual(await db.all('PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);
      } finally {
        await db.close();
      }
    }

    // The service comes back and serves what it acknowledged.
    const server = await startServerProcess(ts.url);
    try {
      const sample = [...calls.entries()].slice(0, 50);
      for (const [id, ledger] of sample) {
        const res = await fetch(`${server.baseUrl}/api/v1/calls/${id}`, { headers: { authorization: auth } });
        assert.equal(res.status, 200);
        const body = (await res.json()) as { note: string; messages: { sid: string }[] };
        assert.equal(body.note, ledger.lastAckedNote);
        assert.deepEqual(new Set(body.messages.map((m) => m.sid)), new Set(ledger.ackedSids));
      }
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    const messages = [...calls.values()].reduce((n, l) => n + l.ackedSids.length, 0);
    console.log(
      `# crash durability [${kind}]: ${CYCLES} SIGKILLs survived, ${acked} acknowledged writes checked (${calls.size} calls, ${messages} messages), ${failedByKill} requests cut off by kills`,
    );
    assert.ok(acked > CYCLES * 10, 'the load did write');
  });
});
