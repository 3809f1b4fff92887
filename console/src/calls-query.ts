/**
 * The calls page's filters: how they read from the console URL (`/console?status=…&q=…`) and
 * become the API's list query; and the first page asked for before the app has even rendered.
 */
import { ApiError, type Api, type CallPage } from './api';

export const PAGE_SIZE = 50;
export const FILTER_KEYS = ['status', 'channel', 'from', 'to', 'agent', 'phone', 'q'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Record<FilterKey, string>;

export function readFilters(query: URLSearchParams): Filters {
  const filters = {} as Filters;
  for (const key of FILTER_KEYS) filters[key] = (query.get(key) ?? '').trim();
  return filters;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A yyyy-mm-dd of the browser's calendar as the instant that day starts (or ends) there. */
function localDayBound(day: string, end: boolean): string | undefined {
  if (!DATE.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return end ? new Date(new Date(y, m - 1, d + 1).getTime() - 1).toISOString() : new Date(y, m - 1, d).toISOString();
}

export function apiQuery(f: Filters): URLSearchParams {
  const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (f.status) q.set('status', f.status);
  if (f.channel) q.set('channel', f.channel);
  const from = localDayBound(f.from, false);
  const to = localDayBound(f.to, true);
  if (from) q.set('dateRange[from]', from);
  if (to) q.set('dateRange[to]', to);
  if (f.agent) q.set('agentId', f.agent);
  if (f.phone) q.set('customerPhone', f.phone);
  if (f.q) q.set('q', f.q);
  return q;
}

export function consoleUrl(f: Filters): string {
  const q = new URLSearchParams();
  for (const key of FILTER_KEYS) if (f[key]) q.set(key, f[key]);
  const s = q.toString();
  return s ? `/console?${s}` : '/console';
}

let prefetched: { key: string; page: Promise<CallPage> } | undefined;

/** Starts loading the first page of calls for the URL the console opened at, before any render. */
export function prefetchCalls(api: Api, query: URLSearchParams): void {
  const q = apiQuery(readFilters(query));
  const page = api.listCalls(q);
  page.catch(() => undefined); // handled by whoever takes it
  prefetched = { key: q.toString(), page };
}

/** The page started early for this query if there is one, else `ask()`. */
export function takePrefetched(key: string, ask: () => Promise<CallPage>): Promise<CallPage> {
  const early = prefetched;
  prefetched = undefined;
  if (!early || early.key !== key) return ask();
  // A refused key is asked again through the app's own client, which then signs the tab out.
  return early.page.catch((err: unknown) => {
    if (err instanceof ApiError && err.status === 401) return ask();
    throw err;
  });
}
