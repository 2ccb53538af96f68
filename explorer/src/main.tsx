import { render, type JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { currentSession, onSignedOut, resumeSession, signIn, signOut, type SessionInfo } from './api';
import { go, useRoute, type RouteMatch } from './router';
import { Dashboard } from './pages/dashboard';
import { BlockList } from './pages/block-list';
import { BlockDetail } from './pages/block-detail';
import { TransactionDetail } from './pages/transaction-detail';
import { Search } from './pages/search';
import { EvidencePage } from './pages/evidence';
import { NetworkPage } from './pages/network';
import './styles.css';

function App(): JSX.Element {
  const [session, setSession] = useState<SessionInfo | undefined>(currentSession());
  const [checked, setChecked] = useState(false);
  useEffect(() => {
    void resumeSession().then((s) => {
      setSession(s);
      setChecked(true);
    });
    return onSignedOut(() => {
      setSession(undefined);
    });
  }, []);
  if (!checked) return <p class="muted pad">Loading…</p>;
  if (!session) return <SignIn onSignedIn={setSession} />;
  return (
    <Layout
      session={session}
      onSignOut={() => {
        void signOut().finally(() => {
          setSession(undefined);
        });
      }}
    />
  );
}

function SignIn(props: { onSignedIn: (s: SessionInfo) => void }): JSX.Element {
  const [credential, setCredential] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = (e: Event): void => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    signIn(credential).then(
      (s) => {
        setCredential('');
        props.onSignedIn(s);
      },
      (err: unknown) => {
        setError(err instanceof Error ? err.message : String(err));
        setBusy(false);
      },
    );
  };
  return (
    <main class="signin">
      <h1>AllianceLedger Explorer</h1>
      <p class="muted">
        Sign in with your API key (or a JWT). It is exchanged once for a session cookie; the page never keeps it.
      </p>
      <form onSubmit={submit}>
        <label for="credential">API key or token</label>
        <input
          id="credential"
          name="credential"
          type="password"
          autocomplete="off"
          value={credential}
          onInput={(e) => {
            setCredential(e.currentTarget.value);
          }}
          placeholder="alk_…"
          required
        />
        <button type="submit" disabled={busy || credential.trim() === ''}>
          Sign in
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}

function Layout(props: { session: SessionInfo; onSignOut: () => void }): JSX.Element {
  const route = useRoute();
  const [query, setQuery] = useState('');
  return (
    <>
      <header>
        <a class="brand" href="#/">
          AllianceLedger
        </a>
        <nav>
          <a href="#/" class={route.page === 'dashboard' ? 'active' : ''}>
            Dashboard
          </a>
          <a href="#/blocks" class={route.page === 'blocks' || route.page === 'block' ? 'active' : ''}>
            Blocks
          </a>
          <a href="#/evidence" class={route.page === 'evidence' ? 'active' : ''}>
            Evidence
          </a>
          <a href="#/network" class={route.page === 'network' ? 'active' : ''}>
            Network
          </a>
        </nav>
        <form
          class="search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            if (query.trim() === '') return;
            go(`#/search/${encodeURIComponent(query.trim())}`);
            setQuery('');
          }}
        >
          <input
            name="q"
            aria-label="Search"
            placeholder="Block number, transaction id, block or evidence hash"
            value={query}
            onInput={(e) => {
              setQuery(e.currentTarget.value);
            }}
          />
        </form>
        <span class="who" title={`session until ${props.session.expiresAt}`}>
          {props.session.identity}
        </span>
        <button class="link" onClick={props.onSignOut}>
          Sign out
        </button>
      </header>
      <main>
        <Page route={route} />
      </main>
    </>
  );
}

function Page(props: { route: RouteMatch }): JSX.Element {
  const r = props.route;
  switch (r.page) {
    case 'dashboard':
      return <Dashboard />;
    case 'blocks':
      return <BlockList before={r.before} />;
    case 'block':
      return <BlockDetail key={r.number} number={r.number} />;
    case 'transaction':
      return <TransactionDetail key={r.id} id={r.id} />;
    case 'search':
      return <Search key={r.query} query={r.query} />;
    case 'evidence':
      return <EvidencePage key={r.hash ?? ''} hash={r.hash} />;
    case 'network':
      return <NetworkPage />;
  }
}

const root = document.getElementById('app');
if (root) render(<App />, root);
