/**
 * The event feed and the live stream's reading side (issue 14): filters checked, a cursor (an
 * event id) turned into a log position, pages oldest first; and `EventStreams`, which follows
 * the log for every open stream of this process through one watch of the log.
 */
import type { EventListQuery, EventLog, EventWatch, StoredEvent } from './ports/index.js';
import { CALL_EVENT_TYPES } from '../contract/events.js';
import { enumList } from './calls.js';
import { DEFAULT_PAGE_SIZE } from '../contract/limits.js';
import { errors } from './errors.js';
import { isUuid } from './ids.js';

export interface EventFeedInput {
  type?: readonly string[];
  callId?: string;
  after?: string;
  limit?: number;
}

export interface EventPage {
  events: readonly StoredEvent[];
  /** The id to continue after when there are more events now. */
  next?: string;
}

/** What one stream follows, and where it starts. */
export interface StreamStart {
  accountId: string;
  callId?: string;
  afterPosition: number;
}

export class EventFeed {
  constructor(private readonly log: EventLog) {}

  async list(accountId: string, input: EventFeedInput): Promise<EventPage> {
    const limit = input.limit ?? DEFAULT_PAGE_SIZE;
    const query: EventListQuery = {
      accountId,
      afterPosition: input.after === undefined ? 0 : await this.positionOf(accountId, input.after, 'after'),
      limit: limit + 1,
    };
    if (input.type !== undefined) query.types = enumList(input.type, CALL_EVENT_TYPES, 'type');
    if (input.callId !== undefined) query.callId = callIdFilter(input.callId);
    const rows = await this.log.list(query);
    const events = rows.slice(0, limit);
    const last = events.at(-1);
    return rows.length > limit && last ? { events, next: last.id } : { events };
  }

  /**
   * Where a stream starts: after the `Last-Event-ID` it resumes from, else after the newest event
   * now (a new stream shows what happens from now on).
   */
  async streamStart(accountId: string, callId: string | undefined, lastEventId: string | undefined): Promise<StreamStart> {
    const start: StreamStart = {
      accountId,
      afterPosition:
        lastEventId === undefined ? await this.log.lastPosition() : await this.positionOf(accountId, lastEventId, 'Last-Event-ID'),
    };
    if (callId !== undefined) start.callId = callIdFilter(callId);
    return start;
  }

  private async positionOf(accountId: string, eventId: string, name: string): Promise<number> {
    const position = await this.log.positionOf(accountId, eventId);
    if (position === undefined) {
      throw errors.validation(`${name} names no event of this account's log (unknown, or older than the event retention period)`);
    }
    return position;
  }
}

function callIdFilter(value: string): string {
  if (!isUuid(value)) throw errors.validation('callId must be a UUID');
  return value.toLowerCase();
}

/** The log grew while the follower was reading (a field set by another call, hence a function). */
function mustReadAgain(f: Follower): boolean {
  return f.behind && !f.closed;
}

/** Events read per query while a stream catches up. */
const STREAM_BATCH = 200;

/** One open stream: where it is in the log, and how its events leave. */
interface Follower {
  readonly start: StreamStart;
  position: number;
  /** Takes the next events in order; answers false when the stream can take no more (it is then closed). */
  readonly send: (events: readonly StoredEvent[]) => boolean;
  readonly onError: (err: unknown) => void;
  reading: boolean;
  /** The log grew while this follower was reading: read again. */
  behind: boolean;
  closed: boolean;
}

export interface StreamHandle {
  close(): void;
}

/**
 * Every open stream of this process, fed from one watch of the log (opened with the first stream,
 * stopped with the last): when the log grows, each stream reads its events after its position.
 */
export class EventStreams {
  private readonly followers = new Set<Follower>();
  private watch: EventWatch | undefined;

  constructor(private readonly log: EventLog) {}

  get size(): number {
    return this.followers.size;
  }

  /** Starts following; the events after `start.afterPosition` already in the log come first. */
  open(start: StreamStart, send: Follower['send'], onError: Follower['onError']): StreamHandle {
    const follower: Follower = { start, position: start.afterPosition, send, onError, reading: false, behind: false, closed: false };
    this.followers.add(follower);
    this.watch ??= this.log.watch(() => {
      for (const f of this.followers) void this.catchUp(f);
    });
    void this.catchUp(follower);
    return {
      close: () => {
        this.drop(follower);
      },
    };
  }

  /** Ends every stream (the server is closing). */
  closeAll(): void {
    for (const f of [...this.followers]) this.drop(f);
  }

  private drop(f: Follower): void {
    f.closed = true;
    this.followers.delete(f);
    if (this.followers.size === 0 && this.watch) {
      this.watch.stop();
      this.watch = undefined;
    }
  }

  /** Reads and sends the follower's new events; one read at a time per follower, in order. */
  private async catchUp(f: Follower): Promise<void> {
    if (f.reading) {
      f.behind = true;
      return;
    }
    f.reading = true;
    try {
      do {
        f.behind = false;
        for (;;) {
          const query: EventListQuery = { accountId: f.start.accountId, afterPosition: f.position, limit: STREAM_BATCH };
          if (f.start.callId !== undefined) query.callId = f.start.callId;
          const events = await this.log.list(query);
          const last = events.at(-1);
          if (f.closed || last === undefined) break;
          f.position = last.position;
          if (!f.send(events)) {
            this.drop(f);
            return;
          }
          if (events.length < STREAM_BATCH) break;
        }
      } while (mustReadAgain(f));
    } catch (err) {
      f.onError(err);
    } finally {
      f.reading = false;
    }
  }
}
