import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { navigation } from '../src/lib/navigation';
import { backend } from './backend';
import { renderApp } from './render';

describe('credits display and purchase modal', () => {
  let assign: jest.SpyInstance;
  beforeEach(() => {
    assign = jest.spyOn(navigation, 'assign').mockImplementation(() => undefined);
  });
  afterEach(() => assign.mockRestore());

  it('shows the balance, formatted', async () => {
    backend.balance = 15_000;
    renderApp();
    expect(await screen.findByText('15,000 credits')).toBeInTheDocument();
    expect(screen.queryByRole('status', { name: /below zero/ })).not.toBeInTheDocument();
  });

  it('warns that spending is paused when a refund left the balance negative', async () => {
    backend.balance = -500;
    renderApp();
    expect(await screen.findByText('-500 credits')).toBeInTheDocument();
    expect(screen.getByText(/below zero: credits were taken back/)).toBeInTheDocument();
  });

  it('opens a labelled dialog with the three packs as toggles, none chosen, with per-credit prices and the saving', async () => {
    renderApp();
    await userEvent.click(await screen.findByRole('button', { name: 'Buy credits' }));
    const dialog = await screen.findByRole('dialog', { name: 'Buy credits' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAccessibleDescription(/pay securely on Whop/);
    const group = await within(dialog).findByRole('group', { name: 'Credit packs' });
    const packs = within(group).getAllByRole('button');
    expect(packs).toHaveLength(3);
    expect(packs[0]).toHaveTextContent(/^Starter\$1\.00100 credits1¢ per credit$/);
    expect(packs[1]).toHaveTextContent(/^Standard\$10\.001,000 credits1¢ per credit$/);
    expect(packs[2]).toHaveTextContent(/^PremiumSave 33%\$100\.0015,000 creditsabout 0\.67¢ per creditincludes 5,000 bonus$/);
    for (const pack of packs) expect(pack).toHaveAttribute('aria-pressed', 'false');
    expect(within(dialog).getByRole('button', { name: 'Choose a pack' })).toBeDisabled();
  });

  it('restates the chosen pack and price on the pay button', async () => {
    renderApp();
    await userEvent.click(await screen.findByRole('button', { name: 'Buy credits' }));
    await userEvent.click(await screen.findByRole('button', { name: /^Standard/ }));
    expect(screen.getByRole('button', { name: /^Standard/ })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: 'Pay $10.00 for 1,000 credits' })).toBeEnabled();
    await userEvent.click(screen.getByRole('button', { name: /^Premium/ }));
    expect(screen.getByRole('button', { name: /^Standard/ })).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByRole('button', { name: 'Pay $100.00 for 15,000 credits' })).toBeEnabled();
  });

  it('reaches and chooses every pack with Tab and Space or Enter, and Enter on a pack never buys', async () => {
    renderApp();
    await userEvent.click(await screen.findByRole('button', { name: 'Buy credits' }));
    await screen.findByRole('group', { name: 'Credit packs' });
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Close' })).toHaveFocus();
    for (const [name, pay] of [
      ['Starter', 'Pay $1.00 for 100 credits'],
      ['Standard', 'Pay $10.00 for 1,000 credits'],
      ['Premium', 'Pay $100.00 for 15,000 credits'],
    ] as const) {
      await userEvent.tab();
      expect(document.activeElement).toHaveTextContent(new RegExp(`^${name}`));
      await userEvent.keyboard(name === 'Standard' ? '{Enter}' : ' ');
      expect(screen.getByRole('button', { name: pay })).toBeInTheDocument();
    }
    expect(backend.createCalls).toBe(0);
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Pay $100.00 for 15,000 credits' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(assign).toHaveBeenCalledTimes(1));
    expect(backend.payments[0]!.packageId).toBe('premium');
  });

  it('closes on Escape and gives focus back to the button that opened it', async () => {
    renderApp();
    const open = await screen.findByRole('button', { name: 'Buy credits' });
    await userEvent.click(open);
    await screen.findByRole('dialog');
    await screen.findByRole('group', { name: 'Credit packs' });
    expect(screen.getByRole('dialog')).toContainElement(document.activeElement as HTMLElement);
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(open).toHaveFocus();
  });

  it('keeps focus inside the dialog while tabbing', async () => {
    renderApp();
    await userEvent.click(await screen.findByRole('button', { name: 'Buy credits' }));
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByRole('group', { name: 'Credit packs' });
    for (let i = 0; i < 8; i++) {
      await userEvent.tab();
      expect(dialog).toContainElement(document.activeElement as HTMLElement);
    }
    for (let i = 0; i < 8; i++) {
      await userEvent.tab({ shift: true });
      expect(dialog).toContainElement(document.activeElement as HTMLElement);
    }
  });

  it('creates one order on a double click and sends the browser to Whop’s checkout', async () => {
    renderApp();
    await userEvent.click(await screen.findByRole('button', { name: 'Buy credits' }));
    await userEvent.click(await screen.findByRole('button', { name: /^Starter/ }));
    await userEvent.click(await screen.findByRole('button', { name: /^Standard/ }));
    await userEvent.click(await screen.findByRole('button', { name: /^Standard/ }));
    await userEvent.dblClick(screen.getByRole('button', { name: 'Pay $10.00 for 1,000 credits' }));
    await waitFor(() => expect(assign).toHaveBeenCalledTimes(1));
    expect(backend.createCalls).toBe(1);
    // The operators' funnel: opened, each pack chosen (choosing it again tells nothing), sent to Whop, before leaving.
    const steps = backend.funnel.filter((s, i, all) => s.step !== 'opened' || all.findIndex((o) => o.step === 'opened') === i);
    expect(steps).toEqual([
      { step: 'opened' },
      { step: 'pack_chosen', packageId: 'basic' },
      { step: 'pack_chosen', packageId: 'standard' },
      { step: 'checkout_started', packageId: 'standard' },
    ]);
    // Whop's checkout titles the plan in the buyer's language.
    expect(backend.createLocales).toEqual(['en']);
    expect(backend.payments[0]!.packageId).toBe('standard');
    expect(assign).toHaveBeenCalledWith(backend.payments[0]!.checkoutUrl);
    expect(screen.getByRole('button', { name: 'Taking you to checkout…' })).toBeDisabled();
  });

  it('opens from an address (/?buy), and Back closes it', async () => {
    renderApp('/?buy');
    expect(await screen.findByRole('dialog', { name: 'Buy credits' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/$/);
  });

  it('says in the buyer’s words, not the API’s, when the order cannot be created, and allows another try', async () => {
    backend.createProblem = {
      type: 'urn:credits:problem:whop_unavailable',
      title: 'Payment provider unavailable',
      status: 502,
      detail: 'Whop could not create the checkout. No payment was taken; please try again.',
      code: 'whop_unavailable',
    };
    renderApp();
    await userEvent.click(await screen.findByRole('button', { name: 'Buy credits' }));
    await userEvent.click(await screen.findByRole('button', { name: /^Starter/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Pay $1.00 for 100 credits' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Whop, the payment provider, is not answering right now. Try again in a moment.');
    expect(assign).not.toHaveBeenCalled();
    backend.createProblem = null;
    await userEvent.click(screen.getByRole('button', { name: 'Pay $1.00 for 100 credits' }));
    await waitFor(() => expect(assign).toHaveBeenCalledTimes(1));
    expect(backend.createCalls).toBe(2);
  });

  describe('rate limited', () => {
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] }));
    afterEach(() => jest.useRealTimers());

    it('counts down to when the buyer may try again, from Retry-After', async () => {
      backend.createProblem = {
        type: 'urn:credits:problem:rate_limited',
        title: 'Too many requests',
        status: 429,
        detail: 'Too many requests (orders per user); try again in a minute.',
        code: 'rate_limited',
      };
      backend.createProblemHeaders = { 'Retry-After': '42' };
      const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
      renderApp();
      await user.click(await screen.findByRole('button', { name: 'Buy credits' }));
      await user.click(await screen.findByRole('button', { name: /^Starter/ }));
      await user.click(screen.getByRole('button', { name: 'Pay $1.00 for 100 credits' }));
      expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts in a short time. You can try again in 42 s.');
      await act(() => jest.advanceTimersByTimeAsync(10_000));
      expect(screen.getByRole('alert')).toHaveTextContent('try again in 32 s.');
      await act(() => jest.advanceTimersByTimeAsync(33_000));
      expect(screen.getByRole('alert')).toHaveTextContent('Too many attempts in a short time. You can try again now.');
      expect(screen.getByRole('alert')).not.toHaveTextContent(/minute|orders per user/);
    });
  });
});
