/**
 * The live event stream (`GET /api/v1/events/stream`, Server-Sent Events) read with fetch: frames
 * are parsed as the SSE specification says (`id:`, `event:`, `data:`, `retry:`; `:` comments such
 * as the heartbeat ignored), and a dropped connection is opened again with `Last-Event-ID` = the
 * last event received, so nothing is missed while the server keeps the event.
 */
import type { components } from './schema.js';

/** One event of the log: the feed's items, the stream's messages, a webhook delivery's body. */
export type CallEvent = components['schemas']['Event'];
export type CallEventType = CallEvent['type'];

export interface StreamOptions {
  /** Follow only this call's events. */
  callId?: string;
  /** Start after this event (the last one seen); without it the stream starts with what happens from now on. */
  lastEventId?: string;
  /** Ends the stream (the iterator then finishes without an error). */
  signal?: AbortSignal;
  /** Called each time the connection is open and the server is sending (the first time and after each reconnect). */
  onOpen?: () => void;
  /** Wait before reconnecting after the connection dropped (the server's `retry:` overrides it). Default 1000 ms. */
  reconnectDelayMs?: number;
}

/** Opens the stream once: the caller's client adds auth, retries 429/503 and throws API errors. */
export type OpenStream = (lastEventId: string | undefined, signal: AbortSignal) => Promise<Response>;

export async function* readEventStream(open: OpenStream, options: StreamOptions): AsyncGenerator<CallEvent> {
  let lastEventId = options.lastEventId;
  let reconnectDelayMs = options.reconnectDelayMs ?? 1000;
  const stop = new AbortController();
  const onAbort = () => {
    stop.abort();
  };
  // A function, not the property: the compiler would take it as unchanged since the loop's test.
  const stopped = () => stop.signal.aborted;
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted === true) stop.abort();
  try {
    while (!stop.signal.aborted) {
      try {
        const res = await open(lastEventId, stop.signal);
        options.onOpen?.();
        if (res.body === null) throw new Error('the event stream answered no body');
        for await (const frame of readFrames(res.body, stop.signal)) {
          if (frame.retry !== undefined) reconnectDelayMs = frame.retry;
          if (frame.id !== undefined) lastEventId = frame.id;
          if (frame.data === undefined) continue;
          yield JSON.parse(frame.data) as CallEvent;
        }
      } catch (err) {
        // An API error (bad Last-Event-ID, auth) will not heal by itself; a dropped connection will.
        if (stopped()) return;
        if (!(err instanceof TypeError) && !isAbortError(err)) throw err;
      }
      await delay(reconnectDelayMs, stop.signal);
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    // Also reached when the consumer breaks out of its loop: close the connection.
    stop.abort();
  }
}

interface Frame {
  id: string | undefined;
  data: string | undefined;
  retry: number | undefined;
}

/** The SSE messages of a body; `event:` is not needed since the JSON names its type. */
async function* readFrames(body: ReadableStream<Uint8Array>, signal: AbortSignal): AsyncGenerator<Frame> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const onAbort = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  let buffer = '';
  let skipLineFeed = false;
  let frame: Frame = { id: undefined, data: undefined, retry: undefined };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      const chunk = decoder.decode(value, { stream: true });
      // A \r\n split across two chunks is one line end, not two.
      const text: string = skipLineFeed && chunk.startsWith('\n') ? chunk.slice(1) : chunk;
      skipLineFeed = text.endsWith('\r');
      buffer += text;
      const lines = buffer.split(/\r\n|\r|\n/);
      // The last piece is a line still arriving.
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') {
          if (frame.data !== undefined || frame.id !== undefined || frame.retry !== undefined) yield frame;
          frame = { id: undefined, data: undefined, retry: undefined };
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        let fieldValue = colon === -1 ? '' : line.slice(colon + 1);
        if (fieldValue.startsWith(' ')) fieldValue = fieldValue.slice(1);
        if (field === 'data') frame.data = frame.data === undefined ? fieldValue : `${frame.data}\n${fieldValue}`;
        else if (field === 'id' && !fieldValue.includes('\0')) frame.id = fieldValue;
        else if (field === 'retry' && /^\d+$/.test(fieldValue)) frame.retry = Number(fieldValue);
      }
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    // Ended early (the consumer broke out, or an error): close the connection rather than leave it open.
    await reader.cancel().catch(() => undefined);
  }
}

function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
