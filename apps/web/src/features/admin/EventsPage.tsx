import { useState } from 'react';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { adminEventSchema } from '@credits/shared';
import { usePageTitle } from '../../lib/usePageTitle';
import { AdminProblem } from './AdminProblem';
import { useAdminEvents, useRedeliver, type EventStatus } from './api';
import { TableScroll } from './TableScroll';
import { useAdminText } from './useAdminText';
import { Notice, Skeleton } from '@credits/react';
import { MorePages } from '../../components/MorePages';

type AdminEvent = z.infer<typeof adminEventSchema>;
const STATUSES: EventStatus[] = ['pending', 'failing', 'delivered'];

/** What the host app was told (EVENTS_WEBHOOK_URL), newest first: each event's deliveries, and a way to send one again. */
export default function EventsPage() {
  const { a, t } = useAdminText();
  usePageTitle(a('events.title'));
  const [status, setStatus] = useState<EventStatus | null>(null);
  const events = useAdminEvents(status);
  const redeliver = useRedeliver();
  const rows = events.data?.pages.flatMap((p) => p.events) ?? [];

  return (
    <section className="card" aria-labelledby="events-heading">
      <h1 id="events-heading">{a('events.title')}</h1>
      <p className="hint">{a('events.intro')}</p>
      <div className="filters">
        <label>
          {a('events.filter')}
          <select value={status ?? ''} onChange={(e) => setStatus((e.target.value || null) as EventStatus | null)}>
            <option value="">{a('events.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {a(`events.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {redeliver.isSuccess ? <Notice>{a('events.sentAgain')}</Notice> : null}
      {redeliver.isError ? <AdminProblem error={redeliver.error} /> : null}
      {events.isPending ? <Skeleton label={t('common.loading')} lines={[60, 100, 100]} /> : null}
      {events.isError ? <AdminProblem error={events.error} onRetry={() => void events.refetch()} /> : null}
      {events.data && rows.length === 0 ? <p>{a('events.none')}</p> : null}
      {rows.length > 0 ? (
        <TableScroll label={a('events.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{a('events.created')}</th>
                <th scope="col">{a('events.type')}</th>
                <th scope="col">{a('events.user')}</th>
                <th scope="col">{a('events.credits')}</th>
                <th scope="col">{a('events.attempts')}</th>
                <th scope="col">{a('events.state')}</th>
                <th scope="col">
                  <span className="visually-hidden">{a('events.redeliver')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((event) => (
                <EventRow key={event.id} event={event} onRedeliver={() => redeliver.mutate(event.id)} busy={redeliver.isPending && redeliver.variables === event.id} />
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      <MorePages query={events} label={a('events.more')} />
    </section>
  );
}

function EventRow({ event, onRedeliver, busy }: { event: AdminEvent; onRedeliver: () => void; busy: boolean }) {
  const { a, formatDate, formatNumber } = useAdminText();
  const data = (event.payload.data ?? {}) as { credits?: number };
  const state = event.deliveredAt
    ? a('events.deliveredAt', { at: formatDate(event.deliveredAt) })
    : event.lastError
      ? a('events.failed', { error: event.lastError, at: formatDate(event.nextAttemptAt) })
      : a('events.waiting', { at: formatDate(event.nextAttemptAt) });
  return (
    <tr>
      <td>{formatDate(event.createdAt)}</td>
      <td>
        <code>{event.type}</code>
      </td>
      <td>
        <Link to={`/admin/users/${encodeURIComponent(event.userId)}`}>{event.userId}</Link>
      </td>
      <td>{typeof data.credits === 'number' ? formatNumber(data.credits) : a('none')}</td>
      <td>{formatNumber(event.attempts)}</td>
      <td className={!event.deliveredAt && event.lastError ? 'delivery-failing' : undefined}>{state}</td>
      <td>
        <button type="button" onClick={onRedeliver} disabled={busy} aria-label={a('events.redeliverLabel', { event: event.id })}>
          {a('events.redeliver')}
        </button>
      </td>
    </tr>
  );
}
