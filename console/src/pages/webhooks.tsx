/**
 * Webhook endpoints: the list (url, event types, state), New endpoint in a dialog, and the new
 * endpoint's signing secret shown once after it is created.
 */
import { useEffect, useState } from 'preact/hooks';
import { Dialog, ErrorNotice, PageHeading } from '../components';
import { takeFlash, useSession } from '../context';
import { Link } from '../router';
import type { Webhook, WebhookWithSecret } from '../types';
import { apiMessage, eventsText, SecretReveal, WebhookForm, WebhookStateBadge } from './webhook-form';

export function webhookHref(id: string): string {
  return `/console/webhooks/${encodeURIComponent(id)}`;
}

export function WebhooksPage() {
  const { api } = useSession();
  const [webhooks, setWebhooks] = useState<Webhook[]>([]);
  const [next, setNext] = useState<string>();
  const [state, setState] = useState<'loading' | 'ready' | 'error' | 'more'>('loading');
  const [error, setError] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<WebhookWithSecret>();
  const [message, setMessage] = useState(takeFlash);

  const load = async (cursor?: string) => {
    setState(cursor === undefined ? 'loading' : 'more');
    setError(undefined);
    try {
      const page = await api.listWebhooks(cursor);
      setWebhooks((list) => (cursor === undefined ? page.items : [...list, ...page.items]));
      setNext(page.nextCursor);
      setState('ready');
    } catch (err) {
      setError(apiMessage(err));
      setState(cursor === undefined ? 'error' : 'ready');
    }
  };

  useEffect(() => {
    void load();
  }, [api]);

  return (
    <>
      <PageHeading title="Webhooks">Webhooks</PageHeading>
      <p class="lede muted">Endpoints the API POSTs events to (signed the Standard Webhooks way), and each one’s delivery log.</p>
      <div class="toolbar">
        <button
          type="button"
          class="button"
          onClick={() => {
            setMessage(undefined);
            setCreating(true);
          }}
        >
          New endpoint
        </button>
      </div>
      <p class="list-status" role="status">
        {state === 'loading' ? 'Loading webhook endpoints…' : message}
      </p>
      {created && (
        <SecretReveal
          heading={`Endpoint created: ${created.url}`}
          secret={created.secret}
          onDone={() => {
            setCreated(undefined);
          }}
        />
      )}
      {state === 'error' && <ErrorNotice onRetry={() => void load()}>Could not load the webhook endpoints: {error}</ErrorNotice>}
      {(state === 'ready' || state === 'more') && webhooks.length === 0 && (
        <p class="empty">No webhook endpoints yet. Create one to have events POSTed to your systems.</p>
      )}
      {webhooks.length > 0 && (
        <table class="data-table">
          <caption class="visually-hidden">Webhook endpoints</caption>
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Events</th>
              <th scope="col">State</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {webhooks.map((w) => (
              <tr key={w.id}>
                <td data-label="URL" class="webhook-url">
                  <Link href={webhookHref(w.id)}>{w.url}</Link>
                </td>
                <td data-label="Events">{eventsText(w.events)}</td>
                <td data-label="State">
                  <WebhookStateBadge webhook={w} />
                </td>
                <td data-label="Description">{w.description || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {state !== 'error' && error && <ErrorNotice>Could not load more: {error}</ErrorNotice>}
      {next !== undefined && (state === 'ready' || state === 'more') && (
        <button type="button" class="button button-secondary load-more" onClick={() => void load(next)} disabled={state === 'more'}>
          {state === 'more' ? 'Loading…' : 'Load more'}
        </button>
      )}
      <Dialog
        id="webhook-new"
        open={creating}
        title="New webhook endpoint"
        onClose={() => {
          setCreating(false);
        }}
      >
        {creating && (
          <WebhookForm
            onSaved={(w) => {
              setCreating(false);
              setWebhooks((list) => [...list, w]);
              if ('secret' in w) setCreated(w);
              setMessage(`Endpoint ${w.url} created.`);
            }}
            onCancel={() => {
              setCreating(false);
            }}
          />
        )}
      </Dialog>
    </>
  );
}
