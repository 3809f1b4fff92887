/** Agents, skills and customers in the console: lists, create and edit through the dialog. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, seedCalls, signedInContext, startConsoleServer, watchProblems, type ConsoleServer } from '../helpers/console.js';

interface ApiAgent {
  id: string;
  name: string;
  lastname: string;
  email: string;
  phone: string;
  agentType: string;
  language: string;
}

describe('console agents, skills and customers [sqlite]', () => {
  let s: ConsoleServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  before(async () => {
    s = await startConsoleServer();
    await seedCalls(s);
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

  it('lists the agents', async () => {
    await page.goto(`${s.baseUrl}/console`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agents' }).click();
    await page.waitForURL(`${s.baseUrl}/console/agents`);
    await page.getByRole('heading', { level: 1, name: 'Agents' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Agents' }).getAttribute('aria-current'), 'page');
    await page.locator('tbody tr').first().waitFor();
    const rows = await page.locator('tbody tr').allInnerTexts();
    assert.equal(rows.length, 2);
    assert.ok(rows.some((r) => r.includes('Ada Lovelace') && r.includes('ada@example.com') && r.includes('+14155550100')));
  });

  it('creates an agent, which the calls filter then offers', async () => {
    await page.goto(`${s.baseUrl}/console/agents`);
    await page.getByRole('button', { name: 'New agent' }).click();
    const dialog = page.getByRole('dialog', { name: 'New agent' });
    await dialog.waitFor();
    // The dialog takes the focus: its first field.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'agents-name');
    await dialog.getByLabel('First name').fill('Alan');
    await dialog.getByLabel('Last name').fill('Turing');
    await dialog.getByLabel('Email').fill('alan@example.com');
    await dialog.getByLabel('Phone').fill('+44 20 7946 0958');
    await dialog.getByLabel('Type').selectOption('human');
    await dialog.getByLabel('Language').fill('en-GB');
    await dialog.getByRole('button', { name: 'Create agent' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Agent “Alan Turing” created.').waitFor();
    assert.ok((await page.locator('tbody tr').first().innerText()).includes('Alan Turing'));

    const agents = await s.api<ApiAgent[]>('GET', '/agents');
    const alan = agents.find((a) => a.name === 'Alan');
    assert.ok(alan);
    assert.deepEqual(
      { lastname: alan.lastname, email: alan.email, phone: alan.phone, agentType: alan.agentType, language: alan.language },
      { lastname: 'Turing', email: 'alan@example.com', phone: '+442079460958', agentType: 'human', language: 'en-GB' },
    );

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calls' }).click();
    await page.getByLabel('Agent').locator('option', { hasText: 'Alan Turing' }).waitFor({ state: 'attached' });
    assert.deepEqual(problems, []);
  });

  it("shows the API's reason when a field is refused, and keeps the form", async () => {
    await page.goto(`${s.baseUrl}/console/agents`);
    await page.getByRole('button', { name: 'New agent' }).click();
    const dialog = page.getByRole('dialog', { name: 'New agent' });
    await dialog.getByLabel('First name').fill('Bad');
    await dialog.getByLabel('Phone').fill('12');
    await dialog.getByRole('button', { name: 'Create agent' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /phone/i);
    assert.equal(await dialog.getByLabel('First name').inputValue(), 'Bad');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(
      (await s.api<ApiAgent[]>('GET', '/agents')).some((a) => a.name === 'Bad'),
      false,
    );
  });

  it('edits an agent', async () => {
    await page.goto(`${s.baseUrl}/console/agents`);
    await page.getByRole('button', { name: 'Edit Grace Hopper' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit agent' });
    assert.equal(await dialog.getByLabel('Email').inputValue(), 'grace@example.com');
    await dialog.getByLabel('Language').fill('en-US');
    await dialog.getByLabel('Last name').fill('Brewster Hopper');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Agent “Grace Brewster Hopper” saved.').waitFor();
    const grace = (await s.api<ApiAgent[]>('GET', '/agents')).find((a) => a.name === 'Grace');
    assert.equal(grace?.lastname, 'Brewster Hopper');
    assert.equal(grace.email, 'grace@example.com');
  });

  it('creates and edits a skill', async () => {
    await page.goto(`${s.baseUrl}/console/skills`);
    await page.getByRole('button', { name: 'New skill' }).click();
    const dialog = page.getByRole('dialog', { name: 'New skill' });
    await dialog.getByLabel('Name').fill('Returns');
    await dialog.getByLabel('Description').fill('Parcels sent back');
    assert.equal(await dialog.getByLabel('Active').isChecked(), true);
    await dialog.getByRole('button', { name: 'Create skill' }).click();
    await page.getByText('Skill “Returns” created.').waitFor();
    await page.getByRole('button', { name: 'Edit Returns' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit skill' });
    await edit.getByLabel('Active').uncheck();
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Skill “Returns” saved.').waitFor();
    const skills = await s.api<{ name: string; description: string; active: boolean }[]>('GET', '/skills');
    const returns = skills.find((k) => k.name === 'Returns');
    assert.equal(returns?.description, 'Parcels sent back');
    assert.equal(returns.active, false);
    assert.match(await page.locator('tbody tr', { hasText: 'Returns' }).innerText(), /No/);
  });

  it('creates and edits a customer', async () => {
    await page.goto(`${s.baseUrl}/console/customers`);
    await page.locator('tbody tr').first().waitFor();
    assert.ok((await page.locator('tbody').innerText()).includes('John Doe'));
    await page.getByRole('button', { name: 'New customer' }).click();
    const dialog = page.getByRole('dialog', { name: 'New customer' });
    await dialog.getByLabel('Display name').fill('Olga Ivanova');
    await dialog.getByLabel('Phone').fill('+74951234567');
    await dialog.getByRole('button', { name: 'Create customer' }).click();
    await page.getByText('Customer “Olga Ivanova” created.').waitFor();
    await page.getByRole('button', { name: 'Edit Olga Ivanova' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit customer' });
    await edit.getByLabel('Email').fill('olga@example.com');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Customer “Olga Ivanova” saved.').waitFor();
    const customers = await s.api<{ name: string; email: string; phone: string }[]>('GET', '/customers?phone=%2B74951234567');
    assert.equal(customers.length, 1);
    assert.equal(customers[0].email, 'olga@example.com');
  });
});
