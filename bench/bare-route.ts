/**
 * The floors Get Call is compared with: `PUT /__bench/bare` stores the raw request body
 * (application/octet-stream) once; `GET /__bench/bare/:id` answers those bytes as JSON with no
 * auth, no store and no serialization, whatever the id — on the same server, through the same
 * app-wide hooks, with requests shaped like Get Call's (a path parameter). Registered by the
 * benchmark's server entry (bench/serve.ts), never by the production app. `bareHttpServer` is
 * the real floor: a plain node:http server in the same process answering the same bytes to any
 * GET, with none of Fastify or the app's hooks.
 */
import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import { JSON_UTF8 } from '../src/http/media-types.js';

/** The bytes both floors answer (Get Call's answer for one call, once the harness has PUT it). */
let body: Buffer = Buffer.from('{}');

export function bareHttpServer(port: number, host: string): Promise<http.Server> {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': JSON_UTF8, 'content-length': body.length });
    response.end(body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      resolve(server);
    });
  });
}

export function bareRoute(app: FastifyInstance): void {
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
