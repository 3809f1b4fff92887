/**
 * One catalogue of the errors the service can answer with: each stable `code` and its HTTP status.
 * Domain code throws `AppError`s by code; the HTTP layer renders them in one place
 * (src/http/errors.ts); the OpenAPI document lists the codes (the error body's `code` enum) and,
 * for each status, which codes it carries — so clients can switch on `code` exhaustively.
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

/** Every code, in catalogue order. */
export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

/** The codes answered with this HTTP status. */
export function errorCodesFor(status: number): ErrorCode[] {
  return ERROR_CODES.filter((code) => ERROR_CATALOGUE[code] === status);
}
