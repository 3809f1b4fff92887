/**
 * Runs the README's curl session, as written, against a real server process on a real port and
 * checks that the call it gets back has the seed's shape with a real value in every field.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '../helpers/server-process.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

async function waitForHealth(base: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

describe('README curl session', () => {
  let dir: string;
  let server: ChildProcess;
  let port: number;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'calls-api-readme-'));
    port = await freePort();
    env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'readme.db')}`, PORT: String(port), LOG_LEVEL: 'warn' };
    server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], { cwd: root, env, stdio: 'ignore' });
    await waitForHealth(`http://127.0.0.1:${port}`);
  });

  after(async () => {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('gets back a call with the seed shape and real values in every field', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const block = /```sh\n(export API=[\s\S]*?)```/.exec(readme);
    assert.ok(block, 'the README has the curl session');
    const { stdout: issued } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'accounts', 'create', '--name', 'Acme Support'],
      { cwd: root, env },
    );
    const key = JSON.parse(issued);
    const script = block[1]
      .replace('http://127.0.0.1:3000', `http://127.0.0.1:${port}`)
      .replace(/^export AUTH=.*$/m, `export AUTH="${key.username}:${key.password}"`);
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], { cwd: root, env });
    const call = JSON.parse(stdout.trim().split('\n').at(-1)!);
    const documented = [
      'id',
      'status',
      'agentPhone',
      'agentEmail',
      'customerPhone',
      'customerEmail',
      'agentId',
      'customerId',
      'skillId',
      'customerName',
      'transcription',
      'recordingUrl',
      'messages',
      'duration',
    ];
    assert.deepEqual(Object.keys(call).slice(0, 14), documented);
    for (const field of documented) {
      if (field === 'messages') assert.equal(call.messages.length, 2);
      else if (field === 'duration') assert.ok(call.duration >= 2, `talk time counted: ${call.duration}`);
      else assert.ok(typeof call[field] === 'string' && call[field] !== '', `${field} has a value`);
    }
    assert.equal(call.status, 'completed');
    for (const m of call.messages) {
      for (const f of ['sid', 'timestamp', 'sender', 'content', 'status']) assert.notEqual(m[f], '', f);
    }
    assert.equal(call.messages[1].mediaUrl, 'https://example.com/invoice.jpg');
  });
});
