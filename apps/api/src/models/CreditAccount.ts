import { Schema, type Connection, type Model } from 'mongoose';
import { integer } from './Payment';

/** A user's cached balance (always the sum of their ledger entries) and the credits their active holds set aside. `_id` is the user id. */
export interface CreditAccountDoc {
  _id: string;
  balance: number;
  /** Absent on accounts written before holds: 0. */
  held?: number;
  /** How many events for the host app were written for this user: the next one's place in their order. */
  eventSeq?: number;
  updatedAt: Date;
}

export const CreditAccountSchema = new Schema<CreditAccountDoc>(
  {
    _id: { type: String, required: true },
    balance: { type: Number, required: true, default: 0, validate: integer },
    held: { type: Number, default: 0, min: 0, validate: integer },
    eventSeq: { type: Number, default: 0, validate: integer },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'credit_accounts', versionKey: false, strict: 'throw' },
);

export function creditAccountModel(connection: Connection): Model<CreditAccountDoc> {
  return connection.models.CreditAccount ?? connection.model<CreditAccountDoc>('CreditAccount', CreditAccountSchema);
}
