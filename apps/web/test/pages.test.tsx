import type { ReactNode } from 'react';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import userEvent from '@testing-library/user-event';
import { ErrorBoundary } from '../src/components/ErrorBoundary';
import { I18nProvider } from '../src/i18n/I18nProvider';
import { session } from '../src/lib/session';
import { backend, buildPayment, fakeJwt, server, settle, shownDate } from './backend';
import { renderApp } from './render';

describe('history', () => {
  it('lists the caller’s orders as cards with status, amount, credits and date, a page at a time', async () => {
    for (let i = 0; i < 23; i++) backend.payments.push(buildPayment({ packageId: i % 2 ? 'basic' : 'premium' }));
    settle(backend.payments[22]!, 'completed');
    renderApp('/history');
    expect(await screen.findByRole('heading', { name: 'Purchase history' })).toBeInTheDocument();
    const list = await screen.findByRole('list');
    const cards = within(list).getAllByRole('listitem');
    expect(cards).toHaveLength(20);
    expect(cards[0]).toHaveTextContent(`Premium15,000 credits$100.00${shownDate(backend.payments[22]!.createdAt)}Completed`);
    expect(within(cards[0]!).queryByRole('button')).not.toBeInTheDocument();
    expect(within(cards[0]!).getByRole('link', { name: 'Premium' })).toHaveAttribute('href', `/payment/result?paymentId=${backend.payments[22]!.id}`);
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(23));
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('offers Resume and Cancel on an order awaiting payment, and cancels it in place', async () => {
    const open = buildPayment({ packageId: 'standard' });
    backend.payments.push(open);
    renderApp('/history');
    const card = await screen.findByRole('listitem');
    expect(card).toHaveTextContent('Awaiting payment');
    expect(card).toHaveTextContent(`Open until ${shownDate(open.expiresAt!)}`);
    expect(within(card).getByRole('link', { name: 'Resume payment' })).toHaveAttribute('href', open.checkoutUrl);
    await userEvent.click(within(card).getByRole('button', { name: 'Cancel order' }));
    await waitFor(() => expect(screen.getByRole('listitem')).toHaveTextContent('Cancelled'));
    expect(within(screen.getByRole('listitem')).queryByRole('link', { name: 'Resume payment' })).not.toBeInTheDocument();
    expect(backend.cancelCalls).toBe(1);
  });

  it('says when there is nothing yet, what the cheapest pack costs, and offers to buy', async () => {
    renderApp('/history');
    expect(await screen.findByText('No purchases yet.')).toBeInTheDocument();
    expect(await screen.findByText('Packs start at $1.00 for 100 credits.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('link', { name: 'Buy credits' }));
    expect(await screen.findByRole('dialog', { name: 'Buy credits' })).toBeInTheDocument();
  });

  it('shows a server error in the buyer’s words, never the status', async () => {
    server.use(http.get('/api/payment/user/history', () => new HttpResponse('upstream exploded', { status: 500 })));
    renderApp('/history', { locale: 'zh-CN' });
    expect(await screen.findByRole('alert')).toHaveTextContent('我们这边出了点问题，请稍后重试。');
    expect(screen.getByRole('alert')).not.toHaveTextContent(/500|exploded/);
  });
});

describe('sign-in', () => {
  it('signs in as the demo user where the API offers it, then goes where the visitor wanted', async () => {
    renderApp('/history', { signedIn: false });
    await userEvent.click(await screen.findByRole('button', { name: 'Sign in as demo user' }));
    expect(await screen.findByRole('heading', { name: 'Purchase history' })).toBeInTheDocument();
    expect(session.get()).toBe('token-for-demo');
    expect(localStorage.getItem('credits.token')).toBe('token-for-demo');
  });

  it('tells the visitor to come from their app where there is no dev sign-in', async () => {
    backend.devSignIn = false;
    renderApp('/', { signedIn: false });
    expect(await screen.findByText('Open this page from your app to sign in.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sign in as demo user' })).not.toBeInTheDocument();
  });

  it('ends the session on a 401 and says so on the sign-in page', async () => {
    renderApp('/');
    session.set('test-token');
    // The API refuses the token:
    server.use(
      http.get('/api/credits', () =>
        HttpResponse.json({ type: 't', title: 'Unauthorized', status: 401, detail: 'The token has expired.', code: 'token_expired' }, { status: 401 }),
      ),
    );
    renderApp('/');
    expect(await screen.findAllByText('Your session has ended. Please sign in again.')).not.toHaveLength(0);
    expect(session.get()).toBeNull();
  });

  it('shares the session between tabs: signing in or out in one is seen in the others', async () => {
    renderApp('/', { signedIn: false });
    session.init();
    expect(await screen.findByRole('button', { name: 'Sign in as demo user' })).toBeInTheDocument();
    // Another tab signs in: it writes the shared storage, and this tab hears of it.
    localStorage.setItem('credits.token', 'token-from-another-tab');
    act(() => void window.dispatchEvent(new StorageEvent('storage', { key: 'credits.token', newValue: 'token-from-another-tab' })));
    expect(session.get()).toBe('token-from-another-tab');
    localStorage.removeItem('credits.token');
    act(() => void window.dispatchEvent(new StorageEvent('storage', { key: 'credits.token', newValue: null })));
    expect(session.get()).toBeNull();
  });

  it('says in the header who is signed in', async () => {
    renderApp('/', { signedIn: fakeJwt('writer-42') });
    const header = screen.getByRole('banner');
    expect(await within(header).findByText('Signed in as writer-42')).toBeInTheDocument();
  });

  it('asks before a link signs in as another user, and changes nothing until the person chooses', async () => {
    const alice = fakeJwt('alice');
    const bob = fakeJwt('bob');
    session.set(alice);
    window.history.replaceState(null, '', `/?buy#token=${bob}`);
    session.init();
    expect(window.location.hash).toBe('');
    expect(session.get()).toBe(alice);
    expect(localStorage.getItem('credits.token')).toBe(alice);
    renderApp('/?buy', { signedIn: alice });

    const choice = await screen.findByRole('alertdialog', { name: 'Which account?' });
    expect(choice).toHaveTextContent('This link signs you in as bob. You are signed in as alice.');
    // Nothing behind it: no balance, no buy modal, the stay button focused.
    expect(screen.queryByTestId('balance')).not.toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(within(choice).getByRole('button', { name: 'Stay as alice' })).toHaveFocus();
    expect(session.get()).toBe(alice);

    await userEvent.click(within(choice).getByRole('button', { name: 'Stay as alice' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(session.get()).toBe(alice);
    expect(localStorage.getItem('credits.token')).toBe(alice);
    expect(await screen.findByText('Signed in as alice')).toBeInTheDocument();
    // The link's ?buy now opens the buy modal, for the account the person stayed with.
    expect(await screen.findByRole('dialog', { name: 'Buy credits' })).toBeInTheDocument();
  });

  it('switches to the linked account when the person continues as them', async () => {
    const alice = fakeJwt('alice');
    const bob = fakeJwt('bob');
    session.set(alice);
    window.history.replaceState(null, '', `/#token=${bob}`);
    session.init();
    renderApp('/', { signedIn: alice });
    await userEvent.click(await screen.findByRole('button', { name: 'Continue as bob' }));
    expect(session.get()).toBe(bob);
    expect(localStorage.getItem('credits.token')).toBe(bob);
    expect(await within(screen.getByRole('banner')).findByText('Signed in as bob')).toBeInTheDocument();
  });

  it('takes a handed-over token for the signed-in user without asking', () => {
    session.set(fakeJwt('alice'));
    const fresh = `${fakeJwt('alice')}x`;
    window.history.replaceState(null, '', `/#token=${fresh}`);
    session.init();
    expect(session.offered()).toBeNull();
    expect(session.get()).toBe(fresh);
  });

  it('takes a token handed over in the URL fragment, and removes it from the address', () => {
    window.history.replaceState(null, '', '/payment/result?paymentId=x#token=handed.over.jwt');
    session.init();
    expect(session.get()).toBe('handed.over.jwt');
    expect(window.location.hash).toBe('');
    expect(window.location.search).toBe('?paymentId=x');
  });
});

describe('answers the app cannot read', () => {
  it('are refused by the shared schema and said as our fault, never shown as data', async () => {
    server.use(http.get('/api/credits', () => HttpResponse.json({ balance: 'a lot' })));
    renderApp('/');
    expect(await screen.findByText('Something went wrong on our side. Try again in a moment.')).toBeInTheDocument();
    expect(screen.queryByText(/a lot/)).not.toBeInTheDocument();
  });
});

describe('a page that fails to render', () => {
  function Broken(): never {
    throw new Error('a defect');
  }

  it('says what to do instead of a blank screen, and the next page starts over', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const page = (resetKey: string, child: ReactNode) => (
      <I18nProvider initialLocale="en">
        <ErrorBoundary resetKey={resetKey}>{child}</ErrorBoundary>
      </I18nProvider>
    );
    const { rerender } = render(page('/history', <Broken />));
    expect(await screen.findByRole('alert')).toHaveTextContent('This page could not be shown. Reloading usually helps; your credits and orders are safe.');
    expect(screen.getByRole('button', { name: 'Reload' })).toBeInTheDocument();
    expect(logged).toHaveBeenCalledWith('A page failed to render', expect.any(Error), expect.any(String));
    rerender(page('/history', <p>fine</p>));
    expect(screen.getByRole('alert')).toBeInTheDocument();
    rerender(page('/', <p>fine</p>));
    expect(screen.getByText('fine')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    logged.mockRestore();
  });
});
