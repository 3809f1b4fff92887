/** Outbound webhook endpoints of the caller's account and their deliveries (issue 14). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { WebhookService } from '../../integrations/webhooks/service.js';
import { errorRef } from '../responses.js';
import { IdParams } from '../../contract/common.js';
import {
  CreateWebhookBody,
  DeliveryListQuery,
  DeliverySchema,
  RecoverBody,
  RecoverResult,
  TestDeliveryResult,
  UpdateWebhookBody,
  WebhookListQuery,
  WebhookSchema,
  WebhookWithSecretSchema,
} from '../../contract/webhooks.js';
import { nextPageUrl } from '../next-page.js';

const tags = ['Webhooks'];
const webhookRef = Type.Ref('Webhook');
const withSecretRef = Type.Ref('WebhookWithSecret');
const deliveryRef = Type.Ref('WebhookDelivery');
const bodyErrors = { 413: errorRef, 415: errorRef };

export function webhookRoutes(app: FastifyInstance, opts: { webhooks: WebhookService }): void {
  const { webhooks } = opts;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(WebhookSchema);
  app.addSchema(WebhookWithSecretSchema);
  app.addSchema(DeliverySchema);

  r.post('/api/v1/webhooks', {
    schema: {
      summary: 'Create Webhook Endpoint',
      description:
        'Registers a URL to receive signed event deliveries (Standard Webhooks). The answer carries the signing `secret`, shown only here and on rotate. ' +
        'A URL resolving to a loopback, private, link-local, CGNAT, multicast or metadata address is a 400 WEBHOOK_URL_REFUSED naming why; ' +
        '503 SECRETS_KEY_MISSING when the server has no SECRETS_KEY to seal the secret with.',
      tags,
      body: CreateWebhookBody,
      response: { 201: withSecretRef, ...bodyErrors },
    },
    handler: async (request, reply) => reply.code(201).send(await webhooks.create(request.accountId, request.body)),
  });

  r.get('/api/v1/webhooks', {
    schema: {
      summary: 'List Webhook Endpoints',
      description: 'In creation order; the next page is announced by `Link: <…>; rel="next"` (and `X-Next-Cursor`).',
      tags,
      querystring: WebhookListQuery,
      response: { 200: Type.Array(webhookRef) },
    },
    handler: async (request, reply) => {
      const page = await webhooks.list(request.accountId, request.query);
      if (page.nextCursor !== undefined) {
        reply.header('Link', `<${nextPageUrl('/api/v1/webhooks', ['limit'], request.query, { cursor: page.nextCursor })}>; rel="next"`);
        reply.header('X-Next-Cursor', page.nextCursor);
      }
      return page.webhooks;
    },
  });

  r.get('/api/v1/webhooks/:id', {
    schema: {
      summary: 'Get Webhook Endpoint',
      description: 'The endpoint without its secret; a disabled one says why (`disabledReason`) and since when (`disabledAt`).',
      tags,
      params: IdParams,
      response: { 200: webhookRef },
    },
    handler: async (request) => webhooks.get(request.accountId, request.params.id),
  });

  r.put('/api/v1/webhooks/:id', {
    schema: {
      summary: 'Update Webhook Endpoint',
      description:
        'Changes the fields given. `enabled: true` re-enables a disabled endpoint: events from then on are delivered (the feed has the ones in between).',
      tags,
      params: IdParams,
      body: UpdateWebhookBody,
      response: { 200: webhookRef, ...bodyErrors },
    },
    handler: async (request) => webhooks.update(request.accountId, request.params.id, request.body),
  });

  r.delete('/api/v1/webhooks/:id', {
    schema: {
      summary: 'Delete Webhook Endpoint',
      description: 'Removes the endpoint and its pending and past deliveries.',
      tags,
      params: IdParams,
      response: { 204: Type.Null({ description: 'Deleted' }) },
    },
    handler: async (request, reply) => {
      await webhooks.delete(request.accountId, request.params.id);
      return reply.code(204).send(null);
    },
  });

  r.post('/api/v1/webhooks/:id/secret/rotate', {
    schema: {
      summary: 'Rotate Webhook Secret',
      description:
        'Answers a new secret. For 24 hours deliveries carry two signatures, one with each secret, so receivers can switch without losing any.',
      tags,
      params: IdParams,
      response: { 200: withSecretRef },
    },
    handler: async (request) => webhooks.rotateSecret(request.accountId, request.params.id),
  });

  r.get('/api/v1/webhooks/:id/deliveries', {
    schema: {
      summary: 'List Webhook Deliveries',
      description: 'Newest first, cursor-paged (`Link: rel="next"`), optionally only `pending`, `succeeded` or `failed` ones.',
      tags,
      params: IdParams,
      querystring: DeliveryListQuery,
      response: { 200: Type.Array(deliveryRef) },
    },
    handler: async (request, reply) => {
      const page = await webhooks.deliveries(request.accountId, request.params.id, request.query);
      if (page.nextCursor !== undefined) {
        const path = `/api/v1/webhooks/${encodeURIComponent(request.params.id)}/deliveries`;
        reply.header('Link', `<${nextPageUrl(path, ['status', 'limit'], request.query, { cursor: page.nextCursor })}>; rel="next"`);
        reply.header('X-Next-Cursor', page.nextCursor);
      }
      return page.deliveries;
    },
  });

  r.post('/api/v1/webhooks/:id/recover', {
    schema: {
      summary: 'Recover Failed Deliveries',
      description: 'Puts every failed delivery created at or after `since` back in the queue, with a fresh retry schedule.',
      tags,
      params: IdParams,
      body: RecoverBody,
      response: { 202: RecoverResult, ...bodyErrors },
    },
    handler: async (request, reply) =>
      reply.code(202).send({ requeued: await webhooks.recover(request.accountId, request.params.id, request.body.since) }),
  });

  r.post('/api/v1/webhooks/:id/test', {
    schema: {
      summary: 'Send Test Event',
      description: 'Queues a `webhook.test` event (`data: {webhookId}`) for the endpoint, signed like any other delivery.',
      tags,
      params: IdParams,
      response: { 202: TestDeliveryResult },
    },
    handler: async (request, reply) => reply.code(202).send(await webhooks.sendTest(request.accountId, request.params.id)),
  });
}
