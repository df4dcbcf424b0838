import { Schema, type Connection, type Model } from 'mongoose';
import type { Hold } from '../domain/holds';
import { integer } from './Payment';

/** Credits set aside for work under way; ends once: captured (a spend), released, or expired. `_id` is the hold id. */
export type CreditHoldDoc = Omit<Hold, 'id'> & { _id: string };

export const CreditHoldSchema = new Schema<CreditHoldDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    credits: { type: Number, required: true, min: 1, validate: integer },
    reason: { type: String, required: true },
    status: { type: String, required: true, enum: ['active', 'captured', 'released', 'expired'] },
    capturedCredits: { type: Number, required: true, default: 0, min: 0, validate: integer },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    settledAt: { type: Date, default: null },
  },
  { collection: 'credit_holds', versionKey: false, strict: 'throw' },
);
CreditHoldSchema.index({ expiresAt: 1 }, { partialFilterExpression: { status: 'active' } });
CreditHoldSchema.index({ userId: 1, createdAt: 1 });

export function creditHoldModel(connection: Connection): Model<CreditHoldDoc> {
  return connection.models.CreditHold ?? connection.model<CreditHoldDoc>('CreditHold', CreditHoldSchema);
}
