/**
 * The floor Get Call is compared with: `PUT /__bench/bare` stores the raw request body
 * (application/octet-stream) once; `GET /__bench/bare/:id` answers those bytes as JSON with no
 * auth, no store and no serialization, whatever the id — on the same server, through the same
 * app-wide hooks, with requests shaped like Get Call's (a path parameter). Registered by the
 * benchmark's server entry (bench/serve.ts), never by the production app.
 */
import type { FastifyInstance } from 'fastify';
import { JSON_UTF8 } from '../src/http/media-types.js';

export function bareRoute(app: FastifyInstance): void {
  let body: Buffer = Buffer.from('{}');
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, payload, done) => {
    done(null, payload);
  });
  app.put('/__bench/bare', { schema: { hide: true } }, async (request, reply) => {
    if (!Buffer.isBuffer(request.body)) return reply.code(400).send();
    body = Buffer.from(request.body);
    return reply.code(204).send();
  });
  app.get('/__bench/bare/:id', { schema: { hide: true } }, async (_request, reply) => reply.type(JSON_UTF8).send(body));
}
