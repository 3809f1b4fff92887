/** Normalising contact details: phone numbers to E.164, emails trimmed and lower-cased domain. */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { errors } from './errors.js';

const E164_SYNTAX = /^\+[1-9]\d{6,14}$/;

/**
 * A phone number in E.164 form, or '' for an empty input. Formatting (spaces, dashes, brackets)
 * is removed by libphonenumber; a number it cannot place is still accepted when it is
 * syntactically E.164 (the published examples use `+1234567890`).
 */
export function normalizePhone(value: string | undefined, field: string): string {
  if (value === undefined) return '';
  const trimmed = value.trim();
  if (trimmed === '') return '';
  const parsed = parsePhoneNumberFromString(trimmed);
  if (parsed && parsed.isPossible()) return parsed.number;
  const compact = trimmed.replace(/[\s().-]/g, '');
  if (E164_SYNTAX.test(compact)) return compact;
  throw errors.invalidPhone(field);
}

/** Whether the text reads as a full phone number (then searches match it exactly). */
export function isFullPhoneNumber(value: string): boolean {
  try {
    return normalizePhone(value, 'phone') !== '' && value.trim().startsWith('+');
  } catch {
    return false;
  }
}

/** Emails compare case-insensitively in practice; keep them as given but trimmed. */
export function normalizeEmail(value: string | undefined): string {
  return value === undefined ? '' : value.trim();
}
