/** Agents, skills and customers: create / get / update / list, scoped to the key's account. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { DirectoryService } from '../../domain/directory.js';
import { authErrors, errorRef } from '../responses.js';
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

const security = [{ basicAuth: [] }];
const writeErrors = { 413: errorRef, 415: errorRef, ...authErrors };

function page(q: { page?: number; limit?: number }) {
  const limit = q.limit ?? DEFAULT_PAGE_SIZE;
  return { limit, offset: ((q.page ?? 1) - 1) * limit };
}

export async function directoryRoutes(app: FastifyInstance, opts: { directory: DirectoryService }) {
  const { directory } = opts;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(AgentSchema);
  app.addSchema(SkillSchema);
  app.addSchema(CustomerSchema);
  const agent = Type.Ref('Agent');
  const skill = Type.Ref('Skill');
  const customer = Type.Ref('Customer');

  // Agents
  let tags = ['Agents'];
  r.post('/api/v1/agents', {
    schema: { summary: 'Create Agent', tags, security, body: AgentBody, response: { 201: agent, ...writeErrors } },
    handler: async (request, reply) => reply.code(201).send(await directory.createAgent(request.accountId, request.body)),
  });
  r.get('/api/v1/agents/:id', {
    schema: { summary: 'Get Agent', tags, security, params: IdParams, response: { 200: agent, ...authErrors } },
    handler: async (request) => directory.getAgent(request.accountId, request.params.id),
  });
  r.put('/api/v1/agents/:id', {
    schema: { summary: 'Update Agent', tags, security, params: IdParams, body: AgentBody, response: { 200: agent, ...writeErrors } },
    handler: async (request) => directory.updateAgent(request.accountId, request.params.id, request.body),
  });
  r.get('/api/v1/agents', {
    schema: { summary: 'List Agents', tags, security, querystring: PageQuery, response: { 200: Type.Array(agent), ...authErrors } },
    handler: async (request) => directory.listAgents(request.accountId, page(request.query)),
  });

  // Skills
  tags = ['Skills'];
  r.post('/api/v1/skills', {
    schema: { summary: 'Create Skill', tags, security, body: SkillBody, response: { 201: skill, ...writeErrors } },
    handler: async (request, reply) => reply.code(201).send(await directory.createSkill(request.accountId, request.body)),
  });
  r.get('/api/v1/skills/:id', {
    schema: { summary: 'Get Skill', tags, security, params: IdParams, response: { 200: skill, ...authErrors } },
    handler: async (request) => directory.getSkill(request.accountId, request.params.id),
  });
  r.put('/api/v1/skills/:id', {
    schema: { summary: 'Update Skill', tags, security, params: IdParams, body: SkillBody, response: { 200: skill, ...writeErrors } },
    handler: async (request) => directory.updateSkill(request.accountId, request.params.id, request.body),
  });
  r.get('/api/v1/skills', {
    schema: { summary: 'List Skills', tags, security, querystring: PageQuery, response: { 200: Type.Array(skill), ...authErrors } },
    handler: async (request) => directory.listSkills(request.accountId, page(request.query)),
  });

  // Customers
  tags = ['Customers'];
  r.post('/api/v1/customers', {
    schema: { summary: 'Create Customer', tags, security, body: CustomerBody, response: { 201: customer, ...writeErrors } },
    handler: async (request, reply) => reply.code(201).send(await directory.createCustomer(request.accountId, request.body)),
  });
  r.get('/api/v1/customers/:id', {
    schema: { summary: 'Get Customer', tags, security, params: IdParams, response: { 200: customer, ...authErrors } },
    handler: async (request) => directory.getCustomer(request.accountId, request.params.id),
  });
  r.put('/api/v1/customers/:id', {
    schema: { summary: 'Update Customer', tags, security, params: IdParams, body: CustomerBody, response: { 200: customer, ...writeErrors } },
    handler: async (request) => directory.updateCustomer(request.accountId, request.params.id, request.body),
  });
  r.get('/api/v1/customers', {
    schema: { summary: 'List Customers', tags, security, querystring: CustomerListQuery, response: { 200: Type.Array(customer), ...authErrors } },
    handler: async (request) => {
      const { phone, email } = request.query;
      return directory.listCustomers(request.accountId, page(request.query), { phone, email });
    },
  });
}
