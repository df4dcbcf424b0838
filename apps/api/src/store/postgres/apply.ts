import { sql, type SQL } from 'drizzle-orm';
import { LedgerKeyTakenError, StaleOrderError, type Applied, type Change } from '../ports';
import { rowsOf, type Db } from './db';
import { auditLog, creditAccounts, ledgerEntries, moneyMovements, payments, webhookEvents } from './schema';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * A decision in one statement: the order saved on its version, the ledger entries inserted and the
 * balance moved by exactly those inserted, the webhook recorded as handled. Data-modifying CTEs all
 * run to completion; the checks afterwards throw (rolling everything back) when something did not.
 */
export async function applyChange(tx: Db, change: Change): Promise<Applied> {
  const steps: SQL[] = [];
  const results: SQL[] = [];
  const now = new Date().toISOString();

  if (change.order) {
    const o = change.order.next;
    steps.push(sql`saved as (
      update ${payments} set status = ${o.status}, status_reason = ${o.statusReason}, whop_payment_id = ${o.whopPaymentId},
        completion_source = ${o.completionSource}, completed_at = ${iso(o.completedAt)}::timestamptz,
        charged_cents = ${o.chargedCents}, refunded_cents = ${o.refundedCents},
        clawed_credits = ${o.clawedCredits}, held_credits = ${o.heldCredits}, history = ${JSON.stringify(o.history)}::jsonb,
        second_payments = ${JSON.stringify(o.secondPayments)}::jsonb,
        version = ${o.version}, updated_at = ${o.updatedAt.toISOString()}::timestamptz
      where id = ${o.id} and version = ${change.order.expectedVersion}
      returning 1)`);
    results.push(sql`(select count(*)::int from saved) as saved`);
    const moved = change.order.movements;
    if (moved) {
      // Disjoint rows: the insert touches the movements the order knows, the delete those it no longer does.
      const keys = sql.join(
        moved.map((m) => sql`(${m.kind}, ${m.whopId})`),
        sql`, `,
      );
      if (moved.length > 0) {
        const values = sql.join(
          moved.map((m) => sql`(${m.kind}, ${m.whopId}, ${o.id}, ${o.packageId}, ${m.cents}, ${now}::timestamptz)`),
          sql`, `,
        );
        steps.push(sql`money_kept as (
          insert into ${moneyMovements} (kind, whop_id, order_id, package_id, cents, at) values ${values}
          on conflict (kind, whop_id) do update set cents = excluded.cents
            where ${moneyMovements}.order_id = excluded.order_id and ${moneyMovements}.cents <> excluded.cents)`);
      }
      steps.push(sql`money_dropped as (
        delete from ${moneyMovements} where order_id = ${o.id}${moved.length > 0 ? sql` and (kind, whop_id) not in (${keys})` : sql``})`);
    }
  }

  const drafts = change.entries?.drafts ?? [];
  if (change.entries && drafts.length > 0) {
    const { userId, orderId } = change.entries;
    const values = sql.join(
      drafts.map((e) => sql`(${userId}, ${e.key}, ${e.kind}, ${e.credits}, ${orderId}, ${e.memo}, ${now}::timestamptz)`),
      sql`, `,
    );
    steps.push(sql`booked as (
      insert into ${ledgerEntries} (user_id, key, kind, credits, payment_id, memo, created_at) values ${values}
      on conflict (key) do nothing
      returning id, credits)`);
    steps.push(sql`moved as (
      insert into ${creditAccounts} (user_id, balance, updated_at)
      select ${userId}, sum(credits), ${now}::timestamptz from booked having count(*) > 0
      on conflict (user_id) do update set balance = ${creditAccounts}.balance + excluded.balance, updated_at = excluded.updated_at)`);
    results.push(sql`(select coalesce(array_agg(id::text order by id), '{}') from booked) as entry_ids`);
  }

  if (change.event) {
    const { record, outcome, orderId } = change.event;
    const handlingMs = Math.max(0, Date.parse(now) - record.receivedAt.getTime());
    // An event recorded but never handled (by an older version of this service) is completed here.
    steps.push(sql`recorded as (
      insert into ${webhookEvents} (id, type, payload, received_at, processed_at, outcome, order_id, handling_ms)
      values (${record.id}, ${record.type}, ${JSON.stringify(record.payload)}::jsonb, ${record.receivedAt.toISOString()}::timestamptz, ${now}::timestamptz, ${outcome}, ${orderId}, ${handlingMs})
      on conflict (id) do update set processed_at = excluded.processed_at, outcome = excluded.outcome, order_id = excluded.order_id, handling_ms = excluded.handling_ms
        where ${webhookEvents}.processed_at is null
      returning 1)`);
    results.push(sql`(select count(*)::int from recorded) as recorded`);
  }

  if (change.audit) {
    const a = change.audit;
    steps.push(sql`audited as (
      insert into ${auditLog} (at, actor, action, order_id, user_id, reason, details)
      values (${now}::timestamptz, ${a.actor}, ${a.action}, ${a.orderId}, ${a.userId}, ${a.reason}, ${JSON.stringify(a.details)}::jsonb))`);
  }

  if (steps.length === 0) return { entryIds: [], eventRecorded: false };
  const [row] = await rowsOf<{ saved?: number; entry_ids?: string[]; recorded?: number }>(
    tx.execute(sql`with ${sql.join(steps, sql`, `)} select ${results.length ? sql.join(results, sql`, `) : sql`1 as done`}`),
  );
  if (change.order && row?.saved !== 1) throw new StaleOrderError(`order ${change.order.next.id} is no longer at version ${change.order.expectedVersion}`);
  const entryIds = row?.entry_ids ?? [];
  if (entryIds.length !== drafts.length) throw new LedgerKeyTakenError(`ledger key already taken: ${drafts.map((e) => e.key).join(', ')}`);
  return { entryIds, eventRecorded: row?.recorded === 1 };
}
