/**
 * A webhook endpoint's delivery log (newest first, cursor-paged, filtered by status in the URL:
 * `?status=failed`) and Resend failed deliveries (`POST /recover` from a chosen instant).
 */
import { useEffect, useState } from 'preact/hooks';
import { ErrorNotice } from '../components';
import { useSession } from '../context';
import { formatDateTime, sentenceCase } from '../format';
import { navigate, type Location } from '../router';
import { DELIVERY_STATUSES, type Delivery } from '../types';
import { apiMessage } from './webhook-form';

/** While the first page shows a pending delivery, it is read again this often. */
const PENDING_REFRESH_MS = 2000;

interface LogState {
  key: string;
  status: 'loading' | 'ready' | 'error';
  rows: Delivery[];
  next?: string;
  error?: string;
  loadingMore?: boolean;
  moreError?: string;
  /** Pages loaded (the automatic refresh reads the first page only). */
  pages: number;
}

const TONES: Record<string, string> = { succeeded: 'done', failed: 'failed', pending: 'waiting' };

function readStatus(location: Location): string {
  const status = location.query.get('status') ?? '';
  return (DELIVERY_STATUSES as readonly string[]).includes(status) ? status : '';
}

export function DeliveryLog({ webhookId, location, version }: { webhookId: string; location: Location; version: number }) {
  const { api } = useSession();
  const filter = readStatus(location);
  const key = `${webhookId}|${filter}`;
  const [loaded, setLoaded] = useState<LogState>({ key, status: 'loading', rows: [], pages: 0 });
  const state: LogState = loaded.key === key ? loaded : { key, status: 'loading', rows: [], pages: 0 };
  const [tick, setTick] = useState(0);
  const [quiet, setQuiet] = useState(false);

  useEffect(() => {
    let live = true;
    if (!quiet) setLoaded({ key, status: 'loading', rows: [], pages: 0 });
    api.listDeliveries(webhookId, filter).then(
      (page) => {
        if (live) setLoaded({ key, status: 'ready', rows: page.items, next: page.nextCursor, pages: 1 });
      },
      (err: unknown) => {
        if (live) setLoaded({ key, status: 'error', rows: [], error: apiMessage(err), pages: 0 });
      },
    );
    return () => {
      live = false;
    };
  }, [api, key, version, tick]);

  // Pending deliveries change by themselves: read the first page again until none is left.
  const pending = state.status === 'ready' && state.pages === 1 && state.rows.some((d) => d.status === 'pending');
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => {
      setQuiet(true);
      setTick((n) => n + 1);
    }, PENDING_REFRESH_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [pending, state.rows]);

  const loadMore = async () => {
    if (!state.next) return;
    setLoaded((s) => ({ ...s, loadingMore: true, moreError: undefined }));
    try {
      const page = await api.listDeliveries(webhookId, filter, state.next);
      setLoaded((s) => {
        const seen = new Set(s.rows.map((d) => d.id));
        return {
          key: s.key,
          status: 'ready',
          rows: [...s.rows, ...page.items.filter((d) => !seen.has(d.id))],
          next: page.nextCursor,
          pages: s.pages + 1,
        };
      });
    } catch (err) {
      setLoaded((s) => ({ ...s, loadingMore: false, moreError: apiMessage(err) }));
    }
  };

  const count = state.rows.length;
  const shown = `${count}${state.next ? '+' : ''} ${filter ? `${filter} ` : ''}deliver${count === 1 && !state.next ? 'y' : 'ies'} shown.`;
  return (
    <section aria-labelledby="deliveries-heading" class="panel">
      <h2 id="deliveries-heading">Delivery log</h2>
      <div class="log-toolbar">
        <div class="field">
          <label for="delivery-status">Status</label>
          <select
            id="delivery-status"
            value={filter}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setQuiet(false);
              navigate(`${location.path}${value ? `?status=${value}` : ''}`);
            }}
          >
            <option value="">All</option>
            {DELIVERY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {sentenceCase(s)}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          class="button button-secondary"
          onClick={() => {
            setQuiet(false);
            setTick((n) => n + 1);
          }}
        >
          Refresh
        </button>
      </div>
      <p class="list-status" role="status">
        {state.status === 'loading' ? 'Loading the deliveries…' : state.status === 'ready' ? shown : ''}
      </p>
      {state.status === 'error' && (
        <ErrorNotice
          onRetry={() => {
            setTick((n) => n + 1);
          }}
        >
          Could not load the deliveries: {state.error}
        </ErrorNotice>
      )}
      {state.status === 'ready' && state.rows.length === 0 && (
        <p class="empty">{filter ? `No ${filter} deliveries.` : 'No deliveries yet. Send a test event to try the endpoint.'}</p>
      )}
      {state.rows.length > 0 && (
        <table class="data-table deliveries-table">
          <caption class="visually-hidden">Deliveries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">HTTP status</th>
              <th scope="col">Duration</th>
              <th scope="col">Error</th>
              <th scope="col">Next attempt</th>
            </tr>
          </thead>
          <tbody>
            {state.rows.map((d) => (
              <tr key={d.id}>
                <td data-label="Event">
                  <span class="event-type">{d.eventType}</span>
                  <code class="event-id">{d.eventId}</code>
                  <time class="muted" dateTime={d.createdAt}>
                    {formatDateTime(d.createdAt)}
                  </time>
                </td>
                <td data-label="Status">
                  <span class={`badge badge-${TONES[d.status] ?? 'waiting'}`}>{sentenceCase(d.status)}</span>
                </td>
                <td data-label="Attempts">{d.attempts}</td>
                <td data-label="HTTP status">{d.lastStatus ?? '—'}</td>
                <td data-label="Duration">{d.lastDurationMs === null ? '—' : `${d.lastDurationMs} ms`}</td>
                <td data-label="Error" class="delivery-error">
                  {d.lastError ?? '—'}
                </td>
                <td data-label="Next attempt">{d.nextAttemptAt ? formatDateTime(d.nextAttemptAt) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {state.moreError && <ErrorNotice>Could not load more: {state.moreError}</ErrorNotice>}
      {state.next && state.status === 'ready' && (
        <button type="button" class="button button-secondary load-more" onClick={() => void loadMore()} disabled={state.loadingMore}>
          {state.loadingMore ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}

/** `YYYY-MM-DDTHH:mm` of the browser's time zone (a datetime-local input's value). */
function localInputValue(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function RecoverForm({ webhookId, onRecovered }: { webhookId: string; onRecovered: () => void }) {
  const { api } = useSession();
  const [since, setSince] = useState(() => localInputValue(new Date(Date.now() - 24 * 3600_000)));
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ error: boolean; text: string }>();

  const submit = async (e: Event) => {
    e.preventDefault();
    const instant = new Date(since);
    if (since === '' || Number.isNaN(instant.getTime())) {
      setResult({ error: true, text: 'Choose a date and time.' });
      return;
    }
    setBusy(true);
    setResult(undefined);
    try {
      const { requeued } = await api.recoverDeliveries(webhookId, instant.toISOString());
      setResult({
        error: false,
        text:
          requeued === 0
            ? 'No failed deliveries since then: nothing was resent.'
            : `${requeued} failed deliver${requeued === 1 ? 'y was' : 'ies were'} put back in the queue.`,
      });
      onRecovered();
    } catch (err) {
      setResult({ error: true, text: `Could not resend: ${apiMessage(err)}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="recover-heading" class="panel">
      <h2 id="recover-heading">Resend failed deliveries</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div class="field">
          <label for="recover-since">Failed since</label>
          <input
            id="recover-since"
            type="datetime-local"
            value={since}
            aria-describedby="recover-since-hint"
            onInput={(e) => {
              setSince(e.currentTarget.value);
            }}
          />
          <span id="recover-since-hint" class="hint">
            Every failed delivery created since then is sent again, with a fresh retry schedule. Your time zone.
          </span>
        </div>
        <div class="actions">
          <button type="submit" class="button" disabled={busy}>
            {busy ? 'Resending…' : 'Resend failed deliveries'}
          </button>
        </div>
        <p class={result?.error ? 'error-text' : 'muted'} role="status">
          {result?.text}
        </p>
      </form>
    </section>
  );
}
