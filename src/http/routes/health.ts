/** GET /healthz: liveness and a store check, no auth; 503 while the server drains. */
import type { FastifyInstance } from 'fastify';
import { sendError } from '../errors.js';

export function healthRoutes(app: FastifyInstance, opts: { ping: () => Promise<void>; isDraining: () => boolean }): void {
  app.get('/healthz', { schema: { summary: 'Liveness and store check (no auth)', tags: ['Health'] } }, async (_request, reply) => {
    if (opts.isDraining()) return sendError(reply, 503, 'SHUTTING_DOWN', 'The server is shutting down');
    await opts.ping();
    return reply.send({ status: 'ok' });
  });
}
