import { useId, type ReactNode } from 'react';
import { useCreditsContext } from './CreditsProvider';
import { useCredits } from './hooks';
import { ProblemMessage } from './ProblemMessage';
import { Notice, Skeleton } from './ui/feedback';

/**
 * The user's balance, with the way to buy more (`onBuy`: the host decides what buying opens, e.g.
 * the PaymentModal) and any links of the host's (`children`, shown beside the button).
 */
export function CreditsDisplay({ onBuy, children }: { onBuy(): void; children?: ReactNode }) {
  const { t, formatNumber } = useCreditsContext();
  const credits = useCredits();
  const balance = credits.data?.balance;
  const headingId = useId();

  return (
    <section className="credits-ui card" aria-labelledby={headingId}>
      <h1 id={headingId} className="muted">
        {t('credits.balanceLabel')}
      </h1>
      {credits.isPending ? <Skeleton label={t('common.loading')} lines={['12rem']} /> : null}
      {credits.isError ? <ProblemMessage error={credits.error} onRetry={() => void credits.refetch()} /> : null}
      {balance !== undefined ? (
        <>
          <p className={`balance${balance < 0 ? ' balance-negative' : ''}`} data-testid="balance">
            {t('credits.balance', { credits: formatNumber(balance) })}
          </p>
          {balance < 0 ? <Notice tone="warning">{t('credits.negative')}</Notice> : null}
        </>
      ) : null}
      <div className="actions">
        <button type="button" className="primary" onClick={onBuy}>
          {t('credits.buy')}
        </button>
        {children}
      </div>
    </section>
  );
}
