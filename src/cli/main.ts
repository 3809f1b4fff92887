#!/usr/bin/env node
/**
 * `calls-api` — the command line: serve, migrate, accounts and keys. Run against the same
 * DATABASE_URL as the server. Results go to stdout as JSON (one object or array), messages to
 * stderr, so scripts can pipe the output.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openStore } from '../store/open.js';
import { ApiKeyService } from '../auth/api-keys.js';
import { systemClock } from '../domain/clock.js';
import { isUuid } from '../domain/ids.js';
import { VERSION } from '../version.js';
import { DEFAULT_BATCH_CALLS, formatProgress, seedStore } from '../seed/seed.js';
import type { Store } from '../store/store.js';

const USAGE = `calls-api ${VERSION}

Usage:
  calls-api serve                          start the HTTP server (same as npm start)
  calls-api migrate                        apply pending schema migrations and exit
  calls-api accounts create --name NAME    create an account and its first API key
  calls-api keys create --account ID       issue another API key for an account
  calls-api keys list --account ID         list an account's keys (never their secrets)
  calls-api keys revoke KEYID              revoke a key (takes effect within a second)
  calls-api seed --calls N [--messages-per-call M] [--accounts K] [--seed S] [--batch B]
                                           fill the store with generated data (benchmarks, demos);
                                           prints the key of the account owning most calls

Environment: DATABASE_URL (default sqlite:./data/calls-api.db), PORT, HOST, LOG_LEVEL.
`;

class UsageError extends Error {}

function out(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const store = await openStore(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous, pgPoolMax: config.pgPoolMax });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function requireAccount(store: Store, id: string | undefined): Promise<string> {
  if (!id) throw new UsageError('--account ID is required');
  if (!isUuid(id) || !(await store.getAccount(id.toLowerCase()))) throw new UsageError(`no account ${id}`);
  return id.toLowerCase();
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      account: { type: 'string' },
      calls: { type: 'string' },
      'messages-per-call': { type: 'string' },
      accounts: { type: 'string' },
      seed: { type: 'string' },
      batch: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
    strict: false,
  });
  const [group, action, arg] = positionals;
  if (values.version) {
    out({ version: VERSION });
    return 0;
  }
  if (values.help || !group) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  const keysOf = (store: Store) => new ApiKeyService(store, systemClock);

  switch (`${group} ${action ?? ''}`.trim()) {
    case 'serve': {
      const { serveUntilSignalled } = await import('../server.js');
      await serveUntilSignalled();
      return -1; // keep running
    }
    case 'migrate':
      await withStore(async (store) => {
        process.stderr.write(`migrating ${store.kind} store…\n`);
      });
      process.stderr.write('schema is up to date\n');
      return 0;
    case 'accounts create': {
      const name = typeof values.name === 'string' ? values.name.trim() : '';
      if (name === '') throw new UsageError('--name NAME is required');
      out(await withStore((store) => keysOf(store).createAccount(name)));
      return 0;
    }
    case 'keys create':
      out(await withStore(async (store) => keysOf(store).createKey(await requireAccount(store, values.account as string | undefined))));
      return 0;
    case 'keys list':
      out(await withStore(async (store) => keysOf(store).listKeys(await requireAccount(store, values.account as string | undefined))));
      return 0;
    case 'keys revoke': {
      if (!arg) throw new UsageError('keys revoke needs a KEYID');
      const revoked = await withStore((store) => keysOf(store).revokeKey(arg));
      if (!revoked) throw new UsageError(`no active key ${arg}`);
      out({ id: arg, revoked: true });
      return 0;
    }
    case 'seed': {
      const num = (name: string, fallback: number | undefined, min: number): number => {
        const raw = values[name];
        if (raw === undefined && fallback !== undefined) return fallback;
        const n = Number(raw);
        if (typeof raw !== 'string' || !Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}`);
        return n;
      };
      const options = {
        calls: num('calls', undefined, 0),
        messagesPerCall: num('messages-per-call', 8, 0),
        accounts: num('accounts', 3, 1),
        seed: num('seed', 1, 0),
        batchCalls: num('batch', DEFAULT_BATCH_CALLS, 1),
      };
      const result = await withStore((store) =>
        seedStore(store, options, (p) => process.stderr.write(formatProgress(p) + '\n')),
      );
      process.stderr.write(
        `seed: done, ${result.calls} calls and ${result.messages} messages in ${(result.elapsedMs / 1000).toFixed(1)} s\n`,
      );
      out({ accountId: result.accountId, username: result.username, password: result.password });
      return 0;
    }
    default:
      throw new UsageError(`unknown command: ${positionals.join(' ')}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`calls-api: ${err.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`calls-api: ${(err as Error).message}\n`);
      process.exitCode = 1;
    }
  },
);
