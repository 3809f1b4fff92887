/**
 * How the call cache learns, on PostgreSQL, that cached calls changed (the CallChangeFeed port).
 *
 * - Across processes: triggers (migration 10) queue, in every transaction that changes calls,
 *   messages, agents or customers, a NOTIFY on CALLS_CHANNEL — `accountId/callId` for each call
 *   changed, or EVERY_CALL for a change that may show in many calls (an agent or customer
 *   changed or deleted, a statement changing more than a hundred calls, a TRUNCATE); the bulk
 *   load adds EVERY_CALL itself. PostgreSQL delivers them on commit only; this process LISTENs on
 *   its one LISTEN connection (listener.ts).
 * - This process's own writes are reported right after they commit, not when their notification
 *   comes back: `writingCalls` for a write that changed known calls and their messages only,
 *   `writingBroadly` (and every write through the runner `reportingWrites` wraps) for the rest.
 *   So a notification sent by one of this process's own pool connections is ignored: acting on
 *   it too would drop, a moment later, calls read again since the write.
 * - While the LISTEN connection is not established the feed is not usable (the cache serves
 *   nothing from memory); when it is established again, everything is dropped.
 */
import type { CallChangeFeed } from '../../domain/ports/index.js';
import type { Sql, SqlRunner } from '../shared/sql.js';
import type { PgListener } from './listener.js';

/** The NOTIFY channel of changed calls. */
export const CALLS_CHANNEL = 'calls_api_calls';
/** The payload of a change that may show in many calls. */
export const EVERY_CALL = '*';

export interface CallOfWrite {
  readonly accountId: string;
  readonly callId: string;
}

export class PgCallChanges implements CallChangeFeed {
  private listener: ((accountId: string, callId: string) => void) | undefined;
  private unreported = 0;
  private live = false;
  private subscribed = false;

  /** `ownBackends`: the backend pids of this process's pool, whose notifications are its own writes. */
  constructor(
    private readonly channel: PgListener,
    private readonly ownBackends: ReadonlySet<number>,
  ) {}

  onCallChanged(listener: (accountId: string, callId: string) => void): void {
    this.listener = listener;
    if (this.subscribed) return;
    this.subscribed = true;
    this.channel.subscribe(CALLS_CHANNEL, {
      notified: (payload, senderPid) => {
        if (!this.ownBackends.has(senderPid)) this.notified(payload);
      },
      up: () => {
        // Whatever committed while nobody listened was not notified: drop everything.
        this.unreported++;
        this.live = true;
      },
      down: () => {
        this.live = false;
        this.unreported++;
      },
    });
  }

  usable(): boolean {
    return this.live;
  }

  unreportedWrites(): number {
    return this.unreported;
  }

  /** Other processes' commits come through the notifications: nothing to read. */
  foreignCommits(): number {
    return 0;
  }

  /**
   * Runs a write that changes only the calls `changed` names (from its result) and their
   * messages; the cache is told of each once it committed. A write that threw may have committed
   * anything (a lost COMMIT answer): everything is dropped.
   */
  async writingCalls<T>(changed: (result: T) => readonly CallOfWrite[], write: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await write();
    } catch (err) {
      this.unreported++;
      throw err;
    }
    const listener = this.listener;
    if (listener) for (const c of changed(result)) listener(c.accountId, c.callId);
    return result;
  }

  /** Runs a write that may show in many calls: everything is dropped once it is done. */
  async writingBroadly<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } finally {
      this.unreported++;
    }
  }

  private notified(payload: string): void {
    const slash = payload.indexOf('/');
    if (payload === EVERY_CALL || slash < 0) this.unreported++;
    else this.listener?.(payload.slice(0, slash), payload.slice(slash + 1));
  }
}

/** The runner of the shared repositories that may change what calls show: each write, once done, drops every call. */
export function reportingWrites(runner: SqlRunner, changes: PgCallChanges): SqlRunner {
  return {
    one: (s, params) => (isRead(s) ? runner.one(s, params) : changes.writingBroadly(() => runner.one(s, params))),
    all: (s, params) => (isRead(s) ? runner.all(s, params) : changes.writingBroadly(() => runner.all(s, params))),
    run: (s, params) => changes.writingBroadly(() => runner.run(s, params)),
  };
}

/** A plain SELECT reads only; anything else (INSERT … RETURNING, WITH …) counts as a write. */
function isRead(s: Sql): boolean {
  return /^\s*SELECT\b/i.test(s.text);
}
