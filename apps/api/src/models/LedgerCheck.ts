import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** One run of the ledger check: when, and how many accounts differed from their entries. */
export interface LedgerCheckDoc {
  _id: Types.ObjectId;
  at: Date;
  differences: number;
}

export const LedgerCheckSchema = new Schema<LedgerCheckDoc>(
  {
    at: { type: Date, required: true },
    differences: { type: Number, required: true },
  },
  { collection: 'ledger_checks', versionKey: false, strict: 'throw' },
);

LedgerCheckSchema.index({ at: -1 });

export function ledgerCheckModel(connection: Connection): Model<LedgerCheckDoc> {
  return connection.models.LedgerCheck ?? connection.model<LedgerCheckDoc>('LedgerCheck', LedgerCheckSchema);
}
