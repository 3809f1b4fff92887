/**
 * The errors the domain throws, by code. The catalogue of codes and their HTTP statuses is part of
 * the contract (src/contract/errors.ts): the HTTP layer renders from it and the OpenAPI document
 * lists it.
 */
import { ERROR_CATALOGUE, type ErrorCode } from '../contract/errors.js';

export { ERROR_CATALOGUE, type ErrorCode };

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
