/** Agents, skills and customers: a list (page by page) with create and edit in a dialog. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type DirectoryKind, type DirectoryRecords } from '../api';
import { Dialog, ErrorNotice, PageHeading } from '../components';
import { useSession } from '../context';
import { personName } from '../format';

const PAGE_SIZE = 50;

interface FieldSpec {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'tel' | 'textarea' | 'select' | 'checkbox';
  options?: string[];
  hint?: string;
}

type AnyRecord = DirectoryRecords[DirectoryKind];

interface KindSpec {
  title: string;
  singular: string;
  fields: FieldSpec[];
  defaults: Record<string, string | boolean>;
  columns: { label: string; value: (r: Record<string, unknown>) => string }[];
  name: (r: Record<string, unknown>) => string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const PHONE_HINT = 'International format, e.g. +14155550123';
const LANGUAGE_HINT = 'e.g. en-US';

const KINDS: Record<DirectoryKind, KindSpec> = {
  agents: {
    title: 'Agents',
    singular: 'agent',
    fields: [
      { name: 'name', label: 'First name' },
      { name: 'lastname', label: 'Last name' },
      { name: 'email', label: 'Email', type: 'email' },
      { name: 'phone', label: 'Phone', type: 'tel', hint: PHONE_HINT },
      { name: 'agentType', label: 'Type', type: 'select', options: ['AI', 'human'] },
      { name: 'language', label: 'Language', hint: LANGUAGE_HINT },
    ],
    defaults: { agentType: 'AI' },
    columns: [
      { label: 'Name', value: (r) => personName(str(r.name), str(r.lastname)) || '—' },
      { label: 'Email', value: (r) => str(r.email) || '—' },
      { label: 'Phone', value: (r) => str(r.phone) || '—' },
      { label: 'Type', value: (r) => str(r.agentType) || '—' },
      { label: 'Language', value: (r) => str(r.language) || '—' },
    ],
    name: (r) => personName(str(r.name), str(r.lastname)) || str(r.email) || 'unnamed agent',
  },
  skills: {
    title: 'Skills',
    singular: 'skill',
    fields: [
      { name: 'name', label: 'Name' },
      { name: 'description', label: 'Description', type: 'textarea' },
      { name: 'language', label: 'Language', hint: LANGUAGE_HINT },
      { name: 'active', label: 'Active', type: 'checkbox' },
    ],
    defaults: { active: true },
    columns: [
      { label: 'Name', value: (r) => str(r.name) || '—' },
      { label: 'Description', value: (r) => str(r.description) || '—' },
      { label: 'Language', value: (r) => str(r.language) || '—' },
      { label: 'Active', value: (r) => (r.active === false ? 'No' : 'Yes') },
    ],
    name: (r) => str(r.name) || 'unnamed skill',
  },
  customers: {
    title: 'Customers',
    singular: 'customer',
    fields: [
      { name: 'name', label: 'Display name' },
      { name: 'firstName', label: 'First name' },
      { name: 'lastName', label: 'Last name' },
      { name: 'phone', label: 'Phone', type: 'tel', hint: PHONE_HINT },
      { name: 'email', label: 'Email', type: 'email' },
      { name: 'language', label: 'Language', hint: LANGUAGE_HINT },
    ],
    defaults: {},
    columns: [
      { label: 'Name', value: (r) => str(r.name) || personName(str(r.firstName), str(r.lastName)) || '—' },
      { label: 'Phone', value: (r) => str(r.phone) || '—' },
      { label: 'Email', value: (r) => str(r.email) || '—' },
      { label: 'Language', value: (r) => str(r.language) || '—' },
    ],
    name: (r) => str(r.name) || personName(str(r.firstName), str(r.lastName)) || str(r.phone) || 'unnamed customer',
  },
};

/** The record's fields as plain values (the API objects are typed; the forms are generic). */
function fieldsOf(record: AnyRecord): Record<string, unknown> {
  return { ...record };
}

export function DirectoryPage({ kind }: { kind: DirectoryKind }) {
  const spec = KINDS[kind];
  const { api, refreshAgents } = useSession();
  const [records, setRecords] = useState<AnyRecord[]>([]);
  const [page, setPage] = useState(1);
  const [state, setState] = useState<'loading' | 'ready' | 'error' | 'more'>('loading');
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState<AnyRecord | 'new'>();
  const [message, setMessage] = useState('');

  const load = async (p: number) => {
    setState(p === 1 ? 'loading' : 'more');
    setError(undefined);
    try {
      const list: AnyRecord[] = await api.list(kind, p, PAGE_SIZE);
      setRecords((r) => (p === 1 ? list : [...r, ...list]));
      setHasMore(list.length === PAGE_SIZE);
      setPage(p);
      setState('ready');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong.');
      setState(p === 1 ? 'error' : 'ready');
    }
  };

  useEffect(() => {
    void load(1);
  }, [api, kind]);

  const saved = (record: AnyRecord, created: boolean) => {
    setRecords((list) => (created ? [record, ...list] : list.map((r) => (r.id === record.id ? record : r))));
    setMessage(
      `${spec.singular[0].toUpperCase()}${spec.singular.slice(1)} “${spec.name(fieldsOf(record))}” ${created ? 'created' : 'saved'}.`,
    );
    setEditing(undefined);
    if (kind === 'agents') refreshAgents();
  };

  return (
    <>
      <PageHeading title={spec.title}>{spec.title}</PageHeading>
      <div class="toolbar">
        <button
          type="button"
          class="button"
          onClick={() => {
            setMessage('');
            setEditing('new');
          }}
        >
          New {spec.singular}
        </button>
      </div>
      <p class="list-status" role="status">
        {state === 'loading' ? `Loading ${kind}…` : message}
      </p>
      {state === 'error' && (
        <ErrorNotice onRetry={() => void load(1)}>
          Could not load the {kind}: {error}
        </ErrorNotice>
      )}
      {state !== 'loading' && state !== 'error' && records.length === 0 && <p class="empty">No {kind} yet.</p>}
      {records.length > 0 && (
        <table class="data-table">
          <caption class="visually-hidden">{spec.title}</caption>
          <thead>
            <tr>
              {spec.columns.map((c) => (
                <th scope="col" key={c.label}>
                  {c.label}
                </th>
              ))}
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {records.map((record) => {
              const fields = fieldsOf(record);
              return (
                <tr key={record.id}>
                  {spec.columns.map((c) => (
                    <td data-label={c.label} key={c.label}>
                      {c.value(fields)}
                    </td>
                  ))}
                  <td class="row-actions">
                    <button
                      type="button"
                      class="button button-secondary button-small"
                      onClick={() => {
                        setMessage('');
                        setEditing(record);
                      }}
                    >
                      Edit<span class="visually-hidden"> {spec.name(fields)}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {state !== 'error' && error && <ErrorNotice>Could not load more: {error}</ErrorNotice>}
      {hasMore && (state === 'ready' || state === 'more') && (
        <button type="button" class="button button-secondary load-more" onClick={() => void load(page + 1)} disabled={state === 'more'}>
          {state === 'more' ? 'Loading…' : 'Load more'}
        </button>
      )}
      <Dialog
        id={`${kind}-form`}
        open={editing !== undefined}
        title={editing === 'new' ? `New ${spec.singular}` : `Edit ${spec.singular}`}
        onClose={() => {
          setEditing(undefined);
        }}
      >
        {editing !== undefined && (
          <RecordForm
            kind={kind}
            spec={spec}
            record={editing === 'new' ? undefined : editing}
            onSaved={saved}
            onCancel={() => {
              setEditing(undefined);
            }}
          />
        )}
      </Dialog>
    </>
  );
}

function RecordForm({
  kind,
  spec,
  record,
  onSaved,
  onCancel,
}: {
  kind: DirectoryKind;
  spec: KindSpec;
  record: AnyRecord | undefined;
  onSaved: (r: AnyRecord, created: boolean) => void;
  onCancel: () => void;
}) {
  const { api } = useSession();
  const original = record ? fieldsOf(record) : {};
  const initial: Record<string, string | boolean> = {};
  for (const f of spec.fields) {
    const v = original[f.name];
    initial[f.name] =
      f.type === 'checkbox'
        ? typeof v === 'boolean'
          ? v
          : spec.defaults[f.name] === true
        : typeof v === 'string'
          ? v
          : str(spec.defaults[f.name]);
  }
  const [values, setValues] = useState(initial);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const body: Record<string, unknown> = {};
    for (const f of spec.fields) {
      const v = values[f.name];
      const value = typeof v === 'string' ? v.trim() : v;
      if (record) {
        if (value !== initial[f.name]) body[f.name] = value;
      } else if (value !== '') {
        body[f.name] = value;
      }
    }
    if (record && Object.keys(body).length === 0) {
      onCancel();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const saved = record ? await api.update(kind, record.id, body) : await api.create(kind, body);
      onSaved(saved, !record);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong.');
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      {spec.fields.map((f) => {
        const id = `${kind}-${f.name}`;
        const hintId = f.hint ? `${id}-hint` : undefined;
        const v = values[f.name];
        const set = (value: string | boolean) => {
          setValues((all) => ({ ...all, [f.name]: value }));
        };
        if (f.type === 'checkbox') {
          return (
            <div class="field field-checkbox" key={f.name}>
              <input
                id={id}
                type="checkbox"
                checked={v === true}
                onChange={(e) => {
                  set(e.currentTarget.checked);
                }}
              />
              <label for={id}>{f.label}</label>
            </div>
          );
        }
        return (
          <div class="field" key={f.name}>
            <label for={id}>{f.label}</label>
            {f.type === 'textarea' ? (
              <textarea
                id={id}
                rows={3}
                value={str(v)}
                onInput={(e) => {
                  set(e.currentTarget.value);
                }}
                aria-describedby={hintId}
              />
            ) : f.type === 'select' ? (
              <select
                id={id}
                value={str(v)}
                onChange={(e) => {
                  set(e.currentTarget.value);
                }}
                aria-describedby={hintId}
              >
                {(f.options ?? []).map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            ) : (
              <TextInput id={id} type={f.type ?? 'text'} value={str(v)} onValue={set} describedBy={hintId} />
            )}
            {f.hint && (
              <span id={hintId} class="hint">
                {f.hint}
              </span>
            )}
          </div>
        );
      })}
      {error && <ErrorNotice>{error}</ErrorNotice>}
      <div class="actions">
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Saving…' : record ? 'Save changes' : `Create ${spec.singular}`}
        </button>
        <button type="button" class="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function TextInput(props: {
  id: string;
  type: 'text' | 'email' | 'tel';
  value: string;
  onValue: (v: string) => void;
  describedBy?: string;
}) {
  const common = {
    id: props.id,
    value: props.value,
    autocomplete: 'off',
    'aria-describedby': props.describedBy,
    onInput: (e: { currentTarget: HTMLInputElement }) => {
      props.onValue(e.currentTarget.value);
    },
  };
  if (props.type === 'email') return <input type="email" {...common} />;
  if (props.type === 'tel') return <input type="tel" inputMode="tel" {...common} />;
  return <input type="text" {...common} />;
}
