import { Schema, type Connection, type Model } from 'mongoose';
import type { OutboundEvent } from '../store/ports';

/** An event for the host app and its delivery; `_id` is the `webhook-id`, `key` its cause (unique), `seq` its place in its user's order. */
export type OutboundEventDoc = Omit<OutboundEvent, 'id'> & { _id: string; key: string; claimedUntil: Date | null };

export const OutboundEventSchema = new Schema<OutboundEventDoc>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    key: { type: String, required: true },
    type: { type: String, required: true },
    userId: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    attempts: { type: Number, required: true, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    claimedUntil: { type: Date, default: null },
    deliveredAt: { type: Date, default: null },
    lastStatus: { type: Number, default: null },
    lastError: { type: String, default: null },
  },
  { collection: 'outbound_events', versionKey: false, strict: 'throw' },
);
OutboundEventSchema.index({ key: 1 }, { unique: true });
OutboundEventSchema.index({ userId: 1, seq: 1 }, { unique: true });
OutboundEventSchema.index({ createdAt: -1, _id: -1 });

export function outboundEventModel(connection: Connection): Model<OutboundEventDoc> {
  return connection.models.OutboundEvent ?? connection.model<OutboundEventDoc>('OutboundEvent', OutboundEventSchema);
}
