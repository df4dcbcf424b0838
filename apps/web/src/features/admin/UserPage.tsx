import { useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import type { AdminUserDto } from '@credits/shared';
import { usePageTitle } from '../../lib/usePageTitle';
import { AdminProblem } from './AdminProblem';
import { newKey, useAdjust, useAdminUser } from './api';
import { OrdersTable } from './OrdersTable';
import { OtherCaseUsers } from './OtherCaseUsers';
import { TableScroll } from './TableScroll';
import { useAdminText } from './useAdminText';
import { Notice, Skeleton } from '@credits/react';

/** A buyer as support sees them: balance, ledger, orders, what operators did, and a way to adjust. */
export default function UserPage() {
  const { userId = '' } = useParams();
  const { a, t, formatNumber } = useAdminText();
  usePageTitle(`${a('user.title')} ${userId}`);
  const user = useAdminUser(userId);

  return (
    <>
      <section className="card" aria-labelledby="user-heading">
        <h1 id="user-heading">
          {a('user.title')} <code>{userId}</code>
        </h1>
        {user.isPending ? <Skeleton label={t('common.loading')} lines={[40, 100]} /> : null}
        {user.isError ? <AdminProblem error={user.error} onRetry={() => void user.refetch()} /> : null}
        {user.data ? (
          <dl className="facts">
            <div>
              <dt>{a('user.balance')}</dt>
              <dd className="kpi-value" data-testid="user-balance">
                {formatNumber(user.data.balance)}
              </dd>
            </div>
          </dl>
        ) : null}
        <OtherCaseUsers userIds={user.data?.userIdsInOtherCase ?? []} />
      </section>
      <AdjustForm userId={userId} balance={user.data?.balance ?? null} />
      {user.data ? <UserRecords user={user.data} /> : null}
    </>
  );
}

function UserRecords({ user }: { user: AdminUserDto }) {
  const { a, word, memo, formatNumber, formatDate } = useAdminText();
  return (
    <>
      <section className="card" aria-labelledby="user-orders-heading">
        <h2 id="user-orders-heading">{a('user.orders')}</h2>
        <OrdersTable orders={user.orders} showUser={false} />
      </section>
      <section className="card" aria-labelledby="user-ledger-heading">
        <h2 id="user-ledger-heading">{a('user.ledger')}</h2>
        <TableScroll label={a('user.ledger')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{a('column.when')}</th>
                <th scope="col">{a('column.kind')}</th>
                <th scope="col">{a('column.credits')}</th>
                <th scope="col">{a('column.memo')}</th>
              </tr>
            </thead>
            <tbody>
              {user.ledger.map((e) => (
                <tr key={e.id}>
                  <td>{formatDate(e.createdAt)}</td>
                  <td>{word('kind', e.kind)}</td>
                  <td className="number">{formatNumber(e.credits)}</td>
                  <td>{memo(e.memo)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section className="card" aria-labelledby="user-audit-heading">
        <h2 id="user-audit-heading">{a('user.audit')}</h2>
        {user.audit.length === 0 ? <p className="muted">{a('user.auditEmpty')}</p> : null}
        <ol className="timeline">
          {user.audit.map((entry) => (
            <li key={entry.id}>
              <time dateTime={entry.at}>{formatDate(entry.at)}</time>
              <div>
                {a('timeline.operator', { actor: entry.actor, action: word('action', entry.action), reason: entry.reason })}
                <AuditAmount details={entry.details} />
                {entry.orderId ? (
                  <>
                    {' '}
                    <Link to={`/admin/orders/${entry.orderId}`}>
                      <code>{entry.orderId.slice(0, 8)}</code>
                    </Link>
                  </>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

/** What an operator's action moved, from its audit details: an adjustment's credits and the balance before and after. */
export function AuditAmount({ details }: { details: Record<string, unknown> }) {
  const { a, formatNumber } = useAdminText();
  const { credits, balanceBefore } = details;
  if (typeof credits !== 'number') return null;
  const amount = credits > 0 ? `+${formatNumber(credits)}` : formatNumber(credits);
  return (
    <span className="audit-amount">
      {' '}
      {typeof balanceBefore === 'number'
        ? a('audit.amountBalance', { credits: amount, before: formatNumber(balanceBefore), after: formatNumber(balanceBefore + credits) })
        : a('audit.amount', { credits: amount })}
    </span>
  );
}

/** Adjustments this large, or that take the balance below zero, are confirmed first: a slip of the keyboard must not move a fortune. */
export const CONFIRM_ADJUSTMENT_CREDITS = 10_000;

/**
 * Credits given or taken back by hand, with a reason; a retried submission adjusts once. A large one
 * (or one that leaves the buyer owing) asks first, naming the amount and the balance it leaves.
 */
function AdjustForm({ userId, balance }: { userId: string; balance: number | null }) {
  const { a, formatNumber } = useAdminText();
  const adjust = useAdjust(userId);
  const [credits, setCredits] = useState('');
  const [reason, setReason] = useState('');
  const [key, setKey] = useState(newKey);
  const [invalid, setInvalid] = useState(false);
  /** The adjustment waiting for the operator's yes. */
  const [asking, setAsking] = useState<number | null>(null);
  const creditsId = useId();
  const reasonId = useId();
  const errorId = useId();
  const confirmId = useId();

  const send = (value: number) => {
    setAsking(null);
    adjust.mutate(
      { credits: value, reason: reason.trim(), key },
      {
        onSuccess: () => {
          setKey(newKey());
          setCredits('');
          setReason('');
        },
      },
    );
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = Number(credits);
    if (!/^-?\d+$/.test(credits.trim()) || value === 0 || !reason.trim()) return setInvalid(true);
    setInvalid(false);
    if (Math.abs(value) >= CONFIRM_ADJUSTMENT_CREDITS || (balance !== null && balance + value < 0)) return setAsking(value);
    send(value);
  };
  // The key stays until an adjustment went through: resent after a timeout, even edited, it cannot
  // adjust twice (the API answers 422 to the same key with another body).
  const edit = (set: (v: string) => void) => (e: { target: { value: string } }) => {
    setAsking(null);
    set(e.target.value);
  };
  const signed = (n: number) => (n > 0 ? `+${formatNumber(n)}` : formatNumber(n));

  return (
    <section className="card" aria-labelledby="adjust-heading">
      <h2 id="adjust-heading">{a('adjust.title')}</h2>
      <form onSubmit={submit} className="stack" noValidate>
        <label htmlFor={creditsId}>{a('adjust.credits')}</label>
        <input
          id={creditsId}
          inputMode="numeric"
          value={credits}
          onChange={edit(setCredits)}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? errorId : undefined}
          required
        />
        {invalid ? (
          <p id={errorId} className="field-error" role="alert">
            {a('adjust.invalid')}
          </p>
        ) : null}
        <label htmlFor={reasonId}>{a('adjust.reason')}</label>
        <input id={reasonId} value={reason} onChange={edit(setReason)} required maxLength={500} />
        {asking === null ? (
          <div className="actions">
            <button type="submit" className="primary" disabled={adjust.isPending}>
              {a('adjust.submit')}
            </button>
          </div>
        ) : (
          <div className="confirm" role="alert" aria-labelledby={confirmId}>
            <p id={confirmId}>
              {a(asking > 0 ? 'adjust.confirmGive' : 'adjust.confirmTake', {
                credits: formatNumber(Math.abs(asking)),
                user: userId,
                before: balance === null ? a('none') : formatNumber(balance),
                after: balance === null ? a('none') : formatNumber(balance + asking),
              })}
            </p>
            <div className="actions">
              <button type="button" className="primary" onClick={() => send(asking)} disabled={adjust.isPending}>
                {a('adjust.confirm', { credits: signed(asking) })}
              </button>
              <button type="button" onClick={() => setAsking(null)}>
                {a('adjust.change')}
              </button>
            </div>
          </div>
        )}
      </form>
      {adjust.isError ? <AdminProblem error={adjust.error} /> : null}
      {adjust.isSuccess ? <Notice>{a('adjust.done', { balance: formatNumber(adjust.data.balance) })}</Notice> : null}
    </section>
  );
}
