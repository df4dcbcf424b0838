import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { StatsDto } from '@credits/shared';
import { usePageTitle } from '../../lib/usePageTitle';
import { useAdminOrders, useStats, type Period } from './api';
import { Chart } from './Chart';
import { useAdminText } from './useAdminText';
import { ProblemMessage, Skeleton, usePackages } from '@credits/react';

const PERIODS: Period[] = ['24h', '7d', '30d'];

/** The shop at a glance: the figures the seed asks operators to watch, over a period, and what waits for a person. */
export default function DashboardPage() {
  const { a, t, locale, formatNumber, formatMoney, percent } = useAdminText();
  usePageTitle(a('nav.dashboard'));
  const packages = usePackages();
  /** A pack by its name on sale; a pack no longer sold by its id. */
  const packName = (id: string) => packages.data?.find((p) => p.id === id)?.names[locale] ?? id;
  const [period, setPeriod] = useState<Period>('7d');
  const stats = useStats(period);

  return (
    <>
      <section className="card" aria-labelledby="dashboard-heading">
        <div className="card-header">
          <h1 id="dashboard-heading">{a('nav.dashboard')}</h1>
          <div className="segmented" role="group" aria-label={a('period.label')}>
            {PERIODS.map((p) => (
              <button key={p} type="button" aria-pressed={period === p} onClick={() => setPeriod(p)}>
                {a(`period.${p}`)}
              </button>
            ))}
          </div>
        </div>
        {stats.isPending ? <Skeleton label={t('common.loading')} lines={[100, 100, 100]} /> : null}
        {stats.isError ? <ProblemMessage error={stats.error} onRetry={() => void stats.refetch()} /> : null}
        {stats.data ? <Figures stats={stats.data} /> : null}
      </section>
      <Attention unreadable={stats.data?.unreadable ?? null} />
      {stats.data ? (
        <>
          <Charts stats={stats.data} />
          <section className="card" aria-labelledby="bypack-heading">
            <h2 id="bypack-heading">{a('byPack.title')}</h2>
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{a('column.pack')}</th>
                    <th scope="col">{a('column.created')}</th>
                    <th scope="col">{a('column.completed')}</th>
                    <th scope="col">{a('column.conversion')}</th>
                    <th scope="col">{a('column.revenue')}</th>
                    <th scope="col">{a('column.net')}</th>
                    <th scope="col">{a('column.credits')}</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(stats.data.byPack).map(([id, p]) => {
                    return (
                      <tr key={id}>
                        <th scope="row">{packName(id)}</th>
                        <td>{formatNumber(p.created)}</td>
                        <td>{formatNumber(p.completed)}</td>
                        <td>{percent(p.conversion)}</td>
                        <td>{formatMoney(p.chargedCents, stats.data.currency)}</td>
                        <td>{formatMoney(p.netCents, stats.data.currency)}</td>
                        <td>{formatNumber(p.creditsGranted)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
        </>
      ) : null}
    </>
  );
}

function Figures({ stats }: { stats: StatsDto }) {
  const { a, formatNumber, formatMoney: formatIn, formatDate, percent } = useAdminText();
  const formatMoney = (cents: number) => formatIn(cents, stats.currency);
  const { total, creditsTakenBack: back, webhooks, requests, ledgerCheck } = stats;
  const figure = (label: string, value: string, detail?: string, tone?: 'danger' | 'success', words = false) => (
    <div className={`kpi${tone ? ` kpi-${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd>
        <span className={words ? 'kpi-words' : 'kpi-value'}>{value}</span>
        {detail ? <span className="kpi-detail">{detail}</span> : null}
      </dd>
    </div>
  );
  const ms = (v: number | null) => (v === null ? a('none') : formatNumber(v));
  return (
    <dl className="kpis">
      {figure(a('kpi.created'), formatNumber(total.created))}
      {figure(a('kpi.completed'), formatNumber(total.completed))}
      {figure(a('kpi.conversion'), percent(total.conversion), a('kpi.conversionDetail'))}
      {figure(a('kpi.successRate'), percent(total.successRate), a('kpi.successRateDetail'))}
      {figure(
        a('kpi.net'),
        formatMoney(total.netCents),
        a('kpi.netDetail', { charged: formatMoney(total.chargedCents), refunded: formatMoney(total.refundedCents), chargebacks: formatMoney(total.chargebackCents) }),
      )}
      {figure(
        a('kpi.declineRate'),
        percent(total.declineRate),
        a('kpi.declineRateDetail', { declines: formatNumber(total.declines), attempts: formatNumber(total.payments + total.declines) }),
      )}
      {figure(a('kpi.credits'), formatNumber(total.creditsGranted))}
      {figure(
        a('kpi.takenBack'),
        formatNumber(back.refunds + back.disputes),
        a('kpi.takenBackDetail', { refunds: formatNumber(back.refunds), disputes: formatNumber(back.disputes) }),
      )}
      {figure(
        a('kpi.webhooks'),
        formatNumber(webhooks.handled),
        a('kpi.webhooksDetail', { p50: ms(webhooks.p50Ms), p99: ms(webhooks.p99Ms), failures: formatNumber(webhooks.failures) }),
        webhooks.failures > 0 ? 'danger' : undefined,
      )}
      {figure(
        a('kpi.errors'),
        percent(requests.serverErrorShare),
        a('kpi.errorsDetail', { errors: formatNumber(requests.serverErrors), total: formatNumber(requests.total) }),
        requests.serverErrors > 0 ? 'danger' : undefined,
      )}
      {figure(
        a('kpi.ledger'),
        ledgerCheck === null ? a('ledger.never') : ledgerCheck.differences === 0 ? a('ledger.ok') : a('ledger.bad', { n: formatNumber(ledgerCheck.differences) }),
        ledgerCheck === null ? undefined : a('ledger.at', { at: formatDate(ledgerCheck.at) }),
        ledgerCheck === null ? undefined : ledgerCheck.differences === 0 ? 'success' : 'danger',
        true,
      )}
    </dl>
  );
}

function Charts({ stats }: { stats: StatsDto }) {
  const { a, locale, formatNumber, formatMoney } = useAdminText();
  // Buckets are UTC hours or days, named as such.
  const bucket = useMemo(
    () => new Intl.DateTimeFormat(locale, stats.interval === 'day' ? { dateStyle: 'medium', timeZone: 'UTC' } : { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }),
    [locale, stats.interval],
  );
  const times = useMemo(() => stats.buckets.map((b) => new Date(b.start)), [stats]);
  const orders = useMemo(
    () => [
      { label: a('series.created'), values: stats.buckets.map((b) => b.created), colour: '--credits-brand' },
      { label: a('series.completed'), values: stats.buckets.map((b) => b.completed), colour: '--credits-success' },
    ],
    [stats, a],
  );
  const revenue = useMemo(
    () => [
      { label: a('series.revenue'), values: stats.buckets.map((b) => b.chargedCents / 100), colour: '--credits-brand' },
      { label: a('series.net'), values: stats.buckets.map((b) => b.netCents / 100), colour: '--credits-success' },
    ],
    [stats, a],
  );
  const count = useMemo(() => (v: number) => formatNumber(v), [formatNumber]);
  const money = useMemo(() => (v: number) => formatMoney(Math.round(v * 100), stats.currency), [formatMoney, stats.currency]);

  return (
    <section className="card" aria-labelledby="charts-heading">
      <h2 id="charts-heading" className="visually-hidden">
        {a('chart.orders')}
      </h2>
      <div className="charts">
        <figure>
          <figcaption>{a('chart.orders')}</figcaption>
          <Chart label={a('chart.orders')} timeLabel={a('chart.period')} times={times} series={orders} format={count} />
        </figure>
        <figure>
          <figcaption>{a('chart.revenue')}</figcaption>
          <Chart label={a('chart.revenue')} timeLabel={a('chart.period')} times={times} series={revenue} format={money} />
        </figure>
      </div>
      <details>
        <summary>{a('chart.table')}</summary>
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{a('chart.period')}</th>
                <th scope="col">{a('series.created')}</th>
                <th scope="col">{a('series.completed')}</th>
                <th scope="col">{a('series.revenue')}</th>
                <th scope="col">{a('series.refunded')}</th>
                <th scope="col">{a('series.chargebacks')}</th>
                <th scope="col">{a('series.net')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.buckets.map((b) => (
                <tr key={b.start}>
                  <th scope="row">{bucket.format(new Date(b.start))}</th>
                  <td>{formatNumber(b.created)}</td>
                  <td>{formatNumber(b.completed)}</td>
                  <td>{formatMoney(b.chargedCents, stats.currency)}</td>
                  <td>{formatMoney(b.refundedCents, stats.currency)}</td>
                  <td>{formatMoney(b.chargebackCents, stats.currency)}</td>
                  <td>{formatMoney(b.netCents, stats.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

/** Orders waiting for a person, of any age: in review, or disputed; and what Whop sent in the period that could not be read. */
function Attention({ unreadable }: { unreadable: StatsDto['unreadable'] | null }) {
  const { a, formatNumber, formatDate } = useAdminText();
  const review = useAdminOrders({ status: 'review' }, 100);
  const disputed = useAdminOrders({ status: 'disputed' }, 100);
  const nothing = review.isSuccess && disputed.isSuccess && review.data.pages[0]!.orders.length + disputed.data.pages[0]!.orders.length === 0 && (unreadable?.count ?? 0) === 0;
  return (
    <section className="card" aria-labelledby="attention-heading">
      <h2 id="attention-heading">{a('attention.title')}</h2>
      {nothing ? <p className="muted">{a('attention.none')}</p> : null}
      <Waiting query={review} status="review" title={(n) => a('attention.review', { n })} />
      <Waiting query={disputed} status="disputed" title={(n) => a('attention.disputed', { n })} />
      {unreadable && unreadable.count > 0 ? (
        <div>
          <h3>{a('attention.unreadable', { n: formatNumber(unreadable.count) })}</h3>
          <ul className="links">
            {unreadable.items.map((u) => (
              <li key={`${u.kind}:${u.whopId}`}>
                {a('attention.unreadableItem', { kind: u.kind, id: u.whopId, reason: u.reason, seen: formatNumber(u.seen), at: formatDate(u.lastSeenAt) })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

/** The first ten orders of a status, and how many there are (100 and more shown as "100+"). */
function Waiting({ query, status, title }: { query: ReturnType<typeof useAdminOrders>; status: string; title(n: string): string }) {
  const first = query.data?.pages[0];
  if (!first || first.orders.length === 0) return null;
  return (
    <div>
      <h3>
        <Link to={`/admin/orders?status=${status}`}>{title(`${first.orders.length}${first.nextCursor ? '+' : ''}`)}</Link>
      </h3>
      <ul className="links">
        {first.orders.slice(0, 10).map((o) => (
          <li key={o.id}>
            <Link to={`/admin/orders/${o.id}`}>{o.id.slice(0, 8)}</Link> <span className="muted">{o.userId}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
