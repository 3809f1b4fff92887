/**
 * Twilio's webhooks: form-encoded POSTs signed with X-Twilio-Signature, no Basic auth (the
 * AccountSid parameter names the account). Each answers an empty TwiML `<Response/>` (200,
 * text/xml), which Twilio accepts from every callback kind; a bad or missing signature, or an
 * AccountSid configured nowhere, is a 403 and changes nothing.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import formbody from '@fastify/formbody';
import { Type } from 'typebox';
import { AppError, errors } from '../../domain/errors.js';
import type { CallbackTarget, TwilioCallbacks } from '../../integrations/twilio/callbacks.js';
import type { FormParams } from '../../integrations/twilio/signature.js';
import { errorRef } from '../responses.js';

export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const tags = ['Twilio webhooks'];
const TargetQuery = Type.Object({
  callId: Type.Optional(Type.String({ maxLength: 64, description: 'Ties the callback to a call created through the API' })),
  sid: Type.Optional(Type.String({ maxLength: 64, description: 'Our sid of an outbound message (set by the service itself)' })),
});
const responses = {
  200: {
    description: 'An empty TwiML document: <Response/>',
    content: { 'text/xml': { schema: { type: 'string', examples: ['<?xml version="1.0" encoding="UTF-8"?><Response/>'] } } },
  },
  400: errorRef,
  403: errorRef,
  404: errorRef,
  413: errorRef,
  415: errorRef,
  422: errorRef,
  503: errorRef,
};

type Handler = (accountId: string, params: FormParams, target: CallbackTarget) => Promise<void>;

export async function twilioWebhookRoutes(app: FastifyInstance, opts: { callbacks: TwilioCallbacks; publicUrl: string }) {
  const { callbacks, publicUrl } = opts;
  // Form bodies are understood here only: the JSON API keeps answering 415 to them.
  await app.register(formbody);
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  /** The URL Twilio signed: PUBLIC_URL + path and query, else this request's own origin. */
  const signedUrl = (request: FastifyRequest) => (publicUrl !== '' ? publicUrl : `${request.protocol}://${request.host}`) + request.url;

  const route = (path: string, summary: string, description: string, handle: Handler) =>
    r.post(path, {
      schema: { summary, description, tags, querystring: TargetQuery, response: responses },
      handler: async (request, reply) => {
        const type = request.headers['content-type'] ?? '';
        if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/x-www-form-urlencoded');
        }
        const params = formParams(request.body);
        const signature = request.headers['x-twilio-signature'];
        const url = signedUrl(request);
        const auth = await callbacks.authenticate(params, typeof signature === 'string' ? signature : undefined, url);
        if ('refused' in auth) {
          // The reason and the URL base checked (no query, no parameters) help fix a wrong PUBLIC_URL.
          request.log.warn({ reason: auth.refused, checkedUrl: url.split('?', 1)[0] }, 'twilio webhook refused');
          throw errors.invalidSignature();
        }
        await handle(auth.accountId, params, request.query);
        return reply
          .code(200)
          .type('text/xml; charset=utf-8')
          .serializer((p: unknown) => p as string)
          .send(EMPTY_TWIML);
      },
    });

  route(
    '/webhooks/twilio/voice/status',
    'Twilio voice status callback',
    'Paste as the number\'s "Call status changes" URL (or a call\'s StatusCallback). Creates the call on first sight, then moves its status and lifecycle times.',
    (a, p, t) => callbacks.voiceStatus(a, p, t),
  );
  route(
    '/webhooks/twilio/voice/recording',
    'Twilio recording status callback',
    "Use as recordingStatusCallback: a completed recording's URL becomes the call's recordingUrl.",
    (a, p, t) => callbacks.voiceRecording(a, p, t),
  );
  route(
    '/webhooks/twilio/messaging/incoming',
    'Twilio incoming message (SMS / WhatsApp)',
    'Paste as the number\'s "A message comes in" URL: appends a customer message to the open thread, or opens one.',
    (a, p) => callbacks.incomingMessage(a, p),
  );
  route(
    '/webhooks/twilio/messaging/status',
    'Twilio message status callback',
    "Moves the message's status forward (never back).",
    (a, p, t) => callbacks.messageStatus(a, p, t),
  );
}

/** The parsed form as plain name → value(s); anything else (no body) is no parameters. */
function formParams(body: unknown): FormParams {
  if (typeof body !== 'object' || body === null) return {};
  const fields: [string, string | string[]][] = [];
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') fields.push([name, value]);
    else if (Array.isArray(value)) fields.push([name, value.map(String)]);
  }
  // Own properties, whatever the names: a field named __proto__ stays a field.
  return Object.fromEntries(fields);
}
