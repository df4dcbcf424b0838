import { Link } from 'react-router';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { LedgerEntryDto } from '@credits/shared';
import { creditsKeys, ProblemMessage, Skeleton, useCredits } from '@credits/react';
import { useAccountText } from './messages';
import { api } from '../../lib/apiClient';
import { usePageTitle } from '../../lib/usePageTitle';
import { MorePages } from '../../components/MorePages';

const PAGE_SIZE = 20;

/** Where the buyer's credits came from and went, newest first: purchases, spends, refunds, chargebacks, support's adjustments. */
export default function CreditsPage() {
  const { t, a, formatNumber } = useAccountText();
  usePageTitle(a('ledger.title'));
  const credits = useCredits();
  const ledger = useInfiniteQuery({
    queryKey: [...creditsKeys.credits, 'ledger'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api.get('ledger', '/api/credits/ledger', { limit: PAGE_SIZE, cursor: pageParam ?? undefined }),
    getNextPageParam: (last) => last.nextCursor,
  });
  const entries = ledger.data?.pages.flatMap((p) => p.entries) ?? [];

  return (
    <section className="card" aria-labelledby="ledger-heading">
      <h1 id="ledger-heading">{a('ledger.title')}</h1>
      {credits.data ? (
        <p className="ledger-summary">
          {a('ledger.balance', { balance: formatNumber(credits.data.balance) })}
          {credits.data.held > 0 ? ` · ${a('ledger.held', { held: formatNumber(credits.data.held) })}` : null}
        </p>
      ) : null}
      {ledger.isPending ? <Skeleton label={t('common.loading')} lines={[100, 90, 100, 90]} /> : null}
      {ledger.isError ? <ProblemMessage error={ledger.error} onRetry={() => void ledger.refetch()} /> : null}
      {ledger.isSuccess && entries.length === 0 ? (
        <div className="empty">
          <p>{a('ledger.empty')}</p>
          <Link className="button primary" to="/?buy">
            {t('credits.buy')}
          </Link>
        </div>
      ) : null}
      {entries.length > 0 ? (
        <ul className="ledger">
          {entries.map((e) => (
            <Entry key={e.id} entry={e} />
          ))}
        </ul>
      ) : null}
      <MorePages query={ledger} label={t('history.more')} loading={t('common.loading')} />
    </section>
  );
}

/** What an entry was, in the reader's words: told by its kind and direction; a spend by the reason the app gave. */
function Entry({ entry: e }: { entry: LedgerEntryDto }) {
  const { a, formatNumber, formatDate } = useAccountText();
  const gave = e.credits > 0;
  const what = (() => {
    switch (e.kind) {
      case 'grant':
        return a('ledger.grant');
      case 'spend':
        return e.memo ?? a('ledger.spend');
      case 'refund':
        return a(gave ? 'ledger.refundBack' : 'ledger.refundTaken');
      case 'dispute':
        return a(gave ? 'ledger.disputeBack' : 'ledger.disputeTaken');
      case 'adjustment':
        return a('ledger.adjustment');
    }
  })();
  return (
    <li className="ledger-entry">
      <span className="ledger-what">
        {what}
        {e.paymentId && e.kind !== 'spend' ? (
          <>
            {' · '}
            <Link to={`/receipt/${e.paymentId}`}>{a('ledger.receipt')}</Link>
          </>
        ) : null}
      </span>
      <span className={`ledger-credits ${gave ? 'ledger-in' : 'ledger-out'}`}>{gave ? `+${formatNumber(e.credits)}` : formatNumber(e.credits)}</span>
      <time className="order-meta" dateTime={e.createdAt}>
        {formatDate(e.createdAt)}
      </time>
    </li>
  );
}
