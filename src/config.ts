/** Environment → typed configuration, read once at start. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  logLevel: string;
  /** Largest request body accepted, in bytes (413 beyond). */
  bodyLimit: number;
  /** How long a verified API key is trusted before the store is asked again (revocation delay). */
  keyCacheMs: number;
  maxMessagesPerCall: number;
  /** SQLite PRAGMA synchronous: NORMAL survives a process crash, FULL also a power loss. */
  sqliteSynchronous: 'NORMAL' | 'FULL';
  pgPoolMax: number;
  /**
   * Benchmarks only (CALLS_API_BENCH_BARE=1): adds `GET /__bench/bare`, which answers bytes held in
   * memory with no auth and no store, as the framework's floor to compare Get Call with.
   */
  benchBare: boolean;
}

export const DEFAULT_DATABASE_URL = 'sqlite:./data/calls-api.db';

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

/** The SQLite full-text key leaves 24 bits for a message's sequence number within its call. */
function maxMessages(n: number): number {
  if (n >= 16_777_216) throw new Error('MAX_MESSAGES_PER_CALL must be below 16777216');
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const sync = (env.SQLITE_SYNCHRONOUS ?? 'NORMAL').toUpperCase();
  if (sync !== 'NORMAL' && sync !== 'FULL') throw new Error('SQLITE_SYNCHRONOUS must be NORMAL or FULL');
  return {
    port: int(env, 'PORT', 3000),
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    logLevel: env.LOG_LEVEL || 'info',
    bodyLimit: int(env, 'BODY_LIMIT', 1024 * 1024, 1024),
    keyCacheMs: int(env, 'KEY_CACHE_MS', 1000),
    maxMessagesPerCall: maxMessages(int(env, 'MAX_MESSAGES_PER_CALL', 10_000, 1)),
    sqliteSynchronous: sync,
    pgPoolMax: int(env, 'PG_POOL_MAX', 10, 1),
    benchBare: env.CALLS_API_BENCH_BARE === '1',
  };
}
