/**
 * A call's page: opened from the list, its thread, transcription and player, live updates while
 * it is unfinished (a message added through the API appears without a reload), the note, Redact
 * and Delete behind a confirmation, the raw JSON.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import {
  launchChromium,
  seedCalls,
  signedInContext,
  startConsoleServer,
  watchProblems,
  type ConsoleServer,
  type SeededCalls,
} from '../helpers/console.js';

interface ApiCall {
  id: string;
  note: string;
  transcription: string;
  recordingUrl: string;
  messages: { content: string; mediaUrl: string }[];
}

describe('console call page [sqlite]', () => {
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

  it('opens a call from the list and reads its thread, transcription and details', async () => {
    await page.goto(`${s.baseUrl}/console`);
    await page.getByRole('link', { name: /^Call with John Doe/ }).click();
    await page.waitForURL(`${s.baseUrl}/console/calls/${seeded.calls.invoice}`);
    await page.getByRole('heading', { level: 1, name: 'Call with John Doe' }).waitFor();
    assert.equal(await page.title(), 'Call with John Doe — calls-api console');

    const messages = page.getByRole('region', { name: 'Conversation' }).getByRole('listitem');
    assert.equal(await messages.count(), 3);
    const second = messages.nth(1);
    assert.equal(await second.locator('.sender').innerText(), 'Customer');
    assert.match(await second.innerText(), /Delivery status: received|received/);
    assert.equal(await second.locator('.message-text').innerText(), 'My last invoice is wrong, it charges me twice.');
    assert.ok((await second.locator('time').getAttribute('datetime'))?.endsWith('Z'));
    const media = second.getByRole('link', { name: /Media attachment/ });
    assert.equal(await media.getAttribute('href'), 'https://example.com/invoice.jpg');
    assert.equal(await media.getAttribute('rel'), 'noopener noreferrer');
    assert.equal(await messages.nth(0).locator('.sender').innerText(), 'Agent');
    assert.match(await messages.nth(0).innerText(), /sent/);

    const transcription = page.getByRole('region', { name: 'Transcription' });
    assert.match(await transcription.innerText(), /Agent: Hello, how can I assist you today\?\s+Customer: My last invoice is wrong/);
    const details = await page.getByRole('region', { name: 'Details' }).innerText();
    for (const expected of [
      'Completed',
      'Voice call',
      'Outbound',
      'Ada Lovelace',
      '+14155550123',
      'john@example.com',
      seeded.calls.invoice,
    ]) {
      assert.ok(details.includes(expected), `details lack ${expected}: ${details}`);
    }
    await page.getByRole('region', { name: 'Details' }).getByText('Billing').waitFor();
    assert.deepEqual(problems, []);
  });

  it('plays the recording with an <audio controls> player', async () => {
    await page.goto(`${s.baseUrl}/console/calls/${seeded.calls.invoice}`);
    const player = page.locator('audio');
    await player.waitFor();
    assert.equal(await player.getAttribute('src'), 'https://example.com/recording.wav');
    assert.equal(await player.evaluate((el) => (el as HTMLAudioElement).controls), true);
    // A call without a recording has no player.
    await page.goto(`${s.baseUrl}/console/calls/${seeded.calls.refund}`);
    await page.getByRole('heading', { level: 1, name: 'Call with Maria Garcia' }).waitFor();
    assert.equal(await page.locator('audio').count(), 0);
  });

  it('shows a message added through the API without a reload while the call is live', { timeout: 60_000 }, async () => {
    const streams: string[] = [];
    const onRequest = (req: Request) => {
      if (new URL(req.url()).pathname === '/api/v1/events/stream') streams.push(req.url());
    };
    page.on('request', onRequest);
    // The stream's answer starts with ": stream open": once it is seen, events reach the page.
    const opened = page.waitForResponse((res) => new URL(res.url()).pathname === '/api/v1/events/stream' && res.status() === 200);
    await page.goto(`${s.baseUrl}/console/calls/${seeded.calls.live}`);
    await page.getByRole('heading', { level: 1, name: 'Call with Sam Taylor' }).waitFor();
    await page.getByText('Live: updates as they happen').waitFor();
    await opened;
    page.off('request', onRequest);
    assert.deepEqual(
      streams,
      [`${s.baseUrl}/api/v1/events/stream?callId=${seeded.calls.live}`],
      'the page follows the call’s event stream',
    );
    const thread = page.getByRole('region', { name: 'Conversation' }).getByRole('listitem');
    const before = await thread.count();
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

    await s.api('POST', `/calls/${seeded.calls.live}/messages`, { sender: 'agent', content: 'Your new plan starts on Monday.' });
    const sent = Date.now();
    // Well under the 3 s of the polling fallback: the message came through the stream.
    await thread.getByText('Your new plan starts on Monday.').waitFor({ timeout: 1500 });
    assert.ok(Date.now() - sent < 1500, `the message took ${Date.now() - sent} ms`);
    assert.equal(await thread.count(), before + 1);
    assert.equal(await page.evaluate(() => 'true' === String(Reflect.get(window, '__sameDocument'))), true, 'the page did not reload');
    await page.locator('[aria-live="polite"]').getByText('1 new message.').waitFor();

    // The call ends: the page says so and stops asking.
    await s.api('PUT', `/calls/${seeded.calls.live}`, { status: 'completed' });
    await page.locator('.call-summary').getByText('Completed').waitFor({ timeout: 15_000 });
    assert.equal(await page.getByText('Live: updates as they happen').count(), 0);
    let asked = 0;
    page.on('request', (req) => {
      if (req.url().includes(`/api/v1/calls/${seeded.calls.live}`)) asked++;
    });
    await page.waitForTimeout(4000);
    assert.equal(asked, 0, 'a finished call is not polled');
  });

  it('falls back to polling when the event stream cannot be opened', { timeout: 60_000 }, async () => {
    const { id } = await s.api<{ id: string }>('POST', '/calls', {
      agentId: seeded.agents.grace,
      skillId: seeded.skillId,
      channel: 'webchat',
      customerName: 'Pat Fallback',
      customerEmail: 'pat@example.com',
    });
    await s.api('PUT', `/calls/${id}`, { status: 'in-progress' });
    const fresh = await context.newPage();
    const freshProblems: string[] = [];
    fresh.on('pageerror', (err) => freshProblems.push(err.message));
    let refused = 0;
    await fresh.route('**/api/v1/events/stream**', async (route) => {
      refused++;
      await route.abort('connectionrefused');
    });
    await fresh.goto(`${s.baseUrl}/console/calls/${id}`);
    await fresh.getByRole('heading', { level: 1, name: 'Call with Pat Fallback' }).waitFor();
    await s.api('POST', `/calls/${id}/messages`, { sender: 'agent', content: 'Polled, not streamed.' });
    await fresh.getByRole('region', { name: 'Conversation' }).getByText('Polled, not streamed.').waitFor({ timeout: 10_000 });
    assert.ok(refused >= 1, 'the page tried the stream first');
    assert.deepEqual(freshProblems, []);
    await fresh.close();
  });

  it('says so at once when a live call is deleted elsewhere', { timeout: 60_000 }, async () => {
    const { id } = await s.api<{ id: string }>('POST', '/calls', {
      agentId: seeded.agents.ada,
      skillId: seeded.skillId,
      channel: 'sms',
      customerName: 'Dee Leted',
      customerPhone: '+14155550777',
    });
    const opened = page.waitForResponse((res) => res.url().includes(`/api/v1/events/stream?callId=${id}`) && res.status() === 200);
    await page.goto(`${s.baseUrl}/console/calls/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Call with Dee Leted' }).waitFor();
    await opened;
    await s.api('DELETE', `/calls/${id}`);
    await page.getByRole('alert').getByText('This call has been deleted.').waitFor({ timeout: 1500 });
  });

  it('edits the note', async () => {
    await page.goto(`${s.baseUrl}/console/calls/${seeded.calls.refund}`);
    const note = page.getByRole('textbox', { name: 'Note' });
    await note.fill('Refund confirmed by phone; follow up Friday.');
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.getByText('Note saved.').waitFor();
    const stored = await s.api<ApiCall>('GET', `/calls/${seeded.calls.refund}`);
    assert.equal(stored.note, 'Refund confirmed by phone; follow up Friday.');
    await page.reload();
    assert.equal(await page.getByRole('textbox', { name: 'Note' }).inputValue(), 'Refund confirmed by phone; follow up Friday.');
  });

  it('shows the raw JSON on demand', async () => {
    await page.goto(`${s.baseUrl}/console/calls/${seeded.calls.delivery}`);
    const raw = page.locator('details.raw-json pre');
    assert.equal(await raw.isVisible(), false);
    await page.getByText('Raw JSON').click();
    const parsed = JSON.parse(await raw.innerText()) as ApiCall;
    assert.equal(parsed.id, seeded.calls.delivery);
    assert.deepEqual(parsed, await s.api<ApiCall>('GET', `/calls/${seeded.calls.delivery}`));
  });

  it('redacts a call only after confirmation', async () => {
    await page.goto(`${s.baseUrl}/console/calls/${seeded.calls.invoice}`);
    await page.getByRole('button', { name: 'Redact…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Redact this call?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await s.api<ApiCall>('GET', `/calls/${seeded.calls.invoice}`)).messages[0].content, 'Hello, how can I assist you today?');

    await page.getByRole('button', { name: 'Redact…' }).click();
    await dialog.getByRole('button', { name: 'Redact call' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('[aria-live="polite"]').getByText('The call was redacted.').waitFor();
    assert.equal(await page.getByText('(no text)').count(), 3);
    assert.equal(await page.locator('audio').count(), 0);
    const stored = await s.api<ApiCall>('GET', `/calls/${seeded.calls.invoice}`);
    assert.deepEqual(
      stored.messages.map((m) => m.content),
      ['', '', ''],
    );
    assert.equal(stored.transcription, '');
    assert.equal(stored.recordingUrl, '');
  });

  it('deletes a call only after confirmation, then returns to the list', async () => {
    await page.goto(`${s.baseUrl}/console/calls/${seeded.calls.delivery}`);
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this call?' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await s.api('GET', `/calls/${seeded.calls.delivery}`);

    await page.getByRole('button', { name: 'Delete…' }).click();
    await dialog.getByRole('button', { name: 'Delete call' }).click();
    await page.waitForURL(`${s.baseUrl}/console`);
    await page.getByText('The call was deleted.').waitFor();
    await assert.rejects(s.api('GET', `/calls/${seeded.calls.delivery}`), /404/);
    await page.goto(`${s.baseUrl}/console/calls/${seeded.calls.delivery}`);
    await page.getByRole('heading', { level: 1, name: 'Call not found' }).waitFor();
  });

  it('never turns a stored javascript: URL into a link or a player', async () => {
    const { id } = await s.api<{ id: string }>('POST', '/calls', {
      agentId: seeded.agents.ada,
      skillId: seeded.skillId,
      channel: 'sms',
      customerName: 'Eve Mallory',
      customerPhone: '+14155550999',
    });
    await s.api('POST', `/calls/${id}/messages`, { sender: 'customer', content: 'click me', mediaUrl: 'javascript:alert(1)' });
    await s.api('PUT', `/calls/${id}`, { recordingUrl: 'javascript:alert(2)', status: 'completed' });
    await page.goto(`${s.baseUrl}/console/calls/${id}`);
    await page.getByRole('region', { name: 'Conversation' }).getByText('click me').waitFor();
    assert.equal(await page.locator('a[href^="javascript"]').count(), 0);
    assert.equal(await page.locator('audio').count(), 0);
    await page.getByText('Media: javascript:alert(1)').waitFor();
  });
});
