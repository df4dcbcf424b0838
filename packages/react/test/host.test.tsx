import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { BuyCreditsButton, CreditsDisplay, CreditsProvider, PaymentResult, type CreditsProviderProps } from '../src';
import { backend, buildPayment, server, settle } from '../../../apps/web/test/backend';

/** A host app of its own: its sign-in's token, its language, its way to Whop; no router. */
function renderHost(children: React.ReactNode, props: Partial<CreditsProviderProps> = {}) {
  const navigate = jest.fn();
  const tokens: string[] = [];
  const getToken = async () => {
    tokens.push('host-token');
    return 'host-token';
  };
  const view = render(
    <CreditsProvider baseUrl="" getToken={getToken} navigate={navigate} {...props}>
      {children}
    </CreditsProvider>,
  );
  return { ...view, navigate, tokens };
}

afterEach(() => server.events.removeAllListeners());

describe('@credits/react in a host app', () => {
  it('shows the balance with the host’s token, opens the purchase from its own button and leaves for Whop through the host', async () => {
    backend.balance = 250;
    const seen: string[] = [];
    server.events.on('request:start', ({ request }) => void seen.push(request.headers.get('authorization') ?? ''));
    const { navigate, container, tokens } = renderHost(
      <>
        <CreditsDisplay onBuy={() => undefined} />
        <BuyCreditsButton>Top up</BuyCreditsButton>
      </>,
    );
    expect(await screen.findByTestId('balance')).toHaveTextContent('250 credits');
    expect(container.querySelector('section')).toHaveClass('credits-ui');
    await userEvent.click(screen.getByRole('button', { name: 'Top up' }));
    const dialog = await screen.findByRole('dialog', { name: 'Buy credits' });
    expect(dialog.closest('.credits-ui')).not.toBeNull();
    await userEvent.click(within(dialog).getByRole('button', { name: /^Standard/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Pay $10.00 for 1,000 credits' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith(expect.stringMatching(/^https:\/\/whop\.test\/checkout\//)));
    expect(backend.createLocales).toEqual(['en']);
    expect(seen.filter((h) => h !== '')).toEqual(expect.arrayContaining(['Bearer host-token']));
    expect(seen.every((h) => h === '' || h === 'Bearer host-token')).toBe(true);
    // The token is asked for every request (a host's sign-in refreshes it), never kept.
    expect(tokens.length).toBe(seen.length);
  });

  it('speaks Chinese once loaded, with the host’s own words where it gives them', async () => {
    backend.balance = 1_000;
    renderHost(<CreditsDisplay onBuy={() => undefined} />, { locale: 'zh-CN', messages: { 'credits.buy': '充值' } });
    expect(await screen.findByTestId('balance')).toHaveTextContent('1,000 积分');
    expect(screen.getByRole('heading', { name: '您的余额' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '充值' })).toBeInTheDocument();
  });

  it('tells the host when the API refuses its token', async () => {
    server.use(http.get('/api/credits', () => HttpResponse.json({ type: 'about:blank', title: 'x', status: 401, detail: 'Expired.', code: 'token_expired' }, { status: 401 })));
    const onUnauthorized = jest.fn();
    renderHost(<CreditsDisplay onBuy={() => undefined} />, { onUnauthorized });
    expect(await screen.findByRole('alert')).toHaveTextContent('Your session has ended. Please sign in again.');
    expect(onUnauthorized).toHaveBeenCalledWith('host-token');
  });

  it('shows the result with plain links, and hands back Whop’s return once read', async () => {
    const p = buildPayment();
    backend.payments.push(p);
    settle(p, 'completed');
    const onReturnRead = jest.fn();
    renderHost(<PaymentResult orderId={p.id} search={`?paymentId=${p.id}&status=success`} onReturnRead={onReturnRead} homeHref="/credits" buyHref="/credits?buy" />);
    expect(await screen.findByRole('heading', { name: 'Payment complete' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to your credits' })).toHaveAttribute('href', '/credits');
    expect(onReturnRead).toHaveBeenCalledTimes(1);
  });

  it('says what is missing when the result page has no order', async () => {
    renderHost(<PaymentResult orderId={null} homeHref="/credits" buyHref="/credits?buy" />);
    expect(await screen.findByText('This page needs a payment to show.')).toBeInTheDocument();
  });
});
