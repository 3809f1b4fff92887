/**
 * Checkpoints the WAL from a worker thread with its own connection, so that copying pages back
 * into the database file, and the fsync that goes with it, never stall the event loop that
 * serves requests. The serving connection keeps a (larger) automatic checkpoint as a backstop.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';

const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = ' + workerData.synchronous);
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: next time */ }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export class BackgroundCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(path: string, synchronous: 'NORMAL' | 'FULL', intervalMs = 250) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(SOURCE, { eval: true, workerData: { path, driver, synchronous, intervalMs } });
    this.worker.unref();
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', () => {
        resolve();
      }),
    );
    // A failing checkpointer only means the serving connection's own checkpoints take over.
    this.worker.on('error', () => {});
  }

  async stop(): Promise<void> {
    this.worker.postMessage('stop');
    const timeout = setTimeout(() => void this.worker.terminate(), 2000);
    await this.exited;
    clearTimeout(timeout);
  }
}
