/**
 * Opaque list cursors: the (createdAt, id) of the last call of a page, base64url-encoded.
 * Keyset paging never repeats or skips a row however the table grows, unlike OFFSET.
 */
import { errors } from './errors.js';
import { isUuid } from './ids.js';

export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw errors.invalidCursor();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    typeof parsed[1] !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(parsed[0]) ||
    !isUuid(parsed[1])
  ) {
    throw errors.invalidCursor();
  }
  return { createdAt: parsed[0], id: parsed[1].toLowerCase() };
}
