/** Sign in with an API key: its id and secret are checked against the API, then kept for the tab. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { Api, ApiError } from '../api';
import type { Credentials } from '../session';

export function SignIn({ onSignedIn, notice }: { onSignedIn: (c: Credentials) => void; notice?: string }) {
  const [keyId, setKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const keyRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Sign in — calls-api console';
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    const credentials = { keyId: keyId.trim(), secret: secret.trim() };
    if (!credentials.keyId || !credentials.secret) {
      setError('Enter both the Key ID and the Secret.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      // Any authenticated request checks the key; the agent list is one of the cheapest.
      await new Api(credentials).list('agents', 1, 1);
      onSignedIn(credentials);
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      setError(
        status === 401
          ? 'Sign-in failed: that Key ID and Secret do not match an active API key. Check both and try again.'
          : err instanceof ApiError
            ? `Sign-in failed: ${err.message}`
            : 'Sign-in failed.',
      );
      setBusy(false);
      keyRef.current?.focus();
    }
  };

  return (
    <main id="main" class="signin">
      <h1>calls-api console</h1>
      <p class="lede">Sign in with an API key to browse, search and read calls.</p>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate aria-describedby="signin-help">
        <div class="field">
          <label for="key-id">Key ID</label>
          <input
            id="key-id"
            ref={keyRef}
            name="keyId"
            autocomplete="username"
            autocapitalize="off"
            spellcheck={false}
            value={keyId}
            onInput={(e) => {
              setKeyId(e.currentTarget.value);
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'signin-error' : undefined}
          />
        </div>
        <div class="field">
          <label for="secret">Secret</label>
          <input
            id="secret"
            name="secret"
            type="password"
            autocomplete="current-password"
            value={secret}
            onInput={(e) => {
              setSecret(e.currentTarget.value);
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'signin-error' : undefined}
          />
        </div>
        {error && (
          <p id="signin-error" class="notice notice-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p id="signin-help" class="help">
        The Key ID (<code>key_…</code>) and Secret are the <code>username</code> and <code>password</code> printed by{' '}
        <code>npx calls-api accounts create</code> or <code>keys create</code>. They stay in this tab only and are forgotten when you sign
        out or close it.
      </p>
    </main>
  );
}
