/**
 * `npm run screenshots:console`: the README's pictures of the console (docs/console/*.png), taken
 * from the real server over a fresh SQLite file with a few made-up calls, in Debian's Chromium.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, seedCalls, signedInContext, startConsoleServer } from '../test/helpers/console.js';
import { REPO_ROOT } from '../test/helpers/server-process.js';
import { startReceiver } from '../test/helpers/webhook-receiver.js';

const OUT = join(REPO_ROOT, 'docs/console');
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

// A webhook receiver on loopback (the server allows it here) that never accepts the first test
// event: the delivery log shows a failed delivery next to the succeeded ones.
const receiver = await startReceiver();
let refused: string | undefined;
receiver.respond = (d) => {
  if (d.event.type === 'webhook.test') refused ??= d.event.id;
  return { status: d.event.id === refused ? 503 : 204 };
};
const s = await startConsoleServer({
  SECRETS_KEY: randomBytes(32).toString('base64'),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOK_POLL_MS: '50',
  WEBHOOK_RETRY_SCHEDULE: '100ms',
});
try {
  const seeded = await seedCalls(s);
  const { ada, grace } = seeded.agents;
  const more: [string, string, string, string, number, string[]][] = [
    [
      ada,
      'call',
      'Priya Patel',
      '+447700900123',
      7,
      [
        'Hello Priya, this is Ada from Acme. How can I help?',
        'I would like to upgrade to the family plan.',
        'Done: the family plan starts today.',
      ],
    ],
    [
      grace,
      'whatsapp',
      'Lucas Martin',
      '+33612345678',
      0,
      ['Bonjour, my SIM card does not work abroad.', 'Roaming is now switched on for your line.'],
    ],
    [ada, 'email', 'Amara Okafor', '', 0, ['Please send me a copy of my March invoice.', 'Attached is your March invoice.']],
    [grace, 'call', 'Noah Schmidt', '+4915112345678', 3, ['Your appointment is confirmed for Tuesday at 10:00.']],
  ];
  for (const [agentId, channel, customerName, customerPhone, minutes, texts] of more) {
    const { id } = await s.api<{ id: string }>('POST', '/calls', {
      agentId,
      skillId: seeded.skillId,
      channel,
      customerName,
      ...(customerPhone ? { customerPhone } : { customerEmail: 'amara@example.com' }),
    });
    for (const [i, content] of texts.entries())
      await s.api('POST', `/calls/${id}/messages`, { sender: i % 2 ? 'customer' : 'agent', content });
    if (minutes > 0) await s.api('PUT', `/calls/${id}`, { status: 'completed', answeredAt: minutesAgo(minutes), endedAt: minutesAgo(0) });
    else await s.api('PUT', `/calls/${id}`, { status: channel === 'email' ? 'resolved' : 'open' });
  }
  await s.api('PUT', `/calls/${seeded.calls.invoice}`, {
    answeredAt: minutesAgo(4),
    endedAt: minutesAgo(0),
    note: 'Refund of the double charge issued; customer satisfied.',
  });

  const hook = await s.api<{ id: string }>('POST', '/webhooks', {
    url: receiver.url,
    events: ['call.ended', 'message.created'],
    description: 'CRM sync',
  });
  await s.api('POST', '/webhooks', { url: 'https://hooks.example.com/calls', description: 'Data warehouse' }).catch(() => undefined);
  for (let i = 0; i < 3; i++) await s.api('POST', `/webhooks/${hook.id}/test`);
  for (const content of ['Is there anything else?', 'No, thank you!'])
    await s.api('POST', `/calls/${seeded.calls.live}/messages`, { sender: content.startsWith('No') ? 'customer' : 'agent', content });
  await receiver.waitFor((r) => r.length >= 6, 'the deliveries');
  await new Promise((resolve) => setTimeout(resolve, 1000));

  mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  try {
    const desktop = await signedInContext(browser, s.key, { viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
    const page = await desktop.newPage();
    await page.goto(`${s.baseUrl}/console`);
    await page.locator('tbody tr').first().waitFor();
    await page.screenshot({ path: join(OUT, 'calls.png') });
    await page.goto(`${s.baseUrl}/console/calls/${seeded.calls.invoice}`);
    await page.locator('audio').waitFor();
    await page.screenshot({ path: join(OUT, 'call.png'), fullPage: true });
    await page.goto(`${s.baseUrl}/console/webhooks/${hook.id}`);
    await page.locator('tbody tr').first().waitFor();
    await page.screenshot({ path: join(OUT, 'webhook.png'), fullPage: true });
    await page.goto(`${s.baseUrl}/console/webhooks`);
    await page.locator('tbody tr').first().waitFor();
    await page.screenshot({ path: join(OUT, 'webhooks.png') });
    const phone = await signedInContext(browser, s.key, { viewport: { width: 375, height: 812 }, deviceScaleFactor: 1 });
    const small = await phone.newPage();
    await small.goto(`${s.baseUrl}/console?channel=call`);
    await small.locator('tbody tr').first().waitFor();
    await small.screenshot({ path: join(OUT, 'calls-375px.png'), fullPage: true });
  } finally {
    await browser.close();
  }
  process.stderr.write(`wrote ${OUT}/calls.png, call.png, calls-375px.png, webhooks.png and webhook.png\n`);
} finally {
  await s.close();
  await receiver.close();
}
