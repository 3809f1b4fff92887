/**
 * Agents, skills and customers: the same four routes each (create / get / update / list), scoped
 * to the key's account, registered from one definition per resource.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type TSchema, type Static, type TObject } from 'typebox';
import type { DirectoryService } from '../../domain/directory.js';
import { errorRef } from '../responses.js';
import { IdParams, PageQuery } from '../../contract/common.js';
import { DEFAULT_PAGE_SIZE } from '../../contract/limits.js';
import {
  AgentBody,
  AgentSchema,
  CustomerBody,
  CustomerListQuery,
  CustomerSchema,
  SkillBody,
  SkillSchema,
} from '../../contract/directory.js';

const writeErrors = { 413: errorRef, 415: errorRef };

/** `page`/`limit` as the store takes them. */
export interface PageWindow {
  limit: number;
  offset: number;
}

function pageWindow(q: { page?: number; limit?: number }): PageWindow {
  const limit = q.limit ?? DEFAULT_PAGE_SIZE;
  return { limit, offset: ((q.page ?? 1) - 1) * limit };
}

interface DirectoryResource<Body extends TSchema, Query extends TObject> {
  /** Path segment under /api/v1 (plural). */
  path: string;
  /** Singular noun for summaries ("Agent"), plural for the tag ("Agents"). */
  noun: string;
  plural: string;
  /** The response schema; its `$id` names it in the OpenAPI document. */
  schema: TObject;
  body: Body;
  listQuery: Query;
  create(request: FastifyRequest<{ Body: Static<Body> }>): Promise<unknown>;
  get(request: FastifyRequest<{ Params: Static<typeof IdParams> }>): Promise<unknown>;
  update(request: FastifyRequest<{ Params: Static<typeof IdParams>; Body: Static<Body> }>): Promise<unknown>;
  list(request: FastifyRequest<{ Querystring: Static<Query> }>): Promise<unknown[]>;
}

function registerResource<Body extends TSchema, Query extends TObject>(app: FastifyInstance, res: DirectoryResource<Body, Query>): void {
  const id = '$id' in res.schema ? res.schema.$id : undefined;
  if (typeof id !== 'string') throw new Error(`the ${res.noun} schema needs an $id`);
  app.addSchema(res.schema);
  const one = Type.Ref(id);
  const tags = [res.plural];
  const collection = `/api/v1/${res.path}`;
  const item = `${collection}/:id`;
  app.post<{ Body: Static<Body> }>(collection, {
    schema: { summary: `Create ${res.noun}`, tags, body: res.body, response: { 201: one, ...writeErrors } },
    handler: async (request, reply) => reply.code(201).send(await res.create(request)),
  });
  app.get<{ Params: Static<typeof IdParams> }>(item, {
    schema: { summary: `Get ${res.noun}`, tags, params: IdParams, response: { 200: one } },
    handler: async (request) => res.get(request),
  });
  app.put<{ Params: Static<typeof IdParams>; Body: Static<Body> }>(item, {
    schema: { summary: `Update ${res.noun}`, tags, params: IdParams, body: res.body, response: { 200: one, ...writeErrors } },
    handler: async (request) => res.update(request),
  });
  app.get<{ Querystring: Static<Query> }>(collection, {
    schema: { summary: `List ${res.plural}`, tags, querystring: res.listQuery, response: { 200: Type.Array(one) } },
    handler: async (request) => res.list(request),
  });
}

export function directoryRoutes(app: FastifyInstance, opts: { directory: DirectoryService }): void {
  const { directory } = opts;
  registerResource(app, {
    path: 'agents',
    noun: 'Agent',
    plural: 'Agents',
    schema: AgentSchema,
    body: AgentBody,
    listQuery: PageQuery,
    create: (r) => directory.createAgent(r.accountId, r.body),
    get: (r) => directory.getAgent(r.accountId, r.params.id),
    update: (r) => directory.updateAgent(r.accountId, r.params.id, r.body),
    list: (r) => directory.listAgents(r.accountId, pageWindow(r.query)),
  });
  registerResource(app, {
    path: 'skills',
    noun: 'Skill',
    plural: 'Skills',
    schema: SkillSchema,
    body: SkillBody,
    listQuery: PageQuery,
    create: (r) => directory.createSkill(r.accountId, r.body),
    get: (r) => directory.getSkill(r.accountId, r.params.id),
    update: (r) => directory.updateSkill(r.accountId, r.params.id, r.body),
    list: (r) => directory.listSkills(r.accountId, pageWindow(r.query)),
  });
  registerResource(app, {
    path: 'customers',
    noun: 'Customer',
    plural: 'Customers',
    schema: CustomerSchema,
    body: CustomerBody,
    listQuery: CustomerListQuery,
    create: (r) => directory.createCustomer(r.accountId, r.body),
    get: (r) => directory.getCustomer(r.accountId, r.params.id),
    update: (r) => directory.updateCustomer(r.accountId, r.params.id, r.body),
    list: (r) => directory.listCustomers(r.accountId, pageWindow(r.query), { phone: r.query.phone, email: r.query.email }),
  });
}
