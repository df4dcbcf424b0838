import { Schema, type Connection, type Model } from 'mongoose';
import type { UnreadableWhopObject } from '../store/ports';

/** What Whop sent that could not be read, keyed `<kind>:<Whop id>`: met again, it is counted on the same document. */
export type UnreadableWhopObjectDoc = UnreadableWhopObject & { _id: string };

export const UnreadableWhopObjectSchema = new Schema<UnreadableWhopObjectDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: ['payment', 'refund', 'dispute'] },
    whopId: { type: String, required: true },
    reason: { type: String, required: true },
    firstSeenAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    seen: { type: Number, required: true },
  },
  { collection: 'unreadable_whop_objects', versionKey: false, strict: 'throw' },
);

UnreadableWhopObjectSchema.index({ lastSeenAt: -1 });

export function unreadableWhopObjectModel(connection: Connection): Model<UnreadableWhopObjectDoc> {
  return connection.models.UnreadableWhopObject ?? connection.model<UnreadableWhopObjectDoc>('UnreadableWhopObject', UnreadableWhopObjectSchema);
}
