/**
 * Whether an error means "the store cannot serve right now" (locked, read-only, unreachable) rather
 * than a bug: such requests answer 503 and the service recovers when the store is back.
 */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|READONLY|IOERR|CANTOPEN|FULL|PROTOCOL|NOTADB|CORRUPT)/;
const PG_UNAVAILABLE_CLASSES = ['08', '53', '57', '58']; // connection, resources, operator intervention, system
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

export function isStoreUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; message?: unknown; name?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (SQLITE_UNAVAILABLE.test(code)) return true;
  if (NET_CODES.has(code)) return true;
  if (code.length === 5 && PG_UNAVAILABLE_CLASSES.includes(code.slice(0, 2))) return true;
  if (e.name === 'TypeError' && e.message === 'The database connection is not open') return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|pool.*ended/i.test(
    message,
  );
}

/** Whether an error is a unique-constraint violation (SQLite or PostgreSQL). */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
