import { Schema, type Connection, type Model } from 'mongoose';

/** A time-limited lease (`_id` is its name): one sweeper at a time across instances. */
export interface LeaseDoc {
  _id: string;
  holder: string;
  expiresAt: Date;
}

export const LeaseSchema = new Schema<LeaseDoc>(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'leases', versionKey: false, strict: 'throw' },
);

export function leaseModel(connection: Connection): Model<LeaseDoc> {
  return connection.models.Lease ?? connection.model<LeaseDoc>('Lease', LeaseSchema);
}
