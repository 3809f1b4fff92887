import { Type } from 'typebox';
import { CustomField, Email, Phone, ShortText } from './common.js';

const Timestamps = {
  createdAt: Type.String({ description: 'ISO-8601 UTC' }),
  updatedAt: Type.String({ description: 'ISO-8601 UTC' }),
};

const agentFields = {
  name: Type.Optional(ShortText('First name', 200)),
  lastname: Type.Optional(ShortText('Last name', 200)),
  email: Type.Optional(Email('Email')),
  phone: Type.Optional(Phone('Phone number')),
  agentType: Type.Optional(Type.Enum(['AI', 'human'], { description: 'AI | human' })),
  language: Type.Optional(ShortText('Language (e.g. en-US)', 35)),
};

/** Agent settings beyond these fields are kept as given and returned as they were sent. */
export const AgentBody = Type.Object(agentFields, { title: 'AgentInput', additionalProperties: true, maxProperties: 100 });

export const AgentSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    lastname: Type.String(),
    email: Type.String(),
    phone: Type.String(),
    agentType: Type.String(),
    language: Type.String(),
    ...Timestamps,
  },
  { $id: 'Agent', title: 'Agent', additionalProperties: true },
);

export const SkillBody = Type.Object(
  {
    name: Type.Optional(ShortText('Skill name', 200)),
    description: Type.Optional(ShortText('Description', 5000)),
    language: Type.Optional(ShortText('Language', 35)),
    active: Type.Optional(Type.Boolean()),
  },
  { title: 'SkillInput' },
);

export const SkillSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    language: Type.String(),
    active: Type.Boolean(),
    ...Timestamps,
  },
  { $id: 'Skill', title: 'Skill' },
);

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

export const CustomerSchema = Type.Object(
  {
    id: Type.String(),
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

export const CustomerListQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  phone: Type.Optional(Phone('Only the customer with this phone')),
  email: Type.Optional(Email('Only the customer with this email')),
});
