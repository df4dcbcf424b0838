import { Schema, type Connection, type Model } from 'mongoose';
import type { MovementKind } from '../domain/figures';
import { integer } from './Payment';

/** A movement of money Whop made, keyed `<kind>:<Whop id>`, with the order that reported it first. */
export interface MoneyMovementDoc {
  _id: string;
  kind: MovementKind;
  whopId: string;
  orderId: string;
  packageId: string;
  cents: number;
  /** When it was first recorded. */
  at: Date;
}

export const MoneyMovementSchema = new Schema<MoneyMovementDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: ['charge', 'refund', 'chargeback', 'decline'] },
    whopId: { type: String, required: true },
    orderId: { type: String, required: true },
    packageId: { type: String, required: true },
    cents: { type: Number, required: true, validate: integer },
    at: { type: Date, required: true },
  },
  { collection: 'money_movements', versionKey: false, strict: 'throw' },
);

MoneyMovementSchema.index({ orderId: 1 });
MoneyMovementSchema.index({ at: 1 });

export const movementId = (kind: string, whopId: string) => `${kind}:${whopId}`;

export function moneyMovementModel(connection: Connection): Model<MoneyMovementDoc> {
  return connection.models.MoneyMovement ?? connection.model<MoneyMovementDoc>('MoneyMovement', MoneyMovementSchema);
}
