/**
 * Calls, newest first. The filters live in the URL (`/console?status=completed&q=invoice`), so a
 * filtered view can be shared and Back returns to the previous one; pages follow the API's cursor.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { ErrorNotice, PageHeading, StatusBadge } from '../components';
import { takeFlash, useSession } from '../context';
import { firstWords, formatDateTime, formatDuration, personName } from '../format';
import { Link, navigate, type Location } from '../router';
import { CALL_STATUSES, CHANNELS, CHANNEL_LABELS, type Agent, type Call } from '../types';
import { apiQuery, consoleUrl, FILTER_KEYS, readFilters, takePrefetched, type FilterKey, type Filters } from '../calls-query';

interface ListState {
  /** The API query these calls answer: rows of another filter are never shown. */
  key: string;
  status: 'loading' | 'ready' | 'error';
  calls: Call[];
  next?: string;
  error?: string;
  loadingMore?: boolean;
  moreError?: string;
}

let rowsMarked = false;

export function CallsPage({ location }: { location: Location }) {
  const { api, agents } = useSession();
  const filters = readFilters(location.query);
  const query = apiQuery(filters);
  const queryKey = query.toString();
  const [loaded, setState] = useState<ListState>({ key: queryKey, status: 'loading', calls: [] });
  const state: ListState = loaded.key === queryKey ? loaded : { key: queryKey, status: 'loading', calls: [] };
  const [reload, setReload] = useState(0);
  const [flash] = useState(takeFlash);
  const filtered = FILTER_KEYS.some((k) => filters[k] !== '');

  useEffect(() => {
    let live = true;
    setState({ key: queryKey, status: 'loading', calls: [] });
    // The first page may already be on its way (main.tsx asks for it before the first render).
    takePrefetched(queryKey, () => api.listCalls(query)).then(
      (page) => {
        if (live) setState({ key: queryKey, status: 'ready', calls: page.calls, next: page.nextCursor });
      },
      (err: unknown) => {
        if (live) setState({ key: queryKey, status: 'error', calls: [], error: messageOf(err) });
      },
    );
    return () => {
      live = false;
    };
  }, [api, queryKey, reload]);

  useEffect(() => {
    // For the benchmark (bench/console-load.ts): the moment the first rows are on screen.
    if (!rowsMarked && state.status === 'ready' && state.calls.length > 0) {
      rowsMarked = true;
      performance.mark('console:calls-rows-visible');
    }
  }, [state]);

  const loadMore = async () => {
    if (!state.next) return;
    setState((s) => ({ ...s, loadingMore: true, moreError: undefined }));
    try {
      const page = await api.listCalls(query, state.next);
      setState((s) => {
        const seen = new Set(s.calls.map((c) => c.id));
        return { key: s.key, status: 'ready', calls: [...s.calls, ...page.calls.filter((c) => !seen.has(c.id))], next: page.nextCursor };
      });
    } catch (err) {
      setState((s) => ({ ...s, loadingMore: false, moreError: messageOf(err) }));
    }
  };

  const agentNames = new Map((agents ?? []).map((a) => [a.id, agentName(a)]));

  return (
    <>
      <PageHeading title="Calls">Calls</PageHeading>
      {flash && (
        <p class="notice" role="status">
          {flash}
        </p>
      )}
      <FilterForm search={location.search} filters={filters} agents={agents} />
      <div class="list-status" role="status" data-loaded={state.status === 'loading' ? undefined : location.search}>
        {state.status === 'loading' && 'Loading calls…'}
        {state.status === 'ready' &&
          state.calls.length > 0 &&
          `${state.calls.length} call${state.calls.length === 1 ? '' : 's'} shown${state.next ? ', more available' : ''}.`}
      </div>
      {state.status === 'error' && (
        <ErrorNotice
          onRetry={() => {
            setReload((n) => n + 1);
          }}
        >
          Could not load the calls: {state.error}
        </ErrorNotice>
      )}
      {state.status === 'ready' && state.calls.length === 0 && (
        <div class="empty">
          {filtered ? (
            <p>
              No calls match these filters. <Link href="/console">Clear the filters</Link> to see every call.
            </p>
          ) : (
            <p>No calls yet. Calls created through the API (or by Twilio) appear here.</p>
          )}
        </div>
      )}
      {state.calls.length > 0 && (
        <table class="calls-table">
          <caption class="visually-hidden">Calls, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Customer</th>
              <th scope="col">Agent</th>
              <th scope="col">Channel</th>
              <th scope="col">Status</th>
              <th scope="col">Duration</th>
              <th scope="col">Last message</th>
            </tr>
          </thead>
          <tbody>
            {state.calls.map((call) => (
              <CallRow key={call.id} call={call} agent={agentNames.get(call.agentId) ?? (call.agentEmail || '—')} />
            ))}
          </tbody>
        </table>
      )}
      {state.moreError && <ErrorNotice>Could not load more calls: {state.moreError}</ErrorNotice>}
      {state.status === 'ready' && state.next && (
        <button type="button" class="button button-secondary load-more" onClick={() => void loadMore()} disabled={state.loadingMore}>
          {state.loadingMore ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}

function CallRow({ call, agent }: { call: Call; agent: string }) {
  const last = call.messages.at(-1);
  const customer = call.customerName || call.customerEmail || 'Unknown customer';
  return (
    <tr>
      <td data-label="Time">
        <Link
          href={`/console/calls/${encodeURIComponent(call.id)}`}
          aria-label={`Call with ${customer}, ${formatDateTime(call.createdAt)}`}
        >
          {formatDateTime(call.createdAt)}
        </Link>
      </td>
      <td data-label="Customer">
        <div>
          <span class="customer-name">{customer}</span>
          {call.customerPhone && <span class="muted phone">{call.customerPhone}</span>}
        </div>
      </td>
      <td data-label="Agent">{agent}</td>
      <td data-label="Channel">{CHANNEL_LABELS[call.channel] ?? call.channel}</td>
      <td data-label="Status">
        <StatusBadge status={call.status} />
      </td>
      <td data-label="Duration">{formatDuration(call.duration)}</td>
      <td data-label="Last message" class="excerpt">
        {last ? firstWords(last.content) || <span class="muted">(no text)</span> : <span class="muted">No messages</span>}
      </td>
    </tr>
  );
}

function FilterForm({ search, filters, agents }: { search: string; filters: Filters; agents: Agent[] | undefined }) {
  const [draft, setDraft] = useState<Filters>(filters);
  // Back and Forward (and shared links) change the URL: the form shows what the URL says. The
  // form stays mounted, so focus stays where it was.
  useEffect(() => {
    setDraft(filters);
  }, [search]);
  const [error, setError] = useState<string>();
  const errorRef = useRef<HTMLParagraphElement>(null);
  const set = (key: FilterKey) => (e: { currentTarget: { value: string } }) => {
    setDraft((d) => ({ ...d, [key]: e.currentTarget.value }));
  };

  const submit = (e: Event) => {
    e.preventDefault();
    const f = { ...draft, phone: draft.phone.trim(), q: draft.q.trim() };
    if (f.from && f.to && f.from > f.to) {
      setError('The “From” date must be on or before the “To” date.');
      return;
    }
    setError(undefined);
    navigate(consoleUrl(f));
  };

  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  return (
    <form class="filters" onSubmit={submit} role="search" aria-label="Filter calls">
      <div class="field field-wide">
        <label for="f-q">Search</label>
        <input id="f-q" type="search" value={draft.q} onInput={set('q')} placeholder="Words in the transcript or messages" />
      </div>
      <div class="field">
        <label for="f-status">Status</label>
        <select id="f-status" value={draft.status} onChange={set('status')}>
          <option value="">Any status</option>
          {CALL_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="f-channel">Channel</label>
        <select id="f-channel" value={draft.channel} onChange={set('channel')}>
          <option value="">Any channel</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {CHANNEL_LABELS[c]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="f-agent">Agent</label>
        <select id="f-agent" value={draft.agent} onChange={set('agent')}>
          <option value="">Any agent</option>
          {(agents ?? []).map((a) => (
            <option key={a.id} value={a.id}>
              {agentName(a)}
            </option>
          ))}
          {draft.agent && agents && !agents.some((a) => a.id === draft.agent) && <option value={draft.agent}>{draft.agent}</option>}
        </select>
      </div>
      <div class="field">
        <label for="f-phone">Phone</label>
        <input id="f-phone" type="tel" inputMode="tel" value={draft.phone} onInput={set('phone')} placeholder="+1415… or digits" />
      </div>
      <div class="field">
        <label for="f-from">From</label>
        <input id="f-from" type="date" value={draft.from} onInput={set('from')} />
      </div>
      <div class="field">
        <label for="f-to">To</label>
        <input id="f-to" type="date" value={draft.to} onInput={set('to')} />
      </div>
      <div class="filter-actions">
        <button type="submit" class="button">
          Apply filters
        </button>
        {Object.values(filters).some(Boolean) && (
          <Link href="/console" class="button button-secondary">
            Clear filters
          </Link>
        )}
      </div>
      {error && (
        <p class="notice notice-error" role="alert" tabIndex={-1} ref={errorRef}>
          {error}
        </p>
      )}
    </form>
  );
}

function agentName(a: Agent): string {
  return personName(a.name, a.lastname) || a.email || a.id;
}

function messageOf(err: unknown): string {
  return err instanceof ApiError ? err.message : 'Something went wrong.';
}
