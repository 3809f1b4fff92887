/**
 * The conventions of the OpenAPI document, applied to every documented route — those of this
 * file's authors and any added later — at the moment the document is generated from the route
 * schemas (nothing here is a second copy of a shape):
 *
 * - every operation has an `operationId` (given, or derived from method and path: `listEvents`,
 *   `getCustomer`, `deleteCustomer`), a summary, tags (declared with descriptions) and `security`
 *   (`[]` for the public routes: nothing is left implicit);
 * - every operation declares the error answers any request can get (414, 431, 500, 503) besides
 *   its own; each error status is one shared response (`components.responses`) listing the
 *   catalogue's codes for that status, with its headers (`WWW-Authenticate`, `Retry-After`,
 *   `X-RateLimit-*`) and an example;
 * - titled request and response bodies become named component schemas;
 * - headers an answer carries are declared (`x-response-headers` in a route schema names them
 *   from RESPONSE_HEADERS); `x-conditional` marks a GET that honours `If-None-Match` (ETag, 304).
 */
import { STATUS_CODES } from 'node:http';
import type { FastifySchema } from 'fastify';
import { ERROR_CATALOGUE, errorCodesFor, type ErrorCode } from '../contract/errors.js';

/** Headers an answer may carry, declared once in `components.headers`. */
export const RESPONSE_HEADERS = {
  'X-Request-Id': {
    description: 'The request id (the one sent, else one the server made); error bodies repeat it',
    schema: { type: 'string' },
  },
  Link: {
    description: 'The next page: `<url>; rel="next"`. Absent on the last page.',
    schema: { type: 'string', examples: ['</api/v1/calls?limit=50&cursor=…>; rel="next"'] },
  },
  'X-Next-Cursor': {
    description: 'The cursor of the next page (as in the Link header); absent on the last page',
    schema: { type: 'string' },
  },
  'Idempotent-Replayed': {
    description: '`true` when the answer is the replay of an earlier request with this Idempotency-Key',
    schema: { type: 'string', enum: ['true'] },
  },
  ETag: {
    description: 'Strong entity tag of the representation; send it back in If-None-Match',
    schema: { type: 'string', examples: ['"3q2-7w"'] },
  },
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } },
  'WWW-Authenticate': {
    description: 'The authentication scheme',
    schema: { type: 'string', examples: ['Basic realm="calls-api", charset="UTF-8"'] },
  },
  'X-RateLimit-Limit': { description: 'Requests allowed per minute for this key', schema: { type: 'integer' } },
  'X-RateLimit-Remaining': { description: 'Requests left in the current minute', schema: { type: 'integer' } },
  'X-RateLimit-Reset': { description: 'Seconds until the window resets', schema: { type: 'integer' } },
} as const;
export type ResponseHeaderName = keyof typeof RESPONSE_HEADERS;

declare module 'fastify' {
  interface FastifySchema {
    /** Headers the answer with this status carries, beyond the ones every answer carries. */
    'x-response-headers'?: Readonly<Record<number, readonly ResponseHeaderName[]>>;
    /** A GET answered with an ETag, and with 304 when If-None-Match names it. */
    'x-conditional'?: boolean;
  }
}

/** Error answers any request can get, whatever its route. */
const ERRORS_OF_EVERY_ROUTE = [414, 431, 500, 503] as const;

/** Headers by error status (X-Request-Id is on every answer). */
const ERROR_HEADERS: Readonly<Record<number, readonly ResponseHeaderName[]>> = {
  401: ['WWW-Authenticate'],
  429: ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
  503: ['Retry-After'],
};

/** The document's tags, in this order; a tag not listed here still gets a description. */
const TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  Calls: 'Interactions (calls and message threads): the Elemente.ai-compatible v1 Calls API, and messages.',
  Agents: "Who handles interactions (a call's `agentId`).",
  Skills: "What interactions are routed by (a call's `skillId`).",
  Customers: "Who the interactions are with (a call's `customerId`), found by phone or email or created.",
  'Data protection': 'Erasure, redaction and the retention period.',
  Integrations: 'Provider settings (Twilio).',
  'Twilio webhooks': "Callbacks Twilio sends, signed with the account's auth token.",
  Health: 'Liveness and store check.',
};

/** The name a shared error response is known by in `components.responses`. */
function errorResponseName(status: number): string {
  return (STATUS_CODES[status] ?? `Status${String(status)}`).replace(/[^A-Za-z0-9]/g, '');
}

const VERBS: Readonly<Record<string, string>> = { GET: 'get', PUT: 'update', PATCH: 'update', DELETE: 'delete', POST: 'create' };
const pascal = (word: string) => word.replace(/(^|[-_])([a-z])/g, (_m, _sep: string, c: string) => c.toUpperCase());
const singular = (word: string) => (word.endsWith('ies') ? `${word.slice(0, -3)}y` : word.endsWith('s') ? word.slice(0, -1) : word);

/**
 * The operationId of a route that gives none: `GET /api/v1/events` → `listEvents`, `POST …/agents`
 * → `createAgent`, `GET|PUT|PATCH|DELETE …/customers/:id` → `getCustomer` … `deleteCustomer`;
 * other shapes → method and path words (`postCallsRedact`).
 */
export function deriveOperationId(method: string, url: string): string {
  const segments = url.split('/').filter((s) => s !== '' && s !== 'api' && !/^v\d+$/.test(s));
  const words = segments.filter((s) => !s.startsWith(':') && !s.startsWith('{'));
  const last = segments.at(-1) ?? '';
  const isParam = last.startsWith(':') || last.startsWith('{');
  const verb = method.toUpperCase();
  if (segments.length === 2 && isParam && VERBS[verb]) return `${VERBS[verb]}${pascal(singular(words[0]))}`;
  if (segments.length === 1 && verb === 'GET') return `list${pascal(last)}`;
  if (segments.length === 1 && verb === 'POST') return `create${pascal(singular(last))}`;
  return `${verb.toLowerCase()}${words.map(pascal).join('')}`;
}

const sentence = (operationId: string) => {
  const words = operationId.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** @fastify/swagger's per-route transform: fills in what a route left out. */
export function routeConventions({ schema, url, route }: { schema: FastifySchema; url: string; route: { method: string | string[] } }): {
  schema: FastifySchema;
  url: string;
} {
  const method = Array.isArray(route.method) ? (route.method[0] ?? 'GET') : route.method;
  const operationId = schema.operationId ?? deriveOperationId(method, url);
  const firstWord = url.split('/').find((s) => s !== '' && s !== 'api' && !/^v\d+$/.test(s)) ?? 'default';
  return {
    url,
    schema: {
      ...schema,
      operationId,
      summary: schema.summary ?? sentence(operationId),
      tags: schema.tags ?? [pascal(firstWord)],
      security: schema.security ?? [],
    },
  };
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace']);

const headerRef = (name: ResponseHeaderName) => ({ $ref: `#/components/headers/${name}` });
const headersOf = (names: readonly ResponseHeaderName[]) =>
  Object.fromEntries(['X-Request-Id' as const, ...names].map((n) => [n, headerRef(n)]));

/** @fastify/swagger's whole-document transform (in place): every operation, then the shared parts. */
export function documentConventions(document: object): void {
  const doc: Json = Object.fromEntries(Object.entries(document));
  const components = isObject(doc.components) ? doc.components : {};
  const schemas = isObject(components.schemas) ? components.schemas : {};
  const responses: Json = {};
  const paths = isObject(doc.paths) ? doc.paths : {};
  const seenIds = new Map<string, string>();
  const tagsUsed = new Set<string>();

  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method) || !isObject(op)) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const operationId = String(op.operationId);
      const clash = seenIds.get(operationId);
      if (clash !== undefined) throw new Error(`operationId ${operationId} of ${where} is also that of ${clash}`);
      seenIds.set(operationId, where);
      for (const tag of Array.isArray(op.tags) ? op.tags : []) tagsUsed.add(String(tag));
      finishOperation(op, schemas, responses);
    }
  }

  const known = Object.keys(TAG_DESCRIPTIONS);
  const tags = [...tagsUsed]
    .sort((a, b) => (known.indexOf(a) + 1 || known.length + 1) - (known.indexOf(b) + 1 || known.length + 1) || a.localeCompare(b))
    .map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? `The ${name.toLowerCase()} operations.` }));
  const sortedResponses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
  Object.assign(document, { tags, components: { ...components, schemas, responses: sortedResponses, headers: RESPONSE_HEADERS } });
}

function finishOperation(op: Json, schemas: Json, sharedResponses: Json): void {
  const extraHeaders = (isObject(op['x-response-headers']) ? op['x-response-headers'] : {}) as Record<string, ResponseHeaderName[]>;
  const conditional = op['x-conditional'] === true;
  delete op['x-response-headers'];
  delete op['x-conditional'];

  const body = isObject(op.requestBody) ? op.requestBody : undefined;
  if (body && isObject(body.content)) nameSchemas(body.content, schemas);

  const responses = isObject(op.responses) ? op.responses : {};
  for (const status of ERRORS_OF_EVERY_ROUTE) responses[String(status)] ??= {};
  if (conditional) {
    responses['304'] = { description: 'Not Modified: If-None-Match names the current ETag; no body', headers: headersOf(['ETag']) };
    const parameters = Array.isArray(op.parameters) ? op.parameters : [];
    parameters.push({
      name: 'If-None-Match',
      in: 'header',
      required: false,
      description: 'An ETag from an earlier answer: a 304 with no body when it is still current',
      schema: { type: 'string' },
    });
    op.parameters = parameters;
  }
  for (const [key, response] of Object.entries(responses)) {
    const status = Number(key);
    if (status >= 400) {
      const name = errorResponseName(status);
      sharedResponses[name] ??= errorResponse(status);
      responses[key] = { $ref: `#/components/responses/${name}` };
      continue;
    }
    if (!isObject(response)) continue;
    if (isObject(response.content)) nameSchemas(response.content, schemas);
    if (response.description === 'Default Response' || response.description === undefined) {
      response.description = successDescription(status, response.content);
    }
    if (status === 304) continue;
    response.headers = headersOf([...(extraHeaders[key] ?? []), ...(conditional && status === 200 ? (['ETag'] as const) : [])]);
  }
  op.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

/** A shared error answer: the error body, the codes this status carries, its headers, an example. */
function errorResponse(status: number): Json {
  const codes = errorCodesFor(status);
  const example = codes.at(0);
  const phrase = STATUS_CODES[status] ?? 'Error';
  const schema =
    codes.length > 0
      ? { allOf: [{ $ref: '#/components/schemas/ErrorBody' }, { properties: { code: { enum: codes } } }] }
      : { $ref: '#/components/schemas/ErrorBody' };
  return {
    description: `${phrase}${codes.length > 0 ? `; \`code\` is one of ${codes.map((c) => `\`${c}\``).join(', ')}` : ''}`,
    headers: headersOf(ERROR_HEADERS[status] ?? []),
    content: {
      'application/json': {
        schema,
        ...(example !== undefined && {
          example: {
            statusCode: ERROR_CATALOGUE[example],
            error: phrase,
            code: example,
            message: EXAMPLE_MESSAGES[example] ?? phrase,
            requestId: '6f1c0a52-3b7e-4d0e-9a7b-2f4c8e1d9a10',
          },
        }),
      },
    },
  };
}

const EXAMPLE_MESSAGES: Partial<Record<ErrorCode, string>> = {
  VALIDATION_ERROR: 'body.channel must be one of: call, sms, whatsapp, email, webchat',
  UNAUTHORIZED: 'Missing or invalid credentials',
  CALL_NOT_FOUND: 'Call not found',
  RATE_LIMITED: 'Rate limit of 600 requests a minute exceeded; retry in 1 second',
  INTERNAL_ERROR: 'Internal server error',
  STORE_UNAVAILABLE: 'The data store is unavailable; retry shortly',
};

function successDescription(status: number, content: unknown): string {
  const phrase = STATUS_CODES[status] ?? 'Success';
  if (!isObject(content)) return phrase;
  const media = Object.values(content)[0];
  const schema = isObject(media) && isObject(media.schema) ? media.schema : undefined;
  const named = (s: Json | undefined) => (typeof s?.$ref === 'string' ? s.$ref.split('/').at(-1) : undefined);
  if (schema?.type === 'array' && isObject(schema.items) && named(schema.items))
    return `${phrase}: a page of ${String(named(schema.items))} objects`;
  const name = named(schema) ?? (typeof schema?.title === 'string' ? schema.title : undefined);
  return name ? `${phrase}: the ${name}` : phrase;
}

/** Titled inline schemas of a body become named component schemas (one name, one shape). */
function nameSchemas(content: Json, schemas: Json): void {
  for (const media of Object.values(content)) {
    if (!isObject(media) || !isObject(media.schema)) continue;
    const title = media.schema.title;
    if (typeof title !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(title)) continue;
    const existing = schemas[title];
    if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(media.schema)) {
      throw new Error(`two different schemas are titled ${title}`);
    }
    schemas[title] = media.schema;
    media.schema = { $ref: `#/components/schemas/${title}` };
  }
}
