import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import { Notice, QueryError, Spinner } from '../../components/ui/Feedback';
import { useI18n } from '../../i18n/I18nProvider';
import { useBalance } from './api';

// The modal loads when it is first opened.
const PaymentModal = lazy(() => import('../purchase/PaymentModal'));

export function CreditsDisplay() {
  const { t, formatNumber } = useI18n();
  const balance = useBalance();
  const [buying, setBuying] = useState(false);

  return (
    <section className="card" aria-labelledby="balance-heading">
      <h1 id="balance-heading">{t('credits.balanceLabel')}</h1>
      {balance.isPending ? <Spinner label={t('common.loading')} /> : null}
      {balance.isError ? <QueryError message={balance.error.message} retryLabel={t('common.retry')} onRetry={() => void balance.refetch()} /> : null}
      {balance.data !== undefined ? (
        <>
          <p className={`balance${balance.data < 0 ? ' balance-negative' : ''}`} data-testid="balance">
            {t('credits.balance', { credits: formatNumber(balance.data) })}
          </p>
          {balance.data < 0 ? <Notice tone="warning">{t('credits.negative')}</Notice> : null}
        </>
      ) : null}
      <div className="actions">
        <button type="button" className="primary" onClick={() => setBuying(true)}>
          {t('credits.buy')}
        </button>
        <Link to="/history">{t('credits.historyLink')}</Link>
      </div>
      {buying ? (
        <Suspense fallback={<Spinner label={t('common.loading')} />}>
          <PaymentModal onClose={() => setBuying(false)} />
        </Suspense>
      ) : null}
    </section>
  );
}
