/**
 * The JSON of call views, kept with the view: the domain hands out the same view object for a
 * call until the call changes (or its live duration ticks over), so a call polled again, or shown
 * again on a list page, is serialized once. The JSON comes from the route's own response schema
 * (the serializer Fastify compiles from it), so the bytes are exactly what Fastify would send.
 * Kept as strings, not buffers: calls leaving the cache are then young garbage for the collector
 * rather than memory outside the heap; and kept on the view itself (a non-enumerable symbol
 * property, which no serializer sees and no copy carries), not in a WeakMap, whose entries for
 * short-lived views lingered until a full collection.
 */
import type { FastifyReply } from 'fastify';
import type { CallView } from '../contract/calls.js';
import { JSON_UTF8 } from './media-types.js';

interface CallJson {
  text: string;
  bytes: number;
}

const JSON_TEXT = Symbol('call json');
type WithJson = CallView & { [JSON_TEXT]?: CallJson };

type Serialize = (view: CallView) => string;

function json(view: CallView, serialize: Serialize): CallJson {
  let known = (view as WithJson)[JSON_TEXT];
  if (known === undefined) {
    const text = serialize(view);
    known = { text, bytes: Buffer.byteLength(text) };
    Object.defineProperty(view, JSON_TEXT, { value: known, enumerable: false });
  }
  return known;
}

/** The route's serializer for `callSchema`, the schema of the call object (compiled once per route). */
function serializerOf(reply: FastifyReply, callSchema: object): Serialize {
  return reply.compileSerializationSchema(callSchema as Record<string, unknown>) as unknown as Serialize;
}

/** Sends one call. */
export function sendCall(reply: FastifyReply, callSchema: object, view: CallView): FastifyReply {
  return reply.type(JSON_UTF8).send(json(view, serializerOf(reply, callSchema)).text);
}

/**
 * Page buffers are reused once their answer has been handed to the socket: a page is ~150 KB and
 * hundreds are sent a second, and a fresh buffer each time left tens of MB of garbage outside the
 * JS heap. (A string page would be built, then measured and encoded again by the HTTP layer.)
 */
const PAGE_BUFFER_BYTES = 256 * 1024;
const PAGE_BUFFERS_KEPT = 16;
const freePageBuffers: Buffer[] = [];

function pageBuffer(size: number): { bytes: Buffer; release(): void } {
  if (size > PAGE_BUFFER_BYTES) return { bytes: Buffer.allocUnsafe(size), release() {} };
  const whole = freePageBuffers.pop() ?? Buffer.allocUnsafeSlow(PAGE_BUFFER_BYTES);
  let released = false;
  return {
    bytes: whole.subarray(0, size),
    release() {
      if (released) return;
      released = true;
      if (freePageBuffers.length < PAGE_BUFFERS_KEPT) freePageBuffers.push(whole);
    },
  };
}

/** Sends an array of calls: the same bytes as serializing the array with the call schema. */
export function sendCalls(reply: FastifyReply, callSchema: object, views: readonly CallView[]): FastifyReply {
  const serialize = serializerOf(reply, callSchema);
  const parts = views.map((view) => json(view, serialize));
  let size = 2 + Math.max(0, parts.length - 1);
  for (const part of parts) size += part.bytes;
  const page = pageBuffer(size);
  let at = page.bytes.write('[');
  parts.forEach((part, i) => {
    if (i > 0) at += page.bytes.write(',', at);
    at += page.bytes.write(part.text, at);
  });
  page.bytes.write(']', at);
  // 'finish': the bytes were handed to the kernel; 'close' also covers a connection cut mid-way.
  // A buffer whose answer got neither is simply left to the collector.
  reply.raw.once('finish', page.release);
  reply.raw.once('close', page.release);
  return reply.type(JSON_UTF8).send(page.bytes);
}
