/**
 * `calls-api serve --workers N`: N server processes on one port through node:cluster. The primary
 * migrates the schema once, then forks the workers (each runs `serveUntilSignalled` without
 * migrating); the primary accepts connections and hands them out in turn. A worker that dies is
 * replaced after a delay that doubles while replacements keep dying young (so a worker that cannot
 * start is not restarted in a hot loop). SIGTERM / SIGINT: every worker gets SIGTERM and drains as
 * the single process does; the primary exits when they all have (0 if they all exited cleanly).
 */
import cluster, { type Worker } from 'node:cluster';
import { loadConfig, workerCount } from './config.js';
import { serveUntilSignalled, type ServeOptions } from './server.js';
import { openStore } from './store/open.js';
import { printMigrationProgress } from './store/migrations.js';

/** First restart delay, its ceiling, and how long a worker must live for its slot's delay to reset. */
export const RESTART_DELAY_MS = 100;
export const MAX_RESTART_DELAY_MS = 10_000;
const HEALTHY_AFTER_MS = 10_000;

export interface ClusterOptions extends ServeOptions {
  /** `--workers` as given on the command line (overrides WORKERS). */
  workers?: string;
}

/** The `serve` command: one process (workers = 1), a cluster's primary, or one of its workers. */
export async function serve(options: ClusterOptions = {}): Promise<void> {
  const { workers: flag, ...serveOptions } = options;
  if (cluster.isWorker) {
    await serveUntilSignalled({ ...serveOptions, migrate: false });
    return;
  }
  const config = loadConfig();
  const workers = flag === undefined ? config.workers : workerCount(flag, '--workers');
  if (workers === 1) {
    await serveUntilSignalled(serveOptions);
    return;
  }
  // Migrate once, before any worker opens the database.
  const store = await openStore(config.databaseUrl, {
    sqliteSynchronous: config.sqliteSynchronous,
    pgPoolMax: 1,
    onMigration: printMigrationProgress,
  });
  await store.close();
  runPrimary(workers);
}

interface Slot {
  worker?: Worker;
  startedAt: number;
  /** Consecutive deaths of young workers in this slot (the next delay doubles with each). */
  youngDeaths: number;
  restart?: NodeJS.Timeout;
}

function say(line: string): void {
  process.stderr.write(`calls-api: ${line}\n`);
}

function runPrimary(count: number): void {
  const slots: Slot[] = Array.from({ length: count }, () => ({ startedAt: 0, youngDeaths: 0 }));
  let anyListened = false;
  let stopping = false;
  let failed = false;

  const fork = (index: number) => {
    const slot = slots[index];
    slot.restart = undefined;
    slot.startedAt = Date.now();
    const worker = cluster.fork({ CALLS_API_WORKER: String(index + 1) });
    slot.worker = worker;
    worker.on('listening', (address) => {
      anyListened = true;
      say(`worker ${index + 1} (pid ${worker.process.pid}) listening on ${address.address}:${address.port}`);
    });
    worker.on('exit', (code, signal) => {
      slot.worker = undefined;
      if (stopping) {
        if (code !== 0) failed = true;
        if (slots.every((s) => s.worker === undefined)) process.exit(failed ? 1 : 0);
        return;
      }
      const how = signal ? `signal ${signal}` : `code ${code}`;
      if (!anyListened) {
        // No worker ever started: the settings or the database are wrong, not one unlucky worker.
        say(`worker ${index + 1} exited with ${how} before any worker listened; stopping`);
        shutdown(1);
        return;
      }
      slot.youngDeaths = Date.now() - slot.startedAt >= HEALTHY_AFTER_MS ? 0 : slot.youngDeaths + 1;
      const delay = Math.min(MAX_RESTART_DELAY_MS, RESTART_DELAY_MS * 2 ** Math.max(0, slot.youngDeaths - 1));
      say(`worker ${index + 1} (pid ${worker.process.pid}) exited with ${how}; replacing it in ${delay} ms`);
      slot.restart = setTimeout(() => {
        fork(index);
      }, delay);
    });
  };

  const shutdown = (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    if (exitCode !== 0) failed = true;
    for (const slot of slots) {
      if (slot.restart !== undefined) clearTimeout(slot.restart);
      slot.restart = undefined;
      // The worker's own SIGTERM handler drains it (worker.kill() would disconnect it first).
      slot.worker?.process.kill('SIGTERM');
    }
    if (slots.every((s) => s.worker === undefined)) process.exit(failed ? 1 : 0);
  };

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      say(`${signal} received, draining ${count} workers`);
      shutdown(0);
    });
  }
  // By default the kernel hands connections out (every worker accepts on the one socket) rather
  // than the primary: with round-robin, a connection passed to a worker that has just died is
  // never answered nor closed, while a connection still in the kernel's queue goes to a live
  // worker. Node's own NODE_CLUSTER_SCHED_POLICY=rr chooses round-robin instead.
  if (process.env.NODE_CLUSTER_SCHED_POLICY !== 'rr') cluster.schedulingPolicy = cluster.SCHED_NONE;
  say(`starting ${count} workers`);
  for (let i = 0; i < count; i++) fork(i);
}
