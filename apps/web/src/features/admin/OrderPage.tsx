import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import type { AdminOrderDetailDto, ResolveAction, TimelineItemDto } from '@credits/shared';
import { usePageTitle } from '../../lib/usePageTitle';
import { AdminProblem } from './AdminProblem';
import { newKey, useAdminOrder, useReplay, useResolve } from './api';
import { useAdminText } from './useAdminText';
import { Notice, Skeleton } from '@credits/react';
import { FactList, type Fact } from '../../components/FactList';

/** One order as an operator sees it: the facts, what Whop told, everything that happened, and the review's actions. */
export default function OrderPage() {
  const { orderId = '' } = useParams();
  const { a, t } = useAdminText();
  usePageTitle(`${a('order.title')} ${orderId.slice(0, 8)}`);
  const detail = useAdminOrder(orderId);
  // The review's outcome outlives its form (which goes once the order leaves review); focus moves to it.
  const [resolved, setResolved] = useState<string | null>(null);
  const notice = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (resolved) notice.current?.focus();
  }, [resolved]);

  if (detail.isPending) {
    return (
      <section className="card">
        <Skeleton label={t('common.loading')} lines={[40, 100, 100, 100]} />
      </section>
    );
  }
  if (detail.isError) {
    return (
      <section className="card">
        <h1>{a('order.title')}</h1>
        <AdminProblem error={detail.error} onRetry={() => void detail.refetch()} />
      </section>
    );
  }
  const { order } = detail.data;
  // The API says what applies (a review's ways out, a refund of money kept); the console decides nothing.
  const { actions } = detail.data;
  return (
    <>
      <section className="card" aria-labelledby="order-heading">
        <div className="card-header">
          <h1 id="order-heading">
            {a('order.title')} <code>{order.id}</code>
          </h1>
          <span className={`status status-${order.status}`}>{t(`status.${order.status}`)}</span>
        </div>
        {resolved ? (
          <div ref={notice} tabIndex={-1}>
            <Notice>{resolved}</Notice>
          </div>
        ) : null}
        <Facts detail={detail.data} />
      </section>
      {actions.length > 0 ? <ResolveForm key={actions.map((x) => x.action).join()} detail={detail.data} onDone={setResolved} /> : null}
      <WhopPayments detail={detail.data} />
      <Timeline orderId={order.id} currency={order.currency} items={detail.data.timeline} />
    </>
  );
}

function Facts({ detail: { order } }: { detail: AdminOrderDetailDto }) {
  const { a, locale, word, formatMoney, formatNumber, formatDate } = useAdminText();
  const facts: Fact[] = [
    [a('order.user'), <Link to={`/admin/users/${encodeURIComponent(order.userId)}`}>{order.userId}</Link>],
    [a('order.pack'), order.packNames[locale]],
    [a('order.amount'), formatMoney(order.amountCents, order.currency)],
    [a('order.credits'), formatNumber(order.credits)],
    [a('order.reason'), word('reason', order.statusReason)],
    [a('order.checkout'), order.whopCheckoutId ? <code>{order.whopCheckoutId}</code> : a('none')],
    [a('order.whopPayment'), order.whopPaymentId ? <code>{order.whopPaymentId}</code> : a('none')],
    [a('order.source'), word('source', order.completionSource)],
    [a('order.charged'), formatMoney(order.chargedCents, order.currency)],
    [a('order.refunded'), formatMoney(order.refundedCents, order.currency)],
    [a('order.takenBack'), formatNumber(order.clawedCredits)],
    [a('order.held'), formatNumber(order.heldCredits)],
    [a('order.created'), formatDate(order.createdAt)],
    [a('order.completed'), order.completedAt ? formatDate(order.completedAt) : a('none')],
  ];
  return <FactList className="facts" facts={facts} />;
}

type Action = ResolveAction;

/**
 * What an operator may do with the order: radio buttons and a note, usable by keyboard alone; a
 * retried submission acts once. The price and what Whop charged for the pack stand side by side
 * when they differ.
 */
function ResolveForm({ detail, onDone }: { detail: AdminOrderDetailDto; onDone(message: string): void }) {
  const { a, word, formatMoney } = useAdminText();
  const { order } = detail;
  const resolve = useResolve(order.id);
  const actions = detail.actions.map((x) => x.action);
  const [action, setAction] = useState<Action | null>(actions.length === 1 ? actions[0]! : null);
  // A review's decision (grant or dismiss), or only a refund.
  const review = actions.some((x) => x === 'grant' || x === 'dismiss');
  const target = detail.whopPayments.find((p) => p.id === detail.actions[0]!.paymentId);
  const charged = target?.chargedCents ?? null;
  const sameCurrency = (target?.currency ?? order.currency) === order.currency;
  const label = (value: Action) => {
    const cents = detail.actions.find((x) => x.action === value)?.refundCents ?? null;
    return a(`resolve.${value}`, cents === null ? {} : { amount: formatMoney(cents, order.currency) });
  };
  const [note, setNote] = useState('');
  // Kept until a decision went through: a decision resent after a timeout, even changed, acts once.
  const [key, setKey] = useState(newKey);
  const noteId = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!action || !note.trim()) return;
    resolve.mutate(
      { action, note: note.trim(), key },
      {
        onSuccess: (result) => {
          setKey(newKey());
          onDone(a('resolve.done', { outcome: word('outcome', result.outcome) }));
        },
      },
    );
  };
  const choose = (next: Action) => {
    setAction(next);
    resolve.reset();
  };

  return (
    <section className="card" aria-labelledby="resolve-heading">
      <h2 id="resolve-heading">{review ? a('resolve.title') : a('resolve.refundTitle')}</h2>
      {charged !== null && sameCurrency && charged !== order.amountCents ? (
        <FactList
          className="facts compare"
          facts={[
            [a('resolve.price'), formatMoney(order.amountCents, order.currency)],
            [a('resolve.charged'), formatMoney(charged, order.currency)],
            [a('resolve.difference'), `${charged > order.amountCents ? '+' : ''}${formatMoney(charged - order.amountCents, order.currency)}`],
          ]}
        />
      ) : null}
      <form onSubmit={submit} className="stack">
        <fieldset>
          <legend>{a('resolve.action')}</legend>
          {actions.map((value) => (
            <label key={value} className="choice">
              <input type="radio" name="action" value={value} checked={action === value} onChange={() => choose(value)} required />
              <span>
                <strong>{label(value)}</strong>
                <span className="hint">{a(`resolve.${value}Help`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <label htmlFor={noteId}>{a('resolve.note')}</label>
        <textarea id={noteId} value={note} onChange={(e) => setNote(e.target.value)} required maxLength={500} rows={3} />
        <div className="actions">
          <button type="submit" className="primary" disabled={resolve.isPending}>
            {review ? a('resolve.submit') : a('resolve.refund')}
          </button>
        </div>
      </form>
      {resolve.isError ? <AdminProblem error={resolve.error} /> : null}
    </section>
  );
}

function WhopPayments({ detail }: { detail: AdminOrderDetailDto }) {
  const { a, word, formatMoney, formatDate } = useAdminText();
  const { order, whopPayments } = detail;
  return (
    <section className="card" aria-labelledby="whop-heading">
      <h2 id="whop-heading">{a('whop.title')}</h2>
      {whopPayments.length === 0 ? <p className="muted">{a('whop.none')}</p> : null}
      <ul className="plain">
        {whopPayments.map((p) => (
          <li key={p.id}>
            <code>{p.id}</code> · {p.paid ? a('whop.paid') : a('whop.unpaid')}
            {p.totalCents !== null ? <> · {formatMoney(p.totalCents, p.currency ?? order.currency)}</> : null}
            {p.settlement ? <> · {a('whop.settlement', { amount: formatMoney(p.settlement.cents, p.settlement.currency) })}</> : null}
            {p.declined ? <> · {a('whop.declined')}</> : null}
            {p.mismatch ? <> · {a('whop.mismatch', { reason: word('reason', p.mismatch) })}</> : null}
            {p.refunds.length + p.disputes.length > 0 ? (
              <ul>
                {p.refunds.map((r) => (
                  <li key={r.id}>{a('whop.refund', { id: r.id, status: r.status, amount: formatMoney(r.cents, r.currency ?? p.currency ?? order.currency) })}</li>
                ))}
                {p.disputes.map((d) => (
                  <li key={d.id}>
                    {a('whop.dispute', { id: d.id, status: d.status, amount: d.cents === null ? a('none') : formatMoney(d.cents, d.currency ?? p.currency ?? order.currency) })}
                    {/* Waiting for the seller's evidence: until when Whop takes it, and where (Whop gives no address for one dispute: its dashboard). */}
                    {d.status === 'needs_response' || d.status === 'warning_needs_response' ? (
                      <>
                        {d.needsResponseBy ? <strong className="deadline"> · {a('whop.respondBy', { at: formatDate(d.needsResponseBy) })}</strong> : null}
                        {' · '}
                        <a href={detail.whopDashboardUrl} target="_blank" rel="noreferrer">
                          {a('whop.dashboard')}
                        </a>{' '}
                        {a('whop.dashboardWhere', { payment: p.id })}
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Timeline({ orderId, currency, items }: { orderId: string; currency: string; items: TimelineItemDto[] }) {
  const { a, word, memo, formatDate, formatNumber, formatMoney } = useAdminText();
  const describe = (item: TimelineItemDto): React.ReactNode => {
    switch (item.kind) {
      case 'created':
        return a('timeline.created');
      case 'webhook':
        return (
          <>
            {a('timeline.webhook', { type: item.type, outcome: word('outcome', item.outcome) })} <code className="muted">{item.eventId}</code>
            <Replay orderId={orderId} eventId={item.eventId} type={item.type} />
          </>
        );
      case 'ledger':
        return a('timeline.ledger', { kind: word('kind', item.entryKind), credits: formatNumber(item.credits) }) + (item.memo ? ` (${memo(item.memo)})` : '');
      case 'completed':
        return a('timeline.completed', { source: word('source', item.source) });
      case 'operator': {
        const action = word('action', item.action);
        // A refund of the difference names its amount.
        const cents = item.details.refund === 'difference' && typeof item.details.cents === 'number' ? item.details.cents : null;
        const line = a('timeline.operator', {
          actor: item.actor,
          action: cents === null ? action : a('timeline.difference', { action, amount: formatMoney(cents, currency) }),
          reason: item.reason,
        });
        // A refund's audit says what Whop answered: asked, accepted, or not (and why).
        const answer = item.details.whop;
        if (answer !== 'requested' && answer !== 'confirmed' && answer !== 'failed') return line;
        return `${line} · ${a(`whop.answer.${answer}`, { error: String(item.details.error ?? item.details.failed ?? '') })}`;
      }
    }
  };
  return (
    <section className="card" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{a('timeline.title')}</h2>
      <ol className="timeline">
        {items.map((item, i) => (
          <li key={i}>
            <time dateTime={item.at}>{formatDate(item.at)}</time>
            <div>{describe(item)}</div>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Handling a stored webhook again: asks why (the audit log keeps it); an event already handled changes nothing. */
function Replay({ orderId, eventId, type }: { orderId: string; eventId: string; type: string }) {
  const { a, word } = useAdminText();
  const replay = useReplay(orderId);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const reasonId = useId();

  if (!open) {
    return (
      <button type="button" className="quiet small" onClick={() => setOpen(true)}>
        {a('replay.button', { type })}
      </button>
    );
  }
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim()) replay.mutate({ eventId, reason: reason.trim() });
      }}
    >
      <label htmlFor={reasonId}>{a('replay.reason')}</label>
      <input id={reasonId} value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} autoFocus />
      <button type="submit" disabled={replay.isPending}>
        {a('replay.submit')}
      </button>
      {replay.isError ? <AdminProblem error={replay.error} /> : null}
      {replay.isSuccess ? <Notice>{a('replay.done', { outcome: word('outcome', replay.data.outcome) })}</Notice> : null}
    </form>
  );
}
