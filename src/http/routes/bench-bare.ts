/**
 * Benchmark-only routes, registered only when CALLS_API_BENCH_BARE=1 (never by default).
 * `PUT /__bench/bare` stores the raw request body (application/octet-stream) once;
 * `GET /__bench/bare/:id` answers those bytes as JSON with no auth, no store and no
 * serialization, whatever the id: the floor of the framework that `npm run bench` compares Get
 * Call against, on the same server, with requests shaped like Get Call's (a path parameter).
 */
import type { FastifyInstance } from 'fastify';
import { JSON_UTF8 } from '../media-types.js';

export async function benchBareRoutes(app: FastifyInstance) {
  let body: Buffer = Buffer.from('{}');
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, payload, done) => done(null, payload));
  app.put('/__bench/bare', { schema: { hide: true } }, async (request, reply) => {
    body = Buffer.from(request.body as Buffer);
    return reply.code(204).send();
  });
  app.get('/__bench/bare/:id', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(JSON_UTF8).send(body),
  );
}
