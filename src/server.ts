/** Entry point of `calls-api serve`: config → store → app → listen; graceful close on SIGTERM. */
import { buildApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { openStore } from './store/open.js';

export interface RunningServer {
  address: string;
  close(): Promise<void>;
}

export async function startServer(config: Config = loadConfig()): Promise<RunningServer> {
  const store = await openStore(config.databaseUrl, {
    sqliteSynchronous: config.sqliteSynchronous,
    pgPoolMax: config.pgPoolMax,
    backgroundCheckpoint: true,
  });
  const { app } = await buildApp({ store, config });
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Stop accepting, let in-flight requests finish, then close the database.
      await app.close();
      await store.close();
    })());
  try {
    const address = await app.listen({ port: config.port, host: config.host });
    app.log.info({ address, store: store.kind }, 'calls-api listening');
    return { address, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Runs until SIGTERM / SIGINT, then shuts down gracefully and exits. */
export async function serveUntilSignalled(): Promise<void> {
  const server = await startServer();
  const stop = (signal: string) => {
    process.stderr.write(`calls-api: ${signal} received, finishing in-flight requests\n`);
    server.close().then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`calls-api: shutdown failed: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
