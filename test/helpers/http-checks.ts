/** Checks shared by the security suites: the headers every answer carries, and raw socket exchanges. */
import assert from 'node:assert/strict';
import { connect } from 'node:net';

const SECURITY_HEADERS: Record<string, string | RegExp> = {
  'content-security-policy': /default-src 'none'/,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': /max-age=\d+/,
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};

export function assertSecurityHeaders(headers: Record<string, unknown>, what: string) {
  for (const [name, want] of Object.entries(SECURITY_HEADERS)) {
    const got = headers[name];
    assert.ok(typeof got === 'string', `${what}: ${name} present`);
    if (typeof want === 'string') assert.equal(got, want, `${what}: ${name}`);
    else assert.match(got, want, `${what}: ${name}`);
  }
  assert.equal(headers['access-control-allow-origin'], undefined, `${what}: no CORS`);
  assert.equal(headers['access-control-allow-credentials'], undefined, `${what}: no CORS`);
}

/** Sends raw bytes on a real socket and answers what came back (until the server closes). */
export function raw(port: number, chunks: (string | Buffer)[], gapMs = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (d: Buffer) => (data += d.toString()));
    socket.on('close', () => {
      resolve(data);
    });
    socket.on('error', (e) => {
      if ((e as NodeJS.ErrnoException).code === 'ECONNRESET') resolve(data);
      else reject(e);
    });
    const send = async () => {
      for (const c of chunks) {
        if (socket.destroyed) break;
        socket.write(c);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
    };
    socket.on('connect', () => void send());
  });
}
