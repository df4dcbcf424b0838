import { useEffect, useId, useRef, useState, type ComponentType, type ReactNode } from 'react';
import { isUnpaid } from '@credits/shared';
import { ApiError } from './api';
import { Confetti } from './Confetti';
import { useCreditsContext } from './CreditsProvider';
import { creditsKeys, rememberOrder, useCredits, useOrder } from './hooks';
import { useBuy, useCancelOrder } from './mutations';
import { moneyStatement } from './money';
import { useOnPageRestore } from './pageRestore';
import { ProblemMessage, useRetryCountdown } from './ProblemMessage';
import { ICONS, isResumable, returnOf, VIEWS, viewOf, WHOP_RETURN_PARAMS, type Return, type View } from './resultView';
import type { Order } from './types';
import { ErrorMessage, Notice, Skeleton, Spinner } from './ui/feedback';
import { usePaymentWait } from './usePaymentWait';

/** A link of the host's: its router's own, or a plain `<a>`. */
export type LinkComponent = ComponentType<{ href: string; className?: string; children: ReactNode }>;

const PlainLink: LinkComponent = ({ href, className, children }) => (
  <a href={href} className={className}>
    {children}
  </a>
);

export interface PaymentResultProps {
  /** The order Whop's checkout came back for: the `paymentId` of the result URL the API gives Whop. */
  orderId: string | null;
  /** The result URL's query string, with Whop's return parameters (`status`, `checkout_status`, …). */
  search?: string | URLSearchParams;
  /** Called once Whop's return has been read, to take its parameters out of the address (so a reload does not act on it again). */
  onReturnRead?(): void;
  /** Where "back to your credits" goes. */
  homeHref: string;
  /** Where "buy credits" goes. */
  buyHref: string;
  /** Where a paid order's receipt is, when the host shows receipts (linked once something was charged). */
  receiptHref?(orderId: string): string;
  /** The host router's link (default: `<a href>`). */
  Link?: LinkComponent;
}

/**
 * The page Whop's checkout returns to: what happened to the order, as the API says, waiting for a
 * payment the buyer just made, and what the buyer can do next (resume, cancel, try again).
 */
export function PaymentResult({ orderId, search, ...rest }: PaymentResultProps) {
  const { t } = useCreditsContext();
  const Link = rest.Link ?? PlainLink;
  if (!orderId) {
    return (
      <section className="credits-ui card">
        <h1>{t('result.title')}</h1>
        <ErrorMessage>{t('result.missingId')}</ErrorMessage>
        <Link href={rest.homeHref}>{t('result.backHome')}</Link>
      </section>
    );
  }
  return <Result key={orderId} id={orderId} params={new URLSearchParams(search)} {...rest} Link={Link} />;
}

function Result({
  id,
  params,
  onReturnRead,
  homeHref,
  buyHref,
  receiptHref,
  Link,
}: { id: string; params: URLSearchParams; Link: LinkComponent } & Omit<PaymentResultProps, 'orderId' | 'search' | 'Link'>) {
  const { t, locale, formatMoney, formatNumber, formatDate, navigate, queryClient } = useCreditsContext();
  // What Whop's return said is acted on once: the host takes the parameters out of the address, so
  // a reload or a bookmark neither cancels again nor celebrates again.
  const [returned] = useState<Return>(() => returnOf(params));
  const headingId = useId();
  const hasReturnParams = WHOP_RETURN_PARAMS.some((name) => params.has(name));
  const returnHandedBack = useRef(false);
  useEffect(() => {
    if (!hasReturnParams || returnHandedBack.current) return;
    returnHandedBack.current = true;
    onReturnRead?.();
  }, [hasReturnParams, onReturnRead]);
  const query = useOrder(id);
  const payment = query.data;
  const credits = useCredits();
  const retry = useBuy();
  const retryHeld = (useRetryCountdown(retry.error) ?? 0) > 0;
  useOnPageRestore(() => {
    retry.reset();
    void query.refetch();
  });

  const store = (next: Order) => rememberOrder(queryClient, next);
  const cancel = useCancelOrder(id);
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
    if (completed) void queryClient.invalidateQueries({ queryKey: creditsKeys.credits });
  }, [completed, queryClient]);

  if (query.isPending) {
    return (
      <section className="credits-ui card">
        <Skeleton label={t('result.checking')} lines={[45, 80, 60, 70]} />
      </section>
    );
  }
  if (query.isError) {
    const notFound = query.error instanceof ApiError && query.error.status === 404;
    return (
      <section className="credits-ui card">
        <h1>{t('result.title')}</h1>
        {notFound ? <ErrorMessage>{t('result.notFound')}</ErrorMessage> : <ProblemMessage error={query.error} onRetry={() => void query.refetch()} />}
        <Link href={homeHref}>{t('result.backHome')}</Link>
      </section>
    );
  }

  const view = viewOf(query.data, returned, wait.elapsedMs, cancel.isPending || (returned === 'left' && !cancel.isError));
  const { heading, body, tone } = VIEWS[view as Exclude<View, 'loading'>];
  const p = query.data;
  const money = moneyStatement(p);
  // Credits landing as the buyer comes back from Whop get a small celebration; an old order opened from History does not.
  const celebrate = view === 'success' && returned !== null;
  const tryAgain = () => retry.mutate(p.packageId, { onSuccess: (next) => next.checkoutUrl && navigate(next.checkoutUrl) });

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
        <Link className="button" href={buyHref}>
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
    <section className={`credits-ui card tone-${tone}`} aria-labelledby={headingId}>
      <div className={`result-header${celebrate ? ' celebrate' : ''}`}>
        <span className="result-icon" aria-hidden="true">
          {ICONS[tone]}
        </span>
        {celebrate ? <Confetti /> : null}
        <h1 id={headingId}>{t(heading)}</h1>
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
        {view === 'success' && credits.data !== undefined ? <p className="muted">{t('result.newBalance', { credits: formatNumber(credits.data.balance) })}</p> : null}
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
        {receiptHref && p.chargedCents > 0 ? <Link href={receiptHref(p.id)}>{t('result.receipt')}</Link> : null}
        <Link href={homeHref}>{t('result.backHome')}</Link>
      </div>
    </section>
  );
}
