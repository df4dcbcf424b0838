import { screen, waitFor, within } from '@testing-library/react';
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
    expect(screen.getByText(/below zero after a refund/)).toBeInTheDocument();
  });

  it('opens a labelled dialog with the three packs, per-credit prices and the best value marked', async () => {
    renderApp();
    await userEvent.click(await screen.findByRole('button', { name: 'Buy credits' }));
    const dialog = await screen.findByRole('dialog', { name: 'Buy credits' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAccessibleDescription(/pay securely on Whop/);
    const packs = await within(dialog).findAllByRole('radio');
    expect(packs).toHaveLength(3);
    const labels = packs.map((p) => p.closest('label')!.textContent);
    expect(labels[0]).toMatch(/Starter.*100 credits.*\$1\.00.*1¢ per credit/);
    expect(labels[1]).toMatch(/Standard.*1,000 credits.*\$10\.00.*1¢ per credit/);
    expect(labels[2]).toMatch(/Premium.*Best value.*15,000 credits.*includes 5,000 bonus.*\$100\.00.*0\.67¢ per credit/);
    expect(screen.getByRole('radio', { name: /Premium/ })).toBeChecked();
  });

  it('closes on Escape and gives focus back to the button that opened it', async () => {
    renderApp();
    const open = await screen.findByRole('button', { name: 'Buy credits' });
    await userEvent.click(open);
    await screen.findByRole('dialog');
    await screen.findAllByRole('radio');
    expect(screen.getByRole('dialog')).toContainElement(document.activeElement as HTMLElement);
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(open).toHaveFocus();
  });

  it('keeps focus inside the dialog while tabbing', async () => {
    renderApp();
    await userEvent.click(await screen.findByRole('button', { name: 'Buy credits' }));
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findAllByRole('radio');
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
    await userEvent.click(await screen.findByRole('radio', { name: /Standard/ }));
    await userEvent.dblClick(screen.getByRole('button', { name: 'Buy now' }));
    await waitFor(() => expect(assign).toHaveBeenCalledTimes(1));
    expect(backend.createCalls).toBe(1);
    expect(backend.payments[0]!.packageId).toBe('standard');
    expect(assign).toHaveBeenCalledWith(backend.payments[0]!.checkoutUrl);
    expect(screen.getByRole('button', { name: 'Taking you to checkout…' })).toBeDisabled();
  });

  it('shows the API’s problem detail when the order cannot be created, and allows another try', async () => {
    backend.createProblem = {
      type: 'urn:credits:problem:whop_unavailable',
      title: 'Payment provider unavailable',
      status: 502,
      detail: 'Whop could not create the checkout. No payment was taken; please try again.',
      code: 'whop_unavailable',
    };
    renderApp();
    await userEvent.click(await screen.findByRole('button', { name: 'Buy credits' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Buy now' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Whop could not create the checkout. No payment was taken; please try again.');
    expect(assign).not.toHaveBeenCalled();
    backend.createProblem = null;
    await userEvent.click(screen.getByRole('button', { name: 'Buy now' }));
    await waitFor(() => expect(assign).toHaveBeenCalledTimes(1));
    expect(backend.createCalls).toBe(2);
  });
});
