/** Agents, skills and customers: what a call's agentId, skillId and customerId point at. */
import { Type, type Static } from 'typebox';
import { AGENT_TYPES } from './vocabulary.js';
import { CustomField, Email, pageFields, Phone, ShortText } from './common.js';

const Timestamps = {
  createdAt: Type.String({ format: 'date-time', description: 'ISO-8601 UTC' }),
  updatedAt: Type.String({ format: 'date-time', description: 'ISO-8601 UTC' }),
};

/** Agent settings beyond these fields are kept as given and returned as they were sent. */
export const AgentBody = Type.Object(
  {
    name: Type.Optional(ShortText('First name', 200)),
    lastname: Type.Optional(ShortText('Last name', 200)),
    email: Type.Optional(Email('Email')),
    phone: Type.Optional(Phone('Phone number')),
    agentType: Type.Optional(Type.Enum(AGENT_TYPES, { description: 'AI | human' })),
    language: Type.Optional(ShortText('Language (e.g. en-US)', 35)),
  },
  { title: 'AgentInput', additionalProperties: true, maxProperties: 100 },
);
/** The documented agent fields, plus any further settings the client keeps on the agent. */
export type AgentInput = Static<typeof AgentBody> & Record<string, unknown>;

export const AgentSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    lastname: Type.String(),
    email: Type.String(),
    phone: Type.String(),
    agentType: Type.Enum(AGENT_TYPES),
    language: Type.String(),
    ...Timestamps,
  },
  { $id: 'Agent', title: 'Agent', additionalProperties: true },
);
export type AgentView = Static<typeof AgentSchema> & Record<string, unknown>;

export const SkillBody = Type.Object(
  {
    name: Type.Optional(ShortText('Skill name', 200)),
    description: Type.Optional(ShortText('Description', 5000)),
    language: Type.Optional(ShortText('Language', 35)),
    active: Type.Optional(Type.Boolean()),
  },
  { title: 'SkillInput' },
);
export type SkillInput = Static<typeof SkillBody>;

export const SkillSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    description: Type.String(),
    language: Type.String(),
    active: Type.Boolean(),
    ...Timestamps,
  },
  { $id: 'Skill', title: 'Skill' },
);
export type SkillView = Static<typeof SkillSchema>;

export const CustomerBody = Type.Object(
  {
    name: Type.Optional(ShortText('Display name', 400)),
    firstName: Type.Optional(ShortText('First name', 200)),
    lastName: Type.Optional(ShortText('Last name', 200)),
    phone: Type.Optional(Phone('Phone number')),
    email: Type.Optional(Email('Email')),
    language: Type.Optional(ShortText('Language', 35)),
    customFields: Type.Optional(Type.Array(CustomField, { maxItems: 100 })),
  },
  { title: 'CustomerInput' },
);
export type CustomerInput = Static<typeof CustomerBody>;

export const CustomerSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    firstName: Type.String(),
    lastName: Type.String(),
    phone: Type.String(),
    email: Type.String(),
    language: Type.String(),
    customFields: Type.Array(CustomField),
    ...Timestamps,
  },
  { $id: 'Customer', title: 'Customer' },
);
export type CustomerView = Static<typeof CustomerSchema>;

export const CustomerListQuery = Type.Object({
  ...pageFields,
  phone: Type.Optional(Phone('Only the customer with this phone')),
  email: Type.Optional(Email('Only the customer with this email')),
});
export type CustomerListQuery = Static<typeof CustomerListQuery>;
