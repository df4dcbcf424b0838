import { Link, useParams } from 'react-router';
import { ProblemMessage, Skeleton, useOrder, usePackages } from '@credits/react';
import { useAccountText } from './messages';
import { usePageTitle } from '../../lib/usePageTitle';

/**
 * A paid order's receipt, in the reader's language and fit to print: what was bought, what Whop
 * charged and when, Whop's reference for the payment, and what went back. Nothing is shown for an
 * order nobody paid: there is nothing to receipt.
 */
export default function ReceiptPage() {
  const { orderId = '' } = useParams();
  const { t, a, locale, formatMoney, formatNumber, formatDate } = useAccountText();
  usePageTitle(a('receipt.title'));
  const order = useOrder(orderId);
  const packages = usePackages();
  const p = order.data;
  const bonus = p ? (packages.data?.find((pack) => pack.id === p.packageId && pack.totalCredits === p.credits)?.bonusCredits ?? 0) : 0;

  return (
    <section className="card receipt" aria-labelledby="receipt-heading">
      <h1 id="receipt-heading">{a('receipt.title')}</h1>
      {order.isPending ? <Skeleton label={t('common.loading')} lines={[60, 100, 100, 80]} /> : null}
      {order.isError ? <ProblemMessage error={order.error} onRetry={() => void order.refetch()} /> : null}
      {p && p.chargedCents === 0 ? (
        <p>
          {a('receipt.unpaid')} <Link to={`/payment/result?paymentId=${p.id}`}>{a('receipt.seeOrder')}</Link>
        </p>
      ) : null}
      {p && p.chargedCents > 0 ? (
        <>
          <dl className="receipt-facts">
            <div>
              <dt>{a('receipt.item')}</dt>
              <dd>
                {p.packNames[locale]} · {t('purchase.credits', { credits: formatNumber(p.credits) })}
                {bonus > 0 ? <span className="muted"> {a('receipt.bonus', { bonus: formatNumber(bonus) })}</span> : null}
              </dd>
            </div>
            <div>
              <dt>{a('receipt.price')}</dt>
              <dd>{formatMoney(p.amountCents, p.currency)}</dd>
            </div>
            <div>
              <dt>{a('receipt.charged')}</dt>
              <dd>
                <strong>{formatMoney(p.chargedCents, p.currency)}</strong> <span className="muted">{a('receipt.chargedNote', { currency: p.currency.toUpperCase() })}</span>
              </dd>
            </div>
            {p.taxCents > 0 ? (
              <div>
                <dt>{a('receipt.tax')}</dt>
                <dd>
                  {formatMoney(p.taxCents, p.currency)} <span className="muted">{a('receipt.taxNote')}</span>
                </dd>
              </div>
            ) : null}
            {p.completedAt ? (
              <div>
                <dt>{a('receipt.paidAt')}</dt>
                <dd>
                  <time dateTime={p.completedAt}>{formatDate(p.completedAt)}</time>
                </dd>
              </div>
            ) : null}
            {p.whopPaymentId ? (
              <div>
                <dt>{a('receipt.reference')}</dt>
                <dd>
                  <code>{p.whopPaymentId}</code>
                </dd>
              </div>
            ) : null}
            <div>
              <dt>{a('receipt.order')}</dt>
              <dd>
                <code>{p.id}</code>
              </dd>
            </div>
            {p.refundedCents > 0 ? (
              <div>
                <dt>{a('receipt.refunded')}</dt>
                <dd>
                  {formatMoney(p.refundedCents, p.currency)}
                  {p.creditsTakenBack > 0 ? ` · ${a('receipt.takenBack', { credits: formatNumber(p.creditsTakenBack) })}` : null}
                </dd>
              </div>
            ) : null}
            <div>
              <dt>{a('receipt.status')}</dt>
              <dd>{t(`status.${p.status}`)}</dd>
            </div>
          </dl>
          <p className="muted">{a('receipt.processor')}</p>
          <div className="actions no-print">
            <button type="button" onClick={() => window.print()}>
              {a('receipt.print')}
            </button>
            <Link to="/history">{t('nav.history')}</Link>
          </div>
        </>
      ) : null}
    </section>
  );
}
