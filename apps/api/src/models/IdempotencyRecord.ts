import { Schema, type Connection, type Model } from 'mongoose';

/** The stored result of a request made with an Idempotency-Key; `_id` is `<scope>|<key>`. */
export interface IdempotencyRecordDoc {
  _id: string;
  requestHash: string;
  result: unknown;
  createdAt: Date;
}

export const IdempotencyRecordSchema = new Schema<IdempotencyRecordDoc>(
  {
    _id: { type: String, required: true },
    requestHash: { type: String, required: true },
    result: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'idempotency_records', versionKey: false, strict: 'throw', minimize: false },
);

export function idempotencyRecordModel(connection: Connection): Model<IdempotencyRecordDoc> {
  return connection.models.IdempotencyRecord ?? connection.model<IdempotencyRecordDoc>('IdempotencyRecord', IdempotencyRecordSchema);
}
