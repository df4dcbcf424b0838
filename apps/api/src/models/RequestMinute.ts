import { Schema, type Connection, type Model } from 'mongoose';

/** API requests in one minute (`_id`), how many answered 5xx, and Whop's deliveries answered 5xx. */
export interface RequestMinuteDoc {
  _id: Date;
  requests: number;
  serverErrors: number;
  webhookFailures: number;
}

export const RequestMinuteSchema = new Schema<RequestMinuteDoc>(
  {
    _id: { type: Date, required: true },
    requests: { type: Number, required: true },
    serverErrors: { type: Number, required: true },
    webhookFailures: { type: Number, required: true, default: 0 },
  },
  { collection: 'request_minutes', versionKey: false, strict: 'throw' },
);

export function requestMinuteModel(connection: Connection): Model<RequestMinuteDoc> {
  return connection.models.RequestMinute ?? connection.model<RequestMinuteDoc>('RequestMinute', RequestMinuteSchema);
}
