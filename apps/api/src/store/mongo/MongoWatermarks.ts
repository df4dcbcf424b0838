import type { Model } from 'mongoose';
import type { WatermarkDoc } from '../../models/Watermark';
import type { Watermarks } from '../ports';

export class MongoWatermarks implements Watermarks {
  constructor(private readonly Watermark: Model<WatermarkDoc>) {}

  async get(name: string): Promise<Date | null> {
    return (await this.Watermark.findById(name).lean())?.at ?? null;
  }

  async set(name: string, at: Date): Promise<void> {
    await this.Watermark.updateOne({ _id: name }, { $set: { at } }, { upsert: true });
  }
}
