/** Agents, skills and customers: what a call's agentId, skillId and customerId point at. */
import type { AgentRepository, CustomerRepository, Page, SkillRepository } from './ports/index.js';
import type { AgentRecord, CustomerRecord, SkillRecord } from './types.js';
import type { AgentInput, CustomerInput, SkillInput } from '../contract/directory.js';
import { errors } from './errors.js';
import { isUuid, newId } from './ids.js';
import { normalizeEmail, normalizePhone } from './contact.js';
import { iso, type Clock } from './clock.js';
import { toAgentView, toCustomerView, toSkillView } from './views.js';

const AGENT_FIELDS = new Set(['id', 'name', 'lastname', 'email', 'phone', 'agentType', 'language', 'createdAt', 'updatedAt']);
/**
 * Names an agent's extra settings may not use: they name the service's own data about the agent,
 * and a setting by that name would come back in the agent as if the service had said it.
 * (The documented read-only fields — id, createdAt, updatedAt — are ignored on input instead, so
 * that an agent read and sent back unchanged is accepted.)
 */
const RESERVED_SETTINGS = new Set(['accountId', 'account_id', 'apiKeyId', 'keyId', 'requestId']);

/** Agent settings beyond the documented fields, kept as given (prototype keys never reach here: the JSON parser rejects them). */
function extraSettings(input: AgentInput, previous: Record<string, unknown>): Record<string, unknown> {
  const settings: Record<string, unknown> = { ...previous };
  for (const [key, value] of Object.entries(input)) {
    if (RESERVED_SETTINGS.has(key)) throw errors.validation(`body.${key} is a reserved name and cannot be an agent setting`);
    if (!AGENT_FIELDS.has(key) && value !== undefined) settings[key] = value;
  }
  return settings;
}

/** The repositories of the directory. */
export interface DirectoryPorts {
  agents: AgentRepository;
  skills: SkillRepository;
  customers: CustomerRepository;
}

export class DirectoryService {
  constructor(
    private readonly store: DirectoryPorts,
    private readonly clock: Clock,
  ) {}

  async createAgent(accountId: string, input: AgentInput) {
    const now = iso(this.clock());
    const agent: AgentRecord = {
      accountId,
      id: newId(),
      name: input.name ?? '',
      lastname: input.lastname ?? '',
      email: normalizeEmail(input.email),
      phone: normalizePhone(input.phone, 'phone'),
      agentType: input.agentType ?? 'AI',
      language: input.language ?? '',
      settings: extraSettings(input, {}),
      createdAt: now,
      updatedAt: now,
    };
    await this.store.agents.create(agent);
    return toAgentView(agent);
  }

  async getAgent(accountId: string, id: string) {
    return toAgentView(await this.agentOrThrow(accountId, id));
  }

  async updateAgent(accountId: string, id: string, input: AgentInput) {
    const current = await this.agentOrThrow(accountId, id);
    const next: AgentRecord = {
      ...current,
      name: input.name ?? current.name,
      lastname: input.lastname ?? current.lastname,
      email: input.email !== undefined ? normalizeEmail(input.email) : current.email,
      phone: input.phone !== undefined ? normalizePhone(input.phone, 'phone') : current.phone,
      agentType: input.agentType ?? current.agentType,
      language: input.language ?? current.language,
      settings: extraSettings(input, current.settings),
      updatedAt: iso(this.clock()),
    };
    await this.store.agents.update(next);
    return toAgentView(next);
  }

  async listAgents(accountId: string, page: Page) {
    return (await this.store.agents.list(accountId, page)).map(toAgentView);
  }

  async createSkill(accountId: string, input: SkillInput) {
    const now = iso(this.clock());
    const skill: SkillRecord = {
      accountId,
      id: newId(),
      name: input.name ?? '',
      description: input.description ?? '',
      language: input.language ?? '',
      active: input.active ?? true,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.skills.create(skill);
    return toSkillView(skill);
  }

  async getSkill(accountId: string, id: string) {
    return toSkillView(await this.skillOrThrow(accountId, id));
  }

  async updateSkill(accountId: string, id: string, input: SkillInput) {
    const current = await this.skillOrThrow(accountId, id);
    const next: SkillRecord = {
      ...current,
      name: input.name ?? current.name,
      description: input.description ?? current.description,
      language: input.language ?? current.language,
      active: input.active ?? current.active,
      updatedAt: iso(this.clock()),
    };
    await this.store.skills.update(next);
    return toSkillView(next);
  }

  async listSkills(accountId: string, page: Page) {
    return (await this.store.skills.list(accountId, page)).map(toSkillView);
  }

  async createCustomer(accountId: string, input: CustomerInput) {
    const now = iso(this.clock());
    const customer: CustomerRecord = {
      accountId,
      id: newId(),
      name: input.name?.trim() ?? '',
      firstName: input.firstName ?? '',
      lastName: input.lastName ?? '',
      phone: normalizePhone(input.phone, 'phone'),
      email: normalizeEmail(input.email),
      language: input.language ?? '',
      customFields: input.customFields ?? [],
      createdAt: now,
      updatedAt: now,
    };
    await this.store.customers.create(customer);
    return toCustomerView(customer);
  }

  async getCustomer(accountId: string, id: string) {
    return toCustomerView(await this.customerOrThrow(accountId, id));
  }

  async updateCustomer(accountId: string, id: string, input: CustomerInput) {
    const current = await this.customerOrThrow(accountId, id);
    const next: CustomerRecord = {
      ...current,
      name: input.name !== undefined ? input.name.trim() : current.name,
      firstName: input.firstName ?? current.firstName,
      lastName: input.lastName ?? current.lastName,
      phone: input.phone !== undefined ? normalizePhone(input.phone, 'phone') : current.phone,
      email: input.email !== undefined ? normalizeEmail(input.email) : current.email,
      language: input.language ?? current.language,
      customFields: input.customFields ?? current.customFields,
      updatedAt: iso(this.clock()),
    };
    await this.store.customers.update(next);
    return toCustomerView(next);
  }

  async listCustomers(accountId: string, page: Page, filter: { phone?: string; email?: string }) {
    const f: { phone?: string; email?: string } = {};
    if (filter.phone !== undefined) f.phone = normalizePhone(filter.phone, 'phone');
    if (filter.email !== undefined) f.email = normalizeEmail(filter.email);
    return (await this.store.customers.list(accountId, page, f)).map(toCustomerView);
  }

  private async agentOrThrow(accountId: string, id: string) {
    const agent = isUuid(id) ? await this.store.agents.get(accountId, id.toLowerCase()) : undefined;
    if (!agent) throw errors.agentNotFound();
    return agent;
  }

  private async skillOrThrow(accountId: string, id: string) {
    const skill = isUuid(id) ? await this.store.skills.get(accountId, id.toLowerCase()) : undefined;
    if (!skill) throw errors.skillNotFound();
    return skill;
  }

  private async customerOrThrow(accountId: string, id: string) {
    const customer = isUuid(id) ? await this.store.customers.get(accountId, id.toLowerCase()) : undefined;
    if (!customer) throw errors.customerNotFound();
    return customer;
  }
}
