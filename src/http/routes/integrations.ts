/** Provider settings of the caller's account: Twilio credentials (the auth token is write-only). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { TwilioSettingsService } from '../../integrations/twilio/settings.js';
import { errorRef } from '../responses.js';
import { TwilioSettingsBody, TwilioSettingsSchema } from '../../contract/account.js';

const tags = ['Integrations'];

export function integrationRoutes(app: FastifyInstance, opts: { twilio: TwilioSettingsService }): void {
  const { twilio } = opts;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(TwilioSettingsSchema);
  const settingsRef = Type.Ref('TwilioSettings');

  r.get('/api/v1/integrations/twilio', {
    schema: {
      summary: 'Get Twilio settings',
      description: 'Whether Twilio is configured and with which Account SID. The auth token is never answered.',
      tags,
      response: { 200: settingsRef },
    },
    handler: async (request) => twilio.get(request.accountId),
  });

  r.put('/api/v1/integrations/twilio', {
    schema: {
      summary: 'Set Twilio settings',
      description:
        "Stores the Twilio Account SID and auth token (encrypted with the server's SECRETS_KEY; 503 SECRETS_KEY_MISSING when it has none). " +
        'An Account SID already configured for another account is a 409.',
      tags,
      body: TwilioSettingsBody,
      response: { 200: settingsRef, 409: errorRef, 413: errorRef, 415: errorRef },
    },
    handler: async (request) => twilio.set(request.accountId, request.body),
  });

  r.delete('/api/v1/integrations/twilio', {
    schema: {
      summary: 'Remove Twilio settings',
      description: 'Forgets the credentials; webhooks for this Twilio account are refused from then on.',
      tags,
      response: { 204: Type.Null({ description: 'Removed (or there was nothing to remove)' }) },
    },
    handler: async (request, reply) => {
      await twilio.remove(request.accountId);
      return reply.code(204).send(null);
    },
  });
}
