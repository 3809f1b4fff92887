import { Type } from 'typebox';

/** The JSON error body of every 4xx/5xx answer (contract §6). */
export const ErrorBody = Type.Object(
  {
    statusCode: Type.Integer({ examples: [404] }),
    error: Type.String({ examples: ['Not Found'] }),
    code: Type.String({ examples: ['CALL_NOT_FOUND'], description: 'Stable machine-readable error code' }),
    message: Type.String({ examples: ['Call not found'] }),
  },
  { $id: 'ErrorBody', title: 'Error' },
);

export const errorRef = Type.Unsafe<{ statusCode: number; error: string; code: string; message: string }>(
  Type.Ref('ErrorBody'),
);

/** Path ids are plain strings: a malformed id answers 404 exactly like an unknown one. */
export const IdParams = Type.Object({
  id: Type.String({ description: 'The id of the record', examples: ['123e4567-e89b-12d3-a456-426614174000'] }),
});

export const Uuid = (description: string) =>
  Type.String({ format: 'uuid', description, examples: ['123e4567-e89b-12d3-a456-426614174000'] });

export const Email = (description: string) => Type.String({ format: 'email', maxLength: 254, description });
export const Phone = (description: string) =>
  Type.String({ maxLength: 32, description: `${description} (E.164, e.g. +14155550123)` });
export const ShortText = (description: string, maxLength = 500) => Type.String({ maxLength, description });

/** A customer's custom field: a name and a string, number or boolean value. */
export const CustomField = Type.Object({
  name: ShortText('Field name', 200),
  value: Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Boolean()]),
});

export const PageQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1, description: '1-based page number' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Items per page' })),
});

/** The common error answers, added to every /api/v1 route's response schema. */
export const authErrors = {
  400: errorRef,
  401: errorRef,
  404: errorRef,
  429: errorRef,
  500: errorRef,
  503: errorRef,
};
