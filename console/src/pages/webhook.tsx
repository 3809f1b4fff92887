/**
 * One webhook endpoint: its settings, Edit, Send test event, Rotate secret (the new secret shown
 * once), Delete behind a confirmation, Resend failed deliveries, and its delivery log.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { ConfirmDialog, Dialog, ErrorNotice, PageHeading } from '../components';
import { setFlash, useSession } from '../context';
import { formatDateTime } from '../format';
import { Link, navigate, type Location } from '../router';
import type { Webhook, WebhookWithSecret } from '../types';
import { apiMessage, eventsText, SecretReveal, WebhookForm, WebhookStateBadge } from './webhook-form';
import { DeliveryLog, RecoverForm } from './webhook-deliveries';

/** The endpoint without its secret (nothing keeps the secret once it has been shown). */
export function withoutSecret(w: Webhook | WebhookWithSecret): Webhook {
  const copy: Partial<WebhookWithSecret> = { ...w };
  delete copy.secret;
  return copy as Webhook;
}

export function WebhookPage({ id, location }: { id: string; location: Location }) {
  const { api } = useSession();
  const [webhook, setWebhook] = useState<Webhook>();
  const [loadError, setLoadError] = useState<ApiError>();
  const [attempt, setAttempt] = useState(0);
  const [secret, setSecret] = useState<string>();
  const [logVersion, setLogVersion] = useState(0);

  useEffect(() => {
    let live = true;
    setLoadError(undefined);
    api.getWebhook(id).then(
      (w) => {
        if (live) setWebhook(w);
      },
      (err: unknown) => {
        if (live) setLoadError(err instanceof ApiError ? err : new ApiError(0, 'UNKNOWN', 'Something went wrong.'));
      },
    );
    return () => {
      live = false;
    };
  }, [api, id, attempt]);

  if (loadError) {
    const missing = loadError.status === 404;
    return (
      <>
        <PageHeading title="Webhook endpoint not found">
          {missing ? 'Webhook endpoint not found' : 'Could not load the webhook endpoint'}
        </PageHeading>
        {missing ? (
          <p>This endpoint does not exist, or it was deleted.</p>
        ) : (
          <ErrorNotice
            onRetry={() => {
              setAttempt((n) => n + 1);
            }}
          >
            {loadError.message}
          </ErrorNotice>
        )}
        <p>
          <Link href="/console/webhooks">Back to the webhooks</Link>
        </p>
      </>
    );
  }
  if (!webhook) {
    return (
      <p role="status" class="list-status">
        Loading the webhook endpoint…
      </p>
    );
  }

  return (
    <>
      <p class="breadcrumb">
        <Link href="/console/webhooks">← All webhooks</Link>
      </p>
      <PageHeading title={`Webhook ${webhook.url}`}>
        Webhook endpoint <span class="webhook-url">{webhook.url}</span>
      </PageHeading>
      {secret && (
        <SecretReveal
          heading="New signing secret"
          secret={secret}
          onDone={() => {
            setSecret(undefined);
          }}
        />
      )}
      <div class="webhook-panels">
        <Settings webhook={webhook} />
        <EndpointActions
          webhook={webhook}
          onChanged={(w) => {
            setWebhook(withoutSecret(w));
            if ('secret' in w) setSecret(w.secret);
          }}
          onTestSent={() => {
            setLogVersion((v) => v + 1);
          }}
        />
        <RecoverForm
          webhookId={webhook.id}
          onRecovered={() => {
            setLogVersion((v) => v + 1);
          }}
        />
      </div>
      <DeliveryLog webhookId={webhook.id} location={location} version={logVersion} />
    </>
  );
}

function Settings({ webhook }: { webhook: Webhook }) {
  const rows: [string, ComponentChildren][] = [
    ['URL', <span class="webhook-url">{webhook.url}</span>],
    ['Events', eventsText(webhook.events)],
    ['State', <WebhookStateBadge webhook={webhook} />],
  ];
  if (webhook.disabledAt) rows.push(['Disabled since', formatDateTime(webhook.disabledAt)]);
  if (webhook.failingSince) rows.push(['Failing since', formatDateTime(webhook.failingSince)]);
  rows.push(
    ['Description', webhook.description || '—'],
    ['Created', formatDateTime(webhook.createdAt)],
    ['Endpoint ID', <code>{webhook.id}</code>],
  );
  return (
    <section aria-labelledby="settings-heading" class="panel">
      <h2 id="settings-heading">Settings</h2>
      <dl class="details">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function EndpointActions({
  webhook,
  onChanged,
  onTestSent,
}: {
  webhook: Webhook;
  onChanged: (w: Webhook | WebhookWithSecret) => void;
  onTestSent: () => void;
}) {
  const { api } = useSession();
  const [open, setOpen] = useState<'edit' | 'rotate' | 'delete'>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<{ error: boolean; text: string }>();

  const close = () => {
    setOpen(undefined);
    setError(undefined);
  };
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      if (open === 'rotate') {
        const rotated = await api.rotateWebhookSecret(webhook.id);
        setOpen(undefined);
        setStatus({ error: false, text: 'The secret was rotated. The old one still signs deliveries for 24 hours.' });
        onChanged(rotated);
      } else {
        await api.deleteWebhook(webhook.id);
        setFlash(`Endpoint ${webhook.url} deleted.`);
        navigate('/console/webhooks');
      }
    } catch (err) {
      setError(apiMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const sendTest = async () => {
    setStatus({ error: false, text: 'Sending a test event…' });
    try {
      const sent = await api.sendTestEvent(webhook.id);
      setStatus({ error: false, text: `Test event ${sent.eventId} queued: it appears in the delivery log.` });
      onTestSent();
    } catch (err) {
      setStatus({ error: true, text: `Could not send a test event: ${apiMessage(err)}` });
    }
  };

  return (
    <section aria-labelledby="endpoint-actions-heading" class="panel">
      <h2 id="endpoint-actions-heading">Actions</h2>
      <div class="actions">
        <button
          type="button"
          class="button button-secondary"
          onClick={() => {
            setStatus(undefined);
            setOpen('edit');
          }}
        >
          Edit…
        </button>
        <button type="button" class="button button-secondary" onClick={() => void sendTest()}>
          Send test event
        </button>
        <button
          type="button"
          class="button button-secondary"
          onClick={() => {
            setStatus(undefined);
            setOpen('rotate');
          }}
        >
          Rotate secret…
        </button>
        <button
          type="button"
          class="button button-danger"
          onClick={() => {
            setStatus(undefined);
            setOpen('delete');
          }}
        >
          Delete…
        </button>
      </div>
      <p class={status?.error ? 'error-text' : 'muted'} role="status">
        {status?.text}
      </p>
      <Dialog id="webhook-edit" open={open === 'edit'} title="Edit webhook endpoint" onClose={close}>
        {open === 'edit' && (
          <WebhookForm
            webhook={webhook}
            onSaved={(w) => {
              setOpen(undefined);
              setStatus({ error: false, text: 'Changes saved.' });
              onChanged(withoutSecret(w));
            }}
            onCancel={close}
          />
        )}
      </Dialog>
      <ConfirmDialog
        id="confirm-rotate"
        open={open === 'rotate'}
        title="Rotate the signing secret?"
        body="A new secret is made and shown once. For 24 hours deliveries carry two signatures, one with each secret, so receivers can switch without losing any."
        confirmLabel="Rotate secret"
        busy={busy}
        error={error}
        onConfirm={() => void confirm()}
        onCancel={close}
      />
      <ConfirmDialog
        id="confirm-delete-webhook"
        open={open === 'delete'}
        title="Delete this endpoint?"
        body={`Nothing more is sent to ${webhook.url}, and its pending and past deliveries are erased. This cannot be undone.`}
        confirmLabel="Delete endpoint"
        busy={busy}
        error={error}
        onConfirm={() => void confirm()}
        onCancel={close}
      />
    </section>
  );
}
