import type { Model } from 'mongoose';
import { figures } from '../../domain/figures';
import { responseDue } from '../../domain/history';
import type { PaymentDoc } from '../../models/Payment';
import type { WatermarkDoc } from '../../models/Watermark';
import { parseHistory } from '../historyCodec';

/**
 * Orders stored before the tax in what Whop charged (`taxCents`) and the dispute deadline
 * (`respondBy`) were kept get them from their history, as the domain derives them (on PostgreSQL,
 * migrations 0014 and 0015). Each is written only at the version it was read at: an order changed
 * meanwhile was written whole, these included. Done once: a watermark says when it finished, so a
 * start (a serverless one included) does not read the collection again. Answers how many were filled in.
 */
export async function backfillOrders(Payment: Model<PaymentDoc>, Watermark: Model<WatermarkDoc>): Promise<number> {
  if (await Watermark.exists({ _id: BACKFILLED })) return 0;
  let filled = 0;
  const missing = { $or: [{ taxCents: { $exists: false } }, { respondBy: { $exists: false } }] };
  for await (const doc of Payment.find(missing).lean<PaymentDoc[]>().cursor()) {
    const history = parseHistory(doc.history);
    const due = responseDue(history);
    const { matchedCount } = await Payment.updateOne(
      { _id: doc._id, version: doc.version },
      { $set: { taxCents: figures(doc, history).taxCents, respondBy: due === null ? null : new Date(due) } },
    );
    filled += matchedCount;
  }
  await Watermark.updateOne({ _id: BACKFILLED }, { $setOnInsert: { at: new Date() } }, { upsert: true });
  return filled;
}

/** The watermark of the backfill above. */
const BACKFILLED = 'backfill:order-tax-and-dispute-deadline';
