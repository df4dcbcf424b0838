import { Link, useParams } from 'react-router';
import { ProblemMessage, Skeleton, useOrder, usePackages } from '@credits/react';
import { useAccountText } from './messages';
import { usePageTitle } from '../../lib/usePageTitle';
import { FactList } from '../../components/FactList';

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
          <FactList
            className="receipt-facts"
            facts={[
              [
                a('receipt.item'),
                <>
                  {p.packNames[locale]} · {t('purchase.credits', { credits: formatNumber(p.credits) })}
                  {bonus > 0 ? <span className="muted"> {a('receipt.bonus', { bonus: formatNumber(bonus) })}</span> : null}
                </>,
              ],
              [a('receipt.price'), formatMoney(p.amountCents, p.currency)],
              [
                a('receipt.charged'),
                <>
                  <strong>{formatMoney(p.chargedCents, p.currency)}</strong> <span className="muted">{a('receipt.chargedNote', { currency: p.currency.toUpperCase() })}</span>
                </>,
              ],
              p.taxCents > 0 && [
                a('receipt.tax'),
                <>
                  {formatMoney(p.taxCents, p.currency)} <span className="muted">{a('receipt.taxNote')}</span>
                </>,
              ],
              p.completedAt !== null && [a('receipt.paidAt'), <time dateTime={p.completedAt}>{formatDate(p.completedAt)}</time>],
              p.whopPaymentId !== null && [a('receipt.reference'), <code>{p.whopPaymentId}</code>],
              [a('receipt.order'), <code>{p.id}</code>],
              p.refundedCents > 0 && [
                a('receipt.refunded'),
                <>
                  {formatMoney(p.refundedCents, p.currency)}
                  {p.creditsTakenBack > 0 ? ` · ${a('receipt.takenBack', { credits: formatNumber(p.creditsTakenBack) })}` : null}
                </>,
              ],
              [a('receipt.status'), t(`status.${p.status}`)],
            ]}
          />
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
