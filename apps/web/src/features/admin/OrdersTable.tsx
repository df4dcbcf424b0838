import { Link } from 'react-router';
import type { AdminOrderDto } from '@credits/shared';
import { TableScroll } from './TableScroll';
import { useAdminText } from './useAdminText';

/** Orders as rows, newest first, each linked to its page (and, unless it is the user's own page, to its user). */
export function OrdersTable({ orders, showUser = true }: { orders: AdminOrderDto[]; showUser?: boolean }) {
  const { a, t, locale, formatMoney, formatDate } = useAdminText();
  return (
    <TableScroll label={a('orders.title')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{a('column.created')}</th>
            <th scope="col">{a('column.order')}</th>
            {showUser ? <th scope="col">{a('column.user')}</th> : null}
            <th scope="col">{a('column.pack')}</th>
            <th scope="col">{a('column.amount')}</th>
            <th scope="col">{a('column.status')}</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.id}>
              <td>{formatDate(o.createdAt)}</td>
              <td>
                <Link to={`/admin/orders/${o.id}`}>
                  <code>{o.id.slice(0, 8)}</code>
                </Link>
              </td>
              {showUser ? (
                <td>
                  <Link to={`/admin/users/${encodeURIComponent(o.userId)}`}>{o.userId}</Link>
                </td>
              ) : null}
              <td>{o.packNames[locale]}</td>
              <td>{formatMoney(o.amountCents, o.currency)}</td>
              <td>
                <span className={`status status-${o.status}`}>{t(`status.${o.status}`)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
