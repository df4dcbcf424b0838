import { useEffect, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { BuyCreditsButton, CreditsProvider, PaymentResult, createCreditsQueryClient, creditsKeys, useCredits } from '@credits/react';
import '@credits/react/styles.css';
import './host.css';

/** InkGenius's page: its own sign-in, and the product's components for the balance, the purchase and the result. */
const queryClient = createCreditsQueryClient();
const TOKEN_KEY = 'inkgenius.token';
const getToken = () => sessionStorage.getItem(TOKEN_KEY);

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  window.location.assign('/');
}

async function hostApi<T>(path: string, body?: unknown): Promise<{ status: number; data: T }> {
  const res = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${getToken() ?? ''}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, data: (await res.json().catch(() => ({}))) as T };
}

function SignIn() {
  const [name, setName] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { data } = await hostApi<{ token?: string }>('/host/signin', { name });
    if (data.token) {
      sessionStorage.setItem(TOKEN_KEY, data.token);
      window.location.assign(window.location.pathname + window.location.search);
    }
  };
  return (
    <form className="panel" onSubmit={submit}>
      <h1>Sign in to InkGenius</h1>
      <label>
        Your name <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="username" />
      </label>
      <button type="submit">Sign in</button>
    </form>
  );
}

function Header() {
  const credits = useCredits();
  return (
    <header className="bar">
      <strong>InkGenius</strong>
      <span data-testid="available">{credits.data ? `${credits.data.available} credits` : '…'}</span>
      <BuyCreditsButton />
      <button type="button" onClick={signOut}>
        Sign out
      </button>
    </header>
  );
}

interface HostEvent {
  id: string;
  type: string;
  data: { credits: number; balance: number };
}

function Generate() {
  const [prompt, setPrompt] = useState('a lighthouse keeper');
  const [said, setSaid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const { status, data } = await hostApi<{ text?: string; cost?: number; error?: string }>('/host/generate', { prompt });
    setSaid(status === 200 ? `${data.text} (${data.cost} credits)` : (data.error ?? `Failed (${status}).`));
    setBusy(false);
    void queryClient.invalidateQueries({ queryKey: creditsKeys.credits });
  };
  return (
    <form className="panel" onSubmit={run}>
      <h2>Write</h2>
      <label>
        Prompt <input value={prompt} onChange={(e) => setPrompt(e.target.value)} />
      </label>
      <button type="submit" disabled={busy}>
        Generate
      </button>
      {said ? <p role="status">{said}</p> : null}
    </form>
  );
}

function Events() {
  const [events, setEvents] = useState<HostEvent[]>([]);
  useEffect(() => {
    const timer = setInterval(() => void hostApi<{ events: HostEvent[] }>('/host/events').then(({ data }) => setEvents(data.events ?? [])), 500);
    return () => clearInterval(timer);
  }, []);
  return (
    <section className="panel" aria-labelledby="events-heading">
      <h2 id="events-heading">Credit events received</h2>
      <ul aria-label="Credit events">
        {events.map((e) => (
          <li key={e.id}>
            {e.type} {e.data.credits} → {e.data.balance}
          </li>
        ))}
      </ul>
    </section>
  );
}

function App() {
  if (!getToken()) return <SignIn />;
  const onResult = window.location.pathname === '/payment/result';
  const params = new URLSearchParams(window.location.search);
  return (
    <CreditsProvider baseUrl="" getToken={getToken} queryClient={queryClient} onUnauthorized={signOut}>
      <Header />
      <main>
        {onResult ? (
          <PaymentResult
            orderId={params.get('paymentId')}
            search={params}
            onReturnRead={() => window.history.replaceState(null, '', `/payment/result?paymentId=${params.get('paymentId') ?? ''}`)}
            homeHref="/"
            buyHref="/"
          />
        ) : (
          <>
            <Generate />
            <Events />
          </>
        )}
      </main>
    </CreditsProvider>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
