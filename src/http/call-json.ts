/**
 * The call object's JSON. The domain's call cache (domain/call-cache.ts) keeps each cached call's
 * JSON next to it; the serializer it uses is compiled here once, from the contract's schemas, by
 * the library and in the way Fastify compiles a route's response schema — so the cached bytes are
 * exactly what Fastify would send (the tests compare Get Call with Update Call, with list pages
 * and with idempotent replays, byte for byte).
 */
import type { FastifyReply } from 'fastify';
import fastJson from 'fast-json-stringify';
import { Type } from 'typebox';
import { CallSchema, MessageSchema } from '../contract/calls.js';
import type { SerializeCall, ServedCall } from '../domain/call-cache.js';
import { JSON_UTF8 } from './media-types.js';

/** The serializer of `Type.Ref('Call')`, the response schema of the call routes, with the schemas they register. */
export function compileCallSerializer(): SerializeCall {
  const serialize = fastJson(Type.Ref('Call'), { schema: { Call: CallSchema, Message: MessageSchema } });
  return (view) => serialize(view);
}

/** Sends one call. */
export function sendCall(reply: FastifyReply, call: ServedCall): FastifyReply {
  return reply.type(JSON_UTF8).send(call.json);
}

/** Sends an array of calls: the same bytes as serializing the array with the call schema. */
export function sendCalls(reply: FastifyReply, calls: readonly ServedCall[]): FastifyReply {
  let size = 2 + Math.max(0, calls.length - 1);
  for (const call of calls) size += call.bytes;
  const page = pageBuffers.take(size);
  let at = page.bytes.write('[');
  calls.forEach((call, i) => {
    if (i > 0) at += page.bytes.write(',', at);
    at += page.bytes.write(call.json, at);
  });
  page.bytes.write(']', at);
  // 'finish': the bytes were handed to the kernel; 'close' also covers a connection cut mid-way.
  // A buffer whose answer got neither is simply left to the collector.
  reply.raw.once('finish', page.release);
  reply.raw.once('close', page.release);
  return reply.type(JSON_UTF8).send(page.bytes);
}

/**
 * Page buffers, reused once their answer has been handed to the socket: a page is ~150 KB and
 * hundreds are sent a second, and a fresh buffer each time left tens of MB of garbage outside the
 * JS heap. (A string page would be built, then measured and encoded again by the HTTP layer.)
 */
class PageBuffers {
  private readonly free: Buffer[] = [];

  constructor(
    private readonly bufferBytes: number,
    private readonly kept: number,
  ) {}

  take(size: number): { bytes: Buffer; release: () => void } {
    if (size > this.bufferBytes) return { bytes: Buffer.allocUnsafe(size), release: () => undefined };
    const whole = this.free.pop() ?? Buffer.allocUnsafeSlow(this.bufferBytes);
    let released = false;
    return {
      bytes: whole.subarray(0, size),
      release: () => {
        if (released) return;
        released = true;
        if (this.free.length < this.kept) this.free.push(whole);
      },
    };
  }
}

const pageBuffers = new PageBuffers(256 * 1024, 16);
