import { useMemo, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { AdminOrderDto, StatsDto } from '@credits/shared';
import { usePageTitle } from '../../lib/usePageTitle';
import { download as downloadFile, periodRange, useAdminOrders, useStats, type Period } from './api';
import { Chart, ChartLegend } from './Chart';
import { TableScroll } from './TableScroll';
import { useAdminText } from './useAdminText';
import { ProblemMessage, Skeleton, usePackages } from '@credits/react';

const PERIODS: Period[] = ['24h', '7d', '30d'];
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The shop at a glance: money, orders and buyers against the period before, the funnel, what waits for a person, and the engineering figures. */
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
          <div className="toolbar">
            <div className="segmented" role="group" aria-label={a('period.label')}>
              {PERIODS.map((p) => (
                <button key={p} type="button" aria-pressed={period === p} onClick={() => setPeriod(p)}>
                  {a(`period.${p}`)}
                </button>
              ))}
            </div>
            <DownloadButton label={a('export.stats')} path="/api/admin/export/stats.csv" params={periodRange(period)} />
          </div>
        </div>
        {stats.isPending ? <Skeleton label={t('common.loading')} lines={[100, 100, 100]} /> : null}
        {stats.isError ? <ProblemMessage error={stats.error} onRetry={() => void stats.refetch()} /> : null}
        {stats.data ? <Figures stats={stats.data} /> : null}
      </section>
      {stats.data ? <FunnelCard stats={stats.data} packName={packName} /> : null}
      <Attention unreadable={stats.data?.unreadable ?? null} />
      {stats.data ? (
        <>
          <Charts stats={stats.data} />
          <section className="card" aria-labelledby="bypack-heading">
            <h2 id="bypack-heading">{a('byPack.title')}</h2>
            <TableScroll label={a('byPack.title')}>
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
            </TableScroll>
          </section>
          <Engineering stats={stats.data} />
        </>
      ) : null}
    </>
  );
}

/** Fetches an export with the operator's token (a plain link cannot carry it) and saves it; says what was saved, or what went wrong. */
export function DownloadButton({ label, path, params }: { label: string; path: string; params: Record<string, string | number | undefined> }) {
  const { a } = useAdminText();
  const download = useMutation({ mutationFn: () => downloadFile(path, params) });
  return (
    <span className="download">
      <button type="button" onClick={() => download.mutate()} disabled={download.isPending} aria-busy={download.isPending}>
        {label}
      </button>
      <span role="status" className="muted">
        {download.isSuccess ? a('export.done', { name: download.data }) : null}
      </span>
      {download.isError ? <ProblemMessage error={download.error} /> : null}
    </span>
  );
}

type Tone = 'danger' | 'success';

/** A figure's change on the period before, in words and with the direction that is good news for it. */
function useChange() {
  const { a, locale } = useAdminText();
  const signed = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  return (current: number, previous: number, shown: string, upIsGood: boolean): { text: string; tone?: Tone } => {
    if (current === previous) return { text: a('change.same') };
    if (previous === 0) return { text: a('change.new'), tone: upIsGood ? 'success' : 'danger' };
    const ratio = Math.abs(current - previous) / Math.abs(previous);
    const up = current > previous;
    return { text: a(up ? 'change.up' : 'change.down', { percent: signed.format(ratio), previous: shown }), tone: up === upIsGood ? 'success' : 'danger' };
  };
}

function Figure({
  label,
  value,
  detail,
  change,
  tone,
  words = false,
}: {
  label: string;
  value: string;
  detail?: string;
  change?: { text: string; tone?: Tone };
  tone?: Tone;
  words?: boolean;
}) {
  return (
    <div className={`kpi${tone ? ` kpi-${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd>
        <span className={words ? 'kpi-words' : 'kpi-value'}>{value}</span>
        {detail ? <span className="kpi-detail">{detail}</span> : null}
        {change ? <span className={`kpi-change${change.tone ? ` change-${change.tone}` : ''}`}>{change.text}</span> : null}
      </dd>
    </div>
  );
}

function Figures({ stats }: { stats: StatsDto }) {
  const { a, formatNumber, formatMoney: formatIn, percent } = useAdminText();
  const change = useChange();
  const money = (cents: number) => formatIn(cents, stats.currency);
  const { total, credits, buyers, previous: before } = stats;
  const moneyFigure = (label: string, key: 'chargedCents' | 'refundedCents' | 'chargebackCents' | 'netCents', upIsGood: boolean, detail?: string) => (
    <Figure label={label} value={money(total[key])} detail={detail} change={change(total[key], before.total[key], money(before.total[key]), upIsGood)} />
  );
  const count = (label: string, value: number, previous: number, detail?: string, upIsGood = true) => (
    <Figure label={label} value={formatNumber(value)} detail={detail} change={change(value, previous, formatNumber(previous), upIsGood)} />
  );
  return (
    <>
      <h2 className="figures-heading">{a('money.title')}</h2>
      <dl className="kpis">
        {moneyFigure(a('money.charged'), 'chargedCents', true, a('money.chargedDetail', { payments: formatNumber(total.payments) }))}
        {moneyFigure(a('money.refunded'), 'refundedCents', false)}
        {moneyFigure(a('money.chargebacks'), 'chargebackCents', false)}
        {moneyFigure(a('money.net'), 'netCents', true, a('money.netDetail'))}
        <Figure
          label={a('money.outstanding')}
          value={formatNumber(credits.outstanding)}
          detail={credits.outstandingCents === null ? a('money.outstandingNoPrice') : a('money.outstandingDetail', { value: money(credits.outstandingCents) })}
          change={change(credits.outstanding, before.credits.outstanding, formatNumber(before.credits.outstanding), true)}
        />
      </dl>
      <h2 className="figures-heading">{a('business.title')}</h2>
      <dl className="kpis">
        {count(a('kpi.created'), total.created, before.total.created)}
        {count(a('kpi.completed'), total.completed, before.total.completed)}
        <Figure label={a('kpi.conversion')} value={percent(total.conversion)} detail={a('kpi.conversionDetail')} />
        <Figure label={a('kpi.successRate')} value={percent(total.successRate)} detail={a('kpi.successRateDetail')} />
        {count(a('kpi.buyers'), buyers.unique, before.buyers.unique, a('kpi.buyersDetail', { repeat: formatNumber(buyers.repeat) }))}
        <Figure
          label={a('kpi.averageOrder')}
          value={buyers.averageOrderCents === null ? a('none') : money(buyers.averageOrderCents)}
          detail={a('kpi.averageOrderDetail')}
          change={
            buyers.averageOrderCents === null || before.buyers.averageOrderCents === null
              ? undefined
              : change(buyers.averageOrderCents, before.buyers.averageOrderCents, money(before.buyers.averageOrderCents), true)
          }
        />
        {count(
          a('kpi.credits'),
          credits.granted,
          before.credits.granted,
          a('kpi.creditsDetail', { spent: formatNumber(credits.spent), takenBack: formatNumber(credits.takenBack), adjusted: formatNumber(credits.adjusted) }),
        )}
        <Figure
          label={a('kpi.declineRate')}
          value={percent(total.declineRate)}
          detail={a('kpi.declineRateDetail', { declines: formatNumber(total.declines), attempts: formatNumber(total.payments + total.declines) })}
        />
      </dl>
    </>
  );
}

const FUNNEL_STEPS = ['opened', 'packChosen', 'checkoutStarted', 'paid'] as const;

/** The funnel as bars, widest first: how many buyers reached each step, what share of the step before, and how many dropped off. */
function FunnelCard({ stats, packName }: { stats: StatsDto; packName(id: string): string }) {
  const { a, formatNumber, percent } = useAdminText();
  const [pack, setPack] = useState<string | null>(null);
  const funnel = pack ? stats.funnel.byPack[pack] : stats.funnel.total;
  const before = pack ? stats.previous.funnel.byPack[pack] : stats.previous.funnel.total;
  if (!funnel) return null;
  const widest = Math.max(1, ...FUNNEL_STEPS.map((s) => funnel[s]));
  return (
    <section className="card" aria-labelledby="funnel-heading">
      <div className="card-header">
        <h2 id="funnel-heading">{a('funnel.title')}</h2>
        <div className="segmented" role="group" aria-label={a('funnel.pack')}>
          {[null, ...Object.keys(stats.funnel.byPack)].map((id) => (
            <button key={id ?? 'all'} type="button" aria-pressed={pack === id} onClick={() => setPack(id)}>
              {id === null ? a('funnel.all') : packName(id)}
            </button>
          ))}
        </div>
      </div>
      <p className="muted">{a('funnel.intro')}</p>
      {funnel.opened === 0 && funnel.paid === 0 ? <p>{a('funnel.none')}</p> : null}
      <ol className="funnel">
        {FUNNEL_STEPS.map((step, i) => {
          const n = funnel[step];
          const prior = i > 0 ? funnel[FUNNEL_STEPS[i - 1]!] : null;
          return (
            <li key={step}>
              <span className="funnel-label">{a(`funnel.${step}`)}</span>
              <span className="funnel-bar" aria-hidden="true">
                <span style={{ width: `${(n / widest) * 100}%` }} />
              </span>
              <span className="funnel-count">{a('funnel.count', { n: formatNumber(n) })}</span>
              <span className="funnel-detail muted">
                {prior !== null && prior > 0
                  ? `${a('funnel.kept', { percent: percent(Math.min(1, n / prior)) })} · ${a('funnel.dropped', { n: formatNumber(Math.max(0, prior - n)) })} · `
                  : ''}
                {a('funnel.previous', { n: formatNumber(before?.[step] ?? 0) })}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** What engineers watch, with units: webhook handling, Whop's retried deliveries, the API's 5xx share, the ledger check, unreadable objects. */
function Engineering({ stats }: { stats: StatsDto }) {
  const { a, formatNumber, formatDate, percent } = useAdminText();
  const { webhooks, requests, ledgerCheck, unreadable } = stats;
  const ms = (v: number | null) => (v === null ? a('none') : a('engineering.ms', { n: formatNumber(v) }));
  return (
    <section className="card" aria-labelledby="engineering-heading">
      <h2 id="engineering-heading">{a('engineering.title')}</h2>
      <dl className="kpis">
        <Figure label={a('engineering.handled')} value={formatNumber(webhooks.handled)} />
        <Figure label={a('engineering.p50')} value={ms(webhooks.p50Ms)} />
        <Figure label={a('engineering.p99')} value={ms(webhooks.p99Ms)} />
        <Figure
          label={a('engineering.failures')}
          value={formatNumber(webhooks.failures)}
          detail={a('engineering.failuresDetail')}
          tone={webhooks.failures > 0 ? 'danger' : undefined}
        />
        <Figure
          label={a('kpi.errors')}
          value={percent(requests.serverErrorShare)}
          detail={a('kpi.errorsDetail', { errors: formatNumber(requests.serverErrors), total: formatNumber(requests.total) })}
          tone={requests.serverErrors > 0 ? 'danger' : undefined}
        />
        <Figure label={a('engineering.unreadable')} value={formatNumber(unreadable.count)} tone={unreadable.count > 0 ? 'danger' : undefined} />
        <Figure
          label={a('kpi.ledger')}
          value={ledgerCheck === null ? a('ledger.never') : ledgerCheck.differences === 0 ? a('ledger.ok') : a('ledger.bad', { n: formatNumber(ledgerCheck.differences) })}
          detail={ledgerCheck === null ? undefined : a('ledger.at', { at: formatDate(ledgerCheck.at) })}
          tone={ledgerCheck === null ? undefined : ledgerCheck.differences === 0 ? 'success' : 'danger'}
          words
        />
      </dl>
    </section>
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
          <ChartLegend series={orders} total={(s) => count(sum(s.values))} totalLabel={a('legend.total')} />
        </figure>
        <figure>
          <figcaption>{a('chart.revenue')}</figcaption>
          <Chart label={a('chart.revenue')} timeLabel={a('chart.period')} times={times} series={revenue} format={money} />
          <ChartLegend series={revenue} total={(s) => money(sum(s.values))} totalLabel={a('legend.total')} />
        </figure>
      </div>
      <details>
        <summary>{a('chart.table')}</summary>
        <TableScroll label={a('chart.table')}>
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
        </TableScroll>
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

/**
 * Ten orders of a status, and how many there are (100 and more shown as "100+"): the newest, or for
 * disputes the ones whose evidence Whop wants soonest, each with its deadline.
 */
function Waiting({ query, status, title }: { query: ReturnType<typeof useAdminOrders>; status: string; title(n: string): string }) {
  const { a, formatDate } = useAdminText();
  const first = query.data?.pages[0];
  if (!first || first.orders.length === 0) return null;
  const due = (o: AdminOrderDto) => (o.respondBy ? Date.parse(o.respondBy) : Infinity);
  const soonest = (x: AdminOrderDto, y: AdminOrderDto) => due(x) - due(y);
  const shown = (status === 'disputed' ? [...first.orders].sort(soonest) : first.orders).slice(0, 10);
  return (
    <div>
      <h3>
        <Link to={`/admin/orders?status=${status}`}>{title(`${first.orders.length}${first.nextCursor ? '+' : ''}`)}</Link>
      </h3>
      <ul className="links">
        {shown.map((o) => (
          <li key={o.id}>
            <Link to={`/admin/orders/${o.id}`}>{o.id.slice(0, 8)}</Link> <span className="muted">{o.userId}</span>
            {o.respondBy ? <strong className="deadline"> · {a('whop.respondBy', { at: formatDate(o.respondBy) })}</strong> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
