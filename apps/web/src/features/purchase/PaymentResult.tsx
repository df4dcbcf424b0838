import { useEffect, useRef, useState, type ReactNode } from 'react';
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
import { balanceKey, useBalance } from '../credits/api';
import { cancelPayment, historyKey, isResumable, paymentKey, useCreatePayment, usePayment } from '../orders/api';
import { moneyStatement } from '../orders/money';
import { Confetti } from './Confetti';
import { ICONS, returnOf, VIEWS, viewOf, WHOP_RETURN_PARAMS, type Return, type View } from './resultView';
import { usePaymentWait } from './usePaymentWait';

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
  const { t, locale, formatMoney, formatNumber, formatDate } = useI18n();
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
        <dd>{p.packNames[locale]}</dd>
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
