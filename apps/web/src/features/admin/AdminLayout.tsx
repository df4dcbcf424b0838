import { NavLink, Outlet } from 'react-router';
import './console.css';
import { usePageTitle } from '../../lib/usePageTitle';
import { useMe } from '../../lib/me';
import { useAdminText } from './useAdminText';
import { ProblemMessage, Skeleton } from '@credits/react';

/** The console's frame: only operators get past it; everyone else sees why not (the API refuses them too). */
export default function AdminLayout() {
  const { a, t } = useAdminText();
  const me = useMe();
  usePageTitle(a('title'));

  if (me.isPending) {
    return (
      <section className="card">
        <Skeleton label={t('common.loading')} lines={[40, 80]} />
      </section>
    );
  }
  if (me.isError) return <ProblemMessage error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data.operator) {
    return (
      <section className="card" aria-labelledby="forbidden-heading">
        <h1 id="forbidden-heading">{a('forbidden.title')}</h1>
        <p>{a('forbidden.body')}</p>
      </section>
    );
  }
  return (
    <div className="console">
      <nav className="subnav" aria-label={a('title')}>
        <NavLink to="/admin" end>
          {a('nav.dashboard')}
        </NavLink>
        <NavLink to="/admin/orders">{a('nav.orders')}</NavLink>
        <NavLink to="/admin/events">{a('nav.events')}</NavLink>
      </nav>
      <Outlet />
    </div>
  );
}
