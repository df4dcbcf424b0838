import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RESULT_TIMINGS } from '@credits/react';
import { backend, buildPayment, settle, shownDate } from './backend';
import { renderApp } from './render';
import { navigation } from '../src/lib/navigation';

function order(status: Parameters<typeof settle>[1] | 'pending' = 'pending', packageId: 'basic' | 'standard' | 'premium' = 'standard') {
  const payment = buildPayment({ packageId });
  backend.payments.push(payment);
  if (status !== 'pending') settle(payment, status);
  return payment;
}

describe('payment result page', () => {
  let assign: jest.SpyInstance;
  beforeEach(() => {
    assign = jest.spyOn(navigation, 'assign').mockImplementation(() => undefined);
  });
  afterEach(() => assign.mockRestore());

  it('shows success from the server, with the pack, amount, Whop payment id and new balance', async () => {
    const p = order('completed', 'premium');
    renderApp(`/payment/result?paymentId=${p.id}&status=success`);
    expect(await screen.findByRole('heading', { name: 'Payment complete' }, { timeout: 3_000 })).toBeInTheDocument();
    expect(screen.getByText('15,000 credits were added to your balance.')).toBeInTheDocument();
    expect(await screen.findByText('New balance: 15,000 credits')).toBeInTheDocument();
    expect(screen.getByText('Premium')).toBeInTheDocument();
    expect(screen.getByText('$100.00')).toBeInTheDocument();
    expect(screen.getByText('pay_Test1234567890')).toBeInTheDocument();
  });

  it('believes the server, not the query string', async () => {
    const p = order('completed');
    renderApp(`/payment/result?paymentId=${p.id}&checkout_status=error&status=error`);
    expect(await screen.findByRole('heading', { name: 'Payment complete' })).toBeInTheDocument();
    expect(backend.cancelCalls).toBe(0);
  });

  it('waits for the payment of a buyer back from paying, even on an order the server still shows as failed', async () => {
    // A decline, then a good card on the same checkout: the page must not say "nothing was charged".
    const p = order('failed');
    backend.onRefresh = (payment) => settle(payment, 'completed');
    renderApp(`/payment/result?paymentId=${p.id}&checkout_status=success&status=success`);
    expect(await screen.findByRole('heading', { name: 'Confirming your payment…' })).toBeInTheDocument();
    expect(screen.queryByText(/nothing was charged/)).not.toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Payment complete' }, { timeout: 3_000 })).toBeInTheDocument();
  });

  it('takes Whop’s return parameters out of the address once acted on', async () => {
    const p = order('completed');
    renderApp(`/payment/result?paymentId=${p.id}&receipt_id=pay_1&payment_id=pay_1&checkout_status=success&status=success`);
    expect(await screen.findByRole('heading', { name: 'Payment complete' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`/payment/result?paymentId=${p.id}`));
    expect(screen.getByTestId('location').textContent).toBe(`/payment/result?paymentId=${p.id}`);
  });

  it.each([
    ['expired', 'Order expired'],
    ['review', 'Under review'],
    ['refunded', 'Refunded'],
    ['disputed', 'Disputed'],
  ] as const)('shows the %s state', async (status, heading) => {
    const p = order();
    p.status = status;
    renderApp(`/payment/result?paymentId=${p.id}`);
    expect(await screen.findByRole('heading', { name: heading })).toBeInTheDocument();
  });

  it('cancels the order of a buyer who came back from Whop without paying, and offers to try again', async () => {
    const p = order();
    renderApp(`/payment/result?paymentId=${p.id}&checkout_status=error&status=error`);
    expect(await screen.findByRole('heading', { name: 'Payment cancelled' })).toBeInTheDocument();
    expect(backend.cancelCalls).toBe(1);
    expect(p.status).toBe('cancelled');
    expect(screen.getByRole('link', { name: 'Buy credits' })).toHaveAttribute('href', '/?buy');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(assign).toHaveBeenCalledTimes(1));
    expect(backend.payments.at(-1)!).toMatchObject({ packageId: 'standard', status: 'pending' });
    expect(assign).toHaveBeenCalledWith(backend.payments.at(-1)!.checkoutUrl);
  });

  it('keeps the order open, in the buyer’s words, when it cannot be cancelled yet', async () => {
    const p = order();
    backend.cancelProblem = {
      type: 'urn:credits:problem:whop_unavailable',
      title: 'Payment provider unavailable',
      status: 502,
      detail: 'Whop could not be asked.',
      code: 'whop_unavailable',
    };
    renderApp(`/payment/result?paymentId=${p.id}&checkout_status=error&status=error`, { locale: 'zh-CN' });
    expect(await screen.findByRole('heading', { name: '等待付款' })).toBeInTheDocument();
    expect(await screen.findByRole('alert')).toHaveTextContent('支付服务商 Whop 暂时没有响应，请稍后重试。');
    expect(screen.getByRole('link', { name: '继续付款' })).toHaveAttribute('href', p.checkoutUrl);
    expect(p.status).toBe('pending');
  });

  it('shows an unpaid order opened later as awaiting payment, until when, with Resume and Cancel', async () => {
    const p = order();
    renderApp(`/payment/result?paymentId=${p.id}`);
    expect(await screen.findByRole('heading', { name: 'Awaiting payment' })).toBeInTheDocument();
    expect(screen.queryByText(/Your credits will arrive/)).not.toBeInTheDocument();
    expect(screen.getByText('Open until').nextElementSibling).toHaveTextContent(shownDate(p.expiresAt!));
    expect(screen.getByRole('link', { name: 'Resume payment' })).toHaveAttribute('href', p.checkoutUrl);
    expect(backend.refreshCalls).toBe(0);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel order' }));
    expect(await screen.findByRole('heading', { name: 'Payment cancelled' })).toBeInTheDocument();
    expect(screen.queryByText('Open until')).not.toBeInTheDocument();
  });

  it.each([
    ['a payment in review', { status: 'review', chargedCents: 500 }, 'Under review', '$5.00 was charged. No credits were added yet'],
    [
      'a review dismissed',
      { status: 'cancelled', chargedCents: 500 },
      'Closed without credits',
      '$5.00 was charged for this order and no credits were added. Nothing has been refunded yet',
    ],
    ['a review refunded', { status: 'cancelled', chargedCents: 500, refundedCents: 500 }, 'Closed without credits', 'The $5.00 charged for this order was refunded.'],
    [
      'a partial refund',
      { status: 'partially_refunded', chargedCents: 1_000, refundedCents: 500, creditsTakenBack: 500 },
      'Refunded',
      'Refunded $5.00 of $10.00: 500 credits were taken back.',
    ],
    [
      'a full refund',
      { status: 'refunded', chargedCents: 1_000, refundedCents: 1_000, creditsTakenBack: 1_000 },
      'Refunded',
      'The $10.00 charged was refunded: 1,000 credits were taken back.',
    ],
    [
      'a refund whose amount is not confirmed yet',
      { status: 'partially_refunded', chargedCents: 1_000, creditsHeld: 1_000 },
      'Refunded',
      'Part of this payment was refunded; 1,000 credits are on hold until the refund’s amount is confirmed.',
    ],
  ] as const)('states the money Whop moved for %s, never that nothing was charged', async (_what, fields, heading, text) => {
    const p = order();
    Object.assign(p, { expiresAt: null, ...fields });
    renderApp(`/payment/result?paymentId=${p.id}`);
    expect(await screen.findByRole('heading', { name: heading })).toBeInTheDocument();
    expect(screen.getByText(new RegExp(text.replace(/[.$]/g, '\\$&')))).toBeInTheDocument();
    expect(screen.queryByText(/Nothing was charged/)).not.toBeInTheDocument();
  });

  it('tells a buyer who paid twice that the second payment was refunded', async () => {
    const p = order('completed');
    p.secondPayments = [{ whopPaymentId: 'pay_Second0000001', refunded: true }];
    renderApp(`/payment/result?paymentId=${p.id}`);
    expect(await screen.findByRole('heading', { name: 'Payment complete' })).toBeInTheDocument();
    expect(screen.getByText(/You paid for this order a second time \(pay_Second0000001\)\. That payment added no credits and has been refunded\./)).toBeInTheDocument();
  });

  it('offers to try again after a failed payment', async () => {
    const p = order('failed', 'basic');
    renderApp(`/payment/result?paymentId=${p.id}`);
    await userEvent.click(await screen.findByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(assign).toHaveBeenCalledTimes(1));
    expect(backend.payments.at(-1)!.packageId).toBe('basic');
  });

  it('asks the API to re-check a pending order and turns to success when it completes', async () => {
    const p = order();
    backend.onRefresh = (payment) => settle(payment, 'completed');
    renderApp(`/payment/result?paymentId=${p.id}&status=success`);
    expect(await screen.findByRole('heading', { name: 'Payment complete' }, { timeout: 3_000 })).toBeInTheDocument();
    expect(backend.refreshCalls).toBeGreaterThanOrEqual(1);
    expect(await screen.findByText('New balance: 1,000 credits')).toBeInTheDocument();
  });

  describe('with a webhook that does not come', () => {
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] }));
    afterEach(() => jest.useRealTimers());
    /** Lets `ms` pass a tenth of a second at a time, each in its own act, so React commits and runs effects between them as a browser would. */
    async function pass(ms: number) {
      for (let left = ms; left > 0; left -= 100) await act(() => jest.advanceTimersByTimeAsync(Math.min(100, left)));
    }

    it('says it is still processing, stops asking after the bounded wait, and can check again', async () => {
      const p = order();
      const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
      renderApp(`/payment/result?paymentId=${p.id}&checkout_status=success&status=success`);
      expect(await screen.findByRole('heading', { name: 'Confirming your payment…' })).toBeInTheDocument();
      await pass(RESULT_TIMINGS.processingAfterMs + 1_500);
      expect(screen.getByRole('heading', { name: 'Still processing' })).toBeInTheDocument();
      expect(screen.getByText(/Your credits will arrive/)).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Check again' })).not.toBeInTheDocument();

      await pass(RESULT_TIMINGS.maxWaitMs);
      // Backing off: a few re-checks with Whop over the whole wait, not one a second.
      const rechecks = backend.refreshCalls;
      expect(rechecks).toBeGreaterThanOrEqual(5);
      expect(rechecks).toBeLessThanOrEqual(RESULT_TIMINGS.maxWaitMs / RESULT_TIMINGS.recheckEveryMs);
      await pass(30_000);
      expect(backend.refreshCalls).toBe(rechecks);

      settle(p, 'completed');
      await user.click(screen.getByRole('button', { name: 'Check again' }));
      await pass(2_000);
      expect(await screen.findByRole('heading', { name: 'Payment complete' })).toBeInTheDocument();
    });
  });

  it('says when the payment does not exist or is not the caller’s', async () => {
    renderApp('/payment/result?paymentId=00000000-0000-4000-8000-999999999999');
    expect(await screen.findByText('We could not find this payment.')).toBeInTheDocument();
  });

  it('says when no payment is named', async () => {
    renderApp('/payment/result');
    expect(await screen.findByText('This page needs a payment to show.')).toBeInTheDocument();
  });
});
