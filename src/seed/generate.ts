/**
 * Deterministic, realistic seed data: accounts with agents, skills and customers (valid E.164
 * phones, emails), and calls over every channel and status spread over the last 90 days with
 * consistent lifecycle times, messages, transcriptions and recording URLs. The same `seed` gives
 * the same rows (ids included) for the same `now`, so benchmark runs are comparable.
 *
 * Message texts mix common words (in a large share of calls) with rare ones (in about one call in
 * six thousand each), so full-text benchmarks can query both ends of the frequency range.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Account, AgentRecord, CallRecord, CustomerRecord, SkillRecord } from '../domain/types.js';
import type { CallStatus, Channel, MessageStatus, Sender } from '../contract/vocabulary.js';
import type { BulkRows, StoredMessage } from '../domain/ports/index.js';

/** A word present in roughly half the calls (benchmarks' "common word" search). */
export const COMMON_WORD = 'order';
/** Words each present in about one call in six thousand (benchmarks' "rare word" search). */
export const RARE_WORDS = [
  'quetzal',
  'zeppelin',
  'marzipan',
  'obsidian',
  'kumquat',
  'tamarind',
  'gazebo',
  'sextant',
  'periscope',
  'xylophone',
  'tourmaline',
  'nautilus',
  'monsoon',
  'wombat',
  'harpsichord',
  'saffron',
  'mandolin',
  'cormorant',
  'juniper',
  'labyrinth',
] as const;
const RARE_PER_MESSAGE = 0.0025;

/** Small, fast, seedable PRNG (mulberry32); quality is ample for test data. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  weighted<T>(table: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of table) total += w;
    let x = this.next() * total;
    for (const [v, w] of table) {
      x -= w;
      if (x < 0) return v;
    }
    return table[table.length - 1][0];
  }
  hex(chars: number): string {
    let s = '';
    for (let i = 0; i < chars; i += 8) s += ((this.next() * 4294967296) >>> 0).toString(16).padStart(8, '0');
    return s.slice(0, chars);
  }
  /** A version-4 UUID drawn from this generator (the service's own ids are random v4 too). */
  uuid(): string {
    const h = this.hex(32);
    const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

const FIRST_NAMES = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Carlos',
  'Lucía',
  'Javier',
  'María',
  'Sofía',
  'Mateo',
  'Hannah',
  'Lukas',
  'Emma',
  'Leon',
  'Chloé',
  'Louis',
  'Amélie',
  'Oliver',
  'Amelia',
  'Harry',
  'Isla',
  'Noah',
  'Priya',
  'Arjun',
  'Yuki',
  'Wei',
  'Fatima',
  'Omar',
  'Ingrid',
  'Sven',
  'Aisha',
  'Kwame',
  'Zoë',
  'Mikael',
  'Giulia',
  'Marco',
];
const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernández',
  'López',
  'González',
  'Wilson',
  'Anderson',
  'Taylor',
  'Thomas',
  'Moore',
  'Jackson',
  'Martin',
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Dubois',
  'Moreau',
  'Laurent',
  'Bernard',
  'Rossi',
  'Russo',
  'Ferrari',
  'Patel',
  'Singh',
  'Tanaka',
  'Chen',
  'Wang',
  'Nakamura',
  'Okafor',
  'Mensah',
  'Andersson',
  'Nielsen',
  'Kowalski',
  "O'Brien",
];
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

const GREETINGS = [
  'Hello, thanks for contacting us. How can I help you today?',
  'Hi there, this is your support assistant. What can I do for you?',
  'Good morning, you are through to customer care. How may I help?',
  'Thanks for reaching out. Could you tell me what this is about?',
];
const CUSTOMER_OPENERS = [
  'Hi, I am calling about my order {ref}, it has not arrived yet.',
  'Hello, I was charged twice for the same order and would like a refund.',
  'I need to change the delivery address on my account.',
  'My internet connection keeps dropping every evening since Monday.',
  'Can you tell me when my package will be delivered?',
  'I want to cancel my subscription, it is too expensive for me.',
  'The invoice I received this month looks wrong, the amount is higher than usual.',
  'I cannot log in to my account, the password reset email never arrives.',
  'I would like to upgrade my plan, what options do I have?',
  'The product I received is damaged and I would like to return it.',
];
const AGENT_TURNS = [
  'I am sorry to hear that. Let me check the status of your order right away.',
  'Could you please confirm the email address on the account?',
  'Thank you. I can see the order here, it left our warehouse yesterday.',
  'I have issued a refund, you should see it on your statement within five business days.',
  'I have updated the address, the change applies to all open orders.',
  'Let me run a quick test on the line, this will take a moment.',
  'I can offer you a discount for the next three months if you decide to stay.',
  'I have sent a new password reset link, please check your spam folder as well.',
  'The upgrade is active now, the new price shows on your next invoice.',
  'I have created a return label, you will receive it by email in a few minutes.',
  'Is there anything else I can help you with today?',
];
const CUSTOMER_TURNS = [
  'Yes, the email is the one I used for the order.',
  'Thanks, that is helpful.',
  'How long will that take?',
  'Okay, and will I get a confirmation email?',
  'That works for me, thank you.',
  'No, that is all for today.',
  'Sorry, could you repeat the reference number please?',
  'Great, I will keep an eye on the tracking link.',
  'I already tried that twice and it did not work.',
  'Perfect, thanks for your help.',
];
const CLOSINGS = [
  'You are welcome. Have a great day!',
  'Thank you for contacting us, goodbye.',
  'Glad I could help. Take care!',
  'Your case is resolved. Thanks for your patience.',
];

const CHANNEL_WEIGHTS: [Channel, number][] = [
  ['call', 40],
  ['sms', 20],
  ['whatsapp', 20],
  ['email', 10],
  ['webchat', 10],
];
const VOICE_END: [CallStatus, number][] = [
  ['completed', 72],
  ['no-answer', 8],
  ['busy', 4],
  ['failed', 4],
  ['canceled', 4],
  ['voicemail', 8],
];
const TEXT_END: [CallStatus, number][] = [
  ['closed', 45],
  ['resolved', 35],
  ['close', 5],
  ['expired', 10],
  ['failed', 5],
];
const VOICE_LIVE: [CallStatus, number][] = [
  ['queued', 2],
  ['ringing', 2],
  ['in-progress', 5],
  ['answer', 1],
  ['ongoing', 1],
];
const TEXT_LIVE: [CallStatus, number][] = [
  ['queued', 1],
  ['pending', 2],
  ['open', 5],
  ['processing', 2],
  ['stalled', 2],
];

export interface SeedOptions {
  calls: number;
  messagesPerCall: number;
  accounts: number;
  seed: number;
  /** The end of the 90-day window, ms since epoch. */
  now: number;
  /** Calls per batch handed to the store. */
  batchCalls: number;
}

export interface SeedAccount {
  account: Account;
  agents: AgentRecord[];
  skills: SkillRecord[];
  customers: CustomerRecord[];
  /** How many calls this account gets. */
  calls: number;
}

const DAY = 86_400_000;
const WINDOW = 90 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();

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
export function makeAccounts(o: SeedOptions, rnd: Random): SeedAccount[] {
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

function sprinkleRare(rnd: Random, text: string): string {
  return rnd.chance(RARE_PER_MESSAGE) ? `${text} Reference ${rnd.pick(RARE_WORDS)}.` : text;
}

function messageText(rnd: Random, i: number, count: number, sender: Sender): string {
  let text: string;
  if (i === 0) text = rnd.pick(GREETINGS);
  else if (i === 1) text = rnd.pick(CUSTOMER_OPENERS).replace('{ref}', `A${rnd.between(10_000, 99_999)}`);
  else if (i === count - 1 && count > 3) text = rnd.pick(CLOSINGS);
  else text = sender === 'agent' ? rnd.pick(AGENT_TURNS) : rnd.pick(CUSTOMER_TURNS);
  return sprinkleRare(rnd, text);
}

/** One call and its messages, created at `createdMs`; consistent lifecycle and status. */
function makeCall(o: SeedOptions, rnd: Random, acct: SeedAccount, createdMs: number): { call: CallRecord; messages: StoredMessage[] } {
  const channel = rnd.weighted(CHANNEL_WEIGHTS);
  const voice = channel === 'call';
  const age = o.now - createdMs;
  // Only the last hour holds live interactions; everything older has ended.
  const live = age < 3_600_000 && rnd.chance(0.7);
  const status = live ? rnd.weighted(voice ? VOICE_LIVE : TEXT_LIVE) : rnd.weighted(voice ? VOICE_END : TEXT_END);
  const answered = live ? !['queued', 'ringing', 'pending'].includes(status) : voice ? status === 'completed' : status !== 'failed';
  const startedAt = status === 'queued' || status === 'pending' ? null : createdMs + rnd.between(200, 15_000);
  const answeredAt = answered && startedAt !== null ? startedAt + rnd.between(1_000, 20_000) : null;
  const talk = voice ? rnd.between(30, 1_200) * 1000 : rnd.between(60, 4 * 3600) * 1000;
  let endedAt = live ? null : (answeredAt ?? startedAt ?? createdMs) + (answeredAt !== null ? talk : rnd.between(5_000, 40_000));
  if (endedAt !== null && endedAt > o.now) endedAt = o.now;
  const agent = rnd.pick(acct.agents);
  const customer = acct.customers[rnd.int(acct.customers.length)];
  const id = rnd.uuid();

  const messages: StoredMessage[] = [];
  // Every interaction carries the requested number of messages (an unanswered voice call keeps its
  // IVR / voicemail exchange), so `--messages-per-call` is exact.
  const count = o.messagesPerCall;
  const first = answeredAt ?? startedAt ?? createdMs;
  const last = Math.max(first + 1000, (endedAt ?? o.now) - 500);
  const step = count > 0 ? Math.max(1, Math.floor((last - first) / count)) : 0;
  for (let i = 0; i < count; i++) {
    const sender: Sender = i === 1 ? 'customer' : i % 2 === 0 ? 'agent' : 'customer';
    const mstatus: MessageStatus = sender === 'customer' ? 'received' : rnd.chance(0.6) ? 'read' : 'delivered';
    messages.push({
      accountId: acct.account.id,
      callId: id,
      seq: i + 1,
      sid: (channel === 'whatsapp' && rnd.chance(0.1) ? 'MM' : 'SM') + rnd.hex(32),
      timestamp: iso(Math.min(first + i * step + rnd.int(Math.max(1, step >> 1)), o.now)),
      sender,
      content: messageText(rnd, i, count, sender),
      mediaUrl: channel === 'whatsapp' && rnd.chance(0.05) ? `https://media.example.com/${id}/${i + 1}.jpg` : '',
      status: mstatus,
    });
  }
  // Voice calls carry the recogniser's transcription; text threads derive it from the messages.
  const transcription =
    voice && answeredAt !== null && !live
      ? sprinkleRare(
          rnd,
          `${rnd.pick(GREETINGS)} ${rnd.pick(CUSTOMER_OPENERS).replace('{ref}', `A${rnd.between(10_000, 99_999)}`)} ${rnd.pick(AGENT_TURNS)} ${rnd.pick(CLOSINGS)}`,
        )
      : '';
  const lastEvent = Math.max(createdMs, endedAt ?? 0, messages.length ? Date.parse(messages[messages.length - 1].timestamp) : 0);
  const call: CallRecord = {
    accountId: acct.account.id,
    id,
    status,
    channel,
    direction: rnd.chance(0.6) ? 'inbound' : 'outbound',
    agentId: agent.id,
    skillId: rnd.pick(acct.skills).id,
    customerId: customer.id,
    agentPhoneOverride: '',
    agentEmailOverride: '',
    note: rnd.chance(0.1) ? 'Follow up next week.' : '',
    transcription,
    recordingUrl: voice && answeredAt !== null && !live ? `https://recordings.example.com/${acct.account.id}/${id}.wav` : '',
    createdAt: iso(createdMs),
    updatedAt: iso(Math.min(lastEvent, o.now)),
    startedAt: startedAt === null ? null : iso(startedAt),
    answeredAt: answeredAt === null ? null : iso(answeredAt),
    endedAt: endedAt === null ? null : iso(endedAt),
    durationSeconds: null,
    providerCallSid: voice && rnd.chance(0.5) ? 'CA' + rnd.hex(32) : null,
    messageCount: messages.length,
  };
  return { call, messages };
}

/**
 * The rows to insert, batch by batch: first the directory (accounts, agents, skills, customers in
 * batches), then calls in creation order (oldest first, as a live system writes them), each batch
 * carrying its calls' messages.
 */
export function* generateSeed(o: SeedOptions, accounts: SeedAccount[], rnd: Random): Generator<BulkRows & { callCount: number }> {
  yield {
    accounts: accounts.map((a) => a.account),
    agents: accounts.flatMap((a) => a.agents),
    skills: accounts.flatMap((a) => a.skills),
    callCount: 0,
  };
  const customers = accounts.flatMap((a) => a.customers);
  for (let i = 0; i < customers.length; i += 20_000) yield { customers: customers.slice(i, i + 20_000), callCount: 0 };

  // Interleave accounts in time: each call goes to an account in proportion to its share.
  const start = o.now - WINDOW;
  const remaining = accounts.map((a) => a.calls);
  let left = o.calls;
  let batch: { calls: CallRecord[]; messages: StoredMessage[]; callCount: number } = { calls: [], messages: [], callCount: 0 };
  for (let i = 0; i < o.calls; i++) {
    let pick = rnd.int(left);
    let a = 0;
    while (pick >= remaining[a]) pick -= remaining[a++];
    remaining[a]--;
    left--;
    // Evenly spread with jitter, strictly increasing (ids break any tie anyway).
    const createdMs = start + Math.floor(((i + rnd.next() * 0.9) * WINDOW) / o.calls);
    const { call, messages } = makeCall(o, rnd, accounts[a], createdMs);
    batch.calls.push(call);
    for (const m of messages) batch.messages.push(m);
    batch.callCount++;
    if (batch.callCount >= o.batchCalls) {
      yield batch;
      batch = { calls: [], messages: [], callCount: 0 };
    }
  }
  if (batch.callCount > 0) yield batch;
}
