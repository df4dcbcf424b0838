import { and, eq } from 'drizzle-orm';
import type { UnitOfWork } from '../ports';
import type { Db } from './db';
import { idempotencyRecords } from './schema';

/** Stored results of requests made with an Idempotency-Key, inside one transaction. */
export function idempotencyInTransaction(tx: Db): UnitOfWork['idempotency'] {
  const record = (scope: string, key: string) => and(eq(idempotencyRecords.scope, scope), eq(idempotencyRecords.key, key));
  return {
    async claim(scope, key, requestHash) {
      // A concurrent request with the same key waits on this insert, then finds the first one's result.
      const claimed = await tx
        .insert(idempotencyRecords)
        .values({ scope, key, requestHash, result: {}, createdAt: new Date() })
        .onConflictDoNothing()
        .returning({ key: idempotencyRecords.key });
      if (claimed.length > 0) return { claimed: true };
      const [previous] = await tx.select().from(idempotencyRecords).where(record(scope, key));
      if (!previous) throw new Error(`idempotency record ${scope}/${key} vanished`);
      return { claimed: false, requestHash: previous.requestHash, result: previous.result };
    },
    async complete(scope, key, result) {
      await tx.update(idempotencyRecords).set({ result }).where(record(scope, key));
    },
    async release(scope, key) {
      await tx.delete(idempotencyRecords).where(record(scope, key));
    },
  };
}
