/** The Calls API: Elemente-compatible get/create/update/list, and messages (extensions). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { CallsService } from '../../domain/calls.js';
import type { ListCallsInput } from '../../contract/calls.js';
import { errors } from '../../domain/errors.js';
import { sendCall, sendCalls } from '../call-json.js';
import { JSON_UTF8 } from '../media-types.js';
import { errorRef } from '../responses.js';
import { IdParams } from '../../contract/common.js';
import {
  AppendMessageBody,
  CallSchema,
  CreateCallBody,
  ListCallsQuery,
  MessageParams,
  MessageSchema,
  MessageStatusBody,
  UpdateCallBody,
} from '../../contract/calls.js';

const tags = ['Calls'];
const callRef = Type.Ref('Call');
const messageRef = Type.Ref('Message');

export function callRoutes(app: FastifyInstance, opts: { calls: CallsService }): void {
  const { calls } = opts;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(MessageSchema);
  app.addSchema(CallSchema);

  r.get('/api/v1/calls/:id', {
    schema: {
      summary: 'Get Call',
      description: 'Returns the call: status, agent and customer, transcription, recording, messages and duration.',
      tags,
      params: IdParams,
      response: { 200: callRef },
    },
    handler: async (request, reply) => sendCall(reply, await calls.get(request.accountId, request.params.id)),
  });

  r.post('/api/v1/calls', {
    schema: {
      summary: 'Create Call',
      description:
        'Creates an interaction with status `queued`. The customer is found by phone, then email, else created. ' +
        'With an `Idempotency-Key` header the first answer is replayed for 24 h; the same key with another body is a 422.',
      tags,
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255 })) }),
      body: CreateCallBody,
      response: { 200: callRef, 415: errorRef, 413: errorRef, 422: errorRef },
    },
    handler: async (request, reply) => {
      const { body, replayed } = await calls.create(request.accountId, request.body, request.headers['idempotency-key']);
      if (replayed) reply.header('Idempotent-Replayed', 'true');
      return reply.code(200).type(JSON_UTF8).send(body);
    },
  });

  r.put('/api/v1/calls/:id', {
    schema: {
      summary: 'Update Call',
      description:
        'Updates note, agent, status (a backward move is ignored unless `reopen` is true), transcription, recording and lifecycle times.',
      tags,
      params: IdParams,
      body: UpdateCallBody,
      response: { 200: callRef, 415: errorRef, 413: errorRef },
    },
    handler: async (request) => calls.update(request.accountId, request.params.id, request.body),
  });

  r.get('/api/v1/calls', {
    schema: {
      summary: 'List Calls',
      description:
        'Calls newest first. The next page is announced by a `Link: <…>; rel="next"` header (and `X-Next-Cursor`), absent on the last page.',
      tags,
      querystring: ListCallsQuery,
      response: { 200: Type.Array(callRef) },
    },
    handler: async (request, reply) => {
      const q = request.query;
      const input: ListCallsInput = {
        status: q.status,
        channel: q.channel,
        hrs: q.hrs,
        agentId: q.agentId,
        customerId: q.customerId,
        customerPhone: q.customerPhone,
        q: q.q,
        limit: q.limit,
        cursor: q.cursor,
        ...dateRange(q),
      };
      const page = await calls.list(request.accountId, input);
      if (page.nextCursor) {
        reply.header('Link', `<${nextPageUrl(request.routeOptions.url ?? '/api/v1/calls', LIST_FILTERS, q, page.nextCursor)}>; rel="next"`);
        reply.header('X-Next-Cursor', page.nextCursor);
      }
      return sendCalls(reply, page.calls);
    },
  });

  r.post('/api/v1/calls/:id/messages', {
    schema: {
      summary: 'Append Message',
      description: "Appends a message to the call's thread. A sid already on the call is a 409.",
      tags,
      params: IdParams,
      body: AppendMessageBody,
      response: { 201: messageRef, 409: errorRef, 415: errorRef, 413: errorRef, 422: errorRef },
    },
    handler: async (request, reply) => {
      const message = await calls.appendMessage(request.accountId, request.params.id, request.body);
      return reply.code(201).send(message);
    },
  });

  r.patch('/api/v1/calls/:id/messages/:sid', {
    schema: {
      summary: 'Update Message Status',
      description: 'Moves the message status forward; a backward move is ignored and answers the unchanged message.',
      tags,
      params: MessageParams,
      body: MessageStatusBody,
      response: { 200: messageRef, 415: errorRef },
    },
    handler: async (request) => calls.updateMessageStatus(request.accountId, request.params.id, request.params.sid, request.body.status),
  });
}

/** Both spellings of the date range: `dateRange[from]=…` and `dateRange={"from":…,"to":…}`. */
function dateRange(q: ListCallsQuery): { dateFrom?: string; dateTo?: string } {
  let from = q['dateRange[from]'];
  let to = q['dateRange[to]'];
  if (q.dateRange !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(q.dateRange);
    } catch {
      throw errors.validation('dateRange must be JSON like {"from":"2025-03-01","to":"2025-03-31"}');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw errors.validation('dateRange must be a JSON object with from and/or to');
    }
    const obj = parsed as Record<string, unknown>;
    for (const key of ['from', 'to'] as const) {
      if (obj[key] !== undefined && typeof obj[key] !== 'string') throw errors.validation(`dateRange.${key} must be a string`);
    }
    from ??= obj.from as string | undefined;
    to ??= obj.to as string | undefined;
  }
  return { ...(from !== undefined && { dateFrom: from }), ...(to !== undefined && { dateTo: to }) };
}

/** The filters a next-page link carries over: the list's own query parameters, nothing else. */
const LIST_FILTERS: readonly string[] = Object.keys(ListCallsQuery.properties);

/**
 * The next page: the route's own path and the parsed filters with the cursor replaced. Nothing of
 * the raw request line (its Host, a `#…`, parameters the list does not know) comes back in it.
 */
export function nextPageUrl(
  path: string,
  filters: readonly string[],
  query: Record<string, unknown>,
  cursor: string,
  cursorName = 'cursor',
): string {
  const params = new URLSearchParams();
  for (const name of filters) {
    const value = query[name];
    if (name === cursorName || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') params.append(name, String(item));
    }
  }
  params.set(cursorName, cursor);
  return `${path}?${params.toString()}`;
}
