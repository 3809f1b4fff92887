/**
 * Browser tests of the console: the real server (its own process, a fresh SQLite file) and
 * Debian's Chromium driven by playwright-core. No browser is ever downloaded: CHROMIUM_PATH or
 * /usr/bin/chromium (`.ci/run` installs the `chromium` package when it is missing).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestStore, basic, type TestStore } from './harness.js';
import { createAccountIn, REPO_ROOT, startServerProcess, type ServerProcess } from './server-process.js';
import { ApiKeyService, type IssuedKey } from '../../src/auth/api-keys.js';
import { systemClock } from '../../src/domain/clock.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const CONSOLE_DIR = join(REPO_ROOT, 'console');
const BUILT_INDEX = join(REPO_ROOT, 'dist/console-ui/index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    newest = Math.max(newest, statSync(join(dir, name)).mtimeMs);
  }
  return newest;
}

/** Builds the console when it was never built or its sources changed since (`npm run build:console`). */
export function ensureConsoleBuilt(): void {
  if (existsSync(BUILT_INDEX) && statSync(BUILT_INDEX).mtimeMs >= newestMtime(CONSOLE_DIR)) return;
  const built = spawnSync('npm', ['run', 'build:console', '--silent'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`npm run build:console failed:\n${built.stdout}\n${built.stderr}`);
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  // Playwright gives every launch a fresh, temporary user-data directory.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export interface ConsoleServer {
  server: ServerProcess;
  baseUrl: string;
  key: IssuedKey;
  /** Keys of the store the server runs on (another key for the account, a revocation). */
  keys: ApiKeyService;
  /** A request to the API with the account's key; throws on a non-2xx answer. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** The real server on a free port over a fresh SQLite file, with one account and its key. */
export async function startConsoleServer(env: Record<string, string> = {}): Promise<ConsoleServer> {
  ensureConsoleBuilt();
  const store: TestStore = await createTestStore('sqlite');
  let server: ServerProcess | undefined;
  try {
    const key = await createAccountIn(store.url, 'Console test');
    server = await startServerProcess(store.url, env);
    const baseUrl = server.baseUrl;
    const authorization = basic(key);
    const running = server;
    return {
      server: running,
      baseUrl,
      key,
      keys: new ApiKeyService(store.store.accounts, systemClock),
      async api<T>(method: string, path: string, body?: unknown): Promise<T> {
        const res = await fetch(`${baseUrl}/api/v1${path}`, {
          method,
          headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
        return (text === '' ? undefined : JSON.parse(text)) as T;
      },
      async close() {
        await running.stop();
        await store.cleanup();
      },
    };
  } catch (err) {
    await server?.stop();
    await store.cleanup();
    throw err;
  }
}

/** A browser context whose tab starts signed in with `key` (sessionStorage set before any script). */
export async function signedInContext(
  browser: Browser,
  key: IssuedKey,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.addInitScript(
    ([keyId, secret]) => {
      if (sessionStorage.getItem('calls-api-console.credentials') === null) {
        sessionStorage.setItem('calls-api-console.credentials', JSON.stringify({ keyId, secret }));
      }
    },
    [key.username, key.password] as const,
  );
  return context;
}

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, baseUrl: string, key: Pick<IssuedKey, 'username' | 'password'>): Promise<void> {
  await page.goto(`${baseUrl}/console`);
  await page.getByLabel('Key ID').fill(key.username);
  await page.getByLabel('Secret').fill(key.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Collects what the page reports as wrong: CSP violations, script errors, failed requests. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  return problems;
}

export interface SeededCalls {
  agents: { ada: string; grace: string };
  skillId: string;
  calls: { invoice: string; refund: string; delivery: string; live: string };
}

/**
 * A small, known data set: two agents, a skill and four calls on different channels, statuses
 * and customers, created in this order (so `live` is the newest).
 */
export async function seedCalls(s: ConsoleServer): Promise<SeededCalls> {
  const agent = (name: string, lastname: string, email: string, phone: string) =>
    s.api<{ id: string }>('POST', '/agents', { name, lastname, email, phone, agentType: 'AI', language: 'en-US' });
  const ada = (await agent('Ada', 'Lovelace', 'ada@example.com', '+14155550100')).id;
  const grace = (await agent('Grace', 'Hopper', 'grace@example.com', '+14155550101')).id;
  const skillId = (await s.api<{ id: string }>('POST', '/skills', { name: 'Billing', description: 'Invoices and payments' })).id;
  const call = async (
    body: Record<string, unknown>,
    messages: { sender: string; content: string; mediaUrl?: string }[],
    update?: Record<string, unknown>,
  ) => {
    const { id } = await s.api<{ id: string }>('POST', '/calls', { skillId, ...body });
    for (const m of messages) await s.api('POST', `/calls/${id}/messages`, m);
    if (update) await s.api('PUT', `/calls/${id}`, update);
    return id;
  };
  const invoice = await call(
    { agentId: ada, channel: 'call', customerName: 'John Doe', customerPhone: '+14155550123', customerEmail: 'john@example.com' },
    [
      { sender: 'agent', content: 'Hello, how can I assist you today?' },
      { sender: 'customer', content: 'My last invoice is wrong, it charges me twice.', mediaUrl: 'https://example.com/invoice.jpg' },
      { sender: 'agent', content: 'I see the double charge and have refunded it.' },
    ],
    {
      status: 'completed',
      recordingUrl: 'https://example.com/recording.wav',
      transcription:
        'Agent: Hello, how can I assist you today?\nCustomer: My last invoice is wrong, it charges me twice.\nAgent: I see the double charge and have refunded it.',
    },
  );
  const refund = await call(
    { agentId: grace, channel: 'sms', customerName: 'Maria Garcia', customerPhone: '+34600123456' },
    [
      { sender: 'customer', content: 'Where is my refund for order 1234?' },
      { sender: 'agent', content: 'It was sent yesterday, it should arrive within three days.' },
    ],
    { status: 'failed' },
  );
  const delivery = await call(
    { agentId: ada, channel: 'whatsapp', customerName: 'Wei Chen', customerPhone: '+8613800138000' },
    [{ sender: 'customer', content: 'The parcel never arrived at my door.' }],
    { status: 'resolved' },
  );
  const live = await call(
    { agentId: grace, channel: 'webchat', customerName: 'Sam Taylor', customerEmail: 'sam@example.com' },
    [{ sender: 'customer', content: 'Hi, I need help changing my plan.' }],
    { status: 'in-progress' },
  );
  return { agents: { ada, grace }, skillId, calls: { invoice, refund, delivery, live } };
}
