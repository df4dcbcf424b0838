import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { LedgerEntry } from '../store/ports';
import { integer } from './Payment';

/**
 * One immutable change of a balance, with the unique key of its cause (`grant:<whop payment id>`, …).
 * Its order is stored as `paymentId`, the field's name since the first release.
 */
export type LedgerEntryDoc = Omit<LedgerEntry, 'id' | 'orderId'> & { _id: Types.ObjectId; paymentId: string | null };

export const LedgerEntrySchema = new Schema<LedgerEntryDoc>(
  {
    userId: { type: String, required: true },
    key: { type: String, required: true },
    kind: { type: String, required: true, enum: ['grant', 'refund', 'dispute', 'spend', 'adjustment'] },
    credits: { type: Number, required: true, validate: integer },
    paymentId: { type: String, default: null },
    memo: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'ledger_entries', versionKey: false, strict: 'throw' },
);

LedgerEntrySchema.index({ key: 1 }, { unique: true });
LedgerEntrySchema.index({ userId: 1, createdAt: -1, _id: -1 });
LedgerEntrySchema.index({ paymentId: 1 });
LedgerEntrySchema.index({ kind: 1, createdAt: 1 });

export function ledgerEntryModel(connection: Connection): Model<LedgerEntryDoc> {
  return connection.models.LedgerEntry ?? connection.model<LedgerEntryDoc>('LedgerEntry', LedgerEntrySchema);
}
