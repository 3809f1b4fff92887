/**
 * One catalogue of the errors the service can answer with. Domain code throws `AppError`s by
 * code; the HTTP layer renders them (status, reason phrase, code, message) in one place.
 */
export const ERROR_CATALOGUE = {
  VALIDATION_ERROR: 400,
  INVALID_JSON: 400,
  UNKNOWN_AGENT: 400,
  UNKNOWN_SKILL: 400,
  UNKNOWN_CUSTOMER: 400,
  INVALID_PHONE: 400,
  INVALID_CURSOR: 400,
  BAD_REQUEST: 400,
  WEBHOOK_URL_REFUSED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  INVALID_SIGNATURE: 403,
  CALL_NOT_FOUND: 404,
  MESSAGE_NOT_FOUND: 404,
  AGENT_NOT_FOUND: 404,
  SKILL_NOT_FOUND: 404,
  CUSTOMER_NOT_FOUND: 404,
  WEBHOOK_NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TIMEOUT: 408,
  MESSAGE_SID_CONFLICT: 409,
  IDEMPOTENCY_KEY_IN_USE: 409,
  TWILIO_ACCOUNT_IN_USE: 409,
  PROVIDER_SID_CONFLICT: 409,
  TWILIO_NOT_CONFIGURED: 404,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  LIMIT_EXCEEDED: 422,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL_ERROR: 500,
  STORE_UNAVAILABLE: 503,
  SECRETS_KEY_MISSING: 503,
  SHUTTING_DOWN: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.statusCode = ERROR_CATALOGUE[code];
  }
}

export const errors = {
  callNotFound: () => new AppError('CALL_NOT_FOUND', 'Call not found'),
  messageNotFound: () => new AppError('MESSAGE_NOT_FOUND', 'Message not found'),
  agentNotFound: () => new AppError('AGENT_NOT_FOUND', 'Agent not found'),
  skillNotFound: () => new AppError('SKILL_NOT_FOUND', 'Skill not found'),
  customerNotFound: () => new AppError('CUSTOMER_NOT_FOUND', 'Customer not found'),
  webhookNotFound: () => new AppError('WEBHOOK_NOT_FOUND', 'Webhook endpoint not found'),
  webhookUrlRefused: (reason: string) => new AppError('WEBHOOK_URL_REFUSED', `url refused: ${reason}`),
  unknownAgent: (field = 'agentId') => new AppError('UNKNOWN_AGENT', `${field} does not name an agent of this account`),
  unknownSkill: (field = 'skillId') => new AppError('UNKNOWN_SKILL', `${field} does not name a skill of this account`),
  invalidPhone: (field: string) => new AppError('INVALID_PHONE', `${field} must be a phone number in E.164 form, e.g. +14155550123`),
  invalidCursor: () => new AppError('INVALID_CURSOR', 'cursor is not a cursor this API issued'),
  validation: (message: string) => new AppError('VALIDATION_ERROR', message),
  messageSidConflict: () => new AppError('MESSAGE_SID_CONFLICT', 'A message with this sid already exists on this call'),
  idempotencyReused: () => new AppError('IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key was already used with a different request body'),
  invalidSignature: () => new AppError('INVALID_SIGNATURE', 'Missing or invalid X-Twilio-Signature'),
  secretsKeyMissing: () =>
    new AppError('SECRETS_KEY_MISSING', 'Provider credentials cannot be stored or used: the server has no valid SECRETS_KEY'),
  twilioAccountInUse: () => new AppError('TWILIO_ACCOUNT_IN_USE', 'accountSid is already configured for another account'),
  idempotencyInUse: () => new AppError('IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still being processed'),
};
