/** Signing in to the console with an API key, by mouse and by keyboard alone; a wrong key; signing out. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signIn, startConsoleServer, watchProblems, type ConsoleServer } from '../helpers/console.js';

const STORAGE_KEY = 'calls-api-console.credentials';

describe('console sign-in [sqlite]', () => {
  let s: ConsoleServer;
  let browser: Browser;
  before(async () => {
    s = await startConsoleServer();
    browser = await launchChromium();
  });
  after(async () => {
    // Either is missing when before() failed part-way.
    await (browser as Browser | undefined)?.close();
    await (s as ConsoleServer | undefined)?.close();
  });

  const freshPage = async (): Promise<Page> => (await browser.newContext()).newPage();

  it('signs in with the Key ID and Secret, keeping them in sessionStorage only', async () => {
    const page = await freshPage();
    const problems = watchProblems(page);
    await signIn(page, s.baseUrl, s.key);
    await page.getByRole('heading', { level: 1, name: 'Calls', exact: true }).waitFor();
    assert.equal(await page.title(), 'Calls — calls-api console');
    const stored = await page.evaluate((k) => [sessionStorage.getItem(k), localStorage.length, document.cookie], STORAGE_KEY);
    assert.deepEqual(JSON.parse(stored[0] as string), { keyId: s.key.username, secret: s.key.password });
    assert.equal(stored[1], 0);
    assert.equal(stored[2], '');
    // A reload keeps the session (same tab); a new tab of a new context does not have it.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Calls', exact: true }).waitFor();
    const other = await freshPage();
    await other.goto(`${s.baseUrl}/console`);
    await other.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.deepEqual(problems, []);
    await page.context().close();
    await other.context().close();
  });

  it('signs in by keyboard alone, with the focus visible at every step', async () => {
    const page = await freshPage();
    await page.goto(`${s.baseUrl}/console`);
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return { label: el.id || el.textContent.trim() || el.tagName, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
    await page.keyboard.press('Tab');
    let f = await focused();
    assert.equal(f.label, 'key-id');
    assert.ok(f.outline !== 'none' && f.width >= 2, JSON.stringify(f));
    await page.keyboard.type(s.key.username);
    await page.keyboard.press('Tab');
    f = await focused();
    assert.equal(f.label, 'secret');
    assert.ok(f.outline !== 'none' && f.width >= 2, JSON.stringify(f));
    await page.keyboard.type(s.key.password);
    await page.keyboard.press('Tab');
    f = await focused();
    assert.equal(f.label, 'Sign in');
    assert.ok(f.outline !== 'none' && f.width >= 2, JSON.stringify(f));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Calls', exact: true }).waitFor();
    // Signed in, the page's heading has the focus; the next stop is the search box.
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    await page.keyboard.press('Tab');
    assert.equal((await focused()).label, 'f-q');
    // On a fresh load the first stop is the skip link, which takes the keyboard past the navigation.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Calls', exact: true }).waitFor();
    await page.keyboard.press('Tab');
    f = await focused();
    assert.equal(f.label, 'Skip to content');
    assert.ok(f.outline !== 'none' && f.width >= 2, JSON.stringify(f));
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    assert.equal((await focused()).label, 'f-q', 'after the skip link, the next stop is the search box');
    await page.context().close();
  });

  it('refuses a wrong key with a clear message, quickly and without a login prompt', async () => {
    const page = await freshPage();
    await page.goto(`${s.baseUrl}/console`);
    await page.getByLabel('Key ID').fill(s.key.username);
    await page.getByLabel('Secret').fill('not-the-secret');
    const started = Date.now();
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 5000 });
    assert.ok(Date.now() - started < 5000);
    assert.match(await alert.innerText(), /Sign-in failed: that Key ID and Secret do not match an active API key/);
    assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), STORAGE_KEY), null);
    assert.equal(await page.getByRole('heading', { level: 1, name: 'Calls', exact: true }).count(), 0);
    // An empty form is refused before asking the server.
    await page.getByLabel('Key ID').fill('');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Enter both the Key ID and the Secret.').waitFor();
    // The right secret then works from the same form.
    await page.getByLabel('Key ID').fill(s.key.username);
    await page.getByLabel('Secret').fill(s.key.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Calls', exact: true }).waitFor();
    await page.context().close();
  });

  it('"Sign out" forgets the key', async () => {
    const page = await freshPage();
    await signIn(page, s.baseUrl, s.key);
    await page.getByRole('heading', { level: 1, name: 'Calls', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.getByText('You have signed out.').waitFor();
    assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), STORAGE_KEY), null);
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.equal(await page.getByLabel('Secret').inputValue(), '');
    await page.context().close();
  });

  it('goes back to the sign-in form when the key is revoked', async () => {
    const page = await freshPage();
    // A second key of the same account, revoked while its session is open.
    const key = await s.keys.createKey(s.key.accountId);
    await signIn(page, s.baseUrl, key);
    await page.getByRole('heading', { level: 1, name: 'Calls', exact: true }).waitFor();
    assert.equal(await s.keys.revokeKey(key.username), true);
    // The server trusts a verified key for KEY_CACHE_MS (1 s); the next request after that fails.
    await new Promise((r) => setTimeout(r, 1200));
    await page.getByRole('link', { name: 'Agents' }).click();
    await page.getByText('Your key is no longer accepted. Sign in again.').waitFor();
    assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), STORAGE_KEY), null);
    await page.context().close();
  });
});
