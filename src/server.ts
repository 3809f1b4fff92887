/** Entry point of `calls-api serve`: config → store → app → listen; graceful close on SIGTERM. */
import { buildApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { openStore } from './store/open.js';
import { printMigrationProgress } from './store/migrations.js';
import { RetentionPurger } from './domain/data-protection.js';
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import type { FastifyPluginCallback } from 'fastify';

export interface RunningServer {
  address: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Plugins registered at the root after the app's own (the benchmark adds its bare route). */
  plugins?: FastifyPluginCallback[];
}

export async function startServer(config: Config = loadConfig(), options: ServeOptions = {}): Promise<RunningServer> {
  const store = await openStore(config.databaseUrl, {
    sqliteSynchronous: config.sqliteSynchronous,
    sqliteBusyTimeoutMs: config.sqliteBusyTimeoutMs,
    pgPoolMax: config.pgPoolMax,
    backgroundCheckpoint: true,
    eventPollMs: config.eventStreamPollMs,
    onMigration: printMigrationProgress,
  });
  const { app, dataProtection, startDraining } = await buildApp({ store, config, plugins: options.plugins });
  const purger = new RetentionPurger(dataProtection, {
    intervalMs: config.retentionIntervalMs,
    batchSize: config.retentionBatchSize,
    onError: (err) => {
      app.log.warn(
        { errCode: (err as { code?: string }).code, errType: (err as Error).name },
        'retention purge failed; retrying next interval',
      );
    },
    onPurged: (n) => {
      app.log.info({ calls: n }, 'retention purge erased calls');
    },
  });
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Keep serving for a short grace period (answers say Connection: close, /healthz says 503)
      // so that requests already on the wire are read and answered rather than refused; then
      // stop accepting, let in-flight requests finish, stop the purge, close the database.
      startDraining();
      if (config.shutdownGraceMs > 0) await sleep(config.shutdownGraceMs);
      await app.close();
      await purger.stop();
      await store.close();
    })());
  try {
    const address = await app.listen({ port: config.port, host: config.host });
    app.log.info({ address, store: store.kind }, 'calls-api listening');
    purger.start();
    return { address, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Runs until SIGTERM / SIGINT, then shuts down gracefully and exits. */
export async function serveUntilSignalled(options: ServeOptions = {}): Promise<void> {
  const config = loadConfig();
  // V8 otherwise lets the heap grow to several times what is live before collecting (the machine
  // has memory to spare, V8 thinks): cached calls leaving the cache then cost resident memory
  // long after. Measured: peak RSS of the quick benchmark 309 → 211 MiB, speed within the noise.
  if (config.compactHeap) v8.setFlagsFromString('--optimize-for-size');
  const server = await startServer(config, options);
  const stop = (signal: string) => {
    process.stderr.write(`calls-api: ${signal} received, finishing in-flight requests\n`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`calls-api: shutdown failed: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => {
    stop('SIGTERM');
  });
  process.once('SIGINT', () => {
    stop('SIGINT');
  });
}
