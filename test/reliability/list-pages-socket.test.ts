/**
 * List pages are assembled from the calls' kept JSON into reused buffers. Over a real port, with
 * many concurrent clients (some reading slowly) and pages from the database and from memory,
 * every page must be byte for byte the page a lone client gets.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestStore, basic, type TestStore } from '../helpers/harness.js';
import { createAccountIn, startServerProcess, type ServerProcess } from '../helpers/server-process.js';

function get(agent: http.Agent, port: number, path: string, auth: string, slow: boolean): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ agent, host: '127.0.0.1', port, path, headers: { authorization: auth } }, (res) => {
      const chunks: Buffer[] = [];
      if (slow) {
        // A slow reader: its page stays in flight while other pages are built.
        res.pause();
        setTimeout(() => res.resume(), 40);
      }
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

describe('list pages over a real socket [sqlite]', () => {
  let ts: TestStore;
  let server: ServerProcess;
  let auth: string;
  before(async () => {
    ts = await createTestStore('sqlite');
    auth = basic(await createAccountIn(ts.url));
    server = await startServerProcess(ts.url);
  });
  after(async () => {
    // Missing when before() failed part-way.
    await (server as ServerProcess | undefined)?.stop();
    await ts.cleanup();
  });

  it('answers every concurrent page with exactly the bytes a lone client gets', { timeout: 120_000 }, async () => {
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${server.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.ok(res.status < 300, `${path} answered ${res.status}`);
      return (await res.json()) as { id: string };
    };
    const agentId = (await post('/api/v1/agents', { name: 'Page', agentType: 'AI' })).id;
    const skillId = (await post('/api/v1/skills', { name: 'Pages' })).id;
    for (let i = 0; i < 120; i++) {
      const call = await post('/api/v1/calls', { agentId, skillId, channel: 'webchat', customerEmail: `page${i % 30}@example.com` });
      for (let m = 0; m < 3; m++) {
        await post(`/api/v1/calls/${call.id}/messages`, {
          sender: m % 2 ? 'agent' : 'customer',
          content: `Call ${i} message ${m}: déjà vu — ${'ünïcödé '.repeat(20 + (i % 7))}${i % 5 === 0 ? 'parcel' : 'order'} 🚚`,
        });
      }
    }
    // Pages from ~3 KB to ~240 KB (page buffers hold 256 KiB).
    const paths = [
      '/api/v1/calls?limit=80',
      '/api/v1/calls?limit=50',
      '/api/v1/calls?limit=37&q=parcel',
      '/api/v1/calls?limit=20&status=queued',
      '/api/v1/calls?limit=1',
    ];
    const first = await fetch(`${server.baseUrl}/api/v1/calls?limit=50`, { headers: { authorization: auth } });
    paths.push(`/api/v1/calls?limit=50&cursor=${encodeURIComponent(first.headers.get('x-next-cursor')!)}`);
    // What a lone client gets for each page, twice (the second answer comes from memory).
    const expected = new Map<string, string>();
    const lone = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (const path of paths) {
      const a = await get(lone, server.port, path, auth, false);
      const b = await get(lone, server.port, path, auth, false);
      assert.equal(a.status, 200);
      assert.equal(b.body, a.body, `${path}: the page from memory is the page from the database`);
      assert.ok(Array.isArray(JSON.parse(a.body)));
      expected.set(path, a.body);
    }
    lone.destroy();

    const crowd = new http.Agent({ keepAlive: true, maxSockets: 32 });
    const answers = await Promise.all(
      Array.from({ length: 320 }, async (_, i) => {
        if (i % 64 === 0) await sleep(2);
        if (i % 4 === 0) return { path: paths[0], ...(await get(crowd, server.port, paths[0], auth, true)) };
        const path = paths[i % paths.length];
        return { path, ...(await get(crowd, server.port, path, auth, i % 3 === 0)) };
      }),
    );
    crowd.destroy();
    for (const { path, status, body } of answers) {
      assert.equal(status, 200, path);
      assert.equal(body, expected.get(path), `${path}: a concurrent answer differs from the lone client's`);
    }
  });
});
