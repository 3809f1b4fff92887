/**
 * axe-core (from npm, injected into the page) finds no serious or critical violation on any
 * console page, at desktop width and at 375 px, with dialogs open too. The injection needs a
 * context that bypasses the console's CSP; the other console tests run under the real CSP and
 * fail on any violation it reports.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { axeViolations } from '../helpers/axe.js';
import {
  launchChromium,
  seedCalls,
  signedInContext,
  startConsoleServer,
  watchProblems,
  type ConsoleServer,
  type SeededCalls,
} from '../helpers/console.js';

describe('console accessibility [sqlite]', () => {
  let s: ConsoleServer;
  let seeded: SeededCalls;
  let browser: Browser;
  before(async () => {
    s = await startConsoleServer();
    seeded = await seedCalls(s);
    browser = await launchChromium();
  });
  after(async () => {
    // Either is missing when before() failed part-way.
    await (browser as Browser | undefined)?.close();
    await (s as ConsoleServer | undefined)?.close();
  });

  for (const width of [1280, 375]) {
    it(`has no serious or critical axe-core violations at ${width} px`, { timeout: 120_000 }, async (t) => {
      const log = (line: string) => {
        t.diagnostic(line);
      };
      const serious: string[] = [];
      const signedOut = await browser.newContext({ bypassCSP: true, viewport: { width, height: 800 } });
      const p0 = await signedOut.newPage();
      await p0.goto(`${s.baseUrl}/console`);
      await p0.getByRole('button', { name: 'Sign in' }).waitFor();
      serious.push(...(await axeViolations(p0, 'sign-in', log)));
      await p0.getByLabel('Key ID').fill('key_wrong');
      await p0.getByLabel('Secret').fill('wrong');
      await p0.getByRole('button', { name: 'Sign in' }).click();
      await p0.getByRole('alert').waitFor();
      serious.push(...(await axeViolations(p0, 'sign-in with an error', log)));
      await signedOut.close();

      const context = await signedInContext(browser, s.key, { bypassCSP: true, viewport: { width, height: 800 } });
      const page = await context.newPage();
      const visit = async (path: string, ready: () => Promise<void>, label: string) => {
        await page.goto(`${s.baseUrl}${path}`);
        await ready();
        serious.push(...(await axeViolations(page, label, log)));
      };
      await visit('/console', () => page.locator('tbody tr').first().waitFor(), 'calls');
      await visit('/console?q=nothingmatchesthis', () => page.getByText('No calls match these filters.').waitFor(), 'calls, empty');
      await visit(`/console/calls/${seeded.calls.invoice}`, () => page.locator('audio').waitFor(), 'call');
      await page.getByText('Raw JSON').click();
      serious.push(...(await axeViolations(page, 'call with raw JSON', log)));
      await page.getByRole('button', { name: 'Delete…' }).click();
      await page.getByRole('dialog').waitFor();
      serious.push(...(await axeViolations(page, 'delete confirmation', log)));
      await visit(`/console/calls/${seeded.calls.live}`, () => page.getByText('Live: updates as they happen').waitFor(), 'live call');
      for (const kind of ['agents', 'skills', 'customers']) {
        await visit(`/console/${kind}`, () => page.locator('tbody tr').first().waitFor(), kind);
      }
      await page.getByRole('button', { name: 'New customer' }).click();
      await page.getByRole('dialog').waitFor();
      serious.push(...(await axeViolations(page, 'new customer dialog', log)));
      await visit('/console/webhooks', () => page.getByText(/No webhook endpoints yet/).waitFor(), 'webhooks, empty');
      await page.getByRole('button', { name: 'New endpoint' }).click();
      await page.getByRole('dialog').waitFor();
      serious.push(...(await axeViolations(page, 'new webhook endpoint dialog', log)));
      await visit('/console/no-such-page', () => page.getByRole('heading', { name: 'Page not found' }).waitFor(), 'not found');
      await context.close();
      assert.deepEqual(serious, []);
    });
  }

  it('keeps the focus visible on every stop of the calls page, by keyboard alone', async () => {
    const context = await signedInContext(browser, s.key);
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${s.baseUrl}/console`);
    await page.locator('tbody tr').first().waitFor();
    const stops: string[] = [];
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(() => {
        const el = document.activeElement;
        if (!(el instanceof HTMLElement) || el === document.body) return undefined;
        const style = getComputedStyle(el);
        return {
          name: el.id || el.getAttribute('aria-label') || el.textContent.trim() || el.tagName,
          visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        };
      });
      if (stop === undefined) break; // past the last stop of the page
      assert.ok(stop.visible, `no visible focus on ${stop.name}`);
      stops.push(stop.name);
    }
    // The stops include the navigation, every filter and the rows' links.
    for (const name of [
      'Skip to content',
      'Calls',
      'Agents',
      'Webhooks',
      'Sign out',
      'f-q',
      'f-status',
      'f-channel',
      'f-agent',
      'f-phone',
      'f-from',
      'f-to',
      'Apply filters',
    ]) {
      assert.ok(stops.includes(name), `${name} is not reached by Tab: ${stops.join(' | ')}`);
    }
    assert.ok(
      stops.some((n) => n.startsWith('Call with John Doe')),
      stops.join(' | '),
    );
    // Enter on a row's link opens the call.
    await page.getByRole('link', { name: /^Call with John Doe/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/calls\//);
    await page.getByRole('heading', { level: 1, name: 'Call with John Doe' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
