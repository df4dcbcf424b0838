import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import type { PaymentDto } from '@credits/shared';
import { ErrorMessage, Spinner } from '../../components/ui/feedback';
import { ApiError } from '../../lib/apiClient';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/en';
import { balanceKey, useBalance } from '../credits/api';
import { paymentKey, refreshPayment, usePayment } from './api';

/** How long the page keeps asking before it settles on "still processing". */
export const RESULT_TIMINGS = { processingAfterMs: 4_000, maxWaitMs: 60_000, recheckEveryMs: 5_000 };

type View = 'checking' | 'processing' | 'success' | 'failed' | 'cancelled' | 'expired' | 'review' | 'refunded' | 'disputed';

const VIEW_TEXT: Record<Exclude<View, 'checking'>, [MessageKey, MessageKey]> = {
  processing: ['result.processing', 'result.processingBody'],
  success: ['result.success', 'result.successBody'],
  failed: ['result.failed', 'result.failedBody'],
  cancelled: ['result.cancelled', 'result.cancelledBody'],
  expired: ['result.expired', 'result.expiredBody'],
  review: ['result.review', 'result.reviewBody'],
  refunded: ['result.refunded', 'result.refundedBody'],
  disputed: ['result.disputed', 'result.disputedBody'],
};

/**
 * What the server says about the order decides the view. The query string is only a hint: when the
 * buyer left Whop's checkout without paying, a still-pending order is shown as cancelled.
 */
function viewOf(payment: PaymentDto, leftCheckout: boolean, elapsedMs: number): View {
  switch (payment.status) {
    case 'completed':
      return 'success';
    case 'partially_refunded':
    case 'refunded':
      return 'refunded';
    case 'failed':
    case 'cancelled':
    case 'expired':
    case 'review':
    case 'disputed':
      return payment.status;
    case 'pending':
      if (leftCheckout) return 'cancelled';
      return elapsedMs < RESULT_TIMINGS.processingAfterMs ? 'checking' : 'processing';
  }
}

export default function PaymentResult() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const id = params.get('paymentId');
  if (!id) {
    return (
      <section className="card">
        <h1>{t('result.title')}</h1>
        <ErrorMessage>{t('result.missingId')}</ErrorMessage>
        <Link to="/">{t('result.backHome')}</Link>
      </section>
    );
  }
  const leftCheckout = params.get('checkout_status') === 'error' || params.get('status') === 'error';
  return <Result key={id} id={id} leftCheckout={leftCheckout} />;
}

function Result({ id, leftCheckout }: { id: string; leftCheckout: boolean }) {
  const { t, formatMoney, formatNumber, formatDate } = useI18n();
  const queryClient = useQueryClient();
  const [startedAt, setStartedAt] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  const elapsed = now - startedAt;
  const waiting = elapsed < RESULT_TIMINGS.maxWaitMs;
  const query = usePayment(id);
  const { refetch } = query;
  const pending = query.data?.status === 'pending' && !leftCheckout;
  const completed = query.data?.status === 'completed';
  const balance = useBalance();
  const lastRecheck = useRef(0);

  // While the order is pending and the wait lasts: tick, re-read the order, and every few seconds ask
  // the API to re-check it with Whop (the webhook may be late or lost).
  useEffect(() => {
    if (!pending || !waiting) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      void refetch();
    }, 1_500);
    return () => clearInterval(timer);
  }, [pending, waiting, refetch]);

  useEffect(() => {
    if (!pending || !waiting || now - lastRecheck.current < RESULT_TIMINGS.recheckEveryMs) return;
    lastRecheck.current = now;
    refreshPayment(id)
      .then((payment) => queryClient.setQueryData(paymentKey(id), payment))
      .catch(() => undefined);
  }, [pending, waiting, now, id, queryClient]);

  useEffect(() => {
    if (completed) void queryClient.invalidateQueries({ queryKey: balanceKey });
  }, [completed, queryClient]);

  if (query.isPending) return <Spinner label={t('result.checking')} />;
  if (query.isError) {
    const notFound = query.error instanceof ApiError && query.error.status === 404;
    return (
      <section className="card">
        <h1>{t('result.title')}</h1>
        <ErrorMessage>{notFound ? t('result.notFound') : query.error.message}</ErrorMessage>
        <Link to="/">{t('result.backHome')}</Link>
      </section>
    );
  }

  const payment = query.data;
  const view = viewOf(payment, leftCheckout, elapsed);
  const [heading, body] = view === 'checking' ? ['result.checking' as const, null] : VIEW_TEXT[view];

  return (
    <section className="card" aria-labelledby="result-heading">
      <h1 id="result-heading" className={`result-${view}`}>
        {t(heading)}
      </h1>
      <div aria-live="polite">
        {view === 'checking' ? <Spinner label={t('result.checking')} /> : null}
        {body ? <p>{t(body, { credits: formatNumber(payment.credits) })}</p> : null}
        {view === 'success' && balance.data !== undefined ? <p className="balance">{t('result.newBalance', { credits: formatNumber(balance.data) })}</p> : null}
      </div>
      {view === 'processing' && !waiting ? (
        <button
          type="button"
          onClick={() => {
            lastRecheck.current = 0;
            setStartedAt(Date.now() - RESULT_TIMINGS.processingAfterMs);
            setNow(Date.now());
          }}
        >
          {t('result.checkAgain')}
        </button>
      ) : null}
      <dl className="facts">
        <dt>{t('result.pack')}</dt>
        <dd>{t(`purchase.pack.${payment.packageId}`)}</dd>
        <dt>{t('result.amount')}</dt>
        <dd>{formatMoney(payment.amountCents, payment.currency)}</dd>
        <dt>{t('result.credits')}</dt>
        <dd>{formatNumber(payment.credits)}</dd>
        {payment.whopPaymentId ? (
          <>
            <dt>{t('result.whopPaymentId')}</dt>
            <dd>
              <code>{payment.whopPaymentId}</code>
            </dd>
          </>
        ) : null}
        <dt>{t('result.time')}</dt>
        <dd>{formatDate(payment.completedAt ?? payment.createdAt)}</dd>
      </dl>
      <div className="actions">
        <Link to="/">{t('result.backHome')}</Link>
      </div>
    </section>
  );
}
