import { Schema, type Connection, type Model } from 'mongoose';

/** A buyer reached a step of the purchase, keyed `<UTC day>:<step>:<pack>:<user>` (once per day); nothing else about them is kept. */
export interface FunnelStepDoc {
  _id: string;
  userId: string;
  step: 'opened' | 'pack_chosen' | 'checkout_started';
  /** '' for a step without a pack (the purchase dialog opened). */
  packageId: string;
  /** The first time that day. */
  at: Date;
}

export const FunnelStepSchema = new Schema<FunnelStepDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    step: { type: String, required: true, enum: ['opened', 'pack_chosen', 'checkout_started'] },
    packageId: { type: String, default: '' },
    at: { type: Date, required: true },
  },
  { collection: 'funnel_steps', versionKey: false, strict: 'throw' },
);

FunnelStepSchema.index({ at: 1 });

export function funnelStepModel(connection: Connection): Model<FunnelStepDoc> {
  return connection.models.FunnelStep ?? connection.model<FunnelStepDoc>('FunnelStep', FunnelStepSchema);
}
