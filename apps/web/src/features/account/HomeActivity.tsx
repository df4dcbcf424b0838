import { Link } from 'react-router';
import { isResumable } from '@credits/react';
import { useHistory } from '../orders/api';
import { useAccountText } from './messages';

/** How many recent purchases the home page lists. */
const RECENT = 3;

/**
 * What the home page shows below the balance, loaded after it: an order still open (with its
 * deadline and the way back to Whop's checkout), the last purchases with their receipts, and who
 * takes the payment.
 */
export default function HomeActivity() {
  const { t, a, locale, formatMoney, formatNumber, formatDate } = useAccountText();
  const history = useHistory();
  const orders = history.data?.pages[0]?.payments ?? [];
  const open = orders.find((o) => isResumable(o));
  const recent = orders.filter((o) => o.chargedCents > 0).slice(0, RECENT);

  return (
    <>
      {open ? (
        <section className="card open-order" aria-labelledby="open-order-heading">
          <h2 id="open-order-heading">{a('home.openTitle')}</h2>
          <p>
            {a('home.open', { pack: open.packNames[locale], price: formatMoney(open.amountCents, open.currency), credits: formatNumber(open.credits) })}{' '}
            <strong>{a('home.openUntil', { time: formatDate(open.expiresAt!) })}</strong>
          </p>
          <div className="actions">
            <a className="button primary" href={open.checkoutUrl}>
              {t('result.resume')}
            </a>
            <Link to="/history">{t('nav.history')}</Link>
          </div>
        </section>
      ) : null}
      {recent.length > 0 ? (
        <section className="card" aria-labelledby="recent-heading">
          <h2 id="recent-heading">{a('home.recent')}</h2>
          <ul className="recent">
            {recent.map((o) => (
              <li key={o.id}>
                <span>
                  {o.packNames[locale]} · {t('purchase.credits', { credits: formatNumber(o.credits) })}
                </span>
                <span className="muted">
                  <time dateTime={o.completedAt ?? o.createdAt}>{formatDate(o.completedAt ?? o.createdAt)}</time> · {formatMoney(o.chargedCents, o.currency)}
                </span>
                <Link to={`/receipt/${o.id}`} aria-label={a('receipt.of', { pack: o.packNames[locale] })}>
                  {a('ledger.receipt')}
                </Link>
              </li>
            ))}
          </ul>
          <Link to="/credits">{a('home.whereWent')}</Link>
        </section>
      ) : null}
      <aside className="trust" aria-label={a('home.trustLabel')}>
        <p>{a('home.trust')}</p>
        <p className="muted">{a('home.cards')}</p>
      </aside>
    </>
  );
}
