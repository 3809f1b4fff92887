/**
 * The console's client for /api/v1: HTTP Basic with the signed-in key, JSON in and out, the
 * API's error body turned into a message a person can read.
 */
import type { Credentials } from './session';
import type { Agent, Call, Customer, Delivery, Skill, Webhook, WebhookWithSecret } from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface CallPage {
  calls: Call[];
  /** The cursor of the next page (the `X-Next-Cursor` header); absent on the last page. */
  nextCursor?: string;
}

/** One page of a cursor-paged list; `nextCursor` is absent on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface WebhookInput {
  url?: string;
  events?: string[];
  description?: string;
  enabled?: boolean;
}

export type DirectoryKind = 'agents' | 'skills' | 'customers';
export interface DirectoryRecords {
  agents: Agent;
  skills: Skill;
  customers: Customer;
}

function basicAuthorization({ keyId, secret }: Credentials): string {
  const bytes = new TextEncoder().encode(`${keyId}:${secret}`);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `Basic ${btoa(binary)}`;
}

async function errorFrom(res: Response): Promise<ApiError> {
  let code = `HTTP_${res.status}`;
  let message = `The server answered ${res.status} ${res.statusText}`.trim();
  try {
    const body: unknown = await res.json();
    if (typeof body === 'object' && body !== null) {
      const b = body as Record<string, unknown>;
      if (typeof b.code === 'string') code = b.code;
      if (typeof b.message === 'string') message = b.message;
    }
  } catch {
    // not JSON: keep the status line
  }
  if (res.status === 401) message = 'The Key ID or Secret was not accepted.';
  if (res.status === 429 && code === 'RATE_LIMITED')
    message = 'Too many failed sign-in attempts from this address. Wait a minute and try again.';
  return new ApiError(res.status, code, message);
}

export class Api {
  private readonly authorization: string;

  constructor(
    readonly credentials: Credentials,
    /** Called when the key stops being accepted (revoked, or wrong from the start). */
    private readonly onUnauthorized: () => void = () => {},
  ) {
    this.authorization = basicAuthorization(credentials);
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    options: { accept?: string; headers?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = {
      ...options.headers,
      authorization: this.authorization,
      accept: options.accept ?? 'application/json',
      // Marks the request as the console's own: a 401 then comes without the Basic challenge,
      // which would make the browser show its login prompt over the page.
      'x-requested-with': 'XMLHttpRequest',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store',
        signal: options.signal,
      });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      throw new ApiError(0, 'NETWORK', 'Could not reach the server. Check the connection and try again.');
    }
    if (!res.ok) {
      const error = await errorFrom(res);
      if (res.status === 401) this.onUnauthorized();
      throw error;
    }
    return res;
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await (await this.request(method, path, body)).json()) as T;
  }

  async listCalls(filters: URLSearchParams, cursor?: string): Promise<CallPage> {
    const query = new URLSearchParams(filters);
    if (cursor !== undefined) query.set('cursor', cursor);
    const res = await this.request('GET', `/calls?${query.toString()}`);
    const calls = (await res.json()) as Call[];
    const next = nextCursorOf(res);
    return next ? { calls, nextCursor: next } : { calls };
  }

  private async page<T>(path: string, query: URLSearchParams): Promise<Page<T>> {
    const res = await this.request('GET', `${path}?${query.toString()}`);
    const items = (await res.json()) as T[];
    const next = nextCursorOf(res);
    return next ? { items, nextCursor: next } : { items };
  }

  listWebhooks(cursor?: string): Promise<Page<Webhook>> {
    const query = new URLSearchParams({ limit: '100' });
    if (cursor !== undefined) query.set('cursor', cursor);
    return this.page('/webhooks', query);
  }

  getWebhook(id: string): Promise<Webhook> {
    return this.json('GET', `/webhooks/${encodeURIComponent(id)}`);
  }

  createWebhook(body: WebhookInput): Promise<WebhookWithSecret> {
    return this.json('POST', '/webhooks', body);
  }

  updateWebhook(id: string, body: WebhookInput): Promise<Webhook> {
    return this.json('PUT', `/webhooks/${encodeURIComponent(id)}`, body);
  }

  async deleteWebhook(id: string): Promise<void> {
    await this.request('DELETE', `/webhooks/${encodeURIComponent(id)}`);
  }

  rotateWebhookSecret(id: string): Promise<WebhookWithSecret> {
    return this.json('POST', `/webhooks/${encodeURIComponent(id)}/secret/rotate`);
  }

  listDeliveries(id: string, status: string, cursor?: string): Promise<Page<Delivery>> {
    const query = new URLSearchParams({ limit: '50' });
    if (status) query.set('status', status);
    if (cursor !== undefined) query.set('cursor', cursor);
    return this.page(`/webhooks/${encodeURIComponent(id)}/deliveries`, query);
  }

  recoverDeliveries(id: string, since: string): Promise<{ requeued: number }> {
    return this.json('POST', `/webhooks/${encodeURIComponent(id)}/recover`, { since });
  }

  sendTestEvent(id: string): Promise<{ deliveryId: string; eventId: string }> {
    return this.json('POST', `/webhooks/${encodeURIComponent(id)}/test`);
  }

  /** Opens the live event stream (Server-Sent Events) of one call; the caller reads the body. */
  openCallStream(callId: string, lastEventId: string | undefined, signal: AbortSignal): Promise<Response> {
    return this.request('GET', `/events/stream?callId=${encodeURIComponent(callId)}`, undefined, {
      accept: 'text/event-stream',
      headers: lastEventId === undefined ? {} : { 'last-event-id': lastEventId },
      signal,
    });
  }

  getCall(id: string): Promise<Call> {
    return this.json('GET', `/calls/${encodeURIComponent(id)}`);
  }

  updateCall(id: string, body: { note?: string }): Promise<Call> {
    return this.json('PUT', `/calls/${encodeURIComponent(id)}`, body);
  }

  redactCall(id: string): Promise<Call> {
    return this.json('POST', `/calls/${encodeURIComponent(id)}/redact`);
  }

  async deleteCall(id: string): Promise<void> {
    await this.request('DELETE', `/calls/${encodeURIComponent(id)}`);
  }

  list<K extends DirectoryKind>(kind: K, page: number, limit: number): Promise<DirectoryRecords[K][]> {
    return this.json('GET', `/${kind}?page=${page}&limit=${limit}`);
  }

  get<K extends DirectoryKind>(kind: K, id: string): Promise<DirectoryRecords[K]> {
    return this.json('GET', `/${kind}/${encodeURIComponent(id)}`);
  }

  create<K extends DirectoryKind>(kind: K, body: Record<string, unknown>): Promise<DirectoryRecords[K]> {
    return this.json('POST', `/${kind}`, body);
  }

  update<K extends DirectoryKind>(kind: K, id: string, body: Record<string, unknown>): Promise<DirectoryRecords[K]> {
    return this.json('PUT', `/${kind}/${encodeURIComponent(id)}`, body);
  }
}

function nextCursorOf(res: Response): string | undefined {
  return res.headers.get('x-next-cursor') ?? cursorFromLink(res.headers.get('link'));
}

/** The `cursor` of a `Link: <…?cursor=…>; rel="next"` header. */
function cursorFromLink(link: string | null): string | undefined {
  const match = link?.match(/<([^>]*)>\s*;\s*rel="?next"?/);
  if (!match) return undefined;
  return new URL(match[1], location.origin).searchParams.get('cursor') ?? undefined;
}
