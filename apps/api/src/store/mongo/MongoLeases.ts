import type { Model } from 'mongoose';
import type { LeaseDoc } from '../../models/Lease';
import type { Leases } from '../ports';
import { isDuplicateKey } from './errors';

export class MongoLeases implements Leases {
  constructor(private readonly Lease: Model<LeaseDoc>) {}

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = new Date();
    try {
      const lease = await this.Lease.findOneAndUpdate(
        { _id: name, $or: [{ expiresAt: { $lt: now } }, { holder }] },
        { $set: { holder, expiresAt: new Date(now.getTime() + ttlMs) } },
        { returnDocument: 'after', upsert: true },
      ).lean();
      return lease?.holder === holder;
    } catch (err) {
      // Someone else holds an unexpired lease: the upsert collided with their document.
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async release(name: string, holder: string): Promise<void> {
    await this.Lease.deleteOne({ _id: name, holder });
  }
}
