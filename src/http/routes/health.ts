/** GET /healthz: liveness and a store check, no auth; 503 while the server drains. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { sendError } from '../errors.js';
import { errorRef } from '../responses.js';

const Health = Type.Object({ status: Type.Literal('ok') }, { title: 'Health' });

export function healthRoutes(app: FastifyInstance, opts: { ping: () => Promise<void>; isDraining: () => boolean }): void {
  const schema = {
    operationId: 'getHealth',
    summary: 'Liveness and store check (no auth)',
    description: 'Answers 200 when the process serves and its store answers; 503 while it shuts down or the store is unavailable.',
    tags: ['Health'],
    response: { 200: Health, 503: errorRef },
  };
  app.get('/healthz', { schema }, async (_request, reply) => {
    if (opts.isDraining()) return sendError(reply, 503, 'SHUTTING_DOWN', 'The server is shutting down');
    await opts.ping();
    return reply.send({ status: 'ok' });
  });
}
