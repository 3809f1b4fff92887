/** A Server-Sent Events client for tests: reads a stream over a real socket, frame by frame. */
import assert from 'node:assert/strict';

export interface SseFrame {
  /** `id:`, `event:`, `data:` of an event; `comment` of a `: …` line. */
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** Every frame so far. */
  frames: SseFrame[];
  /** The next frame (after those already taken) for which `accept` holds, waiting for it. */
  next(accept?: (f: SseFrame) => boolean): Promise<SseFrame>;
  /** Resolves when the server has ended the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string>): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  assert.equal(res.status, 200, await (res.status === 200 ? Promise.resolve('') : res.text()));
  assert.ok(res.body);
  const frames: SseFrame[] = [];
  let taken = 0;
  let wake: (() => void) | undefined;
  let buffer = '';
  const decoder = new TextDecoder();
  const reader = res.body.getReader();
  const ended = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          frames.push(parseFrame(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
        }
        wake?.();
      }
    } catch {
      // aborted by close()
    } finally {
      wake?.();
    }
  })();
  let done = false;
  void ended.then(() => (done = true));
  return {
    status: res.status,
    headers: res.headers,
    frames,
    ended,
    async next(accept = () => true) {
      for (;;) {
        while (taken < frames.length) {
          const f = frames[taken++];
          if (accept(f)) return f;
        }
        if (done) throw new Error('the stream ended');
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    close() {
      abort.abort();
    },
  };
}

function parseFrame(text: string): SseFrame {
  const frame: SseFrame = {};
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) frame.comment = line.slice(1).trim();
    else {
      const i = line.indexOf(':');
      const name = line.slice(0, i);
      const value = line.slice(i + 1).replace(/^ /, '');
      if (name === 'id' || name === 'event' || name === 'data') frame[name] = value;
    }
  }
  return frame;
}

export const isEvent = (f: SseFrame): boolean => f.event !== undefined;
