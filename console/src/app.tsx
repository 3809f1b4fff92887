/** The console's shell: sign-in gate, navigation, and the page for the current URL. */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { Api } from './api';
import { SessionContext, type Session } from './context';
import { PageHeading } from './components';
import { Link, markMovedInPlace, useLocation } from './router';
import { forgetCredentials, loadCredentials, saveCredentials, type Credentials } from './session';
import type { Agent } from './types';
import { SignIn } from './pages/sign-in';
import { CallsPage } from './pages/calls';
import { CallPage } from './pages/call';
import { DirectoryPage } from './pages/directory';
import { WebhooksPage } from './pages/webhooks';
import { WebhookPage } from './pages/webhook';

const NAV = [
  { href: '/console', label: 'Calls' },
  { href: '/console/agents', label: 'Agents' },
  { href: '/console/skills', label: 'Skills' },
  { href: '/console/customers', label: 'Customers' },
  { href: '/console/webhooks', label: 'Webhooks' },
];

export function App() {
  const [credentials, setCredentials] = useState<Credentials | undefined>(loadCredentials);
  const [notice, setNotice] = useState<string>();

  const signOut = useCallback((message?: string) => {
    forgetCredentials();
    setCredentials(undefined);
    setNotice(message);
  }, []);

  const api = useMemo(
    () =>
      credentials &&
      new Api(credentials, () => {
        signOut('Your key is no longer accepted. Sign in again.');
      }),
    [credentials, signOut],
  );

  if (!api) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(c) => {
          saveCredentials(c);
          markMovedInPlace();
          setNotice(undefined);
          setCredentials(c);
        }}
      />
    );
  }
  return (
    <SignedIn
      api={api}
      onSignOut={() => {
        signOut('You have signed out.');
      }}
    />
  );
}

function SignedIn({ api, onSignOut }: { api: Api; onSignOut: () => void }) {
  const location = useLocation();
  const [agents, setAgents] = useState<Agent[]>();
  const [agentsVersion, setAgentsVersion] = useState(0);

  useEffect(() => {
    let live = true;
    api.list('agents', 1, 500).then(
      (list) => {
        if (live) setAgents(list);
      },
      () => {
        if (live) setAgents([]);
      },
    );
    return () => {
      live = false;
    };
  }, [api, agentsVersion]);

  const session: Session = useMemo(
    () => ({
      api,
      agents,
      refreshAgents: () => {
        setAgentsVersion((v) => v + 1);
      },
    }),
    [api, agents],
  );

  const path = location.path;
  const callMatch = /^\/console\/calls\/([^/]+)$/.exec(path);
  const webhookMatch = /^\/console\/webhooks\/([^/]+)$/.exec(path);
  let page;
  let section = '';
  if (path === '/console') {
    page = <CallsPage location={location} />;
    section = '/console';
  } else if (callMatch) {
    page = <CallPage key={callMatch[1]} id={decodeURIComponent(callMatch[1])} />;
    section = '/console';
  } else if (path === '/console/agents' || path === '/console/skills' || path === '/console/customers') {
    const kind = path.slice('/console/'.length) as 'agents' | 'skills' | 'customers';
    page = <DirectoryPage key={kind} kind={kind} />;
    section = path;
  } else if (path === '/console/webhooks') {
    page = <WebhooksPage />;
    section = path;
  } else if (webhookMatch) {
    page = <WebhookPage key={webhookMatch[1]} id={decodeURIComponent(webhookMatch[1])} location={location} />;
    section = '/console/webhooks';
  } else {
    page = <NotFound />;
  }

  return (
    <SessionContext.Provider value={session}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <Link href="/console" class="brand">
          calls-api
        </Link>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={section === item.href ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="account">
          <span class="key-id" title="Signed in with this key">
            {api.credentials.keyId}
          </span>
          <button type="button" class="button button-ghost" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </SessionContext.Provider>
  );
}

function NotFound() {
  return (
    <>
      <PageHeading title="Not found">Page not found</PageHeading>
      <p>
        There is no console page at this address. <Link href="/console">Go to the calls</Link>.
      </p>
    </>
  );
}
