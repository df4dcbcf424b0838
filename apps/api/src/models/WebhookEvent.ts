import { Schema, type Connection, type Model } from 'mongoose';

/** A Whop event by its `webhook-id` (`_id`): one document per event, marked once its effect committed. */
export interface WebhookEventDoc {
  _id: string;
  type: string;
  payload: unknown;
  receivedAt: Date;
  processedAt: Date | null;
  outcome: string | null;
  /** The order the event was about, when it matched one. */
  orderId: string | null;
  /** From receipt to the committed effect, in milliseconds. */
  handlingMs: number | null;
}

export const WebhookEventSchema = new Schema<WebhookEventDoc>(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    receivedAt: { type: Date, required: true },
    processedAt: { type: Date, default: null },
    outcome: { type: String, default: null },
    orderId: { type: String, default: null },
    handlingMs: { type: Number, default: null },
  },
  { collection: 'webhook_events', versionKey: false, strict: 'throw', minimize: false },
);

WebhookEventSchema.index({ orderId: 1, receivedAt: 1 });
WebhookEventSchema.index({ receivedAt: 1 });

export function webhookEventModel(connection: Connection): Model<WebhookEventDoc> {
  return connection.models.WebhookEvent ?? connection.model<WebhookEventDoc>('WebhookEvent', WebhookEventSchema);
}
