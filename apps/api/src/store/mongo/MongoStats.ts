import type { Model } from 'mongoose';
import type { PackageId } from '@credits/shared';
import type { CountsRow, MoneyRow, StatsRange } from '../../domain/stats';
import type { LedgerCheckDoc } from '../../models/LedgerCheck';
import type { LedgerEntryDoc } from '../../models/LedgerEntry';
import type { MoneyMovementDoc } from '../../models/MoneyMovement';
import type { PaymentDoc } from '../../models/Payment';
import type { RequestMinuteDoc } from '../../models/RequestMinute';
import type { WebhookEventDoc } from '../../models/WebhookEvent';
import type { RequestCounts, StatsStore } from '../ports';

interface Models {
  Payment: Model<PaymentDoc>;
  Ledger: Model<LedgerEntryDoc>;
  Event: Model<WebhookEventDoc>;
  RequestMinute: Model<RequestMinuteDoc>;
  LedgerCheck: Model<LedgerCheckDoc>;
  Movement: Model<MoneyMovementDoc>;
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

  async takenBack(from: Date, to: Date): Promise<{ refunds: number; disputes: number }> {
    const rows = await this.models.Ledger.aggregate<{ _id: string; credits: number }>([
      { $match: { kind: { $in: ['refund', 'dispute'] }, createdAt: { $gte: from, $lt: to } } },
      { $group: { _id: '$kind', credits: { $sum: '$credits' } } },
    ]);
    const of = (kind: string) => -(rows.find((r) => r._id === kind)?.credits ?? 0);
    return { refunds: of('refund'), disputes: of('dispute') };
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
