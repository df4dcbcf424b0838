import type { Model } from 'mongoose';
import type { PackageId } from '@credits/shared';
import type { LedgerKind } from '../../domain/order';
import { sumsByKind, type CountsRow, type FunnelRow, type FunnelStep, type MoneyRow, type Outstanding, type StatsRange } from '../../domain/stats';
import type { FunnelStepDoc } from '../../models/FunnelStep';
import type { LedgerCheckDoc } from '../../models/LedgerCheck';
import type { LedgerEntryDoc } from '../../models/LedgerEntry';
import type { MoneyMovementDoc } from '../../models/MoneyMovement';
import type { PaymentDoc } from '../../models/Payment';
import type { RequestMinuteDoc } from '../../models/RequestMinute';
import type { WebhookEventDoc } from '../../models/WebhookEvent';
import type { FunnelStepInput, RequestCounts, StatsStore } from '../ports';

interface Models {
  Payment: Model<PaymentDoc>;
  Ledger: Model<LedgerEntryDoc>;
  Event: Model<WebhookEventDoc>;
  RequestMinute: Model<RequestMinuteDoc>;
  LedgerCheck: Model<LedgerCheckDoc>;
  Movement: Model<MoneyMovementDoc>;
  Funnel: Model<FunnelStepDoc>;
}

const count = (condition: unknown) => ({ $sum: { $cond: [condition, 1, 0] } });
const sumIf = (condition: unknown, field: string) => ({ $sum: { $cond: [condition, field, 0] } });

/** The dashboard's figures as aggregation pipelines over the range, on indexes by time. */
export class MongoStats implements StatsStore {
  constructor(private readonly models: Models) {}

  async orderCounts(range: StatsRange): Promise<CountsRow[]> {
    const paid = { $ne: [{ $ifNull: ['$completedAt', null] }, null] };
    const status = (s: string) => ({ $eq: ['$status', s] });
    const rows = await this.models.Payment.aggregate<{ _id: { start: Date; packageId: PackageId } } & Omit<CountsRow, 'start' | 'packageId'>>([
      { $match: { createdAt: { $gte: range.from, $lt: range.to } } },
      {
        $group: {
          _id: { start: { $dateTrunc: { date: '$createdAt', unit: range.interval, timezone: 'UTC' } }, packageId: '$packageId' },
          created: { $sum: 1 },
          completed: count(paid),
          failed: count(status('failed')),
          expired: count(status('expired')),
          cancelled: count(status('cancelled')),
          review: count(status('review')),
          creditsGranted: sumIf(paid, '$credits'),
        },
      },
    ]);
    return rows.map(({ _id, ...counts }) => ({ start: _id.start, packageId: _id.packageId, ...counts }));
  }

  async moneyMoved(range: StatsRange): Promise<MoneyRow[]> {
    const kind = (k: string) => ({ $eq: ['$kind', k] });
    const rows = await this.models.Movement.aggregate<{ _id: { start: Date; packageId: PackageId } } & Omit<MoneyRow, 'start' | 'packageId'>>([
      { $match: { at: { $gte: range.from, $lt: range.to } } },
      {
        $group: {
          _id: { start: { $dateTrunc: { date: '$at', unit: range.interval, timezone: 'UTC' } }, packageId: '$packageId' },
          chargedCents: sumIf(kind('charge'), '$cents'),
          refundedCents: sumIf(kind('refund'), '$cents'),
          chargebackCents: sumIf(kind('chargeback'), '$cents'),
          payments: count(kind('charge')),
          declines: count(kind('decline')),
        },
      },
    ]);
    return rows.map(({ _id, ...money }) => ({ start: _id.start, packageId: _id.packageId, ...money }));
  }

  async ledgerSums(from: Date, to: Date): Promise<Record<LedgerKind, number>> {
    const rows = await this.models.Ledger.aggregate<{ _id: LedgerKind; credits: number }>([
      { $match: { createdAt: { $gte: from, $lt: to } } },
      { $group: { _id: '$kind', credits: { $sum: '$credits' } } },
    ]);
    return sumsByKind(rows.map((r) => [r._id, r.credits]));
  }

  async outstanding(at: Date): Promise<Outstanding> {
    const [[owed], [paid]] = await Promise.all([
      this.models.Ledger.aggregate<{ credits: number }>([
        { $match: { createdAt: { $lt: at } } },
        { $group: { _id: '$userId', balance: { $sum: '$credits' } } },
        { $group: { _id: null, credits: { $sum: { $max: ['$balance', 0] } } } },
      ]),
      this.models.Payment.aggregate<{ cents: number; credits: number }>([
        { $match: { completedAt: { $lt: at } } },
        { $group: { _id: null, cents: { $sum: '$amountCents' }, credits: { $sum: '$credits' } } },
      ]),
    ]);
    return { credits: owed?.credits ?? 0, paidCents: paid?.cents ?? 0, paidCredits: paid?.credits ?? 0 };
  }

  async buyers(from: Date, to: Date): Promise<{ unique: number; repeat: number }> {
    const [row] = await this.models.Payment.aggregate<{ unique: number; repeat: number }>([
      { $match: { createdAt: { $gte: from, $lt: to }, completedAt: { $ne: null } } },
      { $group: { _id: '$userId' } },
      {
        $lookup: {
          from: this.models.Payment.collection.name,
          let: { user: '$_id' },
          pipeline: [
            { $match: { $expr: { $and: [{ $eq: ['$userId', '$$user'] }, { $ne: [{ $ifNull: ['$completedAt', null] }, null] }, { $lt: ['$createdAt', to] }] } } },
            { $count: 'n' },
          ],
          as: 'paid',
        },
      },
      { $group: { _id: null, unique: { $sum: 1 }, repeat: count({ $gt: [{ $ifNull: [{ $first: '$paid.n' }, 0] }, 1] }) } },
    ]);
    return { unique: row?.unique ?? 0, repeat: row?.repeat ?? 0 };
  }

  async recordFunnelStep({ userId, step, packageId, at }: FunnelStepInput): Promise<void> {
    const day = at.toISOString().slice(0, 10);
    const pack = packageId ?? '';
    await this.models.Funnel.updateOne({ _id: `${day}:${step}:${pack}:${userId}` }, { $setOnInsert: { userId, step, packageId: pack, at } }, { upsert: true });
  }

  async funnel(from: Date, to: Date): Promise<FunnelRow[]> {
    const [steps, paid] = await Promise.all([
      this.models.Funnel.aggregate<{ _id: { step: FunnelStep; packageId: string }; users: string[] }>([
        { $match: { at: { $gte: from, $lt: to } } },
        { $group: { _id: { step: '$step', packageId: '$packageId' }, users: { $addToSet: '$userId' } } },
      ]),
      this.models.Payment.aggregate<{ _id: { step: 'paid'; packageId: string }; users: string[] }>([
        { $match: { createdAt: { $gte: from, $lt: to }, completedAt: { $ne: null } } },
        { $group: { _id: { step: 'paid', packageId: '$packageId' }, users: { $addToSet: '$userId' } } },
      ]),
    ]);
    // Per pack as grouped; over all packs, the union of each step's users (a buyer of two packs is one buyer).
    const all = new Map<FunnelRow['step'], Set<string>>();
    const rows: FunnelRow[] = [];
    for (const { _id, users } of [...steps, ...paid]) {
      if (_id.packageId !== '') rows.push({ step: _id.step, packageId: _id.packageId as PackageId, users: users.length });
      const set = all.get(_id.step) ?? new Set<string>();
      for (const user of users) set.add(user);
      all.set(_id.step, set);
    }
    for (const [step, users] of all) rows.push({ step, packageId: null, users: users.size });
    return rows;
  }

  async webhookTimes(from: Date, to: Date): Promise<{ handled: number; p50Ms: number | null; p99Ms: number | null }> {
    const match = { receivedAt: { $gte: from, $lt: to }, handlingMs: { $ne: null } };
    const handled = await this.models.Event.countDocuments(match);
    if (handled === 0) return { handled, p50Ms: null, p99Ms: null };
    // The value at a rank, as PostgreSQL's percentile_cont interpolates between the two around it.
    const at = async (fraction: number) => {
      const position = fraction * (handled - 1);
      const [low, high] = await this.models.Event.find(match, { handlingMs: 1 }).sort({ handlingMs: 1 }).skip(Math.floor(position)).limit(2).lean();
      const a = low?.handlingMs ?? 0;
      const b = high?.handlingMs ?? a;
      return Math.round(a + (b - a) * (position - Math.floor(position)));
    };
    return { handled, p50Ms: await at(0.5), p99Ms: await at(0.99) };
  }

  async requests(from: Date, to: Date): Promise<RequestCounts> {
    const [row] = await this.models.RequestMinute.aggregate<RequestCounts>([
      { $match: { _id: { $gte: from, $lt: to } } },
      { $group: { _id: null, requests: { $sum: '$requests' }, serverErrors: { $sum: '$serverErrors' }, webhookFailures: { $sum: '$webhookFailures' } } },
    ]);
    return { requests: row?.requests ?? 0, serverErrors: row?.serverErrors ?? 0, webhookFailures: row?.webhookFailures ?? 0 };
  }

  async addRequests(minute: Date, counts: RequestCounts): Promise<void> {
    await this.models.RequestMinute.updateOne({ _id: minute }, { $inc: { ...counts } }, { upsert: true });
  }

  async recordLedgerCheck(at: Date, differences: number): Promise<void> {
    await this.models.LedgerCheck.create({ at, differences });
  }

  async lastLedgerCheck(): Promise<{ at: Date; differences: number } | null> {
    const doc = await this.models.LedgerCheck.findOne().sort({ at: -1 }).lean();
    return doc ? { at: doc.at, differences: doc.differences } : null;
  }
}
