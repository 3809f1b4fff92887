/**
 * Deterministic, realistic seed data: accounts with agents, skills and customers
 * (accounts.ts), and calls over every channel and status spread over the last 90 days with
 * consistent lifecycle times, messages (corpus.ts), transcriptions and recording URLs. The same
 * `seed` gives the same rows (ids included) for the same `now`, so benchmark runs are comparable.
 */
import type { CallRecord } from '../domain/types.js';
import type { CallStatus, Channel, MessageStatus, Sender } from '../contract/vocabulary.js';
import type { BulkRows, StoredMessage } from '../domain/ports/index.js';
import type { Random } from './random.js';
import { messageText, transcriptionText } from './corpus.js';
import { WINDOW, iso, type SeedAccount } from './accounts.js';

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
  const transcription = voice && answeredAt !== null && !live ? transcriptionText(rnd) : '';
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
