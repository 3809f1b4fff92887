/** Building blocks of the API's shapes: the error body, ids, contact fields, paging. */
import { Type, type Static } from 'typebox';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_NUMBER, MAX_PAGE_SIZE } from './limits.js';
import { ERROR_CODES } from './errors.js';

/** The JSON error body of every 4xx/5xx answer (contract §6). */
export const ErrorBody = Type.Object(
  {
    statusCode: Type.Integer({ examples: [404] }),
    error: Type.String({ examples: ['Not Found'] }),
    code: Type.Enum(ERROR_CODES, {
      examples: ['CALL_NOT_FOUND'],
      description: "Stable machine-readable error code (the catalogue: the README's Errors section)",
    }),
    message: Type.String({ examples: ['Call not found'] }),
    requestId: Type.String({
      description: "The answer's X-Request-Id: quote it when reporting a problem",
      examples: ['6f1c0a52-3b7e-4d0e-9a7b-2f4c8e1d9a10'],
    }),
  },
  { $id: 'ErrorBody', title: 'Error' },
);
export type ErrorBody = Static<typeof ErrorBody>;

/** Path ids are plain strings: a malformed id answers 404 exactly like an unknown one. */
export const IdParams = Type.Object({
  id: Type.String({ description: 'The id of the record', examples: ['123e4567-e89b-12d3-a456-426614174000'] }),
});

export const Uuid = (description: string) =>
  Type.String({ format: 'uuid', description, examples: ['123e4567-e89b-12d3-a456-426614174000'] });
export const Email = (description: string) => Type.String({ format: 'email', maxLength: 254, description });
export const Phone = (description: string) => Type.String({ maxLength: 32, description: `${description} (E.164, e.g. +14155550123)` });
export const ShortText = (description: string, maxLength = 500) => Type.String({ maxLength, description });
export const DateTime = (description: string) => Type.String({ format: 'date-time', description });

/** A customer's custom field: a name and a string, number or boolean value. */
export const CustomField = Type.Object({
  name: ShortText('Field name', 200),
  value: Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Boolean()]),
});
export type CustomField = Static<typeof CustomField>;

/** `page` and `limit` of the agents, skills and customers lists. */
export const pageFields = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_NUMBER, default: 1, description: '1-based page number' })),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: `Items per page (max ${MAX_PAGE_SIZE})` }),
  ),
};
export const PageQuery = Type.Object(pageFields);
export type PageQuery = Static<typeof PageQuery>;
