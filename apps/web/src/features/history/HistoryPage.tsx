import { Link } from 'react-router';
import { QueryError, Spinner } from '../../components/ui/feedback';
import { useI18n } from '../../i18n/I18nProvider';
import { useHistory } from './api';

export default function HistoryPage() {
  const { t, formatMoney, formatNumber, formatDate } = useI18n();
  const history = useHistory();
  const payments = history.data?.pages.flatMap((p) => p.payments) ?? [];

  return (
    <section className="card" aria-labelledby="history-heading">
      <h1 id="history-heading">{t('history.title')}</h1>
      {history.isPending ? <Spinner label={t('common.loading')} /> : null}
      {history.isError ? <QueryError message={history.error.message} retryLabel={t('common.retry')} onRetry={() => void history.refetch()} /> : null}
      {history.isSuccess && payments.length === 0 ? <p>{t('history.empty')}</p> : null}
      {payments.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('history.date')}</th>
              <th scope="col">{t('history.pack')}</th>
              <th scope="col">{t('history.amount')}</th>
              <th scope="col">{t('history.credits')}</th>
              <th scope="col">{t('history.status')}</th>
            </tr>
          </thead>
          <tbody>
            {payments.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={`/payment/result?paymentId=${p.id}`}>{formatDate(p.createdAt)}</Link>
                </td>
                <td>{t(`purchase.pack.${p.packageId}`)}</td>
                <td>{formatMoney(p.amountCents, p.currency)}</td>
                <td>{formatNumber(p.credits)}</td>
                <td>
                  <span className={`status status-${p.status}`}>{t(`status.${p.status}`)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {history.hasNextPage ? (
        <button type="button" onClick={() => history.fetchNextPage()} disabled={history.isFetchingNextPage}>
          {history.isFetchingNextPage ? t('common.loading') : t('history.more')}
        </button>
      ) : null}
    </section>
  );
}
