import { useEffect, useEffectEvent, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isUnpaid, type PaymentDto } from '@credits/shared';
import { usePageTitle } from '../../lib/usePageTitle';
import { ProblemMessage, useRetryCountdown } from '../../components/ProblemMessage';
import { ErrorMessage, Notice, Skeleton, Spinner } from '../../components/ui/feedback';
import { ApiError } from '../../lib/apiClient';
import { navigation } from '../../lib/navigation';
import { useOnPageRestore } from '../../lib/pageRestore';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/en';
import { balanceKey, useBalance } from '../credits/api';
import { cancelPayment, historyKey, isResumable, paymentKey, refreshPayment, useCreatePayment, usePayment } from '../orders/api';
import { moneyStatement } from '../orders/money';

/**
 * How the page waits for a payment the buyer says they made: it reads the order again after a
 * growing delay (backing off to `maxDelayMs`), asks the API to re-check with Whop at most every
 * `recheckEveryMs`, calls it "still processing" after `processingAfterMs`, and stops after
 * `maxWaitMs` (the buyer can ask again).
 */
export const RESULT_TIMINGS = { firstDelayMs: 1_000, backoff: 1.6, maxDelayMs: 15_000, processingAfterMs: 4_000, recheckEveryMs: 5_000, maxWaitMs: 90_000 };

/** What Whop's return told the page: the buyer paid, left without paying, or nothing (opened from History). */
type Return = 'paid' | 'left' | null;

type View = 'loading' | 'checking' | 'processing' | 'cancelling' | 'awaiting' | 'success' | 'failed' | 'cancelled' | 'closed' | 'expired' | 'review' | 'refunded' | 'disputed';
type Tone = 'success' | 'danger' | 'warning' | 'neutral';

const VIEWS: Record<Exclude<View, 'loading'>, { heading: MessageKey; body?: MessageKey; tone: Tone }> = {
  checking: { heading: 'result.checking', tone: 'neutral' },
  processing: { heading: 'result.processing', body: 'result.processingBody', tone: 'warning' },
  cancelling: { heading: 'result.cancelling', tone: 'neutral' },
  awaiting: { heading: 'result.awaiting', body: 'result.awaitingBody', tone: 'warning' },
  success: { heading: 'result.success', body: 'result.successBody', tone: 'success' },
  failed: { heading: 'result.failed', body: 'result.failedBody', tone: 'danger' },
  cancelled: { heading: 'result.cancelled', body: 'result.cancelledBody', tone: 'neutral' },
  closed: { heading: 'result.closed', tone: 'warning' },
  expired: { heading: 'result.expired', body: 'result.expiredBody', tone: 'neutral' },
  review: { heading: 'result.review', body: 'result.reviewBody', tone: 'warning' },
  refunded: { heading: 'result.refunded', body: 'result.refundedBody', tone: 'neutral' },
  disputed: { heading: 'result.disputed', body: 'result.disputedBody', tone: 'danger' },
};

const ICONS: Record<Tone, string> = { success: '✓', danger: '!', warning: '…', neutral: 'i' };

/** The parameters Whop adds to the return address (see apps/whop-sim/src/routes/checkout.ts). */
const WHOP_RETURN_PARAMS = ['checkout_status', 'status', 'receipt_id', 'payment_id', 'state_id'];

/** Whop's return parameters, as observed (checkout_status, status); anything but success means the buyer left. */
function returnOf(params: URLSearchParams): Return {
  const said = params.get('checkout_status') ?? params.get('status');
  if (said === null) return null;
  return said === 'success' ? 'paid' : 'left';
}

/**
 * What the server says about the order decides the view; the return parameters only say what to do
 * while it is unpaid. A buyer back from paying waits for the payment even on an order the server
 * still shows as failed or cancelled (a decline, or leaving, before the payment that went through).
 */
function viewOf(payment: PaymentDto, returned: Return, elapsedMs: number, cancelling: boolean): View {
  if (returned === 'paid' && isUnpaid(payment.status)) return elapsedMs < RESULT_TIMINGS.processingAfterMs ? 'checking' : 'processing';
  switch (payment.status) {
    case 'completed':
      return 'success';
    case 'partially_refunded':
    case 'refunded':
      return 'refunded';
    case 'cancelled':
      // Whop took money for it (a review closed without credits): never "nothing was charged".
      return payment.chargedCents > 0 ? 'closed' : 'cancelled';
    case 'failed':
    case 'expired':
    case 'review':
    case 'disputed':
      return payment.status;
    case 'pending':
      return cancelling ? 'cancelling' : 'awaiting';
  }
}

export default function PaymentResult() {
  const { t } = useI18n();
  usePageTitle(t('result.title'));
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
  return <Result key={id} id={id} initialReturn={returnOf(params)} />;
}

function Result({ id, initialReturn }: { id: string; initialReturn: Return }) {
  const { t, formatMoney, formatNumber, formatDate } = useI18n();
  const queryClient = useQueryClient();
  // What Whop's return said is acted on once: the parameters leave the address, so a reload or a
  // bookmark neither cancels again nor celebrates again.
  const [returned] = useState(initialReturn);
  const [params, setParams] = useSearchParams();
  useEffect(() => {
    if (!WHOP_RETURN_PARAMS.some((name) => params.has(name))) return;
    const rest = new URLSearchParams(params);
    for (const name of WHOP_RETURN_PARAMS) rest.delete(name);
    setParams(rest, { replace: true });
  }, [params, setParams]);
  const query = usePayment(id);
  const payment = query.data;
  const balance = useBalance();
  const retry = useCreatePayment();
  const retryHeld = (useRetryCountdown(retry.error) ?? 0) > 0;
  useOnPageRestore(() => {
    retry.reset();
    void query.refetch();
  });

  const store = (next: PaymentDto) => {
    queryClient.setQueryData(paymentKey(id), next);
    void queryClient.invalidateQueries({ queryKey: historyKey });
  };
  const cancel = useMutation({ mutationFn: () => cancelPayment(id), onSuccess: store });
  const { mutate: cancelOrder } = cancel;

  // Back from Whop without paying: the order is cancelled (the API asks Whop first), once.
  const cancelAsked = useRef(false);
  const pending = payment?.status === 'pending';
  useEffect(() => {
    if (returned !== 'left' || !pending || cancelAsked.current) return;
    cancelAsked.current = true;
    cancelOrder();
  }, [returned, pending, cancelOrder]);

  const wait = usePaymentWait(id, returned === 'paid' && payment !== undefined && isUnpaid(payment.status), store);

  const completed = payment?.status === 'completed';
  useEffect(() => {
    if (completed) void queryClient.invalidateQueries({ queryKey: balanceKey });
  }, [completed, queryClient]);

  if (query.isPending) {
    return (
      <section className="card">
        <Skeleton label={t('result.checking')} lines={[45, 80, 60, 70]} />
      </section>
    );
  }
  if (query.isError) {
    const notFound = query.error instanceof ApiError && query.error.status === 404;
    return (
      <section className="card">
        <h1>{t('result.title')}</h1>
        {notFound ? <ErrorMessage>{t('result.notFound')}</ErrorMessage> : <ProblemMessage error={query.error} onRetry={() => void query.refetch()} />}
        <Link to="/">{t('result.backHome')}</Link>
      </section>
    );
  }

  const view = viewOf(query.data, returned, wait.elapsedMs, cancel.isPending || (returned === 'left' && !cancel.isError));
  const { heading, body, tone } = VIEWS[view as Exclude<View, 'loading'>];
  const p = query.data;
  const money = moneyStatement(p);
  // Credits landing as the buyer comes back from Whop get a small celebration; an old order opened from History does not.
  const celebrate = view === 'success' && returned !== null;
  const tryAgain = () => retry.mutate(p.packageId, { onSuccess: (next) => next.checkoutUrl && navigation.assign(next.checkoutUrl) });

  let actions: ReactNode;
  if (view === 'awaiting') {
    actions = (
      <>
        {isResumable(p) ? (
          <a className="button primary" href={p.checkoutUrl}>
            {t('result.resume')}
          </a>
        ) : null}
        <button type="button" onClick={() => cancelOrder()} disabled={cancel.isPending}>
          {t('result.cancel')}
        </button>
      </>
    );
  } else if (view === 'failed' || view === 'cancelled' || view === 'closed' || view === 'expired') {
    actions = (
      <>
        <button type="button" className="primary" onClick={tryAgain} disabled={retry.isPending || retry.isSuccess || retryHeld}>
          {retry.isPending || retry.isSuccess ? t('purchase.redirecting') : t('result.tryAgain')}
        </button>
        <Link className="button" to="/?buy">
          {t('result.buyCredits')}
        </Link>
      </>
    );
  } else if (view === 'processing' && !wait.waiting) {
    actions = (
      <button type="button" onClick={wait.restart}>
        {t('result.checkAgain')}
      </button>
    );
  }

  return (
    <section className={`card tone-${tone}`} aria-labelledby="result-heading">
      <div className={`result-header${celebrate ? ' celebrate' : ''}`}>
        <span className="result-icon" aria-hidden="true">
          {ICONS[tone]}
        </span>
        {celebrate ? <Confetti /> : null}
        <h1 id="result-heading">{t(heading)}</h1>
      </div>
      {view === 'checking' || view === 'cancelling' ? <Spinner label={t(heading)} /> : null}
      <div aria-live="polite">
        {money ? (
          <p>
            {t(money.key, { charged: formatMoney(money.chargedCents, p.currency), refunded: formatMoney(money.refundedCents, p.currency), credits: formatNumber(money.credits) })}
          </p>
        ) : body ? (
          <p>{t(body, { credits: formatNumber(p.credits) })}</p>
        ) : null}
        {view === 'success' && balance.data !== undefined ? <p className="muted">{t('result.newBalance', { credits: formatNumber(balance.data) })}</p> : null}
      </div>
      {p.secondPayments.map((second) => (
        <Notice key={second.whopPaymentId} tone="warning">
          {t(second.refunded ? 'result.secondPayment' : 'result.secondPaymentPending', { id: second.whopPaymentId })}
        </Notice>
      ))}
      {cancel.isError ? <ProblemMessage error={cancel.error} /> : null}
      {retry.isError ? <ProblemMessage error={retry.error} /> : null}
      <dl className="facts">
        <dt>{t('result.pack')}</dt>
        <dd>{t(`purchase.pack.${p.packageId}`)}</dd>
        <dt>{t('result.amount')}</dt>
        <dd>{formatMoney(p.amountCents, p.currency)}</dd>
        <dt>{t('result.credits')}</dt>
        <dd>{formatNumber(p.credits)}</dd>
        {p.whopPaymentId ? (
          <>
            <dt>{t('result.whopPaymentId')}</dt>
            <dd>
              <code>{p.whopPaymentId}</code>
            </dd>
          </>
        ) : null}
        <dt>{t('result.time')}</dt>
        <dd>{formatDate(p.completedAt ?? p.createdAt)}</dd>
        {p.expiresAt ? (
          <>
            <dt>{t('result.openUntil')}</dt>
            <dd>{formatDate(p.expiresAt)}</dd>
          </>
        ) : null}
      </dl>
      <div className="actions">
        {actions}
        <Link to="/">{t('result.backHome')}</Link>
      </div>
    </section>
  );
}

/**
 * While `active` (the buyer says they paid and the order is pending): re-reads the order with a
 * backing-off delay and asks the API to re-check it with Whop now and then, until the wait is over.
 */
function usePaymentWait(id: string, active: boolean, store: (payment: PaymentDto) => void) {
  const queryClient = useQueryClient();
  const [startedAt, setStartedAt] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  const [attempt, setAttempt] = useState(0);
  const lastRecheck = useRef(0);
  const elapsedMs = now - startedAt;
  const waiting = elapsedMs < RESULT_TIMINGS.maxWaitMs;
  const onPayment = useEffectEvent(store);

  useEffect(() => {
    if (!active || !waiting) return;
    const delay = Math.min(RESULT_TIMINGS.firstDelayMs * RESULT_TIMINGS.backoff ** attempt, RESULT_TIMINGS.maxDelayMs);
    const timer = setTimeout(() => {
      const current = Date.now();
      setNow(current);
      if (current - startedAt >= RESULT_TIMINGS.maxWaitMs) return;
      if (current - lastRecheck.current >= RESULT_TIMINGS.recheckEveryMs) {
        lastRecheck.current = current;
        refreshPayment(id)
          .then((payment) => onPayment(payment))
          .catch(() => undefined);
      } else {
        void queryClient.invalidateQueries({ queryKey: paymentKey(id) });
      }
      setAttempt((n) => n + 1);
    }, delay);
    return () => clearTimeout(timer);
  }, [active, waiting, attempt, startedAt, id, queryClient]);

  return {
    elapsedMs,
    waiting,
    restart: () => {
      lastRecheck.current = 0;
      setAttempt(0);
      setStartedAt(Date.now() - RESULT_TIMINGS.processingAfterMs);
      setNow(Date.now());
    },
  };
}

const CONFETTI_COLOURS = ['#f59e0b', '#10b981', '#6366f1', '#ec4899', '#0ea5e9', '#84cc16'];

/** A small burst around the check mark (none with reduced motion). */
function Confetti() {
  return (
    <span className="confetti" aria-hidden="true">
      {Array.from({ length: 12 }, (_, i) => (
        <i key={i} style={{ '--a': `${i * 30}deg`, '--c': CONFETTI_COLOURS[i % CONFETTI_COLOURS.length], animationDelay: `${(i % 3) * 40}ms` } as CSSProperties} />
      ))}
    </span>
  );
}
