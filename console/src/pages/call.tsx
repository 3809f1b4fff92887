/**
 * One call: its details, the message thread, transcription, recording, note, Redact and Delete,
 * and the raw JSON. While the call is unfinished it is kept up to date through live.ts.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { ConfirmDialog, ErrorNotice, PageHeading, StatusBadge } from '../components';
import { setFlash, useSession } from '../context';
import { formatDateTime, formatDuration, personName, safeUrl, sentenceCase } from '../format';
import { isFinished, watchCall } from '../live';
import { Link, navigate } from '../router';
import { CHANNEL_LABELS, type Call, type Message, type Skill } from '../types';

export function CallPage({ id }: { id: string }) {
  const { api } = useSession();
  const [call, setCall] = useState<Call>();
  const [loadError, setLoadError] = useState<ApiError>();
  const [liveError, setLiveError] = useState<string>();
  const [announcement, setAnnouncement] = useState('');
  const [attempt, setAttempt] = useState(0);
  const callRef = useRef<Call | undefined>(undefined);
  callRef.current = call;

  useEffect(() => {
    let live = true;
    setLoadError(undefined);
    api.getCall(id).then(
      (c) => {
        if (live) setCall(c);
      },
      (err: unknown) => {
        if (live) setLoadError(err instanceof ApiError ? err : new ApiError(0, 'UNKNOWN', 'Something went wrong.'));
      },
    );
    return () => {
      live = false;
    };
  }, [api, id, attempt]);

  const loaded = call !== undefined;
  const finished = call !== undefined && isFinished(call);
  useEffect(() => {
    const initial = callRef.current;
    if (!initial || finished) return;
    const watch = watchCall(api, initial, {
      onCall(next) {
        const before = callRef.current?.messages.length ?? 0;
        const added = next.messages.length - before;
        if (added > 0) setAnnouncement(`${added} new message${added === 1 ? '' : 's'}.`);
        setLiveError(undefined);
        setCall(next);
      },
      onError(err) {
        setLiveError(err.status === 404 ? 'This call has been deleted.' : `Live updates paused: ${err.message}`);
      },
    });
    return () => {
      watch.stop();
    };
  }, [api, loaded, finished]);

  if (loadError) {
    return (
      <>
        <PageHeading title="Call not found">{loadError.status === 404 ? 'Call not found' : 'Could not load the call'}</PageHeading>
        {loadError.status === 404 ? (
          <p>This call does not exist, or it was deleted. It may also belong to another account.</p>
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
          <Link href="/console">Back to the calls</Link>
        </p>
      </>
    );
  }
  if (!call) {
    return (
      <p role="status" class="list-status">
        Loading the call…
      </p>
    );
  }

  const customer = call.customerName || call.customerPhone || call.customerEmail || 'an unknown customer';
  return (
    <>
      <p class="breadcrumb">
        <Link href="/console">← All calls</Link>
      </p>
      <PageHeading title={`Call with ${customer}`}>Call with {customer}</PageHeading>
      <p class="call-summary">
        <StatusBadge status={call.status} /> <span>{CHANNEL_LABELS[call.channel] ?? call.channel}</span>
        <span>{sentenceCase(call.direction)}</span>
        <span>{formatDuration(call.duration)}</span>
        {!finished && <span class="live-indicator">Live: updates as they happen</span>}
      </p>
      <div class="visually-hidden" aria-live="polite">
        {announcement}
      </div>
      {liveError && <ErrorNotice>{liveError}</ErrorNotice>}
      <div class="call-layout">
        <div class="call-main">
          <Thread messages={call.messages} />
          <Transcription text={call.transcription} />
          <Recording url={call.recordingUrl} />
        </div>
        <div class="call-side">
          <Details call={call} />
          <NoteEditor call={call} onSaved={setCall} />
          <Actions
            call={call}
            onRedacted={(c) => {
              setCall(c);
              setAnnouncement('The call was redacted.');
            }}
          />
        </div>
      </div>
      <details class="raw-json">
        <summary>Raw JSON</summary>
        <pre>{JSON.stringify(call, null, 2)}</pre>
      </details>
    </>
  );
}

function Thread({ messages }: { messages: Message[] }) {
  return (
    <section aria-labelledby="thread-heading" class="panel">
      <h2 id="thread-heading">Conversation</h2>
      {messages.length === 0 ? (
        <p class="muted">No messages yet.</p>
      ) : (
        <ol class="thread">
          {messages.map((m) => {
            const media = m.mediaUrl ? safeUrl(m.mediaUrl) : undefined;
            return (
              <li key={m.sid} class={`message message-${m.sender}`}>
                <p class="message-meta">
                  <span class="sender">{sentenceCase(m.sender)}</span>
                  <time dateTime={m.timestamp}>{formatDateTime(m.timestamp)}</time>
                  <span class="delivery">
                    <span class="visually-hidden">Delivery status: </span>
                    {m.status}
                  </span>
                </p>
                {m.content ? <p class="message-text">{m.content}</p> : <p class="message-text muted">(no text)</p>}
                {m.mediaUrl &&
                  (media ? (
                    <p>
                      <a href={media} target="_blank" rel="noopener noreferrer">
                        Media attachment<span class="visually-hidden"> (opens in a new tab)</span>
                      </a>
                    </p>
                  ) : (
                    <p class="muted">Media: {m.mediaUrl}</p>
                  ))}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function Transcription({ text }: { text: string }) {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return (
    <section aria-labelledby="transcription-heading" class="panel">
      <h2 id="transcription-heading">Transcription</h2>
      {lines.length === 0 ? (
        <p class="muted">No transcription.</p>
      ) : (
        <div class="transcription">
          {lines.map((line, i) => {
            const turn = /^([A-Za-z][\w .'-]{0,30}):\s*(.*)$/.exec(line);
            return turn ? (
              <p key={i}>
                <strong>{turn[1]}:</strong> {turn[2]}
              </p>
            ) : (
              <p key={i}>{line}</p>
            );
          })}
        </div>
      )}
    </section>
  );
}

function Recording({ url }: { url: string }) {
  if (!url) return null;
  const safe = safeUrl(url);
  return (
    <section aria-labelledby="recording-heading" class="panel">
      <h2 id="recording-heading">Recording</h2>
      {safe ? (
        <>
          <audio controls preload="none" src={safe} aria-label="Call recording" class="player" />
          <p>
            <a href={safe} target="_blank" rel="noopener noreferrer">
              Open the recording<span class="visually-hidden"> (opens in a new tab)</span>
            </a>
          </p>
        </>
      ) : (
        <p class="muted">The recording URL is not a web address: {url}</p>
      )}
    </section>
  );
}

function Details({ call }: { call: Call }) {
  const { api, agents } = useSession();
  const [skill, setSkill] = useState<Skill>();
  useEffect(() => {
    let live = true;
    if (call.skillId)
      api.get('skills', call.skillId).then(
        (s) => {
          if (live) setSkill(s);
        },
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [api, call.skillId]);
  const agent = agents?.find((a) => a.id === call.agentId);
  const rows: [string, ComponentChildren][] = [
    ['Status', <StatusBadge status={call.status} />],
    ['Channel', CHANNEL_LABELS[call.channel] ?? call.channel],
    ['Direction', sentenceCase(call.direction)],
    ['Agent', [agent ? personName(agent.name, agent.lastname) : '', call.agentEmail, call.agentPhone].filter(Boolean).join(' · ') || '—'],
    ['Customer', [call.customerName, call.customerPhone, call.customerEmail].filter(Boolean).join(' · ') || '—'],
    ['Skill', skill?.name || (call.skillId ? '…' : '—')],
    ['Created', formatDateTime(call.createdAt)],
    ['Started', formatDateTime(call.startedAt)],
    ['Answered', formatDateTime(call.answeredAt)],
    ['Ended', formatDateTime(call.endedAt)],
    ['Duration', formatDuration(call.duration)],
    ['Call ID', <code>{call.id}</code>],
  ];
  return (
    <section aria-labelledby="details-heading" class="panel">
      <h2 id="details-heading">Details</h2>
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

function NoteEditor({ call, onSaved }: { call: Call; onSaved: (c: Call) => void }) {
  const { api } = useSession();
  const [draft, setDraft] = useState(call.note);
  const [dirty, setDirty] = useState(false);
  const [status, setStatus] = useState<{ kind: 'saving' | 'saved' | 'error'; text: string }>();
  // A live update brings the stored note; it replaces the text only while nobody is editing it.
  useEffect(() => {
    if (!dirty) setDraft(call.note);
  }, [call.note]);

  const save = async (e: Event) => {
    e.preventDefault();
    setStatus({ kind: 'saving', text: 'Saving…' });
    try {
      const updated = await api.updateCall(call.id, { note: draft });
      setDirty(false);
      setStatus({ kind: 'saved', text: 'Note saved.' });
      onSaved(updated);
    } catch (err) {
      setStatus({ kind: 'error', text: `Could not save the note: ${err instanceof ApiError ? err.message : 'something went wrong'}` });
    }
  };

  return (
    <section aria-labelledby="note-heading" class="panel">
      <h2 id="note-heading">Note</h2>
      <form onSubmit={(e) => void save(e)}>
        <label for="note" class="visually-hidden">
          Note
        </label>
        <textarea
          id="note"
          rows={4}
          maxLength={10000}
          value={draft}
          onInput={(e) => {
            setDraft(e.currentTarget.value);
            setDirty(true);
            setStatus(undefined);
          }}
        />
        <div class="actions">
          <button type="submit" class="button" disabled={status?.kind === 'saving'}>
            Save note
          </button>
          <span class={status?.kind === 'error' ? 'error-text' : 'muted'} role="status">
            {status?.text}
          </span>
        </div>
      </form>
    </section>
  );
}

function Actions({ call, onRedacted }: { call: Call; onRedacted: (c: Call) => void }) {
  const { api } = useSession();
  const [confirming, setConfirming] = useState<'redact' | 'delete'>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      if (confirming === 'redact') {
        onRedacted(await api.redactCall(call.id));
        setConfirming(undefined);
      } else {
        await api.deleteCall(call.id);
        setFlash('The call was deleted.');
        navigate('/console');
      }
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong.');
    } finally {
      setBusy(false);
    }
  };
  const close = () => {
    setConfirming(undefined);
    setError(undefined);
  };

  return (
    <section aria-labelledby="actions-heading" class="panel">
      <h2 id="actions-heading">Data protection</h2>
      <p class="muted">Redact blanks the transcription, message text, media and recording links; Delete erases the call.</p>
      <div class="actions">
        <button
          type="button"
          class="button button-secondary"
          onClick={() => {
            setConfirming('redact');
          }}
        >
          Redact…
        </button>
        <button
          type="button"
          class="button button-danger"
          onClick={() => {
            setConfirming('delete');
          }}
        >
          Delete…
        </button>
      </div>
      <ConfirmDialog
        id="confirm-redact"
        open={confirming === 'redact'}
        title="Redact this call?"
        body="The transcription, the text and media of every message and the recording link are blanked for good. Status, times and the note stay. This cannot be undone."
        confirmLabel="Redact call"
        busy={busy}
        error={error}
        onConfirm={() => void run()}
        onCancel={close}
      />
      <ConfirmDialog
        id="confirm-delete"
        open={confirming === 'delete'}
        title="Delete this call?"
        body="The call and all its messages are erased for good. This cannot be undone."
        confirmLabel="Delete call"
        busy={busy}
        error={error}
        onConfirm={() => void run()}
        onCancel={close}
      />
    </section>
  );
}
