import { sql } from 'drizzle-orm';
import { entryEvent } from '../../domain/events';
import { LedgerKeyTakenError, StaleOrderError, type Applied, type Change } from '../ports';
import { preparedStatement, type Db } from './db';
import { announce } from './PostgresOutbox';
import { auditLog, creditAccounts, ledgerEntries, moneyMovements, orders, webhookEvents } from './schema';

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const p = (name: string) => sql.placeholder(name);

/** Which parts a change has: each shape is one statement, prepared once per connection. */
interface Shape {
  order: boolean;
  /** The order's movements as now known: `keep` some and drop the rest, or `drop` them all (it knows none). */
  movements: 'keep' | 'drop' | null;
  entries: boolean;
  event: boolean;
  audit: boolean;
}

function shapeOf(change: Change): Shape {
  const movements = change.order?.movements;
  return {
    order: Boolean(change.order),
    movements: movements ? (movements.length > 0 ? 'keep' : 'drop') : null,
    entries: Boolean(change.entries?.drafts.length),
    event: Boolean(change.event),
    audit: Boolean(change.audit),
  };
}

/**
 * A decision in one statement holding only the parts it writes: the order saved on its version, the
 * money movements kept and dropped, the ledger entries inserted and the balance moved by exactly
 * those inserted, the webhook recorded as handled, the operator's action audited. Data-modifying
 * CTEs all run to completion, read or not; the checks afterwards throw (rolling everything back)
 * when something did not.
 */
function build(db: Db, shape: Shape, name: string) {
  const parts = [];
  const saved = db.$with('saved', { n: sql<number>`n` }).as(sql`
    update ${orders} set status = ${p('status')}, status_reason = ${p('statusReason')}, whop_payment_id = ${p('whopPaymentId')},
      completion_source = ${p('completionSource')}, completed_at = ${p('completedAt')}::timestamptz,
      charged_cents = ${p('chargedCents')}, tax_cents = ${p('taxCents')}, refunded_cents = ${p('refundedCents')},
      clawed_credits = ${p('clawedCredits')}, held_credits = ${p('heldCredits')}, respond_by = ${p('respondBy')}::timestamptz, history = ${p('history')}::jsonb,
      second_payments = ${p('secondPayments')}::jsonb, version = ${p('version')}, updated_at = ${p('updatedAt')}::timestamptz
    where id = ${p('orderId')} and version = ${p('expectedVersion')}
    returning 1 as n`);
  if (shape.order) parts.push(saved);
  // Disjoint rows: the insert touches the movements the order knows, the delete those it no longer does.
  if (shape.movements === 'keep') {
    parts.push(
      db.$with('money_kept', {}).as(sql`
        insert into ${moneyMovements} (kind, whop_id, order_id, package_id, cents, at)
        select m.kind, m.whop_id, ${p('orderId')}, ${p('packageId')}, m.cents, ${p('now')}::timestamptz
        from unnest(${p('movementKinds')}::text[], ${p('movementWhopIds')}::text[], ${p('movementCents')}::int[]) as m(kind, whop_id, cents)
        on conflict (kind, whop_id) do update set cents = excluded.cents
          where ${moneyMovements}.order_id = excluded.order_id and ${moneyMovements}.cents <> excluded.cents`),
    );
  }
  if (shape.movements) {
    const known = shape.movements === 'keep' ? sql` and (kind, whop_id) not in (select * from unnest(${p('movementKinds')}::text[], ${p('movementWhopIds')}::text[]))` : sql``;
    parts.push(db.$with('money_dropped', {}).as(sql`delete from ${moneyMovements} where order_id = ${p('orderId')}${known}`));
  }
  const booked = db.$with('booked', { id: sql<number>`id`, credits: sql<number>`credits` }).as(sql`
    insert into ${ledgerEntries} (user_id, key, kind, credits, payment_id, memo, created_at)
    select ${p('entryUserId')}, e.key, e.kind, e.credits, ${p('entryOrderId')}, e.memo, ${p('now')}::timestamptz
    from unnest(${p('entryKeys')}::text[], ${p('entryKinds')}::text[], ${p('entryCredits')}::int[], ${p('entryMemos')}::text[]) with ordinality as e(key, kind, credits, memo, n)
    order by e.n
    on conflict (key) do nothing
    returning id, credits`);
  if (shape.entries) {
    parts.push(
      booked,
      db.$with('moved', {}).as(sql`
        insert into ${creditAccounts} (user_id, balance, updated_at)
        select ${p('entryUserId')}, sum(credits), ${p('now')}::timestamptz from ${booked} having count(*) > 0
        on conflict (user_id) do update set balance = ${creditAccounts}.balance + excluded.balance, updated_at = excluded.updated_at`),
    );
  }
  // An event recorded but never handled (by an older version of this service) is completed here.
  const recorded = db.$with('recorded', { n: sql<number>`n` }).as(sql`
    insert into ${webhookEvents} (id, type, payload, received_at, processed_at, outcome, order_id, handling_ms)
    values (${p('eventId')}, ${p('eventType')}, ${p('eventPayload')}::jsonb, ${p('eventReceivedAt')}::timestamptz, ${p('now')}::timestamptz,
      ${p('eventOutcome')}, ${p('eventOrderId')}, ${p('eventHandlingMs')}::int)
    on conflict (id) do update set processed_at = excluded.processed_at, outcome = excluded.outcome, order_id = excluded.order_id, handling_ms = excluded.handling_ms
      where ${webhookEvents}.processed_at is null
    returning 1 as n`);
  if (shape.event) parts.push(recorded);
  if (shape.audit) {
    parts.push(
      db.$with('audited', {}).as(sql`
        insert into ${auditLog} (at, actor, action, order_id, user_id, reason, details)
        values (${p('now')}::timestamptz, ${p('auditActor')}, ${p('auditAction')}, ${p('auditOrderId')}, ${p('auditUserId')}, ${p('auditReason')}, ${p('auditDetails')}::jsonb)`),
    );
  }
  return db
    .with(...parts)
    .select({
      saved: shape.order ? sql<number>`(select count(*)::int from ${saved})` : sql<number>`0`,
      entryIds: shape.entries ? sql<string[]>`(select coalesce(array_agg(id::text order by id), '{}') from ${booked})` : sql<string[]>`'{}'::text[]`,
      recorded: shape.event ? sql<number>`(select count(*)::int from ${recorded})` : sql<number>`0`,
    })
    .from(sql`(select 1) as one`)
    .prepare(name);
}

const prepared = preparedStatement((db) => {
  const byShape = new Map<string, ReturnType<typeof build>>();
  return (shape: Shape) => {
    const name = `apply_${shape.order ? 'o' : ''}${shape.movements ? shape.movements[0] : ''}${shape.entries ? 'e' : ''}${shape.event ? 'w' : ''}${shape.audit ? 'a' : ''}`;
    let statement = byShape.get(name);
    if (!statement) byShape.set(name, (statement = build(db, shape, name)));
    return statement;
  };
});

/** The values of one change for the statement above. */
function valuesOf(change: Change, now: Date): Record<string, unknown> {
  const o = change.order?.next;
  const moved = change.order?.movements ?? [];
  const drafts = change.entries?.drafts ?? [];
  const event = change.event;
  const audit = change.audit;
  return {
    now: now.toISOString(),
    orderId: o?.id ?? null,
    expectedVersion: change.order?.expectedVersion ?? null,
    status: o?.status ?? null,
    statusReason: o?.statusReason ?? null,
    whopPaymentId: o?.whopPaymentId ?? null,
    completionSource: o?.completionSource ?? null,
    completedAt: iso(o?.completedAt ?? null),
    chargedCents: o?.chargedCents ?? null,
    taxCents: o?.taxCents ?? null,
    refundedCents: o?.refundedCents ?? null,
    clawedCredits: o?.clawedCredits ?? null,
    heldCredits: o?.heldCredits ?? null,
    respondBy: iso(o?.respondBy ?? null),
    history: o ? JSON.stringify(o.history) : null,
    secondPayments: o ? JSON.stringify(o.secondPayments) : null,
    version: o?.version ?? null,
    updatedAt: iso(o?.updatedAt ?? null),
    packageId: o?.packageId ?? null,
    movementKinds: moved.map((m) => m.kind),
    movementWhopIds: moved.map((m) => m.whopId),
    movementCents: moved.map((m) => m.cents),
    entryUserId: change.entries?.userId ?? null,
    entryOrderId: change.entries?.orderId ?? null,
    entryKeys: drafts.map((e) => e.key),
    entryKinds: drafts.map((e) => e.kind),
    entryCredits: drafts.map((e) => e.credits),
    entryMemos: drafts.map((e) => e.memo),
    eventId: event?.record.id ?? null,
    eventType: event?.record.type ?? null,
    // The body as Whop sent it: stored without parsing and serialising it again.
    eventPayload: event?.record.payload ?? null,
    eventReceivedAt: iso(event?.record.receivedAt ?? null),
    eventOutcome: event?.outcome ?? null,
    eventOrderId: event?.orderId ?? null,
    eventHandlingMs: event ? Math.max(0, now.getTime() - event.record.receivedAt.getTime()) : null,
    auditActor: audit?.actor ?? null,
    auditAction: audit?.action ?? null,
    auditOrderId: audit?.orderId ?? null,
    auditUserId: audit?.userId ?? null,
    auditReason: audit?.reason ?? null,
    auditDetails: audit ? JSON.stringify(audit.details) : null,
  };
}

/** Applies a change; with `announces`, its ledger entries are told to the host app in the same transaction. */
export async function applyChange(tx: Db, change: Change, announces = false): Promise<Applied> {
  const shape = shapeOf(change);
  if (!shape.order && !shape.entries && !shape.event && !shape.audit) return { entryIds: [], eventRecorded: false };
  const at = change.at ?? new Date();
  const [row] = await prepared(tx)(shape).execute(valuesOf(change, at));
  if (change.order && row?.saved !== 1) throw new StaleOrderError(`order ${change.order.next.id} is no longer at version ${change.order.expectedVersion}`);
  const drafts = change.entries?.drafts ?? [];
  const entryIds = row?.entryIds ?? [];
  if (entryIds.length !== drafts.length) throw new LedgerKeyTakenError(`ledger key already taken: ${drafts.map((e) => e.key).join(', ')}`);
  if (announces && change.entries && drafts.length > 0) {
    const { userId, orderId } = change.entries;
    await announce(
      tx,
      drafts.map((entry) => entryEvent(userId, orderId, entry)),
      at,
    );
  }
  return { entryIds, eventRecorded: row?.recorded === 1 };
}
