/**
 * The event feed (`GET /api/v1/events`) and the live stream (`GET /api/v1/events/stream`,
 * Server-Sent Events). Both answer the stored event JSON as it is: the bytes a webhook delivery
 * signs.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { OutgoingHttpHeaders } from 'node:http';
import { Type } from 'typebox';
import type { EventFeed, EventStreams } from '../../domain/event-feed.js';
import type { StoredEvent } from '../../domain/ports/index.js';
import { EventSchema, EventStreamQuery, ListEventsQuery } from '../../contract/events.js';
import { JSON_UTF8 } from '../media-types.js';
import { nextPageUrl } from './calls.js';

const tags = ['Events'];
/** A stream whose client reads slower than its events come is closed past this much unsent output (it resumes with Last-Event-ID). */
const MAX_UNSENT_BYTES = 4 * 1024 * 1024;
const FEED_FILTERS: readonly string[] = Object.keys(ListEventsQuery.properties);

export interface EventRoutesOptions {
  feed: EventFeed;
  streams: EventStreams;
  heartbeatMs: number;
}

export function eventRoutes(app: FastifyInstance, opts: EventRoutesOptions): void {
  const { feed, streams, heartbeatMs } = opts;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(EventSchema);

  r.get('/api/v1/events', {
    schema: {
      summary: 'List Events',
      description:
        "The account's events oldest first, kept EVENT_RETENTION_DAYS (30 by default). The next page is announced by a " +
        '`Link: <…>; rel="next"` header, absent when there are no more events yet; a consumer catches up with `after` = the last id it saw. ' +
        'An `after` that names no event of the log (unknown, or purged) is a 400.',
      tags,
      querystring: ListEventsQuery,
      response: { 200: Type.Array(Type.Ref('Event')) },
    },
    handler: async (request, reply) => {
      const q = request.query;
      const page = await feed.list(request.accountId, { type: q.type, callId: q.callId, after: q.after, limit: q.limit });
      if (page.next !== undefined) {
        reply.header(
          'Link',
          `<${nextPageUrl(request.routeOptions.url ?? '/api/v1/events', FEED_FILTERS, q, page.next, 'after')}>; rel="next"`,
        );
      }
      return sendEvents(reply, page.events);
    },
  });

  const open = new Set<() => void>();
  // Streams never end by themselves: end them before the server waits for its connections.
  app.addHook('preClose', (done) => {
    for (const end of [...open]) end();
    streams.closeAll();
    done();
  });

  r.get('/api/v1/events/stream', {
    schema: {
      summary: 'Event Stream',
      description:
        "Server-Sent Events: each of the account's events as it happens (`id:` the event id, `event:` its type, `data:` the event JSON), " +
        'a `: heartbeat` comment every EVENT_STREAM_HEARTBEAT_MS (15 s by default). `Last-Event-ID` resumes after that event ' +
        '(a 400 when the log has no such event); `callId` follows one call.',
      tags,
      querystring: EventStreamQuery,
      headers: Type.Object({ 'last-event-id': Type.Optional(Type.String({ maxLength: 64 })) }),
      response: { 200: Type.String({ description: 'text/event-stream' }) },
    },
    handler: async (request, reply) => {
      const start = await feed.streamStart(request.accountId, request.query.callId, request.headers['last-event-id']);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...(reply.getHeaders() as OutgoingHttpHeaders),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        // Proxies (nginx) must not hold events back in a buffer.
        'x-accel-buffering': 'no',
      });
      res.write(': stream open\n\n');
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        handle.close();
        open.delete(end);
        res.end();
      };
      const fits = () => res.writableLength <= MAX_UNSENT_BYTES;
      const heartbeat = setInterval(() => {
        res.write(': heartbeat\n\n');
        if (!fits()) end();
      }, heartbeatMs);
      heartbeat.unref();
      const handle = streams.open(
        start,
        (events) => {
          if (ended) return false;
          res.write(events.map(sseFrame).join(''));
          if (fits()) return true;
          end();
          return false;
        },
        (err) => {
          request.log.warn(
            { errCode: (err as { code?: string }).code, errType: (err as Error).name },
            'event stream read failed; stream closed',
          );
          end();
        },
      );
      open.add(end);
      res.on('close', end);
      // The client may have gone while the start was being read: its 'close' came before the listener.
      if (res.destroyed) end();
    },
  });
}

/** The stored event JSON as it is, as one JSON array (the schema documents it; nothing re-serializes it). */
function sendEvents(reply: FastifyReply, events: readonly StoredEvent[]): FastifyReply {
  return reply.type(JSON_UTF8).send(`[${events.map((e) => e.payload).join(',')}]`);
}

/** One event as an SSE message; the JSON has no line breaks (JSON.stringify escapes them). */
function sseFrame(e: StoredEvent): string {
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${e.payload}\n\n`;
}
