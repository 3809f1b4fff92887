/**
 * The console's files as the server serves them: index.html for every client route, hashed assets
 * with their types, gzip, a CSP of the console's own, no way out of the built folder, a clear 503
 * while unbuilt, and 401s without the browser's login challenge for the console's requests.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { startTestApp, basic, type TestApp } from '../helpers/harness.js';
import { ensureConsoleBuilt } from '../helpers/console.js';
import { REPO_ROOT } from '../helpers/server-process.js';
import { consolePlugin, CONSOLE_CSP } from '../../src/console/plugin.js';
import { javascriptSize } from '../../src/console/assets.js';

const JS_BUDGET_GZIP_BYTES = 150 * 1024;

describe('console files [sqlite]', () => {
  let t: TestApp;
  let index: string;
  before(async () => {
    ensureConsoleBuilt();
    t = await startTestApp('sqlite');
    index = (await t.get('/console', false)).body;
  });
  // Missing when before() failed part-way.
  after(() => (t as TestApp | undefined)?.close());

  it('answers /console with the app shell, its own CSP and no inline script or style', async () => {
    const res = await t.get('/console', false);
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/);
    assert.equal(res.headers['content-security-policy'], CONSOLE_CSP);
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.doesNotMatch(CONSOLE_CSP, /unsafe-inline|unsafe-eval|\*/);
    assert.match(CONSOLE_CSP, /default-src 'none'/);
    assert.match(CONSOLE_CSP, /media-src 'self' https:/);
    assert.match(res.body, /<div id="app"><\/div>/);
    // Every script is a file of this origin; no <style>, no style="" and no inline handlers.
    const scripts = [...res.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length >= 1);
    for (const [, attrs, body] of scripts) {
      assert.match(attrs, /src="\/console\/assets\/[^"]+\.js"/);
      assert.equal(body.trim(), '');
    }
    assert.doesNotMatch(res.body, /<style|style=|\son[a-z]+=/i);
  });

  it('answers every client-side route with the same page, and only GET/HEAD', async () => {
    for (const path of [
      '/console/',
      '/console/calls/123e4567-e89b-12d3-a456-426614174000',
      '/console/agents',
      '/console/skills?x=1',
      '/console/customers',
      '/console/anything/else',
    ]) {
      const res = await t.get(path, false);
      assert.equal(res.status, 200, path);
      assert.equal(res.body, index, path);
      assert.equal(res.headers['content-security-policy'], CONSOLE_CSP, path);
    }
    const head = await t.request({ method: 'HEAD', url: '/console/calls/x', auth: false });
    assert.equal(head.status, 200);
    const post = await t.request({ method: 'POST', url: '/console', auth: false, body: {} });
    assert.equal(post.status, 404);
  });

  it('serves the built assets with their types, for good, gzipped when asked', async () => {
    const urls = [...index.matchAll(/(?:src|href)="(\/console\/[^"]+)"/g)].map((m) => m[1]);
    assert.ok(urls.some((u) => u.endsWith('.js')) && urls.some((u) => u.endsWith('.css')), urls.join(' '));
    for (const url of urls) {
      const plain = await t.request({ url, auth: false });
      assert.equal(plain.status, 200, url);
      const type = String(plain.headers['content-type']);
      if (url.endsWith('.js')) assert.equal(type, 'text/javascript; charset=utf-8');
      if (url.endsWith('.css')) assert.equal(type, 'text/css; charset=utf-8');
      if (url.endsWith('.svg')) assert.equal(type, 'image/svg+xml');
      if (url.includes('/assets/')) {
        assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable', url);
        const zipped = await t.app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
        assert.equal(zipped.headers['content-encoding'], 'gzip', url);
        assert.equal(zipped.headers.vary, 'Accept-Encoding');
        assert.equal(gunzipSync(zipped.rawPayload).toString('utf8'), plain.body, url);
        const refused = await t.app.inject({ url, headers: { 'accept-encoding': 'gzip;q=0' } });
        assert.equal(refused.headers['content-encoding'], undefined, url);
      }
    }
  });

  it('answers 404 for files that are not there, never the page', async () => {
    for (const path of ['/console/assets/missing.js', '/console/assets/', '/console/favicon.ico', '/console/robots.txt']) {
      const res = await t.get(path, false);
      assert.equal(res.status, 404, path);
      assert.equal(res.json.code, 'NOT_FOUND', path);
    }
  });

  it('never serves a file from outside the built console', async () => {
    const attempts = [
      '/console/../package.json',
      '/console/..%2f..%2fpackage.json',
      '/console/assets/..%2F..%2F..%2Fpackage.json',
      '/console/%2e%2e/%2e%2e/package.json',
      '/console/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fsrc%2fapp.ts',
      '/console//etc/passwd',
      '/console/..\\..\\package.json',
      '/console/assets/....//....//package.json',
    ];
    for (const url of attempts) {
      const res = await t.request({ url, auth: false });
      assert.ok(res.status === 404 || (res.status === 200 && res.body === index), `${url}: ${res.status}`);
      assert.doesNotMatch(res.body, /"name": "calls-api"|root:x:0|buildApp/, url);
    }
  });

  it('keeps the API strict: /api/v1 and /healthz keep their own CSP', async () => {
    const health = await t.get('/healthz', false);
    assert.equal(health.headers['content-security-policy'], "default-src 'none';frame-ancestors 'none'");
    const api = await t.get('/api/v1/agents');
    assert.equal(api.status, 200);
    assert.equal(api.headers['content-security-policy'], "default-src 'none';frame-ancestors 'none'");
  });

  it('answers the console a 401 without the login challenge; API clients keep the challenge', async () => {
    const wrong = basic({ username: t.account.username, password: 'not-the-secret' });
    const console = await t.request({
      url: '/api/v1/agents',
      auth: false,
      headers: { authorization: wrong, 'x-requested-with': 'XMLHttpRequest' },
    });
    assert.equal(console.status, 401);
    assert.equal(console.headers['www-authenticate'], undefined);
    assert.equal(console.json.code, 'UNAUTHORIZED');
    const missing = await t.request({ url: '/api/v1/agents', auth: false, headers: { 'x-requested-with': 'XMLHttpRequest' } });
    assert.equal(missing.status, 401);
    assert.equal(missing.headers['www-authenticate'], undefined);
    const client = await t.request({ url: '/api/v1/agents', auth: false, headers: { authorization: wrong } });
    assert.equal(client.status, 401);
    assert.equal(client.headers['www-authenticate'], 'Basic realm="calls-api", charset="UTF-8"');
    assert.equal(client.body, console.body);
  });

  it('ships less than 150 KB of JavaScript, gzipped', (ctx) => {
    const size = javascriptSize(join(REPO_ROOT, 'dist/console-ui'));
    ctx.diagnostic(`console JavaScript: ${size.files} file(s), ${size.bytes} bytes, ${size.gzipBytes} bytes gzipped`);
    assert.ok(size.files >= 1);
    assert.ok(size.gzipBytes < JS_BUDGET_GZIP_BYTES, `${size.gzipBytes} bytes gzipped`);
  });
});

describe('console not built', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'calls-api-console-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a 503 page that says how to build it, then serves the build without a restart', async () => {
    const app = Fastify();
    await app.register(consolePlugin, { assetsDir: dir });
    try {
      for (const url of ['/console', '/console/calls/abc', '/console/assets/index.js']) {
        const res = await app.inject({ url });
        assert.equal(res.statusCode, 503, url);
        assert.match(String(res.headers['content-type']), /^text\/html/);
        assert.equal(res.headers['cache-control'], 'no-store');
        assert.match(res.body, /npm run build:console/);
      }
      writeFileSync(join(dir, 'index.html'), '<!doctype html><title>built</title>');
      const built = await app.inject({ url: '/console/calls/abc' });
      assert.equal(built.statusCode, 200);
      assert.match(built.body, /<title>built<\/title>/);
    } finally {
      await app.close();
    }
  });
});
