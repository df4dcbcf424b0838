import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { PACKAGE_IDS, PAYMENT_STATUSES } from '@credits/shared';
import { usePageTitle } from '../../app/usePageTitle';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Skeleton } from '../../components/ui/feedback';
import { useAdminOrders, type OrderFilters } from './api';
import { OrdersTable } from './OrdersTable';
import { useAdminText } from './useAdminText';

const FILTERS = ['status', 'packageId', 'q', 'from', 'to'] as const;

/** Every order, newest first, found by status, pack, any id, or creation time; the filters live in the address. */
export default function OrdersPage() {
  const { a, t } = useAdminText();
  usePageTitle(a('orders.title'));
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.flatMap((name) => (params.get(name) ? [[name, params.get(name)]] : []))) as OrderFilters;
  const orders = useAdminOrders(filters);
  const rows = orders.data?.pages.flatMap((p) => p.orders) ?? [];
  const [form, setForm] = useState(() => ({
    status: params.get('status') ?? '',
    packageId: params.get('packageId') ?? '',
    q: params.get('q') ?? '',
    from: params.get('from')?.slice(0, 10) ?? '',
    to: params.get('to')?.slice(0, 10) ?? '',
  }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    if (form.status) next.set('status', form.status);
    if (form.packageId) next.set('packageId', form.packageId);
    if (form.q.trim()) next.set('q', form.q.trim());
    // Dates are days in UTC: from the start of the first, before the start of the day after the last.
    if (form.from) next.set('from', `${form.from}T00:00:00.000Z`);
    if (form.to) next.set('to', new Date(Date.parse(`${form.to}T00:00:00.000Z`) + 86_400_000).toISOString());
    setParams(next);
  };
  const field = (name: keyof typeof form) => ({ value: form[name], onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }) });

  return (
    <section className="card" aria-labelledby="orders-heading">
      <h1 id="orders-heading">{a('orders.title')}</h1>
      <form className="filters" onSubmit={submit} role="search">
        <label>
          {a('filter.q')}
          <input type="search" {...field('q')} aria-describedby="q-help" />
          <span id="q-help" className="hint">
            {a('filter.qHelp')}
          </span>
        </label>
        <label>
          {a('filter.status')}
          <select {...field('status')}>
            <option value="">{a('filter.any')}</option>
            {PAYMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {a('filter.pack')}
          <select {...field('packageId')}>
            <option value="">{a('filter.any')}</option>
            {PACKAGE_IDS.map((p) => (
              <option key={p} value={p}>
                {t(`purchase.pack.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {a('filter.from')}
          <input type="date" {...field('from')} />
        </label>
        <label>
          {a('filter.to')}
          <input type="date" {...field('to')} />
        </label>
        <div className="actions">
          <button type="submit" className="primary">
            {a('filter.apply')}
          </button>
          <button
            type="button"
            onClick={() => {
              setForm({ status: '', packageId: '', q: '', from: '', to: '' });
              setParams(new URLSearchParams());
            }}
          >
            {a('filter.clear')}
          </button>
        </div>
      </form>
      {orders.isPending ? <Skeleton label={t('common.loading')} lines={[100, 100, 100]} /> : null}
      {orders.isError ? <ProblemMessage error={orders.error} onRetry={() => void orders.refetch()} /> : null}
      {orders.isSuccess && rows.length === 0 ? <p>{a('orders.empty')}</p> : null}
      {rows.length > 0 ? <OrdersTable orders={rows} /> : null}
      {orders.hasNextPage ? (
        <button type="button" onClick={() => void orders.fetchNextPage()} disabled={orders.isFetchingNextPage}>
          {orders.isFetchingNextPage ? t('common.loading') : a('orders.more')}
        </button>
      ) : null}
    </section>
  );
}
