import type { ClientSession } from 'mongodb';
import type { Model } from 'mongoose';
import type { IdempotencyRecordDoc } from '../../models/IdempotencyRecord';
import type { UnitOfWork } from '../ports';

/** Scope and key joined so that no two pairs share an id. */
const recordId = (scope: string, key: string) => JSON.stringify([scope, key]);

/** Stored results of requests made with an Idempotency-Key, inside one transaction. */
export function idempotencyInSession(Idempotency: Model<IdempotencyRecordDoc>, session: ClientSession): UnitOfWork['idempotency'] {
  return {
    async claim(scope, key, requestHash) {
      const id = recordId(scope, key);
      const previous = await Idempotency.findById(id).session(session).lean();
      if (previous) return { claimed: false, requestHash: previous.requestHash, result: previous.result };
      await Idempotency.create([{ _id: id, requestHash, result: {}, createdAt: new Date() }], { session });
      return { claimed: true };
    },
    async complete(scope, key, result) {
      await Idempotency.updateOne({ _id: recordId(scope, key) }, { $set: { result } }, { session });
    },
    async release(scope, key) {
      await Idempotency.deleteOne({ _id: recordId(scope, key) }, { session });
    },
  };
}
