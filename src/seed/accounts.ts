/**
 * The seed's directory: accounts with their agents, skills and customers (valid E.164 phones,
 * emails), and how the calls are shared between the accounts.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Account, AgentRecord, CustomerRecord, SkillRecord } from '../domain/types.js';
import type { Random } from './random.js';
import { FIRST_NAMES, LAST_NAMES } from './corpus.js';

export const DAY = 86_400_000;
/** The seeded history: the 90 days before `now`. */
export const WINDOW = 90 * DAY;
export const iso = (ms: number) => new Date(ms).toISOString();

const EMAIL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me', 'gmx.de', 'orange.fr', 'example.org'];
const AGENT_NAMES = ['Ava', 'Max', 'Nova', 'Iris', 'Atlas', 'Luna', 'Echo', 'Orion', 'Sage', 'Kai', 'Aria', 'Finn'];
const SKILLS: [string, string][] = [
  ['Billing', 'Invoices, payments and refunds'],
  ['Orders', 'Order status, changes and cancellations'],
  ['Delivery', 'Shipping, tracking and missed deliveries'],
  ['Technical support', 'Setup, troubleshooting and outages'],
  ['Sales', 'Plans, upgrades and quotes'],
  ['Returns', 'Returns, exchanges and warranty'],
  ['Account', 'Login, profile and security'],
  ['Retention', 'Cancellations and win-back offers'],
];
const LANGUAGES = ['en-US', 'en-GB', 'es-ES', 'de-DE', 'fr-FR'];

/**
 * Phone number shapes that libphonenumber validates: country code, national prefixes in use,
 * and how many further digits follow.
 */
const PHONE_PLANS: { cc: string; prefixes: readonly string[]; rest: number; weight: number }[] = [
  { cc: '1', prefixes: ['212', '213', '305', '312', '415', '512', '617', '646', '702', '206', '303', '404'], rest: 7, weight: 40 },
  { cc: '44', prefixes: ['7700', '7911', '7400', '7555', '7890'], rest: 6, weight: 15 },
  { cc: '34', prefixes: ['600', '610', '620', '630', '650', '680', '690'], rest: 6, weight: 15 },
  { cc: '49', prefixes: ['151', '152', '157', '160', '170', '171', '172', '176'], rest: 8, weight: 15 },
  { cc: '33', prefixes: ['6', '7'], rest: 8, weight: 15 },
];

export interface SeedAccount {
  account: Account;
  agents: AgentRecord[];
  skills: SkillRecord[];
  customers: CustomerRecord[];
  /** How many calls this account gets. */
  calls: number;
}

/**
 * The first account owns most calls (it is the one printed for benchmarks); every other account
 * gets 5 % so tenant filtering is exercised.
 */
export function callsPerAccount(calls: number, accounts: number): number[] {
  const minor = accounts > 1 ? Math.floor(calls * 0.05) : 0;
  return [calls - minor * (accounts - 1), ...Array.from({ length: accounts - 1 }, () => minor)];
}

export function makePhone(rnd: Random): string {
  for (;;) {
    const plan = rnd.weighted(PHONE_PLANS.map((p) => [p, p.weight] as const));
    let digits = rnd.pick(plan.prefixes);
    if (plan.cc === '1')
      digits +=
        String(rnd.between(2, 9)) + String(rnd.between(0, 9)) + String(rnd.between(2, 9)) + String(rnd.int(10_000)).padStart(4, '0');
    else for (let i = 0; i < plan.rest; i++) digits += String(rnd.int(10));
    const number = `+${plan.cc}${digits}`;
    const parsed = parsePhoneNumberFromString(number);
    if (parsed && parsed.isValid() && parsed.number === number) return number;
  }
}

function emailFor(rnd: Random, first: string, last: string, n: number): string {
  const ascii = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase();
  return `${ascii(first)}.${ascii(last)}${n}@${rnd.pick(EMAIL_DOMAINS)}`;
}

/** Accounts with their agents, skills and customers (customers ≈ a quarter of the calls). */
export function makeAccounts(o: { calls: number; accounts: number; now: number }, rnd: Random): SeedAccount[] {
  const shares = callsPerAccount(o.calls, o.accounts);
  const created = iso(o.now - WINDOW - 30 * DAY);
  return shares.map((calls, a) => {
    const account: Account = { id: rnd.uuid(), name: a === 0 ? 'Acme Support (seed)' : `Tenant ${a + 1} (seed)`, createdAt: created };
    const agents: AgentRecord[] = [];
    const agentCount = Math.max(3, Math.min(60, Math.ceil(calls / 20_000)));
    for (let i = 0; i < agentCount; i++) {
      const ai = i % 3 !== 2;
      const name = ai ? rnd.pick(AGENT_NAMES) : rnd.pick(FIRST_NAMES);
      const lastname = ai ? `AI ${i + 1}` : rnd.pick(LAST_NAMES);
      agents.push({
        accountId: account.id,
        id: rnd.uuid(),
        name,
        lastname,
        email: `${emailFor(rnd, name, lastname.replace(/\d/g, ''), i + 1).split('@')[0]}@acme-support.example`,
        phone: makePhone(rnd),
        agentType: ai ? 'AI' : 'human',
        language: rnd.pick(LANGUAGES),
        settings: ai ? { voice: rnd.pick(['alloy', 'verse', 'sage']), temperature: 0.6 } : {},
        createdAt: created,
        updatedAt: created,
      });
    }
    const skills: SkillRecord[] = SKILLS.map(([name, description]) => ({
      accountId: account.id,
      id: rnd.uuid(),
      name,
      description,
      language: 'en-US',
      active: true,
      createdAt: created,
      updatedAt: created,
    }));
    const customers: CustomerRecord[] = [];
    const customerCount = Math.max(5, Math.ceil(calls / 4));
    for (let i = 0; i < customerCount; i++) {
      const firstName = rnd.pick(FIRST_NAMES);
      const lastName = rnd.pick(LAST_NAMES);
      customers.push({
        accountId: account.id,
        id: rnd.uuid(),
        name: '',
        firstName,
        lastName,
        phone: makePhone(rnd),
        email: rnd.chance(0.8) ? emailFor(rnd, firstName, lastName, i) : '',
        language: rnd.pick(LANGUAGES),
        customFields: rnd.chance(0.3) ? [{ name: 'tier', value: rnd.pick(['gold', 'silver', 'bronze']) }] : [],
        createdAt: created,
        updatedAt: created,
      });
    }
    return { account, agents, skills, customers, calls };
  });
}
