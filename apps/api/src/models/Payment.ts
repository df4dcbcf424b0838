import { Schema, type Connection, type Model } from 'mongoose';
import { PAYMENT_STATUSES } from '@credits/shared';
import type { Order } from '../domain/order';

/** An order, as MongoDB keeps it: the domain's order, with our order id (a UUID) as `_id`, and when the sweep last asked Whop about it. */
export type PaymentDoc = Omit<Order, 'id'> & { _id: string; whopAskedAt?: Date | null };

export const integer = { validator: Number.isInteger, message: '{PATH} must be an integer' };
/** Equal whatever the case of letters (accents still count): how user ids are compared when suggesting the ones meant. */
export const CASE_INSENSITIVE = { locale: 'en', strength: 2 } as const;

export const PaymentSchema = new Schema<PaymentDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    packageId: { type: String, required: true },
    /** Absent on orders from before names were kept (packNamesAsBought). */
    packNames: { type: new Schema({ en: { type: String, required: true }, 'zh-CN': { type: String, required: true } }, { _id: false, strict: 'throw' }), default: undefined },
    credits: { type: Number, required: true, min: 1, validate: integer },
    amountCents: { type: Number, required: true, min: 1, validate: integer },
    currency: { type: String, required: true, match: /^[a-z]{3}$/ },
    status: { type: String, required: true, enum: PAYMENT_STATUSES },
    checkoutUrl: { type: String, default: null },
    whopCheckoutId: { type: String, default: null },
    whopPaymentId: { type: String, default: null },
    completionSource: { type: String, default: null, enum: ['webhook', 'test', 'reconcile', 'operator', null] },
    statusReason: { type: String, default: null },
    chargedCents: { type: Number, required: true, default: 0, min: 0, validate: integer },
    taxCents: { type: Number, required: true, default: 0, min: 0, validate: integer },
    refundedCents: { type: Number, required: true, default: 0, min: 0, validate: integer },
    clawedCredits: { type: Number, required: true, default: 0, min: 0, validate: integer },
    heldCredits: { type: Number, required: true, default: 0, min: 0, validate: integer },
    respondBy: { type: Date, default: null },
    idempotencyKey: { type: String, default: null },
    secondPayments: { type: [{ _id: false, whopPaymentId: { type: String, required: true }, refunded: { type: Boolean, required: true } }], default: [] },
    /** What the order learnt of Whop (domain/history.ts), validated by the store when read. */
    history: { type: Schema.Types.Mixed, required: true },
    version: { type: Number, required: true, default: 0, min: 0, validate: integer },
    whopAskedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    completedAt: { type: Date, default: null },
  },
  { collection: 'payments', versionKey: false, strict: 'throw', minimize: false },
);

PaymentSchema.index({ userId: 1, createdAt: -1, _id: -1 });
// The console's suggestions of user ids that differ only in case.
PaymentSchema.index({ userId: 1 }, { name: 'userId_case_insensitive', collation: CASE_INSENSITIVE });
PaymentSchema.index({ status: 1, createdAt: 1 });
PaymentSchema.index({ whopPaymentId: 1 });
PaymentSchema.index({ createdAt: -1, _id: -1 });
PaymentSchema.index({ whopAskedAt: 1, _id: 1 }, { partialFilterExpression: { status: 'disputed' } });
PaymentSchema.index({ 'secondPayments.refunded': 1, whopAskedAt: 1, _id: 1 });
// One order per Whop checkout, and per (user, Idempotency-Key): exactly-once as a database fact.
PaymentSchema.index({ whopCheckoutId: 1 }, { unique: true, partialFilterExpression: { whopCheckoutId: { $type: 'string' } } });
PaymentSchema.index({ userId: 1, idempotencyKey: 1 }, { unique: true, partialFilterExpression: { idempotencyKey: { $type: 'string' } } });

export function paymentModel(connection: Connection): Model<PaymentDoc> {
  return connection.models.Payment ?? connection.model<PaymentDoc>('Payment', PaymentSchema);
}
