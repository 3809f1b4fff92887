/** Data protection: erase or redact a call, and the account's retention period. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { DataProtectionService } from '../../domain/data-protection.js';
import { RetentionSchema } from '../../contract/account.js';
import { errorRef } from '../responses.js';
import { IdParams } from '../../contract/common.js';
import { CallSchema, MessageSchema } from '../../contract/calls.js';

export function dataProtectionRoutes(app: FastifyInstance, opts: { dataProtection: DataProtectionService }): void {
  const { dataProtection } = opts;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Data protection'];
  // The call routes register these in their own scope; this scope needs them for its answers.
  app.addSchema(MessageSchema);
  app.addSchema(CallSchema);

  r.delete('/api/v1/calls/:id', {
    schema: {
      summary: 'Delete Call',
      description:
        'Erases the call for good: its record, its messages, its full-text index entry and any idempotency replay of its ' +
        'creation. Answers 204; a later GET is a 404.',
      tags,
      params: IdParams,
      response: { 204: Type.Null({ description: 'Erased' }) },
    },
    handler: async (request, reply) => {
      await dataProtection.deleteCall(request.accountId, request.params.id);
      return reply.code(204).send(null);
    },
  });

  r.post('/api/v1/calls/:id/redact', {
    schema: {
      summary: 'Redact Call',
      description:
        "Blanks the transcription, the recording URL and every message's content and media URL, and drops the call from " +
        'full-text search. The bare record stays: status, times, duration, agent, customer, message sids and statuses.',
      tags,
      params: IdParams,
      response: { 200: Type.Ref('Call') },
    },
    handler: async (request) => dataProtection.redactCall(request.accountId, request.params.id),
  });

  r.get('/api/v1/account/retention', {
    schema: {
      summary: 'Get Retention Period',
      tags,
      response: { 200: RetentionSchema },
    },
    handler: async (request) => dataProtection.getRetention(request.accountId),
  });

  r.put('/api/v1/account/retention', {
    schema: {
      summary: 'Set Retention Period',
      description:
        'Sets how many days the account keeps its calls (null: forever). A background task erases older calls, in small ' +
        'batches, within a minute or so (RETENTION_INTERVAL_MS).',
      tags,
      body: RetentionSchema,
      response: { 200: RetentionSchema, 413: errorRef, 415: errorRef },
    },
    handler: async (request) => dataProtection.setRetention(request.accountId, request.body.days),
  });
}
