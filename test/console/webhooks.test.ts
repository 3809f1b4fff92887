/**
 * The console's webhook pages against the real server and a real receiver on loopback: create an
 * endpoint (its secret shown once, and it signs the deliveries), edit it, send a test event and
 * see it in the delivery log, filter the log, resend failed deliveries, rotate the secret, delete
 * behind a confirmation; by keyboard alone, and without serious axe-core violations.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Webhook as Verifier } from 'standardwebhooks';
import { axeViolations } from '../helpers/axe.js';
import { launchChromium, signedInContext, startConsoleServer, watchProblems, type ConsoleServer } from '../helpers/console.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

const SERVER_ENV = {
  SECRETS_KEY: randomBytes(32).toString('base64'),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOK_POLL_MS: '50',
  // Two quick attempts, then a delivery is failed.
  WEBHOOK_RETRY_SCHEDULE: '100ms',
  WEBHOOK_TIMEOUT_MS: '2000',
};

interface ApiWebhook {
  id: string;
  url: string;
  events: string[];
  description: string;
  enabled: boolean;
}
interface ApiDelivery {
  status: string;
  eventType: string;
}

describe('console webhooks [sqlite]', () => {
  let s: ConsoleServer;
  let receiver: Receiver;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let expected: (list: string[]) => string[];
  let secret = '';
  let endpoint: ApiWebhook;

  before(async () => {
    receiver = await startReceiver();
    s = await startConsoleServer(SERVER_ENV);
    browser = await launchChromium();
    context = await signedInContext(browser, s.key, { permissions: ['clipboard-read', 'clipboard-write'] });
    page = await context.newPage();
    problems = watchProblems(page);
    // The API's 400 and 404 answers the pages show are logged by the browser too: not problems.
    expected = (list) => list.filter((p) => !p.includes('Failed to load resource'));
  });
  after(async () => {
    // Any is missing when before() failed part-way.
    await (browser as Browser | undefined)?.close();
    await (s as ConsoleServer | undefined)?.close();
    await (receiver as Receiver | undefined)?.close();
  });

  const logRows = () => page.getByRole('region', { name: 'Delivery log' }).locator('tbody tr');

  it('creates an endpoint; its secret is shown once', async () => {
    await page.goto(`${s.baseUrl}/console`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.getByText(/No webhook endpoints yet/).waitFor();

    await page.getByRole('button', { name: 'New endpoint' }).click();
    const dialog = page.getByRole('dialog', { name: 'New webhook endpoint' });
    await dialog.waitFor();
    // The API's refusal is shown next to the form, which stays open.
    await dialog.getByLabel('URL').fill('ftp://example.com/hooks');
    await dialog.getByRole('button', { name: 'Create endpoint' }).click();
    await dialog
      .getByRole('alert')
      .getByText(/http or https/)
      .waitFor();

    await dialog.getByLabel('URL').fill(receiver.url);
    await dialog.getByRole('checkbox', { name: 'message.created' }).check();
    await dialog.getByRole('checkbox', { name: 'call.ended' }).check();
    await dialog.getByLabel('Description').fill('CRM sync');
    await dialog.getByRole('button', { name: 'Create endpoint' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const reveal = page.getByRole('region', { name: `Endpoint created: ${receiver.url}` });
    await reveal.getByText('Copy it now: you will not see it again.').waitFor();
    const field = reveal.getByRole('textbox', { name: 'Signing secret' });
    assert.equal(await field.getAttribute('readonly'), '');
    secret = await field.inputValue();
    assert.match(secret, /^whsec_[A-Za-z0-9+/=]{40,}$/);
    await reveal.getByRole('button', { name: 'Copy' }).click();
    await reveal.getByText('Copied to the clipboard.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);

    const row = page.locator('tbody tr').filter({ hasText: receiver.url });
    assert.match(await row.innerText(), /call\.ended, message\.created[\s\S]*Enabled[\s\S]*CRM sync/);
    const [stored] = await s.api<ApiWebhook[]>('GET', '/webhooks');
    assert.deepEqual(stored.events, ['call.ended', 'message.created']);
    assert.equal(stored.description, 'CRM sync');
    assert.equal('secret' in stored, false);
    endpoint = stored;

    // After a reload the secret is nowhere on the page.
    await page.reload();
    await page.locator('tbody tr').first().waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Signing secret' }).count(), 0);
    assert.equal((await page.content()).includes(secret), false);
    assert.deepEqual(expected(problems), []);
  });

  it('edits the endpoint', async () => {
    await page.goto(`${s.baseUrl}/console/webhooks`);
    await page.getByRole('link', { name: receiver.url }).click();
    await page.waitForURL(`${s.baseUrl}/console/webhooks/${endpoint.id}`);
    await page.getByRole('heading', { level: 1, name: /Webhook endpoint/ }).waitFor();
    await page.getByText(/No deliveries yet/).waitFor();

    await page.getByRole('button', { name: 'Edit…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit webhook endpoint' });
    assert.equal(await dialog.getByLabel('URL').inputValue(), receiver.url);
    assert.equal(await dialog.getByRole('checkbox', { name: 'call.ended' }).isChecked(), true);
    await dialog.getByRole('checkbox', { name: 'call.ended' }).uncheck();
    await dialog.getByLabel('Description').fill('CRM sync (messages only)');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Changes saved.').waitFor();
    const settings = page.getByRole('region', { name: 'Settings' });
    await settings.getByText('CRM sync (messages only)').waitFor();
    const stored = await s.api<ApiWebhook>('GET', `/webhooks/${endpoint.id}`);
    assert.deepEqual(stored.events, ['message.created']);
    assert.equal(stored.description, 'CRM sync (messages only)');

    // Disabled by a person: the state says so; enabled again.
    await page.getByRole('button', { name: 'Edit…' }).click();
    await dialog.getByRole('checkbox', { name: 'Enabled' }).uncheck();
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await settings.getByText(/^Disabled \(turned off/).waitFor();
    await page.getByRole('button', { name: 'Edit…' }).click();
    await dialog.getByRole('checkbox', { name: 'Enabled' }).check();
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await settings.getByText('Enabled', { exact: true }).waitFor();
    assert.equal((await s.api<ApiWebhook>('GET', `/webhooks/${endpoint.id}`)).enabled, true);
  });

  it('sends a test event and shows its delivery in the log', { timeout: 60_000 }, async () => {
    await page.goto(`${s.baseUrl}/console/webhooks/${endpoint.id}`);
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByText(/Test event evt_\S+ queued/).waitFor();
    await receiver.waitFor((r) => r.some((d) => d.event.type === 'webhook.test'), 'the test event');
    // Signed with the secret the page showed once.
    const delivery = receiver.received.find((d) => d.event.type === 'webhook.test');
    assert.ok(delivery);
    const headers = Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k, String(v)]));
    new Verifier(secret).verify(delivery.body, headers);

    // The pending row refreshes itself until it has succeeded.
    const row = logRows().first();
    await row.getByText('Succeeded').waitFor({ timeout: 15_000 });
    const text = await row.innerText();
    assert.match(text, /webhook\.test/);
    assert.ok(text.includes(delivery.event.id), text);
    assert.match(text, /204/);
    assert.match(text, /\d+ ms/);
  });

  it('filters the log by status and resends failed deliveries', { timeout: 60_000 }, async () => {
    receiver.respond = () => ({ status: 500 });
    await page.goto(`${s.baseUrl}/console/webhooks/${endpoint.id}`);
    await page.getByRole('button', { name: 'Send test event' }).click();
    await logRows().first().getByText('Failed').waitFor({ timeout: 15_000 });
    const failedRow = logRows().first();
    assert.equal(await failedRow.locator('td[data-label="HTTP status"]').innerText(), '500');
    const [failed] = await s.api<(ApiDelivery & { attempts: number })[]>('GET', `/webhooks/${endpoint.id}/deliveries?status=failed`);
    assert.ok(failed.attempts >= 2);
    assert.equal(await failedRow.locator('td[data-label="Attempts"]').innerText(), String(failed.attempts));

    await page.getByLabel('Status').selectOption('failed');
    await page.waitForURL(`${s.baseUrl}/console/webhooks/${endpoint.id}?status=failed`);
    await page.getByText('1 failed delivery shown.').waitFor();
    assert.equal(await logRows().count(), 1);
    await page.getByLabel('Status').selectOption('succeeded');
    await page.getByText('1 succeeded delivery shown.').waitFor();
    assert.match(await logRows().first().innerText(), /Succeeded/);
    await page.goBack();
    await page.getByText('1 failed delivery shown.').waitFor();

    receiver.respond = () => ({ status: 204 });
    const since = page.getByLabel('Failed since');
    const sinceValue = await since.inputValue();
    const dayAgo = Date.now() - 24 * 3600_000;
    assert.ok(Math.abs(new Date(sinceValue).getTime() - dayAgo) < 120_000, `default ${sinceValue} is about 24 h ago`);
    await page.getByRole('button', { name: 'Resend failed deliveries' }).click();
    await page.getByText('1 failed delivery was put back in the queue.').waitFor();
    await page.getByLabel('Status').selectOption('succeeded');
    await page
      .getByText('2 succeeded deliveries shown.')
      .waitFor({ timeout: 15_000 })
      .catch(async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        await page.getByText('2 succeeded deliveries shown.').waitFor({ timeout: 10_000 });
      });
    const deliveries = await s.api<ApiDelivery[]>('GET', `/webhooks/${endpoint.id}/deliveries`);
    assert.deepEqual(
      deliveries.map((d) => d.status),
      ['succeeded', 'succeeded'],
    );
    // Nothing failed is left: resending again says so.
    await page.getByRole('button', { name: 'Resend failed deliveries' }).click();
    await page.getByText('No failed deliveries since then: nothing was resent.').waitFor();
  });

  it('rotates the secret and shows the new one once', async () => {
    await page.goto(`${s.baseUrl}/console/webhooks/${endpoint.id}`);
    await page.getByRole('button', { name: 'Rotate secret…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate the signing secret?' });
    await dialog.getByRole('button', { name: 'Rotate secret' }).click();
    const reveal = page.getByRole('region', { name: 'New signing secret' });
    await reveal.getByText('Copy it now: you will not see it again.').waitFor();
    const rotated = await reveal.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    assert.match(rotated, /^whsec_/);
    assert.notEqual(rotated, secret);
    await reveal.getByRole('button', { name: 'I have copied it' }).click();
    assert.equal(await page.getByRole('textbox', { name: 'Signing secret' }).count(), 0);
  });

  it('has no serious axe-core violations on the webhook pages', { timeout: 120_000 }, async (t) => {
    const log = (line: string) => {
      t.diagnostic(line);
    };
    const serious: string[] = [];
    for (const width of [1280, 375]) {
      const ctx = await signedInContext(browser, s.key, { bypassCSP: true, viewport: { width, height: 800 } });
      const p = await ctx.newPage();
      await p.goto(`${s.baseUrl}/console/webhooks`);
      await p.locator('tbody tr').first().waitFor();
      serious.push(...(await axeViolations(p, `webhooks ${width}`, log)));
      await p.getByRole('button', { name: 'New endpoint' }).click();
      await p.getByRole('dialog').waitFor();
      await p.getByRole('dialog').getByLabel('URL').fill('ftp://example.com');
      await p.getByRole('button', { name: 'Create endpoint' }).click();
      await p.getByRole('dialog').getByRole('alert').waitFor();
      serious.push(...(await axeViolations(p, `new endpoint with an error ${width}`, log)));
      await p.goto(`${s.baseUrl}/console/webhooks/${endpoint.id}`);
      await p.locator('tbody tr').first().waitFor();
      serious.push(...(await axeViolations(p, `endpoint ${width}`, log)));
      await p.getByRole('button', { name: 'Rotate secret…' }).click();
      await p.getByRole('dialog').getByRole('button', { name: 'Rotate secret' }).click();
      await p.getByRole('textbox', { name: 'Signing secret' }).waitFor();
      serious.push(...(await axeViolations(p, `secret shown ${width}`, log)));
      if (width === 375) {
        const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `the endpoint page scrolls sideways by ${overflow} px at 375 px`);
      }
      await ctx.close();
    }
    assert.deepEqual(serious, []);
  });

  it('works by keyboard alone: create an endpoint and reach its secret', async () => {
    const p = await context.newPage();
    const pageProblems = watchProblems(p);
    await p.goto(`${s.baseUrl}/console/webhooks`);
    await p.locator('tbody tr').first().waitFor();
    let reached = false;
    for (let i = 0; i < 20 && !reached; i++) {
      await p.keyboard.press('Tab');
      reached = await p.evaluate(() => {
        const el = document.activeElement;
        if (!(el instanceof HTMLElement)) return false;
        const style = getComputedStyle(el);
        if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2) throw new Error(`no visible focus on ${el.outerHTML}`);
        return el.textContent.trim() === 'New endpoint';
      });
    }
    assert.ok(reached, 'New endpoint is reached by Tab');
    await p.keyboard.press('Enter');
    const dialog = p.getByRole('dialog', { name: 'New webhook endpoint' });
    await dialog.waitFor();
    // The dialog moves focus once it is shown: wait for it rather than read it once.
    await p.waitForFunction(() => document.activeElement?.id === 'webhook-url');
    await p.keyboard.type(`${receiver.url}/keyboard`);
    await p.keyboard.press('Tab'); // the first event type
    await p.keyboard.press('Space');
    assert.equal(await dialog.getByRole('checkbox', { name: 'call.created' }).isChecked(), true);
    await p.keyboard.press('Shift+Tab'); // back to the URL
    await p.keyboard.press('Enter'); // submits the form
    const field = p.getByRole('textbox', { name: 'Signing secret' });
    await field.waitFor();
    await p.waitForFunction(() => document.activeElement?.getAttribute('aria-labelledby') === 'secret-heading');
    await p.keyboard.press('Tab');
    await p.waitForFunction(() => document.activeElement?.id === 'webhook-secret');
    // Escape on a confirmation closes it without deleting.
    await p.goto(`${s.baseUrl}/console/webhooks/${endpoint.id}`);
    await p.getByRole('button', { name: 'Delete…' }).focus();
    await p.keyboard.press('Enter');
    await p.getByRole('dialog', { name: 'Delete this endpoint?' }).waitFor();
    await p.keyboard.press('Escape');
    await p.getByRole('dialog', { name: 'Delete this endpoint?' }).waitFor({ state: 'hidden' });
    await p.waitForFunction(() => document.activeElement?.textContent === 'Delete…');
    await s.api('GET', `/webhooks/${endpoint.id}`);
    assert.deepEqual(expected(pageProblems), []);
    await p.close();
  });

  it('deletes an endpoint only after confirmation', async () => {
    await page.goto(`${s.baseUrl}/console/webhooks/${endpoint.id}`);
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this endpoint?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await s.api('GET', `/webhooks/${endpoint.id}`);

    await page.getByRole('button', { name: 'Delete…' }).click();
    await dialog.getByRole('button', { name: 'Delete endpoint' }).click();
    await page.waitForURL(`${s.baseUrl}/console/webhooks`);
    await page.getByText(`Endpoint ${receiver.url} deleted.`).waitFor();
    await assert.rejects(s.api('GET', `/webhooks/${endpoint.id}`), /404/);
    assert.equal(await page.getByRole('link', { name: receiver.url, exact: true }).count(), 0);
    await page.goto(`${s.baseUrl}/console/webhooks/${endpoint.id}`);
    await page.getByRole('heading', { level: 1, name: 'Webhook endpoint not found' }).waitFor();
    assert.deepEqual(expected(problems), []);
  });
});
