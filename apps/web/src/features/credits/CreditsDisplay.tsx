import { Link } from 'react-router';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Notice, Skeleton } from '../../components/ui/feedback';
import { useI18n } from '../../i18n/I18nProvider';
import { useBalance } from './api';

/** The balance, with the way to buy more (`onBuy`: the page decides what buying opens). */
export function CreditsDisplay({ onBuy }: { onBuy(): void }) {
  const { t, formatNumber } = useI18n();
  const balance = useBalance();

  return (
    <section className="card" aria-labelledby="balance-heading">
      <h1 id="balance-heading" className="muted">
        {t('credits.balanceLabel')}
      </h1>
      {balance.isPending ? <Skeleton label={t('common.loading')} lines={['12rem']} /> : null}
      {balance.isError ? <ProblemMessage error={balance.error} onRetry={() => void balance.refetch()} /> : null}
      {balance.data !== undefined ? (
        <>
          <p className={`balance${balance.data < 0 ? ' balance-negative' : ''}`} data-testid="balance">
            {t('credits.balance', { credits: formatNumber(balance.data) })}
          </p>
          {balance.data < 0 ? <Notice tone="warning">{t('credits.negative')}</Notice> : null}
        </>
      ) : null}
      <div className="actions">
        <button type="button" className="primary" onClick={onBuy}>
          {t('credits.buy')}
        </button>
        <Link to="/history">{t('credits.historyLink')}</Link>
      </div>
    </section>
  );
}
