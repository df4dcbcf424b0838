import { Schema, type Connection, type Model } from 'mongoose';

/** How far the sweep has read Whop's changes (`_id` is the watermark's name). */
export interface WatermarkDoc {
  _id: string;
  at: Date;
}

export const WatermarkSchema = new Schema<WatermarkDoc>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'watermarks', versionKey: false, strict: 'throw' },
);

export function watermarkModel(connection: Connection): Model<WatermarkDoc> {
  return connection.models.Watermark ?? connection.model<WatermarkDoc>('Watermark', WatermarkSchema);
}
