/**
 * Live updates of one call while it is unfinished. The console asks this module only: the pages
 * call `watchCall` and get each fresh copy of the call.
 *
 * `watchCall` follows the API's event stream (`GET /api/v1/events/stream?callId=…`, Server-Sent
 * Events read with `fetch`, since EventSource cannot send the Authorization header). Each event of
 * the call is answered by one Get Call (several events in a row by one), so the page shows the call
 * exactly as the API answers it; `call.deleted` is handled like a 404. When the stream cannot be
 * opened (a non-200 answer, a network error) the call is polled every POLL_INTERVAL_MS while the
 * stream is tried again; a stream that drops is reopened with `Last-Event-ID`, so nothing is missed.
 */
import { ApiError, type Api } from './api';
import { TERMINAL_STATUSES, type Call } from './types';

export interface CallWatch {
  stop(): void;
}

export interface CallWatchHandlers {
  /** Each fresh copy of the call (only when it changed). */
  onCall(call: Call): void;
  /** A failed refresh; watching goes on unless the call is gone (404). */
  onError(error: ApiError): void;
}

/** How often an unfinished call is asked for again when the event stream is not available. */
export const POLL_INTERVAL_MS = 3000;
/** The wait before a dropped stream is reopened (the server's `retry:` replaces it). */
const RECONNECT_MS = 1000;
/** The longest wait between attempts to open a stream that keeps failing. */
const MAX_RECONNECT_MS = 30_000;

export function isFinished(call: Call): boolean {
  return TERMINAL_STATUSES.has(call.status);
}

function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError(0, 'UNKNOWN', String(err));
}

/** One Server-Sent Events message: `id:`, `event:` and the `data:` lines joined. */
export interface SseMessage {
  id?: string;
  event: string;
  data: string;
  retry?: number;
}

/**
 * Splits a text/event-stream into messages as its chunks arrive (comments such as heartbeats are
 * skipped). Feed it decoded text; it answers the messages completed by that text.
 */
export class SseParser {
  private buffer = '';

  push(text: string): SseMessage[] {
    this.buffer += text;
    const out: SseMessage[] = [];
    for (;;) {
      const match = /\r\n\r\n|\n\n|\r\r/.exec(this.buffer);
      if (!match) return out;
      const block = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const message: SseMessage = { event: 'message', data: '' };
      const data: string[] = [];
      let any = false;
      for (const line of block.split(/\r\n|\n|\r/)) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        let value = colon === -1 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'id') message.id = value;
        else if (field === 'event') message.event = value;
        else if (field === 'data') data.push(value);
        else if (field === 'retry' && /^\d+$/.test(value)) message.retry = Number(value);
        else continue;
        any = true;
      }
      message.data = data.join('\n');
      if (any) out.push(message);
    }
  }
}

/** Polls Get Call every POLL_INTERVAL_MS until the call finishes, is deleted, or `stop()`. */
export function pollCall(api: Api, initial: Call, handlers: CallWatchHandlers): CallWatch {
  let stopped = false;
  // Read through a call: stop() may run while a request is awaited.
  const isStopped = () => stopped;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = JSON.stringify(initial);
  const tick = async () => {
    if (isStopped()) return;
    try {
      const call = await api.getCall(initial.id);
      if (isStopped()) return;
      const text = JSON.stringify(call);
      if (text !== last) {
        last = text;
        handlers.onCall(call);
      }
      if (isFinished(call)) return;
    } catch (err) {
      if (isStopped()) return;
      const error = asApiError(err);
      handlers.onError(error);
      if (error.status === 404 || error.status === 401) return;
    }
    timer = setTimeout(tick, POLL_INTERVAL_MS);
  };
  if (!isFinished(initial)) timer = setTimeout(tick, POLL_INTERVAL_MS);
  return {
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}

/** Follows the call's event stream; polls while the stream is not available. */
export function streamCall(api: Api, initial: Call, handlers: CallWatchHandlers): CallWatch {
  const abort = new AbortController();
  let stopped = false;
  const isStopped = () => stopped;
  let last = JSON.stringify(initial);
  let lastEventId: string | undefined;
  let retryMs = RECONNECT_MS;
  let poll: CallWatch | undefined;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  const stop = () => {
    if (stopped) return;
    stopped = true;
    abort.abort();
    poll?.stop();
    if (reconnectTimer !== undefined) clearTimeout(reconnectTimer);
  };
  const fail = (error: ApiError) => {
    if (isStopped()) return;
    handlers.onError(error);
    if (error.status === 404 || error.status === 401) stop();
  };
  const show = (call: Call) => {
    const text = JSON.stringify(call);
    if (text !== last) {
      last = text;
      handlers.onCall(call);
    }
    if (isFinished(call)) stop();
  };

  // One Get Call at a time; events arriving meanwhile are answered by one more afterwards.
  let refreshing = false;
  let again = false;
  // Read through a call: an event may set it while a request is awaited.
  const isAgain = () => again;
  const refresh = async () => {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    try {
      do {
        again = false;
        try {
          const call = await api.getCall(initial.id);
          if (isStopped()) return;
          show(call);
        } catch (err) {
          fail(asApiError(err));
        }
      } while (isAgain() && !isStopped());
    } finally {
      refreshing = false;
    }
  };

  const startPolling = () => {
    if (poll === undefined && !isStopped()) {
      poll = pollCall(api, JSON.parse(last) as Call, {
        onCall: show,
        onError: fail,
      });
    }
  };
  const stopPolling = () => {
    poll?.stop();
    poll = undefined;
  };

  const connect = async () => {
    reconnectTimer = undefined;
    if (isStopped()) return;
    let res: Response;
    try {
      res = await api.openCallStream(initial.id, lastEventId, abort.signal);
    } catch (err) {
      if (isStopped()) return;
      const error = asApiError(err);
      if (error.status === 401) {
        fail(error);
        return;
      }
      // A Last-Event-ID the log no longer has: start again from now, and catch up with Get Call.
      if (error.status === 400 && lastEventId !== undefined) lastEventId = undefined;
      startPolling();
      retryMs = Math.min(retryMs * 2, MAX_RECONNECT_MS);
      reconnectTimer = setTimeout(() => void connect(), retryMs);
      return;
    }
    const reader = res.body?.getReader();
    if (!reader) {
      startPolling();
      return;
    }
    stopPolling();
    retryMs = RECONNECT_MS;
    // Whatever changed between the last copy and the stream's start.
    void refresh();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    let serverRetry: number | undefined;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || isStopped()) break;
        for (const message of parser.push(decoder.decode(value, { stream: true }))) {
          if (message.retry !== undefined) serverRetry = message.retry;
          if (message.id !== undefined) lastEventId = message.id;
          if (message.event === 'call.deleted') {
            fail(new ApiError(404, 'CALL_NOT_FOUND', 'This call has been deleted.'));
            return;
          }
          if (message.event.startsWith('call.') || message.event.startsWith('message.')) void refresh();
        }
      }
    } catch {
      // the connection dropped: reopened below
    }
    if (isStopped()) return;
    reconnectTimer = setTimeout(() => void connect(), serverRetry ?? RECONNECT_MS);
  };

  if (!isFinished(initial)) void connect();
  return { stop };
}

/** The live source the pages use. */
export const watchCall: (api: Api, initial: Call, handlers: CallWatchHandlers) => CallWatch = streamCall;
