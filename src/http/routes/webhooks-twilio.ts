/**
 * Twilio's webhooks: form-encoded POSTs signed with X-Twilio-Signature, no Basic auth (the
 * AccountSid parameter names the account). Each answers an empty TwiML `<Response/>` (200,
 * text/xml), which Twilio accepts from every callback kind.
 *
 * A hostile request is refused as early, and so as cheaply, as it can be, in this order:
 *   1. more than WEBHOOK_RATE_LIMIT_PER_MINUTE requests from this address → 429 (onRequest)
 *   2. not a form → 415; no X-Twilio-Signature → 403 (preParsing: the body is not read)
 *   3. a body over WEBHOOK_BODY_LIMIT → 413 (Content-Length, or while reading), or over
 *      WEBHOOK_MAX_PARAMS parameters → 413 (counted in the text before any object is built)
 *   4. a wrong signature, an AccountSid configured nowhere, a stored token that does not open
 *      → 403, all alike (preValidation, before the body schema)
 *   5. a form the route's schema refuses → 400 naming the parameter.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import rateLimit from '@fastify/rate-limit';
import type { TSchema } from 'typebox';
import { AppError, errors } from '../../domain/errors.js';
import type { TwilioCallbacks } from '../../integrations/twilio/callbacks.js';
import type { FormParams } from '../../integrations/twilio/signature.js';
import {
  CallbackTargetQuery,
  IncomingMessageForm,
  MessageStatusForm,
  RecordingForm,
  VoiceStatusForm,
} from '../../contract/twilio-webhooks.js';
import type { WebhookLimits } from '../../config.js';
import { errorRef } from '../responses.js';

export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const FORM_TYPE = /^application\/x-www-form-urlencoded\b/i;
/** Twilio's signatures are 28 base64 characters; anything past this is not one. */
const MAX_SIGNATURE_LENGTH = 128;

const tags = ['Twilio webhooks'];
/** Twilio signs each callback with the account's auth token (X-Twilio-Signature). */
const TWILIO_SIGNATURE = [{ twilioSignature: [] }];
const responses = {
  200: {
    description: 'An empty TwiML document: <Response/>',
    content: { 'text/xml': { schema: { type: 'string', examples: ['<?xml version="1.0" encoding="UTF-8"?><Response/>'] } } },
  },
  400: errorRef,
  403: errorRef,
  404: errorRef,
  409: errorRef,
  413: errorRef,
  415: errorRef,
  422: errorRef,
  429: errorRef,
  503: errorRef,
};

declare module 'fastify' {
  interface FastifyRequest {
    /** The Twilio callback's account, once its signature has been checked. */
    twilioAccountId: string;
  }
}

export interface TwilioWebhookOptions {
  callbacks: TwilioCallbacks;
  publicUrl: string;
  limits: WebhookLimits;
}

export async function twilioWebhookRoutes(app: FastifyInstance, opts: TwilioWebhookOptions) {
  const { callbacks, publicUrl, limits } = opts;
  app.decorateRequest('twilioAccountId', '');

  // 1. Per client address (TRUST_PROXY makes it the real one behind a proxy), before anything else.
  if (limits.webhookRateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      global: true,
      max: limits.webhookRateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request) => request.ip,
      errorResponseBuilder: (_request, context) =>
        Object.assign(new Error(`Rate limit of ${String(context.max)} webhook requests a minute exceeded; retry in ${context.after}`), {
          statusCode: 429,
        }),
    });
  }

  // 2. Before the body is read.
  app.addHook('preParsing', (request, _reply, _payload, done) => {
    done(earlyRefusal(request, limits.webhookBodyLimit));
  });

  // 3. Form bodies are understood here only (the JSON API keeps answering 415 to them).
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: limits.webhookBodyLimit },
    (_request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (countParameters(text) > limits.webhookMaxParams) {
        done(new AppError('PAYLOAD_TOO_LARGE', `A webhook body may carry at most ${limits.webhookMaxParams} form parameters`));
        return;
      }
      done(null, parseForm(text));
    },
  );

  // 4. The signature, before the schema: a stranger learns nothing about what the forms must hold.
  app.addHook('preValidation', async (request) => {
    const params = formParams(request.body);
    const signature = request.headers['x-twilio-signature'];
    const url = signedUrl(request);
    const auth = await callbacks.authenticate(params, typeof signature === 'string' ? signature : undefined, url);
    if ('refused' in auth) {
      // The reason and the URL base checked (no query, no parameters) help fix a wrong PUBLIC_URL;
      // for a token that does not open, why (and the id of the key it names, never a secret).
      request.log.warn({ reason: auth.refused, sealing: auth.sealing, checkedUrl: url.split('?', 1)[0] }, 'twilio webhook refused');
      throw errors.invalidSignature();
    }
    request.twilioAccountId = auth.accountId;
  });

  /** The URL Twilio signed: PUBLIC_URL + path and query, else this request's own origin. */
  const signedUrl = (request: FastifyRequest) => (publicUrl !== '' ? publicUrl : `${request.protocol}://${request.host}`) + request.url;

  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // 5. The body schema (additional parameters allowed: Twilio sends many, all of them signed);
  // the callbacks take the validated form, typed by it.
  const schemaOf = <Form extends TSchema>(body: Form, operationId: string, summary: string, description: string) => ({
    operationId,
    summary,
    description,
    tags,
    security: TWILIO_SIGNATURE,
    consumes: ['application/x-www-form-urlencoded'],
    body,
    querystring: CallbackTargetQuery,
    response: responses,
  });
  const bodyLimit = limits.webhookBodyLimit;

  r.post('/webhooks/twilio/voice/status', {
    bodyLimit,
    schema: schemaOf(
      VoiceStatusForm,
      'twilioVoiceStatus',
      'Twilio voice status callback',
      'Paste as the number\'s "Call status changes" URL (or a call\'s StatusCallback). Creates the call on first sight, then moves its status and lifecycle times.',
    ),
    handler: async (request, reply) => {
      await callbacks.voiceStatus(request.twilioAccountId, request.body, request.query);
      return emptyTwiml(reply);
    },
  });
  r.post('/webhooks/twilio/voice/recording', {
    bodyLimit,
    schema: schemaOf(
      RecordingForm,
      'twilioRecordingStatus',
      'Twilio recording status callback',
      "Use as recordingStatusCallback: a completed recording's URL becomes the call's recordingUrl.",
    ),
    handler: async (request, reply) => {
      await callbacks.voiceRecording(request.twilioAccountId, request.body, request.query);
      return emptyTwiml(reply);
    },
  });
  r.post('/webhooks/twilio/messaging/incoming', {
    bodyLimit,
    schema: schemaOf(
      IncomingMessageForm,
      'twilioIncomingMessage',
      'Twilio incoming message (SMS / WhatsApp)',
      'Paste as the number\'s "A message comes in" URL: appends a customer message to the open thread, or opens one.',
    ),
    handler: async (request, reply) => {
      await callbacks.incomingMessage(request.twilioAccountId, request.body);
      return emptyTwiml(reply);
    },
  });
  r.post('/webhooks/twilio/messaging/status', {
    bodyLimit,
    schema: schemaOf(
      MessageStatusForm,
      'twilioMessageStatus',
      'Twilio message status callback',
      "Moves the message's status forward (never back).",
    ),
    handler: async (request, reply) => {
      await callbacks.messageStatus(request.twilioAccountId, request.body, request.query);
      return emptyTwiml(reply);
    },
  });
}

function emptyTwiml(reply: FastifyReply) {
  return reply
    .code(200)
    .type('text/xml; charset=utf-8')
    .serializer((p: unknown) => String(p))
    .send(EMPTY_TWIML);
}

/** What can be refused from the head alone: the content type, the signature's presence, a declared length. */
function earlyRefusal(request: FastifyRequest, bodyLimit: number): AppError | undefined {
  if (!FORM_TYPE.test(request.headers['content-type'] ?? '')) {
    return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/x-www-form-urlencoded');
  }
  const signature = request.headers['x-twilio-signature'];
  if (typeof signature !== 'string' || signature === '' || signature.length > MAX_SIGNATURE_LENGTH) {
    request.log.warn({ reason: 'no-signature' }, 'twilio webhook refused');
    return errors.invalidSignature();
  }
  if (Number(request.headers['content-length'] ?? 0) > bodyLimit) return bodyTooLarge(bodyLimit);
  return undefined;
}

function bodyTooLarge(limit: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `A webhook body may be at most ${limit} bytes`);
}

/** How many parameters a form holds (`&`-separated parts), without splitting it. */
export function countParameters(text: string): number {
  if (text === '') return 0;
  let count = 1;
  for (let i = text.indexOf('&'); i !== -1; i = text.indexOf('&', i + 1)) count++;
  return count;
}

/** The form as name → value, a repeated name → its values in order; own properties only. */
function parseForm(text: string): FormParams {
  const params = new Map<string, string | string[]>();
  for (const [name, value] of new URLSearchParams(text)) {
    const seen = params.get(name);
    params.set(name, seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value]);
  }
  // fromEntries defines each name as an own property: `__proto__` is a parameter like any other.
  return Object.fromEntries(params);
}

/** The parsed form as plain name → value(s); anything else (no body) is no parameters. */
function formParams(body: unknown): FormParams {
  if (typeof body !== 'object' || body === null) return {};
  const entries: [string, string | string[]][] = [];
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') entries.push([name, value]);
    else if (Array.isArray(value)) entries.push([name, value.map(String)]);
  }
  return Object.fromEntries(entries);
}
