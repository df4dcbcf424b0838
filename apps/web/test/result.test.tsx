import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RESULT_TIMINGS } from '../src/features/purchase/PaymentResult';
import { backend, buildPayment, settle } from './backend';
import { renderApp } from './render';

function order(status: Parameters<typeof settle>[1] | 'pending' = 'pending', packageId: 'basic' | 'standard' | 'premium' = 'standard') {
  const payment = buildPayment({ packageId });
  backend.payments.push(payment);
  if (status !== 'pending') settle(payment, status);
  return payment;
}

describe('payment result page', () => {
  it('shows success from the server, with the pack, amount, Whop payment id and new balance', async () => {
    const p = order('completed', 'premium');
    renderApp(`/payment/result?paymentId=${p.id}&status=success`);
    expect(await screen.findByRole('heading', { name: 'Payment complete' })).toBeInTheDocument();
    expect(screen.getByText('15,000 credits were added to your balance.')).toBeInTheDocument();
    expect(await screen.findByText('New balance: 15,000 credits')).toBeInTheDocument();
    expect(screen.getByText('Premium')).toBeInTheDocument();
    expect(screen.getByText('$100.00')).toBeInTheDocument();
    expect(screen.getByText('pay_Test1234567890')).toBeInTheDocument();
  });

  it('believes the server, not the query string', async () => {
    const p = order('failed');
    renderApp(`/payment/result?paymentId=${p.id}&status=success&checkout_status=success`);
    expect(await screen.findByRole('heading', { name: 'Payment failed' })).toBeInTheDocument();
    expect(backend.balance).toBe(0);
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

  it('shows a pending order the buyer walked away from as cancelled', async () => {
    const p = order();
    renderApp(`/payment/result?paymentId=${p.id}&checkout_status=error&status=error`);
    expect(await screen.findByRole('heading', { name: 'Payment cancelled' })).toBeInTheDocument();
    expect(backend.refreshCalls).toBe(0);
  });

  it('asks the API to re-check a pending order and turns to success when it completes', async () => {
    const p = order();
    backend.onRefresh = (payment) => settle(payment, 'completed');
    renderApp(`/payment/result?paymentId=${p.id}&status=success`);
    expect(await screen.findByRole('heading', { name: 'Payment complete' })).toBeInTheDocument();
    expect(backend.refreshCalls).toBeGreaterThanOrEqual(1);
    expect(await screen.findByText('New balance: 1,000 credits')).toBeInTheDocument();
  });

  describe('with a webhook that does not come', () => {
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] }));
    afterEach(() => jest.useRealTimers());

    it('says it is still processing, stops asking after the bounded wait, and can check again', async () => {
      const p = order();
      const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
      renderApp(`/payment/result?paymentId=${p.id}`);
      expect(await screen.findByRole('heading', { name: 'Confirming your payment…' })).toBeInTheDocument();
      await act(() => jest.advanceTimersByTimeAsync(RESULT_TIMINGS.processingAfterMs + 1_500));
      expect(screen.getByRole('heading', { name: 'Still processing' })).toBeInTheDocument();
      expect(screen.getByText(/Your credits will arrive/)).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Check again' })).not.toBeInTheDocument();

      await act(() => jest.advanceTimersByTimeAsync(RESULT_TIMINGS.maxWaitMs));
      const rechecks = backend.refreshCalls;
      expect(rechecks).toBeGreaterThanOrEqual(5);
      await act(() => jest.advanceTimersByTimeAsync(30_000));
      expect(backend.refreshCalls).toBe(rechecks);

      settle(p, 'completed');
      await user.click(screen.getByRole('button', { name: 'Check again' }));
      await act(() => jest.advanceTimersByTimeAsync(2_000));
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
