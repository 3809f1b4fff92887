/** The signed-in API key, kept in sessionStorage only: it is gone when the tab closes. */

export interface Credentials {
  keyId: string;
  secret: string;
}

const KEY = 'calls-api-console.credentials';

export function loadCredentials(): Credentials | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (raw === null) return undefined;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { keyId, secret } = parsed as Record<string, unknown>;
    return typeof keyId === 'string' && typeof secret === 'string' ? { keyId, secret } : undefined;
  } catch {
    return undefined;
  }
}

export function saveCredentials(credentials: Credentials): void {
  sessionStorage.setItem(KEY, JSON.stringify(credentials));
}

export function forgetCredentials(): void {
  sessionStorage.removeItem(KEY);
}
