/**
 * Measuring with autocannon: one run's throughput and latency percentiles (2xx answers only),
 * the requests each scenario sends, and the median of rounds.
 */
import autocannon, { type RequestStep, type Result } from 'autocannon';
import type { Measure } from './report.js';
import { PAGE_DEPTH, opt } from './options.js';

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function measure(
  label: string,
  base: string,
  options: {
    requests: RequestStep[];
    headers?: Record<string, string>;
    method?: string;
    connections?: number;
    duration?: number;
    rate?: number;
    quiet?: boolean;
  },
): Promise<Measure> {
  const connections = options.connections ?? opt.connections;
  const duration = options.duration ?? opt.duration;
  if (!options.quiet) process.stderr.write(`bench: ▶ ${label} (${duration} s, ${connections} connection${connections === 1 ? '' : 's'})… `);
  const latencies: number[] = [];
  const instance = autocannon({
    url: base,
    connections,
    duration,
    headers: options.headers,
    method: options.method,
    requests: options.requests,
    timeout: 30,
    ...(options.rate === undefined ? {} : { overallRate: options.rate }),
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const result: Result = await instance;
  const sorted = Float64Array.from(latencies).sort();
  const seconds = result.duration;
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
  const m: Measure = {
    label,
    ok: latencies.length,
    rps: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    errors: result.errors + result.timeouts,
    statusCodes,
    seconds,
  };
  process.stderr.write(
    `${options.quiet ? `bench:   ${label}: ` : ''}${Math.round(m.rps)} ok/s, p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms${nonOk(m)}\n`,
  );
  measured.push(m);
  return m;
}

/** Every run of this invocation: the smoke mode fails when any answered other than 2xx. */
export const measured: Measure[] = [];

export function nonOk(m: Measure): string {
  const bad = Object.entries(m.statusCodes).filter(([c]) => !c.startsWith('2'));
  return bad.length || m.errors ? ` — NOT OK: ${bad.map(([c, n]) => `${n}×${c}`).join(', ')}${m.errors ? ` ${m.errors} errors` : ''}` : '';
}

export const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

/** Get Call on random ids; the bare route gets requests of the same shape (and the same client work). */
export function getCallRequests(ids: string[], prefix = '/api/v1/calls/'): RequestStep[] {
  return [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `${prefix}${pick(ids)}` }) }];
}

/**
 * A list query walked with its cursor: each connection fetches a first page, then follows the
 * `Link: rel="next"` header up to PAGE_DEPTH pages, then starts over with a fresh first page.
 */
export function pagedRequests(firstPage: () => string, stats: { pages: number; walks: number }): RequestStep[] {
  const next = (ctx: Record<string, unknown>) => {
    const path = ctx.next as string | undefined;
    if (path !== undefined) return path;
    stats.walks++;
    return firstPage();
  };
  return Array.from({ length: PAGE_DEPTH }, (_, i) => ({
    method: 'GET',
    setupRequest: (req, ctx) => ({ ...req, path: i === 0 ? (stats.walks++, firstPage()) : next(ctx) }),
    onResponse: (_status, _body, ctx, headers) => {
      stats.pages++;
      const link = Object.entries(headers).find(([k]) => k.toLowerCase() === 'link')?.[1];
      ctx.next = link ? /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] : undefined;
    },
  }));
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The median of each figure over rounds. */
export function medianOf(rounds: Measure[]): Measure {
  return {
    ...rounds[0],
    label: rounds[0].label.replace(/ \[round \d+\/\d+\]$/, ''),
    ok: median(rounds.map((r) => r.ok)),
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p90: median(rounds.map((r) => r.p90)),
    p99: median(rounds.map((r) => r.p99)),
    max: Math.max(...rounds.map((r) => r.max)),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    rounds: rounds.map(({ rps, p50, p99 }) => ({ rps, p50, p99 })),
  };
}
