import { Link } from 'react-router';
import type { PaymentDto } from '@credits/shared';
import { usePageTitle } from '../../lib/usePageTitle';
import { useAccountText } from './messages';
import { isResumable, moneyStatement, ProblemMessage, Skeleton, useCancelOrder, usePackages } from '@credits/react';
import { useHistory } from '../orders/api';
import { MorePages } from '../../components/MorePages';

/** The buyer's orders, newest first: one card per order, which stacks on a phone; open orders can be resumed or cancelled. */
export default function HistoryPage() {
  const { t } = useAccountText();
  usePageTitle(t('history.title'));
  const history = useHistory();
  const payments = history.data?.pages.flatMap((p) => p.payments) ?? [];

  return (
    <section className="card" aria-labelledby="history-heading">
      <h1 id="history-heading">{t('history.title')}</h1>
      {history.isPending ? <Skeleton label={t('common.loading')} lines={[100, 90, 100, 90]} /> : null}
      {history.isError ? <ProblemMessage error={history.error} onRetry={() => void history.refetch()} /> : null}
      {history.isSuccess && payments.length === 0 ? <NoOrders /> : null}
      {payments.length > 0 ? (
        <ul className="orders">
          {payments.map((p) => (
            <OrderRow key={p.id} payment={p} />
          ))}
        </ul>
      ) : null}
      <MorePages query={history} label={t('history.more')} loading={t('common.loading')} />
    </section>
  );
}

/** No orders yet: what the cheapest pack costs, and the way to buy one. */
function NoOrders() {
  const { t, formatMoney, formatNumber } = useAccountText();
  const packages = usePackages();
  const cheapest = packages.data?.reduce((a, b) => (b.priceCents < a.priceCents ? b : a));
  return (
    <div className="empty">
      <p>{t('history.empty')}</p>
      {cheapest ? (
        <p className="muted">{t('history.emptyBody', { price: formatMoney(cheapest.priceCents, cheapest.currency), credits: formatNumber(cheapest.totalCredits) })}</p>
      ) : null}
      <Link className="button primary" to="/?buy">
        {t('credits.buy')}
      </Link>
    </div>
  );
}

function OrderRow({ payment: p }: { payment: PaymentDto }) {
  const { t, a, locale, formatMoney, formatNumber, formatDate } = useAccountText();
  const cancel = useCancelOrder(p.id);
  const pack = p.packNames[locale];
  const open = isResumable(p);

  return (
    <li className="order" aria-label={`${pack}, ${formatDate(p.createdAt)}`}>
      <div className="order-title">
        <Link to={`/payment/result?paymentId=${p.id}`}>{pack}</Link>
        <span className="order-meta">{t('purchase.credits', { credits: formatNumber(p.credits) })}</span>
      </div>
      <span className="order-amount">{formatMoney(p.amountCents, p.currency)}</span>
      <span className="order-meta">
        <time dateTime={p.createdAt}>{formatDate(p.createdAt)}</time>
        {p.expiresAt ? ` · ${t('history.openUntil', { time: formatDate(p.expiresAt) })}` : null}
      </span>
      {/* A review closed with the buyer's money kept or refunded is not a cancellation the buyer made. */}
      <span className={`status status-${p.status} order-status`}>{p.status === 'cancelled' && p.chargedCents > 0 ? t('result.closed') : t(`status.${p.status}`)}</span>
      {moneyStatement(p) ? (
        <span className="order-meta order-money">
          {t(p.refundedCents > 0 ? 'history.chargedRefunded' : 'history.charged', {
            charged: formatMoney(p.chargedCents, p.currency),
            refunded: formatMoney(p.refundedCents, p.currency),
          })}
        </span>
      ) : null}
      {p.chargedCents > 0 ? (
        <Link className="order-receipt" to={`/receipt/${p.id}`} aria-label={a('receipt.of', { pack })}>
          {a('ledger.receipt')}
        </Link>
      ) : null}
      {open ? (
        <div className="actions">
          <a className="button primary" href={p.checkoutUrl}>
            {t('result.resume')}
          </a>
          <button type="button" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
            {t('result.cancel')}
          </button>
        </div>
      ) : null}
      {cancel.isError ? <ProblemMessage error={cancel.error} /> : null}
    </li>
  );
}
