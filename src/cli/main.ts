#!/usr/bin/env node
/**
 * `calls-api` — the command line: serve, migrate, accounts and keys. Run against the same
 * DATABASE_URL as the server. Results go to stdout as JSON (one object or array), messages to
 * stderr, so scripts can pipe the output.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openStore } from '../store/open.js';
import { printMigrationProgress } from '../store/migrations.js';
import { ApiKeyService } from '../auth/api-keys.js';
import { systemClock } from '../domain/clock.js';
import { isUuid } from '../domain/ids.js';
import { DataProtectionService } from '../domain/data-protection.js';
import { MAX_RETENTION_DAYS } from '../contract/limits.js';
import { VERSION } from '../version.js';
import { DEFAULT_BATCH_CALLS, formatProgress, seedStore } from '../seed/seed.js';
import type { Repositories } from '../domain/ports/index.js';
import { TwilioSettingsService } from '../integrations/twilio/settings.js';
import { AppError } from '../domain/errors.js';
import { SecretKeyring } from '../integrations/secret-box.js';
import { rotateSecrets } from './secrets.js';

const USAGE = `calls-api ${VERSION}

Usage:
  calls-api serve [--workers N|auto]       start the HTTP server (same as npm start); --workers
                                           (or WORKERS) runs N processes on the port
  calls-api migrate                        apply pending schema migrations, print the versions, exit
  calls-api export [--out FILE]            write every row as NDJSON (stdout by default)
  calls-api import [--in FILE]             load an export into an empty database (stdin by default)
  calls-api accounts create --name NAME    create an account and its first API key
  calls-api accounts retention --account ID --days N|none
                                           erase the account's calls older than N days
                                           in the background (none: keep them forever)
  calls-api customers erase --account ID (--customer ID | --phone E164 | --email ADDRESS)
                                           erase a person: every matching customer with all
                                           their calls and messages; prints counts only
  calls-api keys create --account ID       issue another API key for an account
  calls-api keys list --account ID         list an account's keys (never their secrets)
  calls-api keys revoke KEYID              revoke a key (takes effect within a second)
  calls-api twilio set --account ID --account-sid AC… [--auth-token TOKEN]
                                           store the account's Twilio credentials (the token
                                           may come from TWILIO_AUTH_TOKEN instead; needs SECRETS_KEY)
  calls-api twilio show --account ID       whether Twilio is configured (never the token)
  calls-api twilio remove --account ID     forget the account's Twilio credentials
  calls-api secrets rotate                 reseal every stored secret (Twilio auth tokens, webhook
                                           endpoint secrets) with SECRETS_KEY (old keys in
                                           SECRETS_KEY_PREVIOUS); prints the counts, exits 1 when
                                           some could not be opened
  calls-api seed --calls N [--messages-per-call M] [--accounts K] [--seed S] [--batch B]
                                           fill the store with generated data (benchmarks, demos);
                                           prints the key of the account owning most calls

Environment: DATABASE_URL (default sqlite:./data/calls-api.db, or postgres://user@host:5432/db),
PG_POOL_MAX, PORT, HOST, WORKERS, LOG_LEVEL, SECRETS_KEY, SECRETS_KEY_PREVIOUS, PUBLIC_URL, TWILIO_OUTBOUND (see docs/twilio.md).
Moving SQLite to PostgreSQL:
  DATABASE_URL=sqlite:./data/calls-api.db calls-api export --out calls.ndjson
  DATABASE_URL=postgres://… calls-api import --in calls.ndjson
`;

class UsageError extends Error {}

function progress(line: string): void {
  process.stderr.write(line + '\n');
}

function out(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

async function withStore<T>(fn: (store: Repositories) => Promise<T>, migrate = true): Promise<T> {
  const config = loadConfig();
  const store = await openStore(config.databaseUrl, {
    sqliteSynchronous: config.sqliteSynchronous,
    pgPoolMax: config.pgPoolMax,
    migrate,
    onMigration: printMigrationProgress,
  });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function requireAccount(store: Repositories, id: string | undefined): Promise<string> {
  if (!id) throw new UsageError('--account ID is required');
  if (!isUuid(id) || !(await store.accounts.getAccount(id.toLowerCase()))) throw new UsageError(`no account ${id}`);
  return id.toLowerCase();
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      account: { type: 'string' },
      customer: { type: 'string' },
      phone: { type: 'string' },
      email: { type: 'string' },
      'account-sid': { type: 'string' },
      'auth-token': { type: 'string' },
      days: { type: 'string' },
      out: { type: 'string' },
      in: { type: 'string' },
      calls: { type: 'string' },
      'messages-per-call': { type: 'string' },
      accounts: { type: 'string' },
      seed: { type: 'string' },
      batch: { type: 'string' },
      workers: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
    strict: false,
  });
  // Each may be missing (the array's type says string).
  const [group, action, arg] = [positionals.at(0), positionals.at(1), positionals.at(2)];
  if (values.version) {
    out({ version: VERSION });
    return 0;
  }
  if (values.help || !group) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  const keysOf = (store: Repositories) => new ApiKeyService(store.accounts, systemClock);

  switch (`${group} ${action ?? ''}`.trim()) {
    case 'serve': {
      const { serve } = await import('../cluster.js');
      await serve({ workers: typeof values.workers === 'string' ? values.workers : undefined });
      return -1; // keep running
    }
    case 'migrate': {
      const result = await withStore(async (store) => {
        process.stderr.write(`migrating ${store.kind} store…\n`);
        const applied = await store.migrate(printMigrationProgress);
        return { store: store.kind, applied, versions: await store.schemaVersions() };
      }, false);
      process.stderr.write(
        result.applied.length > 0
          ? `applied migration(s) ${result.applied.join(', ')}; schema is up to date\n`
          : 'schema was already up to date\n',
      );
      out(result);
      return 0;
    }
    case 'export': {
      const file = typeof values.out === 'string' ? values.out : undefined;
      const { exportStore } = await import('./transfer.js');
      const { createWriteStream, fchmodSync, openSync } = await import('node:fs');
      const counts = await withStore(async (store) => {
        // Owner-only (0600): the export holds every person's data; an existing file is narrowed too.
        const fd = file ? openSync(file, 'w', 0o600) : undefined;
        if (fd !== undefined) fchmodSync(fd, 0o600);
        const sink = fd !== undefined ? createWriteStream('', { fd }) : process.stdout;
        const result = await exportStore(store, sink, progress);
        if (file)
          await new Promise<void>((resolve, reject) =>
            sink.end((err?: Error | null) => {
              if (err) reject(err);
              else resolve();
            }),
          );
        return result;
      });
      progress(
        `exported ${Object.entries(counts)
          .map(([t, n]) => `${n} ${t}`)
          .join(', ')}${file ? ` to ${file}` : ''}`,
      );
      return 0;
    }
    case 'import': {
      const file = typeof values.in === 'string' ? values.in : undefined;
      const { importStore } = await import('./transfer.js');
      const { createReadStream } = await import('node:fs');
      const counts = await withStore((store) => importStore(store, file ? createReadStream(file) : process.stdin, progress));
      progress(
        `imported ${Object.entries(counts)
          .map(([t, n]) => `${n} ${t}`)
          .join(', ')}`,
      );
      out({ imported: counts });
      return 0;
    }
    case 'accounts create': {
      const name = typeof values.name === 'string' ? values.name.trim() : '';
      if (name === '') throw new UsageError('--name NAME is required');
      out(await withStore((store) => keysOf(store).createAccount(name)));
      return 0;
    }
    case 'accounts retention': {
      const raw = typeof values.days === 'string' ? values.days.trim() : '';
      const days = raw === 'none' ? null : Number(raw);
      if (raw === '' || (days !== null && (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS))) {
        throw new UsageError(`--days must be an integer from 1 to ${MAX_RETENTION_DAYS}, or none`);
      }
      out(
        await withStore(async (store) => {
          const accountId = await requireAccount(store, values.account as string | undefined);
          return { accountId, ...(await new DataProtectionService(store, systemClock).setRetention(accountId, days)) };
        }),
      );
      return 0;
    }
    case 'customers erase': {
      const { eraseCustomers, eraseMatch, EraseRequestError } = await import('./customers.js');
      try {
        const match = eraseMatch(values);
        const result = await withStore(async (store) =>
          eraseCustomers(store, await requireAccount(store, values.account as string | undefined), match),
        );
        progress(
          `erased ${result.erased.customers} customer(s), ${result.erased.calls} call(s), ${result.erased.messages} message(s); ` +
            (result.cleanup === 'done' ? 'engine cleanup done' : "engine cleanup pending (the server's next purge pass finishes it)"),
        );
        out(result);
      } catch (err) {
        if (err instanceof EraseRequestError) throw new UsageError(err.message);
        throw err;
      }
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
    case 'twilio set':
    case 'twilio show':
    case 'twilio remove': {
      const config = loadConfig();
      const result = await withStore(async (store) => {
        const twilio = new TwilioSettingsService(
          store.twilio,
          systemClock,
          new SecretKeyring(config.secretsKey, config.secretsKeysPrevious),
        );
        const accountId = await requireAccount(store, values.account as string | undefined);
        if (action === 'show') return twilio.get(accountId);
        if (action === 'remove') return { removed: await twilio.remove(accountId) };
        const accountSid = values['account-sid'];
        const authToken = values['auth-token'] ?? process.env.TWILIO_AUTH_TOKEN;
        if (typeof accountSid !== 'string') throw new UsageError('--account-sid AC… is required');
        if (typeof authToken !== 'string') throw new UsageError('--auth-token TOKEN (or TWILIO_AUTH_TOKEN) is required');
        try {
          return await twilio.set(accountId, { accountSid, authToken });
        } catch (err) {
          if (err instanceof AppError) throw new UsageError(err.message);
          throw err;
        }
      });
      out(result);
      return 0;
    }
    case 'secrets rotate': {
      const config = loadConfig();
      if (!config.secretsKey)
        throw new UsageError('secrets rotate needs SECRETS_KEY (the new key) and SECRETS_KEY_PREVIOUS (the old ones)');
      const result = await withStore((store) => rotateSecrets({ twilio: store.twilio, webhooks: store.webhooks }, config, progress));
      out(result);
      return result.unopenable > 0 ? 1 : 0;
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
      const result = await withStore((store) => seedStore(store, options, (p) => process.stderr.write(formatProgress(p) + '\n')));
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
