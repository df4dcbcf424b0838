import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PAYMENT_STATUSES } from '@credits/shared';
import { usePageTitle } from '../../lib/usePageTitle';
import { useAdminOrders, useUserSearch, type OrderFilters } from './api';
import { OrdersTable } from './OrdersTable';
import { OtherCaseUsers } from './OtherCaseUsers';
import { useAdminText } from './useAdminText';
import { ProblemMessage, Skeleton, usePackages } from '@credits/react';
import { MorePages } from '../../components/MorePages';

const FILTERS = ['status', 'packageId', 'q', 'from', 'to'] as const;
const DAY = 86_400_000;

/**
 * The form's fields from the address. Dates are whole days in UTC: `from` is the start of the first
 * day, `to` the start of the day after the last (so the last day shown is the one before it).
 */
function formOf(params: URLSearchParams) {
  const to = params.get('to');
  return {
    status: params.get('status') ?? '',
    packageId: params.get('packageId') ?? '',
    q: params.get('q') ?? '',
    from: params.get('from')?.slice(0, 10) ?? '',
    to: to && !Number.isNaN(Date.parse(to)) ? new Date(Date.parse(to) - DAY).toISOString().slice(0, 10) : '',
  };
}

/** Every order, newest first, found by status, pack, any id, or creation time; the filters live in the address. */
export default function OrdersPage() {
  const { a, t } = useAdminText();
  usePageTitle(a('orders.title'));
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.flatMap((name) => (params.get(name) ? [[name, params.get(name)]] : []))) as OrderFilters;
  const orders = useAdminOrders(filters);
  const rows = orders.data?.pages.flatMap((p) => p.orders) ?? [];

  return (
    <section className="card" aria-labelledby="orders-heading">
      <h1 id="orders-heading">{a('orders.title')}</h1>
      <Filters params={params} onSearch={setParams} />
      {orders.isPending ? <Skeleton label={t('common.loading')} lines={[100, 100, 100]} /> : null}
      {orders.isError ? <ProblemMessage error={orders.error} onRetry={() => void orders.refetch()} /> : null}
      {orders.isSuccess && rows.length === 0 ? <p>{a('orders.empty')}</p> : null}
      <OtherCaseUsers userIds={orders.data?.pages[0]?.userIdsInOtherCase ?? []} />
      {filters.q ? <UsersFound q={filters.q} /> : null}
      {rows.length > 0 ? <OrdersTable orders={rows} /> : null}
      <MorePages query={orders} label={a('orders.more')} loading={t('common.loading')} />
    </section>
  );
}

/** The search form, filled from the address it was opened with; searching writes a new address. */
function Filters({ params, onSearch }: { params: URLSearchParams; onSearch(next: URLSearchParams): void }) {
  const { a, t, locale } = useAdminText();
  const packages = usePackages();
  const [form, setForm] = useState(() => formOf(params));
  // A new address (a search, Back, Forward) fills the form afresh, keeping focus where it is.
  const address = params.toString();
  const [shown, setShown] = useState(address);
  if (address !== shown) {
    setShown(address);
    setForm(formOf(params));
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    if (form.status) next.set('status', form.status);
    if (form.packageId) next.set('packageId', form.packageId);
    if (form.q.trim()) next.set('q', form.q.trim());
    if (form.from) next.set('from', `${form.from}T00:00:00.000Z`);
    if (form.to) next.set('to', new Date(Date.parse(`${form.to}T00:00:00.000Z`) + DAY).toISOString());
    onSearch(next);
  };
  const field = (name: keyof typeof form) => ({ value: form[name], onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }) });

  return (
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
          {(packages.data ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.names[locale]}
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
            setForm(formOf(new URLSearchParams()));
            onSearch(new URLSearchParams());
          }}
        >
          {a('filter.clear')}
        </button>
      </div>
    </form>
  );
}

/** The users whose id starts with what was searched (the id itself first), as links to their pages. */
function UsersFound({ q }: { q: string }) {
  const { a } = useAdminText();
  const users = useUserSearch(q);
  const found = users.data?.userIds ?? [];
  if (found.length === 0) return null;
  return (
    <div className="users-found">
      <h2 className="figures-heading">{a('users.found', { q })}</h2>
      <ul className="links">
        {found.map((id) => (
          <li key={id}>
            <Link to={`/admin/users/${encodeURIComponent(id)}`}>
              <code>{id}</code>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
