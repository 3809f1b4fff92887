/**
 * The JSON of call views, kept with the view as UTF-8 bytes: the domain hands out the same view
 * object for a call until the call changes (or its live duration ticks over), so a call polled
 * again, or shown again on a list page, is serialized and encoded once, and a list page is its
 * calls' bytes copied together (sending a string would measure and encode it again per request).
 * The JSON comes from the route's own response schema (the serializer Fastify compiles from it),
 * so the bytes are exactly what Fastify would send.
 */
import type { FastifyReply } from 'fastify';
import type { CallView } from '../domain/views.js';

export const JSON_UTF8 = 'application/json; charset=utf-8';

const serialized = new WeakMap<CallView, Buffer>();
const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

type Serialize = (view: CallView) => string;

function json(view: CallView, serialize: Serialize): Buffer {
  let bytes = serialized.get(view);
  if (bytes === undefined) {
    // Not Buffer.from: a small buffer from the shared 8 KiB pool would keep the whole pool slab
    // alive for as long as the call stays cached.
    const text = serialize(view);
    bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
    bytes.write(text);
    serialized.set(view, bytes);
  }
  return bytes;
}

/** Sends one call; `callSchema` is the schema of the call object (compiled once per route). */
export function sendCall(reply: FastifyReply, callSchema: object, view: CallView): FastifyReply {
  const serialize = reply.compileSerializationSchema(callSchema as Record<string, unknown>) as unknown as Serialize;
  return reply.type(JSON_UTF8).send(json(view, serialize));
}

/** Sends an array of calls: the same bytes as serializing the array with the call schema. */
export function sendCalls(reply: FastifyReply, callSchema: object, views: readonly CallView[]): FastifyReply {
  const serialize = reply.compileSerializationSchema(callSchema as Record<string, unknown>) as unknown as Serialize;
  const parts: Buffer[] = [OPEN];
  for (let i = 0; i < views.length; i++) {
    if (i > 0) parts.push(COMMA);
    parts.push(json(views[i]!, serialize));
  }
  parts.push(CLOSE);
  return reply.type(JSON_UTF8).send(Buffer.concat(parts));
}
