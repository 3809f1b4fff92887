/**
 * The pieces the webhook pages share: the endpoint form (create and edit), the one-time view of
 * a signing secret, how an endpoint's state and event types read.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type WebhookInput } from '../api';
import { ErrorNotice } from '../components';
import { useSession } from '../context';
import { EVENT_TYPES, type Webhook, type WebhookWithSecret } from '../types';

const REASONS: Record<string, string> = {
  disabled: 'Disabled (turned off by a person or a client)',
  gone: 'Disabled: the endpoint answered 410 Gone',
  failing: 'Disabled: every attempt failed for too long',
};

/** "Enabled", or why not. */
export function webhookState(w: Webhook): string {
  if (w.enabled) return w.failingSince ? 'Enabled, failing' : 'Enabled';
  return REASONS[w.disabledReason ?? 'disabled'] ?? 'Disabled';
}

export function WebhookStateBadge({ webhook }: { webhook: Webhook }) {
  const tone = webhook.enabled ? (webhook.failingSince ? 'warn' : 'done') : 'failed';
  return <span class={`badge badge-${tone}`}>{webhookState(webhook)}</span>;
}

export function eventsText(events: string[]): string {
  return events.length === 0 ? 'All events' : events.join(', ');
}

/** The API's refusal as one sentence, with its code for the ones people act on. */
export function apiMessage(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Something went wrong.';
  if (err.code === 'WEBHOOK_URL_REFUSED') return `The URL was refused: ${err.message.replace(/^url refused:\s*/i, '')}.`;
  if (err.code === 'SECRETS_KEY_MISSING') return `The server cannot keep webhook secrets: ${err.message}`;
  return err.message;
}

export function WebhookForm({
  webhook,
  onSaved,
  onCancel,
}: {
  webhook?: Webhook;
  onSaved: (w: Webhook | WebhookWithSecret) => void;
  onCancel: () => void;
}) {
  const { api } = useSession();
  const [url, setUrl] = useState(webhook?.url ?? '');
  const [events, setEvents] = useState<string[]>(webhook?.events ?? []);
  const [description, setDescription] = useState(webhook?.description ?? '');
  const [enabled, setEnabled] = useState(webhook?.enabled ?? true);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (error) errorRef.current?.scrollIntoView({ block: 'nearest' });
  }, [error]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (url.trim() === '') {
      setError('Enter the URL deliveries are sent to.');
      return;
    }
    const body: WebhookInput = { url: url.trim(), events, description: description.trim() };
    if (webhook) body.enabled = enabled;
    setBusy(true);
    setError(undefined);
    try {
      onSaved(webhook ? await api.updateWebhook(webhook.id, body) : await api.createWebhook(body));
    } catch (err) {
      setError(apiMessage(err));
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-describedby={error ? 'webhook-form-error' : undefined}>
      <div class="field">
        <label for="webhook-url">URL</label>
        <input
          id="webhook-url"
          type="url"
          inputMode="url"
          autocomplete="off"
          required
          value={url}
          aria-describedby="webhook-url-hint"
          aria-invalid={error !== undefined}
          onInput={(e) => {
            setUrl(e.currentTarget.value);
          }}
        />
        <span id="webhook-url-hint" class="hint">
          An https:// address on the internet; deliveries are POSTed there, signed with the endpoint’s secret.
        </span>
      </div>
      <fieldset class="field checkbox-group">
        <legend>Event types</legend>
        <span class="hint" id="webhook-events-hint">
          None checked: every event type is delivered.
        </span>
        {EVENT_TYPES.map((type) => (
          <div class="field-checkbox" key={type}>
            <input
              id={`webhook-event-${type}`}
              type="checkbox"
              checked={events.includes(type)}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                setEvents((all) => (on ? EVENT_TYPES.filter((t) => t === type || all.includes(t)) : all.filter((t) => t !== type)));
              }}
            />
            <label for={`webhook-event-${type}`}>{type}</label>
          </div>
        ))}
      </fieldset>
      <div class="field">
        <label for="webhook-description">Description</label>
        <textarea
          id="webhook-description"
          rows={2}
          maxLength={500}
          value={description}
          onInput={(e) => {
            setDescription(e.currentTarget.value);
          }}
        />
      </div>
      {webhook && (
        <div class="field field-checkbox">
          <input
            id="webhook-enabled"
            type="checkbox"
            checked={enabled}
            aria-describedby="webhook-enabled-hint"
            onChange={(e) => {
              setEnabled(e.currentTarget.checked);
            }}
          />
          <label for="webhook-enabled">Enabled</label>
          <span id="webhook-enabled-hint" class="hint">
            Checking it re-enables an endpoint that was disabled.
          </span>
        </div>
      )}
      {error && (
        <div ref={errorRef} id="webhook-form-error">
          <ErrorNotice>{error}</ErrorNotice>
        </div>
      )}
      <div class="actions">
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Saving…' : webhook ? 'Save changes' : 'Create endpoint'}
        </button>
        <button type="button" class="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** A signing secret, shown once: a read-only field to copy it from, and why to copy it now. */
export function SecretReveal({ secret, heading, onDone }: { secret: string; heading: string; onDone: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState('');
  const box = useRef<HTMLElement>(null);
  useEffect(() => {
    // After a dialog that closes in the same update has given the focus back to its opener.
    const timer = setTimeout(() => box.current?.focus(), 0);
    return () => {
      clearTimeout(timer);
    };
  }, [secret]);

  const copy = async () => {
    field.current?.select();
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('Could not copy: the secret is selected, press Ctrl+C (⌘C) to copy it.');
    }
  };

  return (
    <section class="notice notice-secret" aria-labelledby="secret-heading" tabIndex={-1} ref={box}>
      <h2 id="secret-heading">{heading}</h2>
      <p>
        <strong>Copy it now: you will not see it again.</strong> Receivers verify each delivery’s signature with it. If it is lost, rotate
        the secret to get a new one.
      </p>
      <div class="field">
        <label for="webhook-secret">Signing secret</label>
        <div class="secret-row">
          <input
            id="webhook-secret"
            ref={field}
            type="text"
            readOnly
            value={secret}
            spellcheck={false}
            autocomplete="off"
            onFocus={(e) => {
              e.currentTarget.select();
            }}
          />
          <button type="button" class="button" onClick={() => void copy()}>
            Copy
          </button>
        </div>
        <span class="hint" role="status">
          {copied}
        </span>
      </div>
      <button type="button" class="button button-secondary" onClick={onDone}>
        I have copied it
      </button>
    </section>
  );
}
