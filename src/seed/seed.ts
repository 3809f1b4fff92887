/**
 * Fills a store with generated data through its bulk transfer (batches, one transaction each),
 * reporting progress, and issues an API key for the account that owns most calls.
 */
import type { AccountRepository, BulkTransfer } from '../domain/ports/index.js';
import { ApiKeyService, type IssuedKey } from '../auth/api-keys.js';
import { systemClock } from '../domain/clock.js';
import { generateSeed, type SeedOptions } from './generate.js';
import { makeAccounts } from './accounts.js';
import { Random } from './random.js';

export interface SeedProgress {
  calls: number;
  totalCalls: number;
  rows: number;
  elapsedMs: number;
}

export interface SeedResult extends IssuedKey {
  calls: number;
  messages: number;
  rows: number;
  elapsedMs: number;
}

export const DEFAULT_BATCH_CALLS = 5_000;

export async function seedStore(
  store: { bulk: BulkTransfer; accounts: AccountRepository },
  options: Partial<SeedOptions> & Pick<SeedOptions, 'calls'>,
  onProgress?: (p: SeedProgress) => void,
): Promise<SeedResult> {
  const o: SeedOptions = {
    messagesPerCall: 8,
    accounts: 3,
    seed: 1,
    now: Date.now(),
    batchCalls: DEFAULT_BATCH_CALLS,
    ...options,
  };
  const rnd = new Random(o.seed);
  const accounts = makeAccounts(o, rnd);
  const started = Date.now();
  let rows = 0;
  let calls = 0;
  let messages = 0;
  let lastReport = 0;
  await store.bulk.loadStart();
  try {
    for (const batch of generateSeed(o, accounts, rnd)) {
      const { callCount, ...bulk } = batch;
      await store.bulk.insert(bulk);
      for (const list of Object.values(bulk)) rows += list.length;
      calls += callCount;
      messages += bulk.messages?.length ?? 0;
      const now = Date.now();
      if (onProgress && (now - lastReport >= 1000 || calls === o.calls)) {
        lastReport = now;
        onProgress({ calls, totalCalls: o.calls, rows, elapsedMs: now - started });
      }
    }
  } finally {
    await store.bulk.loadEnd();
  }
  const key = await new ApiKeyService(store.accounts, systemClock).createKey(accounts[0].account.id);
  return { ...key, calls, messages, rows, elapsedMs: Date.now() - started };
}

/** One progress line: calls done, rows/s, ETA. */
export function formatProgress(p: SeedProgress): string {
  const secs = p.elapsedMs / 1000;
  const rate = secs > 0 ? p.rows / secs : 0;
  const callRate = secs > 0 ? p.calls / secs : 0;
  // Before the first call is written (agents and customers come first) there is no rate to go by.
  const eta = callRate > 0 ? `${((p.totalCalls - p.calls) / callRate).toFixed(0)} s` : p.calls < p.totalCalls ? 'unknown' : '0 s';
  const pct = p.totalCalls > 0 ? ((100 * p.calls) / p.totalCalls).toFixed(1) : '100.0';
  return `seed: ${p.calls}/${p.totalCalls} calls (${pct}%), ${p.rows} rows, ${Math.round(rate)} rows/s, elapsed ${secs.toFixed(0)} s, ETA ${eta}`;
}
