/**
 * Property-based fuzzing with fast-check: generated bodies, query strings, path ids and headers
 * (wrong types, huge strings, deep nesting, invalid UTF-8, NUL bytes, prototype-pollution keys,
 * out-of-range numbers, SQL / LIKE / FTS metacharacters) against every /api/v1 endpoint.
 * Never a 5xx, never a crash, and a rejected request changes nothing.
 *
 * FUZZ_RUNS scales the number of cases (default 1 = a few thousand in CI; `npm run fuzz` sets
 * FUZZ_RUNS=10).
 */
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import fc from 'fast-check';
import { seedAgentAndSkill, createCall, basic } from '../helpers/harness.js';
import { describeEachStore } from '../helpers/store-suites.js';
import type { IssuedKey } from '../../src/auth/api-keys.js';

const SCALE = Math.max(1, Number(process.env.FUZZ_RUNS ?? 1));
const stats = { cases: 0, fiveXX: 0 };

const METACHARS = [
  "' OR 1=1 --",
  "'; DROP TABLE calls; --",
  '%',
  '_',
  '%_%',
  '\\',
  '\\%',
  '"',
  '""',
  '*',
  'NEAR(a b)',
  'NEAR(',
  'a OR b',
  'NOT',
  'AND',
  '"unterminated',
  '^',
  ':',
  'body:x',
  '(',
  ')',
  '{}',
  '[]',
  '\u0000',
  'a\u0000b',
  '\uFFFF',
  '\uD800',
  '\uDFFF',
  '__proto__',
  'constructor',
  'prototype',
  '-1',
  '0',
  '1e309',
  '-1e309',
  'NaN',
  'Infinity',
  '0x10',
  '9007199254740993',
  '2025-13-45',
  '2025-02-30T25:61:61Z',
  '00000000-0000-0000-0000-000000000000',
  '+',
  '+1',
  `+${'9'.repeat(40)}`,
  'a@b',
  '<script>alert(1)</script>',
  '${7*7}',
  '../../etc/passwd',
  '%00',
  '%2F',
  '\r\nX-Injected: 1',
  'Ω≈ç√∫',
  '🙂',
  '\u202e',
];

/** Percent-encodes every byte of the UTF-8 form (lone surrogates become U+FFFD). */
function pct(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : '%' + b.toString(16).padStart(2, '0').toUpperCase();
  }
  return out;
}

/** Percent sequences that are not valid UTF-8 or not valid at all, sent as they are. */
const RAW_ESCAPES = ['%00', '%ZZ', '%', '%C3%28', '%FF%FE', '%E2%82', '%ED%A0%80', '%2e%2e', '%252F'];

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...METACHARS) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 80_000 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.uuid() },
);

const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: hostileString },
    { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-1, 0, 2 ** 53, -(2 ** 63), 1e308)) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    {
      weight: 1,
      arbitrary: fc.dictionary(fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor')), tie('value'), { maxKeys: 4 }),
    },
  ),
})).value;

const FIELDS = [
  'agentId',
  'skillId',
  'channel',
  'customerName',
  'customerPhone',
  'customerEmail',
  'customerOverride',
  'agentOverride',
  'direction',
  'note',
  'status',
  'reopen',
  'transcription',
  'recordingUrl',
  'startedAt',
  'answeredAt',
  'endedAt',
  'sender',
  'content',
  'sid',
  'timestamp',
  'mediaUrl',
  'name',
  'lastname',
  'email',
  'phone',
  'agentType',
  'language',
  'description',
  'active',
  'firstName',
  'lastName',
  'customFields',
  'days',
  '__proto__',
  'constructor',
  'prototype',
];
const QUERY_KEYS = [
  'status',
  'channel',
  'hrs',
  'dateRange',
  'dateRange[from]',
  'dateRange[to]',
  'sanitised',
  'agentId',
  'customerId',
  'customerPhone',
  'q',
  'limit',
  'cursor',
  'page',
  'phone',
  'email',
  '__proto__',
  'constructor[prototype][x]',
];

/** A body: an object of known and hostile fields, any JSON value, or deep nesting. */
const bodyArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.dictionary(
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FIELDS) }, { weight: 1, arbitrary: hostileString }),
      hostileValue,
      { maxKeys: 8 },
    ),
  },
  { weight: 1, arbitrary: hostileValue },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2_000 }).map((n) => ({ note: JSON.parse('['.repeat(n) + ']'.repeat(n)) })) },
);

/** A raw payload: not JSON, half JSON, invalid UTF-8, NUL bytes, deep nesting, poisoned keys. */
const rawPayloadArb = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
  fc.constantFrom(
    '{',
    '{"a":',
    '[',
    'null',
    'true',
    '1',
    '"x"',
    '{"__proto__":{"isAdmin":true}}',
    '{"constructor":{"prototype":{"x":1}}}',
    '{"agentId":"\u0000"}',
    '{"a":1,"a":2}',
    '\uFEFF{}',
    '{"note":"\\ud800"}',
  ),
  fc.integer({ min: 1, max: 200_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 1, max: 50_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.constant(Buffer.from([0x7b, 0x22, 0x6e, 0x6f, 0x74, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d])), // {"note":"<invalid UTF-8>"}
);

// No rate limits here: the fuzzer sends thousands of requests, some with bad credentials.
describeEachStore('fuzzing', { limits: { rateLimitPerMinute: 0, authFailuresPerMinute: 0 } }, (t, kind) => {
  let other: IssuedKey;
  let ids: { agentId: string; skillId: string; callId: string; customerId: string; sid: string; otherCallId: string };
  let snapshotCache: string | undefined;

  async function snapshot(): Promise<string> {
    if (snapshotCache !== undefined) return snapshotCache;
    const parts: string[] = [];
    for (const auth of [undefined, other]) {
      for (const u of [
        '/api/v1/calls?limit=500',
        '/api/v1/agents?limit=500',
        '/api/v1/skills?limit=500',
        '/api/v1/customers?limit=500',
        '/api/v1/account/retention',
      ]) {
        const res = await t.get(u, auth);
        assert.equal(res.status, 200, `snapshot ${u}`);
        parts.push(res.body);
      }
    }
    return (snapshotCache = parts.join('\n'));
  }

  before(async () => {
    const seeded = await seedAgentAndSkill(t);
    const call = (await createCall(t, seeded)).json;
    await t.post(`/api/v1/calls/${call.id}/messages`, {
      sender: 'customer',
      content: 'hello there',
      sid: 'SMfuzzfuzzfuzzfuzzfuzzfuzzfuzzfu',
    });
    other = await t.newAccount();
    const otherSeed = await seedAgentAndSkill(t, other);
    const otherCall = (await createCall(t, otherSeed, {}, other)).json;
    ids = { ...seeded, callId: call.id, customerId: call.customerId, sid: 'SMfuzzfuzzfuzzfuzzfuzzfuzzfuzzfu', otherCallId: otherCall.id };
  });
  after(() => {
    console.log(`# fuzzing [${kind}]: ${stats.cases} generated requests, ${stats.fiveXX} answered 5xx`);
  });

  const idArb = () =>
    fc.oneof(
      {
        weight: 3,
        arbitrary: fc.constantFrom(ids.callId, ids.agentId, ids.skillId, ids.customerId, ids.otherCallId, ids.callId.toUpperCase()),
      },
      { weight: 2, arbitrary: hostileString.map((s) => pct(s)) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_ESCAPES, '..', '.', 'a'.repeat(900)) },
    );

  const endpointArb = () =>
    fc
      .tuple(
        idArb(),
        fc.oneof(
          fc.constant(ids.sid),
          hostileString.map((s) => pct(s)),
        ),
      )
      .chain(([id, sid]) =>
        fc.constantFrom<[string, string]>(
          ['GET', `/api/v1/calls/${id}`],
          ['PUT', `/api/v1/calls/${id}`],
          ['DELETE', `/api/v1/calls/${id}`],
          ['POST', `/api/v1/calls/${id}/redact`],
          ['POST', `/api/v1/calls/${id}/messages`],
          ['PATCH', `/api/v1/calls/${id}/messages/${sid}`],
          ['POST', '/api/v1/calls'],
          ['GET', '/api/v1/calls'],
          ['GET', `/api/v1/agents/${id}`],
          ['PUT', `/api/v1/agents/${id}`],
          ['POST', '/api/v1/agents'],
          ['GET', '/api/v1/agents'],
          ['GET', `/api/v1/skills/${id}`],
          ['PUT', `/api/v1/skills/${id}`],
          ['POST', '/api/v1/skills'],
          ['GET', '/api/v1/skills'],
          ['GET', `/api/v1/customers/${id}`],
          ['PUT', `/api/v1/customers/${id}`],
          ['POST', '/api/v1/customers'],
          ['GET', '/api/v1/customers'],
          ['GET', '/api/v1/account/retention'],
          ['PUT', '/api/v1/account/retention'],
        ),
      );

  const queryArb = fc.array(
    fc.tuple(
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...QUERY_KEYS) }, { weight: 1, arbitrary: hostileString }).map(pct),
      fc.oneof({ weight: 6, arbitrary: hostileString.map(pct) }, { weight: 1, arbitrary: fc.constantFrom(...RAW_ESCAPES) }),
    ),
    { maxLength: 5 },
  );

  const headersArb = fc.record(
    {
      'content-type': fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=latin1',
        'multipart/form-data; boundary=x',
        '',
      ),
      'idempotency-key': hostileString.filter((s) => /^[\t\x20-\x7e]*$/.test(s) && s.length < 8000),
      authorization: fc.constantFrom(
        'wrong',
        'Basic',
        'Basic !!!',
        'Basic ' + Buffer.from(':').toString('base64'),
        'Basic ' + Buffer.from('key_x:y').toString('base64'),
      ),
      'x-forwarded-for': fc.constantFrom('1.2.3.4', 'not-an-ip', '::1'),
      accept: fc.constantFrom('application/json', 'text/html', '*/*', 'application/xml'),
    },
    { requiredKeys: [] },
  );

  /** Sends one generated request; asserts no 5xx and, when rejected, nothing changed. */
  async function check(method: string, url: string, payload: string | Buffer | undefined, headers: Record<string, string>) {
    const mutating = method !== 'GET';
    const before = mutating ? await snapshot() : undefined;
    let res;
    try {
      res = await t.app.inject({ method: method as 'GET', url, payload, headers: { authorization: basic(t.account), ...headers } });
    } catch (err) {
      // light-my-request refuses to build some requests (e.g. invalid header characters): no request, nothing to check.
      if (
        /Invalid character|header content|ERR_INVALID_CHAR|ERR_HTTP_INVALID_HEADER_VALUE/i.test(
          (err as Error).message + String((err as { code?: string }).code),
        )
      )
        return;
      throw err;
    }
    stats.cases++;
    if (res.statusCode >= 500) stats.fiveXX++;
    assert.ok(res.statusCode < 500, `${method} ${url.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`);
    if (mutating) {
      if (res.statusCode >= 400) {
        snapshotCache = undefined;
        assert.equal(await snapshot(), before, `${method} ${url.slice(0, 200)} was rejected (${res.statusCode}) but changed data`);
      } else {
        snapshotCache = undefined; // a successful write may change the snapshot
      }
    }
  }

  it('structured requests to every endpoint: never a 5xx, a rejected request changes nothing', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(endpointArb(), queryArb, bodyArb, headersArb, async ([method, path], query, body, headers) => {
        const qs = query.map(([k, v]) => `${k}=${v}`).join('&');
        const url = qs ? `${path}?${qs}` : path;
        const hasBody = method !== 'GET' && method !== 'DELETE';
        const h: Record<string, string> = { ...headers };
        if (!('authorization' in headers) || Math.random() < 0.8) delete h.authorization;
        if (!hasBody) delete h['content-type'];
        else h['content-type'] ??= 'application/json';
        await check(method, url, hasBody ? JSON.stringify(body) : undefined, h);
      }),
      { numRuns: 2000 * SCALE },
    );
  });

  it(
    'raw payloads (invalid JSON and UTF-8, NUL bytes, deep nesting, poisoned keys): never a 5xx, nothing changed',
    { timeout: 600_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          endpointArb().filter(([m]) => m !== 'GET' && m !== 'DELETE'),
          rawPayloadArb,
          async ([method, path], payload) => {
            await check(method, path, payload, { 'content-type': 'application/json' });
          },
        ),
        { numRuns: 600 * SCALE },
      );
      // Prototype pollution did not reach the process.
      assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
      assert.equal(({} as Record<string, unknown>).x, undefined);
    },
  );

  it('query strings on the list endpoints: never a 5xx', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/v1/calls', '/api/v1/agents', '/api/v1/skills', '/api/v1/customers'),
        queryArb,
        fc.array(fc.constantFrom('q', 'customerPhone', 'cursor', 'status', 'dateRange'), { maxLength: 3 }),
        async (path, query, extra) => {
          const parts = query.map(([k, v]) => `${k}=${v}`);
          for (const k of extra) parts.push(`${k}=${pct(METACHARS[parts.length % METACHARS.length])}`);
          await check('GET', `${path}?${parts.join('&')}`, undefined, {});
        },
      ),
      { numRuns: 600 * SCALE },
    );
  });

  it(
    'raw bytes on a real socket (paths and headers with NUL, invalid UTF-8, bare CR): no 5xx, no crash',
    { timeout: 600_000 },
    async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const port = (t.app.server.address() as { port: number }).port;
      const send = (bytes: Buffer) =>
        new Promise<string>((resolve) => {
          const socket = connect(port, '127.0.0.1');
          let data = '';
          socket.setTimeout(5000, () => socket.destroy());
          socket.on('data', (d) => (data += d.toString('latin1')));
          socket.on('close', () => {
            resolve(data);
          });
          socket.on('error', () => {
            resolve(data);
          });
          socket.on('connect', () => socket.end(bytes));
        });
      const auth = basic(t.account);
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ maxLength: 80 }),
          fc.uint8Array({ maxLength: 80 }),
          fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'BREW'),
          async (pathBytes, headerBytes, method) => {
            const req = Buffer.concat([
              Buffer.from(`${method} /api/v1/calls/`),
              Buffer.from(pathBytes),
              Buffer.from(` HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nX-Fuzz: `),
              Buffer.from(headerBytes),
              Buffer.from('\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'),
            ]);
            const answer = await send(req);
            stats.cases++;
            const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
            if (status >= 500) stats.fiveXX++;
            assert.ok(status === 0 || status < 500, `answered ${status}: ${answer.slice(0, 300)}`);
          },
        ),
        { numRuns: 300 * SCALE },
      );
      assert.equal((await t.get('/healthz', false)).status, 200, 'still alive');
    },
  );
});
