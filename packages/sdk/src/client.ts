/**
 * A small typed client over fetch: Basic auth, errors as typed exceptions by `code`, retries on
 * 429/503 that honour Retry-After, conditional Get Call, and an async iterator over every paged
 * list (it follows the `Link: rel="next"` header). The shapes come from schema.ts, which is
 * generated from the server's OpenAPI document.
 */
import type { components, operations } from './schema.js';
import { readEventStream, type CallEvent, type StreamOptions } from './events.js';

type Schemas = components['schemas'];
export type Call = Schemas['Call'];
export type Message = Schemas['Message'];
export type Agent = Schemas['Agent'];
export type Skill = Schemas['Skill'];
export type Customer = Schemas['Customer'];
export type ErrorBody = Schemas['ErrorBody'];
/** Every error code the API answers with: switch on it exhaustively. */
export type ErrorCode = ErrorBody['code'];
export type CreateCallInput = Schemas['CreateInteractionInput'];
export type UpdateCallInput = Schemas['UpdateInteractionInput'];
export type AppendMessageInput = Schemas['AppendMessageInput'];
export type AgentInput = Schemas['AgentInput'];
export type SkillInput = Schemas['SkillInput'];
export type CustomerInput = Schemas['CustomerInput'];
export type ListCallsQuery = NonNullable<operations['listCalls']['parameters']['query']>;
export type PageQuery = NonNullable<operations['listAgents']['parameters']['query']>;
export type ListEventsQuery = NonNullable<operations['listEvents']['parameters']['query']>;
export type ListCustomersQuery = NonNullable<operations['listCustomers']['parameters']['query']>;
type QueryValue = string | number | boolean | readonly (string | number | boolean)[] | undefined;

export interface ClientOptions {
  /** Where the API is, e.g. `http://localhost:3000`. */
  baseUrl: string;
  /** The API key id (Basic username) and its secret (Basic password). */
  keyId: string;
  secret: string;
  /** Retries of a 429 or 503 (after Retry-After seconds, at most maxRetryDelayMs). Default 2. */
  maxRetries?: number;
  maxRetryDelayMs?: number;
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch;
}

/** An error answer of the API: its status, stable code, message and request id. */
export class CallsApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly requestId: string;
  readonly body: ErrorBody;
  constructor(body: ErrorBody) {
    super(`${body.code}: ${body.message}`);
    this.name = 'CallsApiError';
    this.status = body.statusCode;
    this.code = body.code;
    this.requestId = body.requestId;
    this.body = body;
  }
}

/** One page of a list, and the URL of the next (undefined on the last page). */
export interface Page<T> {
  items: T[];
  next: string | undefined;
  etag: string | undefined;
}

/** A conditional Get Call: the call and its tag, or `changed: false` when the tag is still current. */
export type Conditional<T> = { changed: true; value: T; etag: string } | { changed: false; etag: string };

interface Request {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Readonly<Record<string, QueryValue>>;
  body?: unknown;
  headers?: Record<string, string>;
  accept?: string;
  signal?: AbortSignal;
}

export class CallsApiClient {
  private readonly authorization: string;
  private readonly fetch: typeof fetch;
  private readonly maxRetries: number;
  private readonly maxRetryDelayMs: number;

  constructor(private readonly options: ClientOptions) {
    this.authorization = `Basic ${btoa(`${options.keyId}:${options.secret}`)}`;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.maxRetries = options.maxRetries ?? 2;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
  }

  // Calls
  async getCall(id: string): Promise<Call> {
    return this.json<Call>({ method: 'GET', path: `/api/v1/calls/${encodeURIComponent(id)}` });
  }

  /** Get Call with If-None-Match: a poller pays for the body only when the call changed. */
  async getCallIfChanged(id: string, etag: string | undefined): Promise<Conditional<Call>> {
    const headers: Record<string, string> = etag === undefined ? {} : { 'If-None-Match': etag };
    const res = await this.send({ method: 'GET', path: `/api/v1/calls/${encodeURIComponent(id)}`, headers });
    const tag = res.headers.get('etag') ?? '';
    if (res.status === 304) return { changed: false, etag: tag };
    return { changed: true, value: (await res.json()) as Call, etag: tag };
  }

  async createCall(input: CreateCallInput, options: { idempotencyKey?: string } = {}): Promise<Call> {
    const headers: Record<string, string> = options.idempotencyKey === undefined ? {} : { 'Idempotency-Key': options.idempotencyKey };
    return this.json<Call>({ method: 'POST', path: '/api/v1/calls', body: input, headers });
  }

  async updateCall(id: string, input: UpdateCallInput): Promise<Call> {
    return this.json<Call>({ method: 'PUT', path: `/api/v1/calls/${encodeURIComponent(id)}`, body: input });
  }

  async deleteCall(id: string): Promise<void> {
    await this.send({ method: 'DELETE', path: `/api/v1/calls/${encodeURIComponent(id)}` });
  }

  async listCalls(query: ListCallsQuery = {}): Promise<Page<Call>> {
    return this.page<Call>({ method: 'GET', path: '/api/v1/calls', query });
  }

  /** Every call matching the filters, newest first, page after page. */
  calls(query: ListCallsQuery = {}): AsyncGenerator<Call> {
    return this.all<Call>('/api/v1/calls', query);
  }

  async appendMessage(callId: string, input: AppendMessageInput): Promise<Message> {
    return this.json<Message>({ method: 'POST', path: `/api/v1/calls/${encodeURIComponent(callId)}/messages`, body: input });
  }

  async updateMessageStatus(callId: string, sid: string, status: Message['status']): Promise<Message> {
    const path = `/api/v1/calls/${encodeURIComponent(callId)}/messages/${encodeURIComponent(sid)}`;
    return this.json<Message>({ method: 'PATCH', path, body: { status } });
  }

  // Agents, skills, customers
  readonly agents = this.directory<Agent, AgentInput, PageQuery>('agents');
  readonly skills = this.directory<Skill, SkillInput, PageQuery>('skills');
  readonly customers = this.directory<Customer, CustomerInput, ListCustomersQuery>('customers');

  // Events
  readonly events = {
    /** One page of the feed, oldest first; `next` is undefined when you are caught up. */
    list: (query: ListEventsQuery = {}) => this.page<CallEvent>({ method: 'GET', path: '/api/v1/events', query }),
    /** Every event of the feed (after `query.after`), page after page, until caught up. */
    all: (query: ListEventsQuery = {}) => this.all<CallEvent>('/api/v1/events', query),
    /**
     * The live stream: events as they happen (after `lastEventId` first, when given). Reconnects
     * with Last-Event-ID when the connection drops; ends when `signal` aborts or the loop breaks.
     */
    stream: (options: StreamOptions = {}): AsyncGenerator<CallEvent> =>
      readEventStream(
        (lastEventId, signal) =>
          this.send({
            method: 'GET',
            path: '/api/v1/events/stream',
            query: { callId: options.callId },
            headers: lastEventId === undefined ? {} : { 'Last-Event-ID': lastEventId },
            accept: 'text/event-stream',
            signal,
          }),
        options,
      ),
  };

  private directory<T, Input, Query extends Readonly<Record<string, QueryValue>>>(collection: string) {
    const base = `/api/v1/${collection}`;
    return {
      create: (input: Input) => this.json<T>({ method: 'POST', path: base, body: input }),
      get: (id: string) => this.json<T>({ method: 'GET', path: `${base}/${encodeURIComponent(id)}` }),
      update: (id: string, input: Input) => this.json<T>({ method: 'PUT', path: `${base}/${encodeURIComponent(id)}`, body: input }),
      list: (query?: Query) => this.page<T>({ method: 'GET', path: base, query }),
      /** Every record, page after page. */
      all: (query?: Query) => this.all<T>(base, query ?? {}),
    };
  }

  // The plumbing
  private async *all<T>(path: string, query: Readonly<Record<string, QueryValue>>): AsyncGenerator<T> {
    let page = await this.page<T>({ method: 'GET', path, query });
    for (;;) {
      yield* page.items;
      if (page.next === undefined) return;
      page = await this.page<T>({ method: 'GET', path: page.next });
    }
  }

  private async page<T>(request: Request): Promise<Page<T>> {
    const res = await this.send(request);
    const next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
    return { items: (await res.json()) as T[], next, etag: res.headers.get('etag') ?? undefined };
  }

  private async json<T>(request: Request): Promise<T> {
    return (await (await this.send(request)).json()) as T;
  }

  /** Sends the request; an error answer becomes a CallsApiError after the retries it deserves. */
  private async send(request: Request): Promise<Response> {
    const url = new URL(request.path, this.options.baseUrl);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(item));
    }
    const headers: Record<string, string> = {
      Authorization: this.authorization,
      Accept: request.accept ?? 'application/json',
      ...request.headers,
    };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    // A POST is retried only with an Idempotency-Key: otherwise a 503 may hide a write that happened.
    const retryable = request.method !== 'POST' || request.headers?.['Idempotency-Key'] !== undefined;
    for (let attempt = 0; ; attempt++) {
      const res = await this.fetch(url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: request.signal,
      });
      if (res.ok || res.status === 304) return res;
      const body = (await res.json()) as ErrorBody;
      const again = res.status === 429 || (res.status === 503 && retryable);
      if (!again || attempt >= this.maxRetries) throw new CallsApiError(body);
      const seconds = Number(res.headers.get('retry-after') ?? '1');
      await new Promise((resolve) => setTimeout(resolve, Math.min(Number.isFinite(seconds) ? seconds * 1000 : 1000, this.maxRetryDelayMs)));
    }
  }
}
