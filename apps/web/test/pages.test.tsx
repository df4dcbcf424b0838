import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { session } from '../src/lib/session';
import { backend, buildPayment, settle } from './backend';
import { renderApp } from './render';

describe('history', () => {
  it('lists the caller’s orders with status, amount, credits and date, a page at a time', async () => {
    for (let i = 0; i < 23; i++) backend.payments.push(buildPayment({ packageId: i % 2 ? 'basic' : 'premium' }));
    settle(backend.payments[22]!, 'completed');
    renderApp('/history');
    expect(await screen.findByRole('heading', { name: 'Purchase history' })).toBeInTheDocument();
    const rows = await screen.findAllByRole('row');
    expect(rows).toHaveLength(21);
    expect(rows[1]).toHaveTextContent(/Premium\$100\.0015,000Completed/);
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(24));
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('says when there is nothing yet', async () => {
    renderApp('/history');
    expect(await screen.findByText('No purchases yet.')).toBeInTheDocument();
  });
});

describe('sign-in', () => {
  it('signs in as the demo user where the API offers it, then goes where the visitor wanted', async () => {
    renderApp('/history', { signedIn: false });
    await userEvent.click(await screen.findByRole('button', { name: 'Sign in as demo user' }));
    expect(await screen.findByRole('heading', { name: 'Purchase history' })).toBeInTheDocument();
    expect(session.get()).toBe('token-for-demo');
    expect(sessionStorage.getItem('credits.token')).toBe('token-for-demo');
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
    const { http, HttpResponse } = await import('msw');
    const { server } = await import('./backend');
    server.use(
      http.get('/api/credits', () =>
        HttpResponse.json({ type: 't', title: 'Unauthorized', status: 401, detail: 'The token has expired.', code: 'token_expired' }, { status: 401 }),
      ),
    );
    renderApp('/');
    expect(await screen.findAllByText('Your session has ended. Please sign in again.')).not.toHaveLength(0);
    expect(session.get()).toBeNull();
  });

  it('takes a token handed over in the URL fragment, and removes it from the address', () => {
    window.history.replaceState(null, '', '/payment/result?paymentId=x#token=handed.over.jwt');
    session.init();
    expect(session.get()).toBe('handed.over.jwt');
    expect(window.location.hash).toBe('');
    expect(window.location.search).toBe('?paymentId=x');
  });
});
