/**
 * The calls page: the table newest first, filters and search narrowing it with their state in the
 * URL (Back works), empty states, cursor paging, and the 375 px layout.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  launchChromium,
  seedCalls,
  signedInContext,
  startConsoleServer,
  watchProblems,
  type ConsoleServer,
  type SeededCalls,
} from '../helpers/console.js';

describe('console calls page [sqlite]', () => {
  let s: ConsoleServer;
  let seeded: SeededCalls;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  before(async () => {
    s = await startConsoleServer();
    seeded = await seedCalls(s);
    browser = await launchChromium();
    context = await signedInContext(browser, s.key);
    page = await context.newPage();
    problems = watchProblems(page);
  });
  after(async () => {
    // Either is missing when before() failed part-way.
    await (browser as Browser | undefined)?.close();
    await (s as ConsoleServer | undefined)?.close();
  });

  /** The customers of the rows shown, top to bottom, once loading has finished. */
  const customers = async (): Promise<string[]> => {
    // The list says which URL's filters its rows answer (data-loaded) once they are in.
    await page.waitForFunction(() => document.querySelector('.list-status')?.getAttribute('data-loaded') === location.search);
    return page.locator('tbody tr .customer-name').allInnerTexts();
  };
  const apply = async () => {
    await page.getByRole('button', { name: 'Apply filters' }).click();
  };

  it('lists the calls newest first with time, customer, agent, channel, status, duration and last message', async () => {
    await page.goto(`${s.baseUrl}/console`);
    await page.locator('tbody tr').first().waitFor();
    assert.deepEqual(await customers(), ['Sam Taylor', 'Wei Chen', 'Maria Garcia', 'John Doe']);
    const headers = await page.locator('thead th').allInnerTexts();
    assert.deepEqual(headers, ['Time', 'Customer', 'Agent', 'Channel', 'Status', 'Duration', 'Last message']);
    const john = page.locator('tbody tr').nth(3);
    const cells = await john.locator('td').allInnerTexts();
    assert.match(cells[0], /\d{4}/);
    assert.match(cells[1], /John Doe\s+\+14155550123/);
    assert.equal(cells[2], 'Ada Lovelace');
    assert.equal(cells[3], 'Voice call');
    assert.equal(cells[4], 'Completed');
    assert.match(cells[5], /^\d+:\d\d$/);
    assert.equal(cells[6], 'I see the double charge and have refunded it.');
    assert.equal(await john.locator('.badge').innerText(), 'Completed');
    assert.equal(await page.locator('tbody tr').nth(0).locator('td').nth(4).innerText(), 'In progress');
    // A long last message is cut to its first words.
    await s.api('POST', `/calls/${seeded.calls.live}/messages`, {
      sender: 'agent',
      content: 'Sure, I can help you change the plan; which of the three plans would you like to move to?',
    });
    await page.reload();
    await page.locator('tbody tr').first().waitFor();
    assert.equal(await page.locator('tbody tr').nth(0).locator('td').nth(6).innerText(), 'Sure, I can help you change the plan; which of…');
    assert.deepEqual(problems, []);
  });

  it('narrows the table by status, channel, agent and phone, each kept in the URL', async () => {
    await page.goto(`${s.baseUrl}/console`);
    await page.getByLabel('Status').selectOption('failed');
    await apply();
    await page.waitForURL(/\/console\?status=failed$/);
    assert.deepEqual(await customers(), ['Maria Garcia']);

    await page.goto(`${s.baseUrl}/console`);
    await page.getByLabel('Channel').selectOption('whatsapp');
    await apply();
    await page.waitForURL(/\?channel=whatsapp$/);
    assert.deepEqual(await customers(), ['Wei Chen']);

    await page.goto(`${s.baseUrl}/console`);
    await page.getByLabel('Agent').selectOption({ label: 'Ada Lovelace' });
    await apply();
    await page.waitForURL(new RegExp(`agent=${seeded.agents.ada}`));
    assert.deepEqual(await customers(), ['Wei Chen', 'John Doe']);

    await page.goto(`${s.baseUrl}/console`);
    await page.getByLabel('Phone').fill('3460');
    await apply();
    await page.waitForURL(/phone=3460/);
    assert.deepEqual(await customers(), ['Maria Garcia']);

    // Filters combine, and a shared URL opens with the form filled in.
    await page.goto(`${s.baseUrl}/console?agent=${seeded.agents.grace}&status=in-progress`);
    assert.deepEqual(await customers(), ['Sam Taylor']);
    assert.equal(await page.getByLabel('Status').inputValue(), 'in-progress');
    assert.equal(await page.getByLabel('Agent').inputValue(), seeded.agents.grace);
  });

  it('searches the transcripts and messages with the Search box; Back returns to the previous view', async () => {
    await page.goto(`${s.baseUrl}/console`);
    await page.locator('tbody tr').first().waitFor();
    await page.getByRole('searchbox', { name: 'Search' }).fill('invoice');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\?q=invoice$/);
    assert.deepEqual(await customers(), ['John Doe']);
    await page.getByLabel('Search').fill('parcel');
    await apply();
    await page.waitForURL(/\?q=parcel$/);
    assert.deepEqual(await customers(), ['Wei Chen']);

    await page.goBack();
    await page.waitForURL(/\?q=invoice$/);
    assert.deepEqual(await customers(), ['John Doe']);
    assert.equal(await page.getByLabel('Search').inputValue(), 'invoice');
    await page.goBack();
    await page.waitForURL(/\/console$/);
    assert.equal((await customers()).length, 4);
    assert.equal(await page.getByLabel('Search').inputValue(), '');
    await page.goForward();
    await page.waitForURL(/\?q=invoice$/);
    assert.deepEqual(await customers(), ['John Doe']);
  });

  it('narrows by date range, and says so when nothing matches', async () => {
    const today = new Date();
    const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const tomorrow = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1);
    await page.goto(`${s.baseUrl}/console?from=${day(today)}&to=${day(today)}`);
    assert.equal((await customers()).length, 4);
    await page.goto(`${s.baseUrl}/console`);
    await page.getByLabel('From').fill(day(tomorrow));
    await apply();
    await page.waitForURL(new RegExp(`from=${day(tomorrow)}`));
    await page.getByText('No calls match these filters.').waitFor();
    assert.equal(await page.locator('tbody tr').count(), 0);
    // "From" after "To" is refused in the form, before asking the server.
    await page.getByLabel('To').fill(day(today));
    await apply();
    await page.getByText('The “From” date must be on or before the “To” date.').waitFor();
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await page.waitForURL(/\/console$/);
    assert.equal((await customers()).length, 4);
  });

  it('shows an error with a retry when the list cannot be loaded', async () => {
    await page.goto(`${s.baseUrl}/console?phone=${'9'.repeat(40)}`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /Could not load the calls: querystring\.customerPhone/);
    await alert.getByRole('button', { name: 'Try again' }).waitFor();
  });

  it('fits a 375 px wide screen without horizontal scrolling', async () => {
    const narrow = await signedInContext(browser, s.key, { viewport: { width: 375, height: 740 } });
    const p = await narrow.newPage();
    for (const path of ['/console', `/console/calls/${seeded.calls.invoice}`, '/console/agents', '/console/skills', '/console/customers']) {
      await p.goto(`${s.baseUrl}${path}`);
      await p.locator('h1').waitFor();
      await p.waitForFunction(() => !document.querySelector('.list-status')?.textContent.includes('Loading'));
      const widths = await p.evaluate(() => ({
        doc: document.documentElement.scrollWidth,
        body: document.body.scrollWidth,
        view: window.innerWidth,
      }));
      assert.equal(widths.view, 375);
      assert.ok(widths.doc <= 375 && widths.body <= 375, `${path}: ${JSON.stringify(widths)}`);
    }
    // The rows are still readable: each cell carries its column name.
    await p.goto(`${s.baseUrl}/console`);
    await p.locator('tbody tr').first().waitFor();
    const label = await p
      .locator('tbody tr')
      .first()
      .locator('td')
      .nth(2)
      .evaluate((td) => getComputedStyle(td, '::before').content);
    assert.equal(label, '"Agent"');
    await narrow.close();
  });

  it('pages with "Load more" through the API cursor', async () => {
    for (let i = 0; i < 53; i++) {
      await s.api('POST', '/calls', {
        agentId: seeded.agents.ada,
        skillId: seeded.skillId,
        channel: 'email',
        customerName: `Paging ${String(i).padStart(2, '0')}`,
        customerEmail: `paging${i}@example.com`,
      });
    }
    await page.goto(`${s.baseUrl}/console?channel=email`);
    await page.locator('tbody tr').first().waitFor();
    assert.equal((await customers()).length, 50);
    await page.getByText('50 calls shown, more available.').waitFor();
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByText('53 calls shown.').waitFor();
    const names = await customers();
    assert.equal(names.length, 53);
    assert.equal(new Set(names).size, 53);
    assert.equal(names[0], 'Paging 52');
    assert.equal(names[52], 'Paging 00');
    assert.equal(await page.getByRole('button', { name: 'Load more' }).count(), 0);
  });
});
