/**
 * Live updates of one call while it is unfinished. The console asks this module only; today it
 * polls Get Call, and an event-stream source can replace `watchCall` without touching the pages.
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

/** How often an unfinished call is asked for again. */
export const POLL_INTERVAL_MS = 3000;

export function isFinished(call: Call): boolean {
  return TERMINAL_STATUSES.has(call.status);
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
      const error = err instanceof ApiError ? err : new ApiError(0, 'UNKNOWN', String(err));
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

/** The live source the pages use. */
export const watchCall: (api: Api, initial: Call, handlers: CallWatchHandlers) => CallWatch = pollCall;
