import { and, desc, gte, isNotNull, lt, sql } from 'drizzle-orm';
import type { PackageId } from '@credits/shared';
import type { LedgerKind } from '../../domain/order';
import { sumsByKind, type CountsRow, type FunnelRow, type MoneyRow, type Outstanding, type StatsRange } from '../../domain/stats';
import type { FunnelStepInput, RequestCounts, StatsStore } from '../ports';
import { rowsOf, type Db } from './db';
import { funnelSteps, ledgerChecks, ledgerEntries, moneyMovements, orders, requestMinutes, webhookEvents } from './schema';

const num = (v: unknown) => Number(v ?? 0);

/** The dashboard's figures in SQL: one grouped scan per figure over the range, on indexes by time. */
export class PostgresStats implements StatsStore {
  constructor(private readonly db: Db) {}

  async orderCounts(range: StatsRange): Promise<CountsRow[]> {
    const unit = range.interval === 'hour' ? sql.raw(`'hour'`) : sql.raw(`'day'`);
    const paid = sql`${orders.completedAt} is not null`;
    const rows = await rowsOf<Record<string, unknown>>(
      this.db.execute(sql`
        select date_trunc(${unit}, ${orders.createdAt} at time zone 'UTC') at time zone 'UTC' as start, ${orders.packageId} as package_id,
          count(*) as created,
          count(*) filter (where ${paid}) as completed,
          count(*) filter (where ${orders.status} = 'failed') as failed,
          count(*) filter (where ${orders.status} = 'expired') as expired,
          count(*) filter (where ${orders.status} = 'cancelled') as cancelled,
          count(*) filter (where ${orders.status} = 'review') as review,
          coalesce(sum(${orders.credits}) filter (where ${paid}), 0) as credits_granted
        from ${orders}
        where ${orders.createdAt} >= ${range.from.toISOString()}::timestamptz and ${orders.createdAt} < ${range.to.toISOString()}::timestamptz
        group by 1, 2`),
    );
    return rows.map((r) => ({
      start: new Date(r.start as string | Date),
      packageId: r.package_id as PackageId,
      created: num(r.created),
      completed: num(r.completed),
      failed: num(r.failed),
      expired: num(r.expired),
      cancelled: num(r.cancelled),
      review: num(r.review),
      creditsGranted: num(r.credits_granted),
    }));
  }

  async moneyMoved(range: StatsRange): Promise<MoneyRow[]> {
    const unit = range.interval === 'hour' ? sql.raw(`'hour'`) : sql.raw(`'day'`);
    const m = moneyMovements;
    const rows = await rowsOf<Record<string, unknown>>(
      this.db.execute(sql`
        select date_trunc(${unit}, ${m.at} at time zone 'UTC') at time zone 'UTC' as start, ${m.packageId} as package_id,
          coalesce(sum(${m.cents}) filter (where ${m.kind} = 'charge'), 0) as charged_cents,
          coalesce(sum(${m.cents}) filter (where ${m.kind} = 'refund'), 0) as refunded_cents,
          coalesce(sum(${m.cents}) filter (where ${m.kind} = 'chargeback'), 0) as chargeback_cents,
          count(*) filter (where ${m.kind} = 'charge') as payments,
          count(*) filter (where ${m.kind} = 'decline') as declines
        from ${m}
        where ${m.at} >= ${range.from.toISOString()}::timestamptz and ${m.at} < ${range.to.toISOString()}::timestamptz
        group by 1, 2`),
    );
    return rows.map((r) => ({
      start: new Date(r.start as string | Date),
      packageId: r.package_id as PackageId,
      chargedCents: num(r.charged_cents),
      refundedCents: num(r.refunded_cents),
      chargebackCents: num(r.chargeback_cents),
      payments: num(r.payments),
      declines: num(r.declines),
    }));
  }

  async ledgerSums(from: Date, to: Date): Promise<Record<LedgerKind, number>> {
    const rows = await this.db
      .select({ kind: ledgerEntries.kind, credits: sql<string>`sum(${ledgerEntries.credits})` })
      .from(ledgerEntries)
      .where(and(gte(ledgerEntries.createdAt, from), lt(ledgerEntries.createdAt, to)))
      .groupBy(ledgerEntries.kind);
    return sumsByKind(rows.map((r) => [r.kind as LedgerKind, num(r.credits)]));
  }

  async outstanding(at: Date): Promise<Outstanding> {
    const [row] = await rowsOf<Record<string, unknown>>(
      this.db.execute(sql`
        select
          (select coalesce(sum(greatest(balance, 0)), 0) from (
            select sum(${ledgerEntries.credits}) as balance from ${ledgerEntries} where ${ledgerEntries.createdAt} < ${at.toISOString()}::timestamptz group by ${ledgerEntries.userId}
          ) balances) as credits,
          coalesce(sum(${orders.amountCents}), 0) as paid_cents,
          coalesce(sum(${orders.credits}), 0) as paid_credits
        from ${orders}
        where ${orders.completedAt} < ${at.toISOString()}::timestamptz`),
    );
    return { credits: num(row?.credits), paidCents: num(row?.paid_cents), paidCredits: num(row?.paid_credits) };
  }

  async buyers(from: Date, to: Date): Promise<{ unique: number; repeat: number }> {
    const [row] = await rowsOf<Record<string, unknown>>(
      this.db.execute(sql`
        with buyers as (
          select distinct ${orders.userId} as user_id from ${orders}
          where ${orders.createdAt} >= ${from.toISOString()}::timestamptz and ${orders.createdAt} < ${to.toISOString()}::timestamptz and ${orders.completedAt} is not null
        )
        select count(*) as unique_buyers,
          count(*) filter (where (
            select count(*) from ${orders} o where o.user_id = buyers.user_id and o.completed_at is not null and o.created_at < ${to.toISOString()}::timestamptz
          ) > 1) as repeat_buyers
        from buyers`),
    );
    return { unique: num(row?.unique_buyers), repeat: num(row?.repeat_buyers) };
  }

  async recordFunnelStep({ userId, step, packageId, at }: FunnelStepInput): Promise<void> {
    await this.db
      .insert(funnelSteps)
      .values({ day: at.toISOString().slice(0, 10), userId, step, packageId: packageId ?? '', at })
      .onConflictDoNothing();
  }

  async funnel(from: Date, to: Date): Promise<FunnelRow[]> {
    const f = funnelSteps;
    const range = (column: typeof f.at | typeof orders.createdAt) => sql`${column} >= ${from.toISOString()}::timestamptz and ${column} < ${to.toISOString()}::timestamptz`;
    const rows = await rowsOf<Record<string, unknown>>(
      this.db.execute(sql`
        with steps as (
          select ${f.step} as step, ${f.packageId} as package_id, ${f.userId} as user_id from ${f} where ${range(f.at)}
          union all
          select 'paid', ${orders.packageId}, ${orders.userId} from ${orders} where ${range(orders.createdAt)} and ${orders.completedAt} is not null
        )
        select step, package_id, count(distinct user_id) as users from steps group by grouping sets ((step, package_id), (step))`),
    );
    return rows.filter((r) => r.package_id !== '').map((r) => ({ step: r.step as FunnelRow['step'], packageId: (r.package_id as PackageId | null) ?? null, users: num(r.users) }));
  }

  async webhookTimes(from: Date, to: Date): Promise<{ handled: number; p50Ms: number | null; p99Ms: number | null }> {
    const [row] = await this.db
      .select({
        handled: sql<string>`count(*)`,
        p50: sql<number | null>`percentile_cont(0.5) within group (order by ${webhookEvents.handlingMs})`,
        p99: sql<number | null>`percentile_cont(0.99) within group (order by ${webhookEvents.handlingMs})`,
      })
      .from(webhookEvents)
      .where(and(gte(webhookEvents.receivedAt, from), lt(webhookEvents.receivedAt, to), isNotNull(webhookEvents.handlingMs)));
    const ms = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));
    return { handled: num(row?.handled), p50Ms: ms(row?.p50), p99Ms: ms(row?.p99) };
  }

  async requests(from: Date, to: Date): Promise<RequestCounts> {
    const [row] = await this.db
      .select({
        requests: sql<string>`coalesce(sum(${requestMinutes.requests}), 0)`,
        serverErrors: sql<string>`coalesce(sum(${requestMinutes.serverErrors}), 0)`,
        webhookFailures: sql<string>`coalesce(sum(${requestMinutes.webhookFailures}), 0)`,
      })
      .from(requestMinutes)
      .where(and(gte(requestMinutes.minute, from), lt(requestMinutes.minute, to)));
    return { requests: num(row?.requests), serverErrors: num(row?.serverErrors), webhookFailures: num(row?.webhookFailures) };
  }

  async addRequests(minute: Date, counts: RequestCounts): Promise<void> {
    await this.db
      .insert(requestMinutes)
      .values({ minute, ...counts })
      .onConflictDoUpdate({
        target: requestMinutes.minute,
        set: {
          requests: sql`${requestMinutes.requests} + excluded.requests`,
          serverErrors: sql`${requestMinutes.serverErrors} + excluded.server_errors`,
          webhookFailures: sql`${requestMinutes.webhookFailures} + excluded.webhook_failures`,
        },
      });
  }

  async recordLedgerCheck(at: Date, differences: number): Promise<void> {
    await this.db.insert(ledgerChecks).values({ at, differences });
  }

  async lastLedgerCheck(): Promise<{ at: Date; differences: number } | null> {
    const [row] = await this.db.select({ at: ledgerChecks.at, differences: ledgerChecks.differences }).from(ledgerChecks).orderBy(desc(ledgerChecks.at)).limit(1);
    return row ?? null;
  }
}
